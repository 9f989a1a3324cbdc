import { servicePrincipal } from './aws-partition';
import { policyJson } from './policy-document';

/**
 * Trust policy for roles that AWS Backup assumes: only the backup service, and only when acting for this
 * account (aws:SourceAccount), which closes the confused-deputy path.
 */
export function backupServiceTrustPolicy(accountId: string): string {
  return policyJson([
    {
      Sid: 'BackupServiceOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: servicePrincipal('backup') },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}
