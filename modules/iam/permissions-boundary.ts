import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from './policy-document';

/** IAM's limit for a managed policy document, white space not counted. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export interface PermissionsBoundaryProps {
  /** IAM is global: the primary region's provider. */
  readonly provider: AwsProvider;
  readonly partition: string;
  /** 1-128 characters. */
  readonly policyName: string;
  readonly description: string;
  /** Accounts whose resources the roles may act on: this account, and copy destinations where needed. At least one. */
  readonly accountIds: readonly string[];
  /** Actions that take resource ARNs: allowed only on resources of `accountIds` (and on ARNs without an account). */
  readonly scopedActions: readonly string[];
  /** Actions with no resource type, which IAM only matches against "*". */
  readonly unscopedActions: readonly string[];
}

/**
 * A permissions boundary: the ceiling of what roles carrying it can ever do, whatever is later attached to them.
 * It allows exactly the listed actions (no wildcards), and those that take resources only inside the given
 * accounts, so a role edited by hand cannot reach IAM, other services, or other accounts. ARNs without an
 * account field (S3 buckets, EC2 snapshots and images) stay reachable: their owner is not in the ARN.
 */
export class PermissionsBoundary extends Construct {
  public readonly policy: IamPolicy;
  /** What roles pass as `permissions_boundary`. */
  public readonly arn: string;
  /** The rendered document (with tokens), for tests and size checks. */
  public readonly document: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    if (!/^[\w+=,.@-]{1,128}$/.test(props.policyName)) {
      throw new Error(`PermissionsBoundary: policy names are 1-128 of letters, digits and +=,.@_-; got "${props.policyName}"`);
    }
    if (props.accountIds.length === 0) throw new Error(`PermissionsBoundary: ${props.policyName} needs at least one account; got none`);
    const wildcard = [...props.scopedActions, ...props.unscopedActions].find((a) => a.includes('*'));
    if (wildcard) throw new Error(`PermissionsBoundary: boundaries list actions one by one; got "${wildcard}" in ${props.policyName}`);
    if (props.scopedActions.length + props.unscopedActions.length === 0) {
      throw new Error(`PermissionsBoundary: ${props.policyName} allows no action; a boundary that allows nothing denies everything`);
    }
    const statements: PolicyStatement[] = [];
    if (props.unscopedActions.length > 0) {
      statements.push({ Sid: 'ActionsWithoutResourceTypes', Effect: 'Allow', Action: props.unscopedActions, Resource: '*' });
    }
    if (props.scopedActions.length > 0) {
      statements.push({
        Sid: 'ActionsOnResourcesOfTheseAccounts',
        Effect: 'Allow',
        Action: props.scopedActions,
        Resource: [
          ...[...new Set(props.accountIds)].sort().map((account) => `arn:${props.partition}:*:*:${account}:*`),
          `arn:${props.partition}:*:*::*`,
        ],
      });
    }
    this.document = policyJson(statements);
    const size = this.document.replace(/\s/g, '').length;
    if (size > MANAGED_POLICY_MAX_CHARACTERS) {
      throw new Error(`PermissionsBoundary: ${props.policyName} is ${size} characters; IAM managed policies hold at most ${MANAGED_POLICY_MAX_CHARACTERS}`);
    }
    this.policy = new IamPolicy(this, 'policy', {
      provider: props.provider,
      name: props.policyName,
      description: props.description,
      policy: this.document,
    });
    this.arn = this.policy.arn;
  }
}
