import { QUOTAS, type Quota } from '../../config/aws-facts';
import type { PathSegment } from '../../config/problems';
import { resolvedPolicyLength, type ArnContext, type SynthesizedJson } from './reference-lengths';

/*
 * AWS limits that only the synthesized stack can show, because what the file says grows into them through the
 * constructs: role trust policies (OIDC subjects, proxies), the inline policies of a role and managed policies (vaults x
 * Regions, tables, functions), SSM parameter names (the prefix, the names of vaults and plans). IAM and SSM would refuse
 * them at apply, half-way through; this finds them before anything is written, and names the part of the file that
 * makes each one grow.
 */

export type LimitRule = 'limits/iam-trust-policy' | 'limits/iam-inline-policies' | 'limits/iam-managed-policy' | 'limits/ssm-parameter-name';

export interface LimitFinding {
  /** The part of the environment file that makes the synthesized value grow. */
  readonly path: readonly PathSegment[];
  readonly rule: LimitRule;
  readonly message: string;
  readonly received: number;
}

/** Where a role comes from, by its construct path (the start of its logical ID): the part of the file that sizes it. */
const ROLE_ORIGINS: readonly { readonly idPrefix: RegExp; readonly path: readonly PathSegment[]; readonly grows: string }[] = [
  { idPrefix: /^access_operator_/, path: ['access', 'operator'], grows: 'the proxies and OIDC subjects it trusts, the vaults and Regions it acts on' },
  { idPrefix: /^access_auditor_/, path: ['access', 'auditor'], grows: 'the proxies and OIDC subjects it trusts, the vaults and Regions it reads' },
  { idPrefix: /^access_break-glass_/, path: ['access', 'breakGlass'], grows: 'the proxies and OIDC subjects it trusts, the vaults and Regions it acts on' },
  { idPrefix: /^access_ci-(plan|deploy)_/, path: ['access', 'ci', 'github'], grows: 'the subjects it trusts and the Regions of the stack' },
  { idPrefix: /^(backup|restore)-role_/, path: ['vaults'], grows: 'the vaults, their Regions and keys' },
  { idPrefix: /^orchestration-/, path: ['orchestration'], grows: 'the orchestration Regions, drills and on-demand rules' },
  { idPrefix: /^start-api-/, path: ['access', 'api'], grows: 'the state machines it starts' },
];

function originOf(logicalId: string): { path: readonly PathSegment[]; grows: string } {
  return ROLE_ORIGINS.find((o) => o.idPrefix.test(logicalId)) ?? { path: ['regions'], grows: 'the Regions and vaults of the file' };
}

const format = (n: number): string => n.toLocaleString('en-US');
const quotaText = (quota: Quota): string =>
  `AWS allows ${format(quota.value)} ${quota.what}${quota.adjustableTo ? ` (raised to at most ${format(quota.adjustableTo)} on request; this check holds the default)` : ''}`;

type Body = Record<string, unknown>;
const entries = (json: SynthesizedJson, type: string): [string, Body][] => Object.entries(json.resource?.[type] ?? {});

/** The logical ID of the role a `role` attribute names (`${aws_iam_role.<id>.name}`), or the literal name. */
function roleKey(role: unknown): string {
  return /^\$\{aws_iam_role\.([\w-]+)\.(name|id)\}$/.exec(String(role))?.[1] ?? String(role);
}

function iamFindings(json: SynthesizedJson, context: ArnContext): LimitFinding[] {
  const findings: LimitFinding[] = [];
  const size = (policy: unknown) => resolvedPolicyLength(String(policy), json, context).length;
  const inlineByRole = new Map<string, number>();
  for (const [, body] of entries(json, 'aws_iam_role_policy')) {
    const key = roleKey(body.role);
    inlineByRole.set(key, (inlineByRole.get(key) ?? 0) + size(body.policy));
  }
  for (const [id, role] of entries(json, 'aws_iam_role')) {
    const origin = originOf(id);
    const trust = size(role.assume_role_policy);
    if (trust > QUOTAS.iamTrustPolicyLength.value) {
      findings.push({
        path: origin.path, rule: 'limits/iam-trust-policy', received: trust,
        message: `the trust policy of role ${String(role.name)} would have ${format(trust)} characters; ${quotaText(QUOTAS.iamTrustPolicyLength)}. It grows with ${origin.grows}`,
      });
    }
    const inline = (inlineByRole.get(id) ?? 0) + (typeof role.name === 'string' ? inlineByRole.get(role.name) ?? 0 : 0);
    if (inline > QUOTAS.iamInlinePoliciesPerRole.value) {
      findings.push({
        path: origin.path, rule: 'limits/iam-inline-policies', received: inline,
        message: `the inline policies of role ${String(role.name)} would have ${format(inline)} characters; ${quotaText(QUOTAS.iamInlinePoliciesPerRole)}. They grow with ${origin.grows}`,
      });
    }
  }
  for (const [id, policy] of entries(json, 'aws_iam_policy')) {
    const length = size(policy.policy);
    if (length > QUOTAS.iamManagedPolicyLength.value) {
      findings.push({
        path: originOf(id).path, rule: 'limits/iam-managed-policy', received: length,
        message: `managed policy ${String(policy.name)} would have ${format(length)} characters; ${quotaText(QUOTAS.iamManagedPolicyLength)}. It grows with ${originOf(id).grows}`,
      });
    }
  }
  return findings;
}

function ssmFindings(json: SynthesizedJson, context: ArnContext): LimitFinding[] {
  const findings: LimitFinding[] = [];
  const seen = new Set<string>();
  for (const [, parameter] of entries(json, 'aws_ssm_parameter')) {
    const name = String(parameter.name);
    if (seen.has(name)) continue;
    seen.add(name);
    // The quota counts the ARN before the name; the longest Region of the stack stands for every Region.
    const regions = (json.provider?.aws ?? []).map((p) => p.region ?? '');
    const longestRegion = regions.reduce((a, b) => (b.length > a.length ? b : a), '');
    const arnLength = `arn:${context.partition}:ssm:${longestRegion}:${context.accountId}:parameter`.length + name.length;
    const levels = name.split('/').filter(Boolean).length;
    if (arnLength > QUOTAS.ssmParameterNameLength.value) {
      findings.push({ path: ['ssmParameterPrefix'], rule: 'limits/ssm-parameter-name', received: arnLength,
        message: `SSM parameter ${name} would have an ARN of ${format(arnLength)} characters; ${quotaText(QUOTAS.ssmParameterNameLength)}` });
    }
    if (levels > QUOTAS.ssmParameterHierarchyLevels.value) {
      findings.push({ path: ['ssmParameterPrefix'], rule: 'limits/ssm-parameter-name', received: levels,
        message: `SSM parameter ${name} would have ${levels} levels; ${quotaText(QUOTAS.ssmParameterHierarchyLevels)} (shorten ssmParameterPrefix)` });
    }
  }
  return findings;
}

/** Every limit the synthesized stack of one environment exceeds, once per role, policy and parameter name. */
export function stackLimitFindings(json: SynthesizedJson, context: ArnContext): LimitFinding[] {
  return [...iamFindings(json, context), ...ssmFindings(json, context)];
}
