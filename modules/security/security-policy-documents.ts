import { resourcesOfType, type TerraformJson, type TerraformResource } from './security-finding';

/**
 * Where a stack writes IAM policy documents, and how the rules read them. Documents are JSON strings in the
 * synthesized JSON; references to other resources sit inside their string values (`"${aws_x.y.arn}"`), so they
 * parse as JSON. A document that is itself a Terraform expression (`${data.aws_iam_policy_document.x.json}`,
 * `${jsonencode(...)}`) cannot be checked here: it is returned as unverifiable, never thrown.
 */

/** `trust`: who may assume a role; `identity`: what a principal may do; `resource`: who may use a resource. */
export type PolicyKind = 'trust' | 'identity' | 'resource';

/** Every (resource type, attribute) that holds a policy document. aws_lambda_permission is not a document. */
export const POLICY_DOCUMENT_ATTRIBUTES: readonly { type: string; attribute: string; kind: PolicyKind }[] = [
  { type: 'aws_iam_role', attribute: 'assume_role_policy', kind: 'trust' },
  { type: 'aws_iam_role_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_user_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_iam_group_policy', attribute: 'policy', kind: 'identity' },
  { type: 'aws_kms_key', attribute: 'policy', kind: 'resource' },
  { type: 'aws_backup_vault_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sns_topic_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue', attribute: 'policy', kind: 'resource' },
  { type: 'aws_sqs_queue_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_s3_bucket_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_event_bus_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_cloudwatch_log_resource_policy', attribute: 'policy_document', kind: 'resource' },
  { type: 'aws_dynamodb_resource_policy', attribute: 'policy', kind: 'resource' },
  { type: 'aws_secretsmanager_secret_policy', attribute: 'policy', kind: 'resource' },
];

/** A statement with every list-or-string field as a list, and principals by type (`"*"` counts as `AWS: ["*"]`). */
export interface NormalizedStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** operator -> condition key -> values (as written; keys keep their case). */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;
  readonly raw: Record<string, unknown>;
}

/** One document of a resource: parsed statements, or why it could not be parsed. */
export interface PolicyDocument {
  readonly resource: TerraformResource;
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** `aws_iam_role.x assume_role_policy`, for messages. */
  readonly where: string;
  readonly statements?: readonly NormalizedStatement[];
  /** Set when the document cannot be verified; `statements` is then undefined. */
  readonly unverifiable?: { readonly reason: string; readonly received: unknown };
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const strings = (value: unknown): string[] => list(value).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));

function normalizeStatement(raw: Record<string, unknown>): NormalizedStatement {
  const principal = raw.Principal;
  const principals: Record<string, string[]> = {};
  if (principal === '*') principals.AWS = ['*'];
  else if (principal && typeof principal === 'object') {
    for (const [type, values] of Object.entries(principal)) principals[type] = strings(values);
  }
  const conditions: Record<string, Record<string, unknown[]>> = {};
  if (raw.Condition && typeof raw.Condition === 'object' && !Array.isArray(raw.Condition)) {
    for (const [operator, entries] of Object.entries(raw.Condition as Record<string, unknown>)) {
      if (!entries || typeof entries !== 'object') continue;
      conditions[operator] = Object.fromEntries(Object.entries(entries).map(([key, values]) => [key, list(values)]));
    }
  }
  return {
    sid: typeof raw.Sid === 'string' ? raw.Sid : undefined,
    effect: String(raw.Effect),
    actions: strings(raw.Action),
    notActions: strings(raw.NotAction),
    principals,
    conditions,
    raw,
  };
}

/** Parses one document value; never throws. */
export function parsePolicyDocument(value: unknown): { statements: NormalizedStatement[] } | { reason: string } {
  if (typeof value !== 'string') return { reason: 'the document is not a JSON string' };
  if (/^\s*\$\{[\s\S]*\}\s*$/.test(value)) {
    return { reason: 'the document is a Terraform expression, not JSON the stack writes (its statements cannot be checked at synth)' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    return { reason: `the document is not valid JSON (${(error as Error).message}); a Terraform expression inside it cannot be checked at synth` };
  }
  if (!parsed || typeof parsed !== 'object' || !('Statement' in parsed)) return { reason: 'the document has no Statement' };
  const statements = list((parsed as { Statement: unknown }).Statement);
  if (statements.some((s) => !s || typeof s !== 'object' || Array.isArray(s))) return { reason: 'a Statement entry is not an object' };
  return { statements: statements.map((s) => normalizeStatement(s as Record<string, unknown>)) };
}

/** Every policy document the stack writes, parsed; absent attributes (e.g. a key without a policy) are skipped. */
export function policyDocumentsOf(stack: TerraformJson, kinds?: readonly PolicyKind[]): PolicyDocument[] {
  return POLICY_DOCUMENT_ATTRIBUTES.filter((a) => !kinds || kinds.includes(a.kind)).flatMap(({ type, attribute, kind }) =>
    resourcesOfType(stack, type)
      .filter((resource) => resource.body[attribute] !== undefined)
      .map((resource) => {
        const value = resource.body[attribute];
        const parsed = parsePolicyDocument(value);
        const where = `${resource.address} ${attribute}`;
        return 'statements' in parsed
          ? { resource, attribute, kind, where, statements: parsed.statements }
          : { resource, attribute, kind, where, unverifiable: { reason: parsed.reason, received: value } };
      }),
  );
}

/** `statement "Sid"` or `statement #2` (1-based), for messages. */
export function statementLabel(statement: NormalizedStatement, index: number): string {
  return statement.sid ? `statement "${statement.sid}"` : `statement #${index + 1}`;
}

/**
 * The condition keys of a statement that actually narrow it, lower-cased (IAM compares keys case-insensitively):
 * the `Null` operator (which only tests presence) and keys with no value or only `*` do not count.
 */
export function narrowingConditionKeys(statement: NormalizedStatement): Set<string> {
  const keys = new Set<string>();
  for (const [operator, entries] of Object.entries(statement.conditions)) {
    if (/^Null$/i.test(operator)) continue;
    for (const [key, values] of Object.entries(entries)) {
      if (values.length === 0 || values.every((v) => v === '*')) continue;
      keys.add(key.toLowerCase());
    }
  }
  return keys;
}
