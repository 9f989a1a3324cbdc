import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct, IConstruct } from 'constructs';
import type { PublishedParameter } from '../core/published-parameter';
import { AWS_BACKUP_MANAGED_POLICY_ACTIONS } from '../backup/aws-backup-managed-policy-actions';
import type { BackupServiceRole } from '../backup/backup-service-role';
import { grantedActions } from '../iam/boundary-grants';
import { PermissionsBoundary } from '../iam/permissions-boundary';

export type BoundaryKind = 'workload' | 'backup' | 'restore';

export interface RoleBoundariesProps {
  /** IAM is global: the primary region's provider. */
  readonly provider: AwsProvider;
  readonly partition: string;
  readonly accountId: string;
  /** Prefix of the boundary policy names. */
  readonly environmentName: string;
  /** Accounts the AWS Backup roles copy into (their ceiling includes them). @default none */
  readonly copyDestinationAccountIds?: readonly string[];
  /** AWS Backup's two service roles: their ceiling is the AWS-managed policies they carry. */
  readonly serviceRoles: Readonly<Record<'backup' | 'restore', BackupServiceRole>>;
  /**
   * The constructs holding every other role (functions, state machines, targets, people, CI): each IAM role under
   * them gets the workload boundary, whose ceiling is what their inline policies grant. A role left out stays
   * without a boundary, which the security rule SEC-IAM-BOUNDARY refuses at synth. @default every role under `scope`
   */
  readonly roleOwners?: readonly IConstruct[];
  /** An externally managed boundary for every role instead of the project's. @default the project's boundaries */
  readonly boundaryArn?: string;
}

/**
 * Gives every IAM role under `roleOwners` (default: under `scope`) and AWS Backup's service roles a permissions
 * boundary, all at once so none can be missed. With `boundaryArn`, that boundary; otherwise AWS Backup's roles get
 * a ceiling of the AWS-managed policy actions they carry plus their own grants (in this account and the copy destinations), and
 * every other role (functions, state machines, targets, people, CI) a ceiling of the actions those roles are
 * granted, in this account only. Returns the boundaries created, by kind.
 */
export function applyRoleBoundaries(scope: Construct, props: RoleBoundariesProps): Map<BoundaryKind, PermissionsBoundary> {
  const boundaries = new Map<BoundaryKind, PermissionsBoundary>();
  const serviceRoles = Object.values(props.serviceRoles);
  const owners = props.roleOwners ?? [scope];
  const roles = [...new Set([...owners, ...serviceRoles].flatMap((owner) => owner.node.findAll()))].filter((c): c is IamRole => c instanceof IamRole);
  if (props.boundaryArn) {
    for (const role of roles) role.permissionsBoundary = props.boundaryArn;
    return boundaries;
  }
  const common = { provider: props.provider, partition: props.partition };
  for (const [purpose, serviceRole] of Object.entries(props.serviceRoles) as ['backup' | 'restore', BackupServiceRole][]) {
    const managed = AWS_BACKUP_MANAGED_POLICY_ACTIONS[purpose];
    const granted = grantedActions([serviceRole]);
    const boundary = new PermissionsBoundary(scope, `boundary-${purpose}`, {
      ...common,
      policyName: `${props.environmentName}-backup-${purpose}-boundary`,
      description: `Ceiling of the AWS Backup ${purpose} role of ${props.environmentName}: the AWS-managed policy actions and its vault keys`,
      accountIds: [props.accountId, ...(props.copyDestinationAccountIds ?? [])],
      scopedActions: [...new Set([...managed.withResourceTypes, ...granted.scoped])].sort(),
      unscopedActions: [...new Set([...managed.withoutResourceTypes, ...granted.unscoped])].sort(),
    });
    boundaries.set(purpose, boundary);
    serviceRole.role.permissionsBoundary = boundary.arn;
  }
  const unbounded = roles.filter((role) => role.permissionsBoundaryInput === undefined);
  if (unbounded.length === 0) return boundaries;
  const granted = grantedActions(owners, serviceRoles);
  const workload = new PermissionsBoundary(scope, 'boundary-workload', {
    ...common,
    policyName: `${props.environmentName}-backup-estate-boundary`,
    description: `Ceiling of every other role of ${props.environmentName} (functions, state machines, targets, people, CI): the actions they are granted, in this account`,
    accountIds: [props.accountId],
    scopedActions: granted.scoped,
    unscopedActions: granted.unscoped,
  });
  boundaries.set('workload', workload);
  for (const role of unbounded) role.permissionsBoundary = workload.arn;
  return boundaries;
}

/** Each boundary's ARN, for the environment's SSM hierarchy (IAM is global: the stack writes them in each region). */
export function roleBoundaryParameters(boundaries: ReadonlyMap<BoundaryKind, PermissionsBoundary>): PublishedParameter[] {
  return [...boundaries].map(([kind, boundary]) => ({
    path: `permissions-boundaries/${kind}/arn`,
    value: boundary.arn,
    description: `Permissions boundary of the ${kind} roles`,
  }));
}
