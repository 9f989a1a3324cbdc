/*
 * How long a Terraform reference in a synthesized policy will be once Terraform resolves it. IAM counts the
 * characters of the policy AWS receives, not of `${aws_kms_key.x.arn}`, so a size check must count each reference
 * as the ARN it becomes: built here from the resource's own name in the synthesized JSON and the ARN format of its
 * type (the service authorization reference formats, e.g. `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`).
 */

/** Synthesized Terraform JSON, as far as the limits read it. */
export interface SynthesizedJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: { readonly aws?: readonly { readonly alias?: string; readonly region?: string }[] };
}

export interface ArnContext {
  readonly partition: string;
  readonly accountId: string;
}

/** Key IDs are UUIDs (36 characters); multi-Region keys are `mrk-` and 32 hex digits: also 36. */
const KMS_KEY_ID_LENGTH = 36;

/**
 * Counted when a reference's ARN format is not known here: longer than any ARN of the types the stacks reference, so
 * a check errs on refusing (a test asserts that no reference of the example stacks falls back to it).
 */
export const UNKNOWN_REFERENCE_LENGTH = 256;

type Body = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** ARN of a resource, by type, from its body and Region. */
const ARN_FORMATS: Readonly<Record<string, (body: Body, region: string, c: ArnContext) => string>> = {
  aws_kms_key: (_b, region, c) => `arn:${c.partition}:kms:${region}:${c.accountId}:key/${'k'.repeat(KMS_KEY_ID_LENGTH)}`,
  aws_sns_topic: (b, region, c) => `arn:${c.partition}:sns:${region}:${c.accountId}:${text(b.name)}`,
  aws_sqs_queue: (b, region, c) => `arn:${c.partition}:sqs:${region}:${c.accountId}:${text(b.name)}`,
  aws_dynamodb_table: (b, region, c) => `arn:${c.partition}:dynamodb:${region}:${c.accountId}:table/${text(b.name)}`,
  aws_lambda_function: (b, region, c) => `arn:${c.partition}:lambda:${region}:${c.accountId}:function:${text(b.function_name)}`,
  aws_sfn_state_machine: (b, region, c) => `arn:${c.partition}:states:${region}:${c.accountId}:stateMachine:${text(b.name)}`,
  aws_iam_role: (b, _r, c) => `arn:${c.partition}:iam::${c.accountId}:role${text(b.path) || '/'}${text(b.name)}`,
  aws_iam_policy: (b, _r, c) => `arn:${c.partition}:iam::${c.accountId}:policy${text(b.path) || '/'}${text(b.name)}`,
  aws_iam_openid_connect_provider: (b, _r, c) => `arn:${c.partition}:iam::${c.accountId}:oidc-provider/${text(b.url).replace(/^https:\/\//, '')}`,
  aws_backup_vault: (b, region, c) => `arn:${c.partition}:backup:${region}:${c.accountId}:backup-vault:${text(b.name)}`,
  aws_backup_logically_air_gapped_vault: (b, region, c) => `arn:${c.partition}:backup:${region}:${c.accountId}:backup-vault:${text(b.name)}`,
  aws_cloudwatch_log_group: (b, region, c) => `arn:${c.partition}:logs:${region}:${c.accountId}:log-group:${text(b.name)}`,
  aws_scheduler_schedule_group: (b, region, c) => `arn:${c.partition}:scheduler:${region}:${c.accountId}:schedule-group/${text(b.name)}`,
};

const REFERENCE = /\$\{(aws_[a-z0-9_]+)\.([\w-]+)\.(arn|name|id)\}/g;

/** The Region a resource is created in: its provider alias's Region. */
function regionOf(json: SynthesizedJson, body: Body): string | undefined {
  const alias = /^aws\.(.+)$/.exec(text(body.provider))?.[1];
  return json.provider?.aws?.find((p) => p.alias === alias)?.region;
}

/** Length of the value a reference resolves to, or undefined when this file cannot tell. */
export function referenceLength(json: SynthesizedJson, type: string, id: string, attribute: string, context: ArnContext): number | undefined {
  const body = json.resource?.[type]?.[id];
  if (!body) return undefined;
  if (attribute === 'name' && typeof body.name === 'string') return body.name.length;
  const format = ARN_FORMATS[type];
  const region = regionOf(json, body);
  if (attribute !== 'arn' || !format || !region) return undefined;
  return format(body, region, context).length;
}

export interface ResolvedLength {
  /** Characters once every reference is resolved, white space outside strings not counted. */
  readonly length: number;
  /** References this file could not size (each counted as UNKNOWN_REFERENCE_LENGTH). */
  readonly unknownReferences: readonly string[];
}

/** The size IAM counts for a synthesized policy document. */
export function resolvedPolicyLength(policy: string, json: SynthesizedJson, context: ArnContext): ResolvedLength {
  // Re-serializing drops white space outside strings, as IAM's count does.
  const compact = JSON.stringify(JSON.parse(policy));
  const unknownReferences: string[] = [];
  let length = compact.length;
  for (const match of compact.matchAll(REFERENCE)) {
    const [reference, type, id, attribute] = match;
    const resolved = referenceLength(json, type, id, attribute, context);
    if (resolved === undefined) unknownReferences.push(reference);
    length += (resolved ?? UNKNOWN_REFERENCE_LENGTH) - reference.length;
  }
  for (const other of compact.match(/\$\{[^}]*\}/g) ?? []) {
    if (!other.match(new RegExp(REFERENCE.source))) {
      unknownReferences.push(other);
      length += UNKNOWN_REFERENCE_LENGTH - other.length;
    }
  }
  return { length, unknownReferences };
}
