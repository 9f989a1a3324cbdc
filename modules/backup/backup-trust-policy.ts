import { servicePrincipal } from '../core/aws-partition';
import { policyJson } from '../iam/policy-document';
import { documentedSourceConditions } from '../iam/service-source-keys';

/**
 * Trust policy for roles that AWS Backup assumes. AWS documents no aws:SourceAccount / aws:SourceArn for AWS Backup
 * assuming a backup or restore role (config/aws-facts/service-principals.ts) and a condition on a key it does not
 * send would fail every job; the guard is iam:PassRole, which only principals of this account can be granted on
 * these roles (plans, selections and jobs name a role only with it).
 */
export function backupServiceTrustPolicy(accountId: string): string {
  const condition = documentedSourceConditions(servicePrincipal('backup'), 'sts:AssumeRole', { account: accountId });
  return policyJson([
    { Sid: 'BackupServiceAssumesRole', Effect: 'Allow', Principal: { Service: servicePrincipal('backup') }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) },
  ]);
}
