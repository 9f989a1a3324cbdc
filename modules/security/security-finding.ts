/**
 * The vocabulary of the security rule pack: the synthesized Terraform JSON a rule reads, the resources in it, the
 * rules themselves and what they report. Rules are pure functions over one stack's JSON (what `stack.toTerraform()`
 * returns, tokens resolved: references read `${aws_x.y.arn}`), so the synth-time aspect, `npm run check` and the
 * tests share them.
 */

/** `error` fails synthesis and `npm run check`; `warning` is reported only. */
export type SecuritySeverity = 'error' | 'warning';

/** A resource body as Terraform JSON holds it; cdktf adds the construct path under `//.metadata.path`. */
export type TerraformResourceBody = Record<string, unknown> & {
  readonly '//'?: { readonly metadata?: { readonly path?: string } };
};

/** One stack's Terraform JSON (cdk.tf.json). Only `resource` is read by the rules. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, TerraformResourceBody>>;
  readonly [key: string]: unknown;
}

/** One resource of the stack: `type.name` is its Terraform address. */
export interface TerraformResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  /** The construct path (`prod/backup-role/role`), when the JSON carries cdktf metadata. */
  readonly path?: string;
  readonly body: TerraformResourceBody;
}

/** What a rule's check reports: the resource, what is wrong (stating the rule), and the value it found. */
export interface Violation {
  readonly resource: TerraformResource;
  readonly message: string;
  /** The value found; undefined means the attribute is absent. */
  readonly received?: unknown;
}

/** A violation attributed to its rule. */
export interface SecurityFinding {
  readonly rule: string;
  /** Name of the stack; set by the aspect and the report (a rule sees one stack and leaves it out). */
  readonly stack?: string;
  readonly severity: SecuritySeverity;
  /** Terraform address, e.g. `aws_sns_topic.notifications-<region>_topic_<hash>`. */
  readonly address: string;
  readonly path?: string;
  readonly message: string;
  readonly received?: unknown;
}

/** One rule of the pack. IDs are `SEC-<AREA>-<SUBJECT>` and never change meaning once published. */
export interface SecurityRule {
  readonly id: string;
  readonly severity: SecuritySeverity;
  /** One line: why the rule exists. */
  readonly rationale: string;
  readonly check: (stack: TerraformJson) => Violation[];
}

/** Every resource of the given types, in address order. */
export function resourcesOfType(stack: TerraformJson, ...types: string[]): TerraformResource[] {
  return types.flatMap((type) =>
    Object.entries(stack.resource?.[type] ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, body]) => ({ type, name, address: `${type}.${name}`, path: body['//']?.metadata?.path, body })),
  );
}

/**
 * A nested block: cdktf renders a single block as an object, Terraform JSON also allows a list of them.
 * Returns the first block, or undefined when there is none.
 */
export function blockOf(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/** `true` as Terraform JSON may write it (a boolean, or the string "true"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A non-empty string (a literal or a reference). */
export function isSet(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A KMS key reference that names a customer-managed key: set, and not an AWS-managed alias (`alias/aws/...`). */
export function isCustomerManagedKey(value: unknown): value is string {
  return isSet(value) && !/alias\/aws\//.test(value);
}

/** A whole-value Terraform reference `${aws_x.name.attribute}`, split; undefined for anything else. */
export function parseReference(value: unknown): { type: string; name: string; attribute: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\$\{([a-z][a-z0-9_]*)\.([^.}]+)\.([a-z0-9_]+)\}$/.exec(value);
  return match ? { type: match[1], name: match[2], attribute: match[3] } : undefined;
}

/** The resource a whole-value reference points to, when it is in the same stack. */
export function referencedResource(stack: TerraformJson, value: unknown): TerraformResource | undefined {
  const ref = parseReference(value);
  if (!ref) return undefined;
  return resourcesOfType(stack, ref.type).find((r) => r.name === ref.name);
}
