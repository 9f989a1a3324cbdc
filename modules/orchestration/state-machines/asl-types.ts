/*
 * Amazon States Language as plain JSON values: the types the definition builders produce, and the ARN of a
 * service integration. Conventions every machine follows: see definition-kit.ts.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
export type State = JsonObject;

/** A complete state machine definition: serialize with JSON.stringify. */
export interface StateMachineDefinition {
  Comment: string;
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, State>;
  [key: string]: JsonValue;
}

/** `arn:<partition>:states:::<service>`, e.g. `aws-sdk:backup:startBackupJob`, `dynamodb:putItem`, `lambda:invoke`. */
export function integrationArn(partition: string, service: string): string {
  return `arn:${partition}:states:::${service}`;
}
