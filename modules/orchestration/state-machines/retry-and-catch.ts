import type { RetryPolicy } from './definition-props';
import type { JsonObject } from './asl-types';
import { classifiedErrors, INTEGRATIONS, integrationOf, type IntegrationId } from '../../../config/aws-facts';

/* How a Task handles its errors: a Retry derived from its service operation's errors, and the catch-all. */

/** The errors of `resource`'s operation no retry fixes (a request AWS rejects, a missing resource), as Step Functions names them. */
export function permanentErrors(resource: string): string[] {
  const { integration, operation } = integrationOrThrow(resource);
  return classifiedErrors(integration, operation).permanent;
}

function integrationOrThrow(resource: string): { integration: IntegrationId; operation: string } {
  const found = integrationOf(resource);
  if (!found) throw new Error(`no error naming known for the integration of "${resource}": add it to config/aws-facts/step-functions-errors.ts`);
  return found;
}

/**
 * The Retry of a Task calling `resource`, derived from its operation's errors (config/aws-facts/step-functions-errors.ts):
 * the modeled transient errors with exponential backoff and full jitter; for request-response calls, the permanent
 * modeled errors first with MaxAttempts 0 (they go straight to the Catch) and then `States.TaskFailed` with backoff,
 * which is how an error the service model does not list (throttling, access denied: common errors of every AWS Backup
 * call) is retried whatever name Step Functions gives it. `before`: retriers of the Task's own errors, tried first.
 */
export function serviceRetry(policy: RetryPolicy, resource: string, before: readonly JsonObject[] = []): JsonObject[] {
  const { integration, operation } = integrationOrThrow(resource);
  const naming = INTEGRATIONS[integration];
  const { transient, permanent } = classifiedErrors(integration, operation);
  const backoff = (errors: readonly string[]): JsonObject => ({
    ErrorEquals: [...errors],
    IntervalSeconds: policy.intervalSeconds,
    MaxAttempts: policy.maxAttempts,
    BackoffRate: policy.backoffRate,
    MaxDelaySeconds: policy.maxDelaySeconds,
    JitterStrategy: 'FULL',
  });
  return [
    ...before,
    ...(naming.taskFailedFallback && permanent.length > 0 ? [{ ErrorEquals: permanent, MaxAttempts: 0 }] : []),
    backoff([...transient, ...naming.unmodeled]),
    ...(naming.taskFailedFallback ? [backoff(['States.TaskFailed'])] : []),
  ];
}

/** `States.ALL` into `next`, the error object ({ Error, Cause }) kept at `resultPath`. */
export function catchAll(next: string, resultPath = '$.error'): JsonObject {
  return { ErrorEquals: ['States.ALL'], ResultPath: resultPath, Next: next };
}
