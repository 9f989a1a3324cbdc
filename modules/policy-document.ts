/** The subset of the IAM policy grammar this project writes. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?:
    | '*'
    | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[]; readonly Federated?: string | readonly string[] };
  readonly Action: string | readonly string[];
  /** Omitted in trust policies. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>>;
}

/**
 * Renders a policy document as JSON with sorted actions and principals, so the text Terraform compares never
 * changes unless the policy does (no perpetual diffs from ordering). Tokens (unknown ARNs) are kept as they are.
 */
export function policyJson(statements: readonly PolicyStatement[]): string {
  const sorted = (v: string | readonly string[]) => (typeof v === 'string' ? v : [...new Set(v)].sort());
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      ...s,
      Action: sorted(s.Action),
      ...(s.Principal && s.Principal !== '*'
        ? {
            Principal: Object.fromEntries(
              Object.entries(s.Principal).map(([k, v]) => [k, sorted(v as string | readonly string[])]),
            ),
          }
        : {}),
    })),
  });
}

/** Actions that let a principal administer a KMS key without being able to use it for data. */
export const KMS_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:DescribeKey', 'kms:DisableKey',
  'kms:EnableKey', 'kms:EnableKeyRotation', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListGrants',
  'kms:ListKeyPolicies', 'kms:ListResourceTags', 'kms:PutKeyPolicy', 'kms:RevokeGrant', 'kms:ScheduleKeyDeletion',
  'kms:TagResource', 'kms:UntagResource', 'kms:UpdateAlias', 'kms:UpdateKeyDescription',
] as const;

/** Envelope encryption actions, listed one by one (no wildcards such as kms:ReEncrypt*). */
export const KMS_USE_ACTIONS = [
  'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom', 'kms:ReEncryptTo',
] as const;
