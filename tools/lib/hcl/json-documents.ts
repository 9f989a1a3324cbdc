/**
 * JSON documents held in string arguments (IAM and resource policies, event patterns) are written as
 * `jsonencode({ ... })` in the HCL, so whoever maintains the module next edits an HCL object with bare references
 * instead of an escaped one-line string.
 *
 * Only arguments whose provider compares the document as JSON are listed: the provider normalizes policies and
 * event patterns, so the key order and spacing `jsonencode` produces plan to exactly the same value and a stack
 * moved from cdk.tf.json to this HCL shows no change. State machine definitions are not listed: the provider
 * compares them as text, so a rewrite would update every state machine once; they stay the synthesized string.
 */
import { expression, type JsonValue } from './hcl-expression';

/** Resource type -> its top-level string arguments that hold a JSON document the provider normalizes. */
export const JSON_DOCUMENT_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_backup_vault_policy: ['policy'],
  aws_cloudwatch_event_rule: ['event_pattern'],
  aws_iam_policy: ['policy'],
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
};

/**
 * `jsonencode(...)` of the document in `value` when `resourceType.argument` is listed and `value` is a JSON object
 * whose references all sit inside JSON strings; otherwise undefined (the caller writes the string as it is).
 */
export function jsonDocumentExpression(resourceType: string, argument: string, value: JsonValue, indent: string): string | undefined {
  if (typeof value !== 'string' || !JSON_DOCUMENT_ARGUMENTS[resourceType]?.includes(argument)) return undefined;
  let document: JsonValue;
  try {
    document = JSON.parse(value) as JsonValue;
  } catch {
    // A reference outside any JSON string (a number or a whole list interpolated) is not JSON until Terraform renders it.
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  return `jsonencode(${expression(document, indent)})`;
}
