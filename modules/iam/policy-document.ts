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

/** cdktf renders references to other resources as `${...}` tokens until synthesis. */
const isToken = (value: string) => value.includes('${');

/**
 * A list in canonical order: literal values sorted, then tokens (unknown ARNs) in the order given, each once. Tokens
 * stay in construction order because their text is a counter that would sort by creation, not by meaning.
 */
function canonical(values: string | readonly string[]): string | string[] {
  if (typeof values === 'string') return values;
  const unique = [...new Set(values)];
  return [...unique.filter((v) => !isToken(v)).sort(), ...unique.filter(isToken)];
}

function canonicalCondition(condition: NonNullable<PolicyStatement['Condition']>): PolicyStatement['Condition'] {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, typeof value === 'boolean' ? value : canonical(value)])),
    ]),
  );
}

/**
 * Renders a policy document as JSON with actions, resources, principals and condition values in canonical order,
 * so the text Terraform compares changes only when the policy does: no perpetual diffs, and no textual change when
 * the config lists regions or accounts in another order.
 */
export function policyJson(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      ...s,
      Action: canonical(s.Action),
      ...(s.Resource !== undefined ? { Resource: canonical(s.Resource) } : {}),
      ...(s.Principal && s.Principal !== '*'
        ? {
            Principal: Object.fromEntries(
              Object.entries(s.Principal).map(([k, v]) => [k, canonical(v as string | readonly string[])]),
            ),
          }
        : {}),
      ...(s.Condition ? { Condition: canonicalCondition(s.Condition) } : {}),
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
