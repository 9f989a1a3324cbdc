import { TerraformResource } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import { AccessRoles } from '../access/access-roles';
import type { EstateAccess } from '../access/operator-permissions';
import type { RegionProviders } from '../core/region-providers';
import type { BackupOrchestration } from '../orchestration/backup-orchestration';
import { parameterRootOf } from './region-resources';

/** What AccessRoles itself adds to the stack's resource types, beyond the roles the stack already has. */
const OIDC_PROVIDER_TYPE = 'aws_iam_openid_connect_provider';
/** The stack adds these after the access roles: the permissions boundaries and the SSM parameters. */
const TYPES_ADDED_AFTER_ACCESS = ['aws_iam_policy', 'aws_ssm_parameter'];

export interface AccessInput {
  readonly providers: RegionProviders;
  /** The orchestration of each region: what the operator and auditor roles may reach. */
  readonly orchestration: ReadonlyMap<string, BackupOrchestration>;
  /**
   * Every construct of the stack built before the access roles: the CI plan role may refresh the resource types
   * found under them, plus the types the access roles, boundaries and parameters add (listed here).
   */
  readonly builtBefore: readonly IConstruct[];
}

/** Terraform resource types (`aws_*`) of the resources under these constructs, sorted, each once. */
export function awsResourceTypesOf(roots: readonly IConstruct[], alsoTypes: readonly string[] = []): string[] {
  const found = roots.flatMap((root) => root.node.findAll())
    .filter((c): c is TerraformResource => c instanceof TerraformResource)
    .map((r) => r.terraformResourceType);
  return [...new Set([...found, ...alsoTypes])].filter((t) => t.startsWith('aws_')).sort();
}

/** What the human roles may reach: the environment's account, regions, SSM root and orchestration. */
function estateAccessOf(env: EnvironmentModel, orchestration: ReadonlyMap<string, BackupOrchestration>): EstateAccess {
  return {
    partition: env.partition,
    accountId: env.accountId,
    regions: env.regions,
    parameterRoot: parameterRootOf(env),
    orchestration: [...orchestration.entries()].map(([region, o]) => ({
      region,
      startableMachineArns: [o.orchestrator, o.drDrill].flatMap((m) => (m ? [m.stateMachineArn] : [])),
      machineArns: [o.orchestrator, o.jobRecovery, o.drDrill].flatMap((m) => (m ? [m.stateMachineArn] : [])),
      auditTableArn: o.auditTable.table.arn,
      keyArn: o.key.key.arn,
    })),
  };
}

/** The roles people and CI assume (and the OIDC providers they trust), from the config's `access`. */
export function addAccessRoles(scope: Construct, env: EnvironmentModel, input: AccessInput): AccessRoles {
  const github = env.access.ci;
  return new AccessRoles(scope, 'access', {
    provider: input.providers.primary,
    environmentName: env.name,
    maxSessionSeconds: env.access.maxSessionSeconds,
    oidcProvidersToCreate: env.access.oidcProvidersToCreate,
    humanRoles: env.access.humanRoles,
    estate: estateAccessOf(env, input.orchestration),
    ci: github && {
      github,
      state: { partition: env.partition, accountId: env.accountId, ...env.state },
      deploymentRoleArn: env.deployment.roleArn,
      // A test checks the final stack against this list.
      resourceTypes: awsResourceTypesOf(input.builtBefore, [
        ...(env.access.oidcProvidersToCreate.length > 0 ? [OIDC_PROVIDER_TYPE] : []),
        ...TYPES_ADDED_AFTER_ACCESS,
      ]),
    },
  });
}
