import { OPERATION_ERRORS } from './generated/operation-errors';
import type { SdkService } from './sdk-operations';
import { SOURCES, type Source } from './sources';

/*
 * How Step Functions names the errors of the integrations the state machines use, so that every name in a Retry or
 * Catch is one AWS can report. Modeled errors come from the service models (generated/operation-errors.ts); errors a
 * model does not list (throttling and access denied are common errors no AWS Backup operation models) surface under
 * a generic name that is not in any model, so a request-response Task retries them with a `States.TaskFailed`
 * fallback after its specific retriers (permanent modeled errors first, with MaxAttempts 0, so they reach the Catch).
 */

export type IntegrationId = 'aws-sdk:backup' | 'aws-sdk:dynamodb' | 'dynamodb' | 'sns' | 'lambda';

export interface IntegrationNaming {
  /** Prefix of every error name, e.g. `Backup`, `DynamoDb` (aws-sdk) or `DynamoDB` (optimized). */
  readonly prefix: string;
  readonly sdk: SdkService;
  /**
   * The aws-sdk integrations always end error names with `Exception` (appended when the model's name lacks it); the
   * optimized integrations report the Java SDK's exception class, which does too, and some report the bare error
   * code: both spellings are accepted for those.
   */
  readonly bareModeledNames: boolean;
  /** Names the Retry lists for errors the service model does not list, where AWS documents or was observed to report them. */
  readonly unmodeled: readonly string[];
  /**
   * The name an error the model does not list (throttling, access denied) gets: `<Prefix>.<Prefix>Exception` for the
   * aws-sdk integrations, the Java SDK's base exception for the optimized ones. `observed`: seen on AWS (LocalStack's
   * snapshot tests, recorded against AWS, or AWS's own samples); `documented`: in AWS's guide; `inferred`: by the same
   * rule as the observed ones (no recording for this service). Retried through States.TaskFailed where that is safe.
   */
  readonly unmodeledName: { readonly name: string; readonly evidence: 'observed' | 'documented' | 'inferred' };
  /**
   * Whether `States.TaskFailed` may be retried as a fallback: only when every task failure is a service error (no
   * callback failures sent with SendTaskFailure, no function errors).
   */
  readonly taskFailedFallback: boolean;
  readonly sources: readonly Source[];
}

export const INTEGRATIONS: Readonly<Record<IntegrationId, IntegrationNaming>> = {
  'aws-sdk:backup': {
    prefix: 'Backup', sdk: 'backup', bareModeledNames: false, unmodeled: [], taskFailedFallback: true,
    unmodeledName: { name: 'Backup.BackupException', evidence: 'inferred' },
    sources: [SOURCES.stepFunctionsSdkErrors, SOURCES.statesErrorNames],
  },
  'aws-sdk:dynamodb': {
    // Observed against AWS (LocalStack's snapshot tests recorded on AWS): a DynamoDB error the model does not list
    // comes back as `DynamoDb.DynamoDbException`.
    prefix: 'DynamoDb', sdk: 'dynamodb', bareModeledNames: false, unmodeled: ['DynamoDb.DynamoDbException'], taskFailedFallback: false,
    unmodeledName: { name: 'DynamoDb.DynamoDbException', evidence: 'observed' },
    sources: [SOURCES.stepFunctionsSdkErrors],
  },
  'dynamodb': {
    prefix: 'DynamoDB', sdk: 'dynamodb', bareModeledNames: true, unmodeled: ['DynamoDB.AmazonDynamoDBException'], taskFailedFallback: true,
    unmodeledName: { name: 'DynamoDB.AmazonDynamoDBException', evidence: 'observed' },
    sources: [SOURCES.stepFunctionsSdkErrors],
  },
  'sns': {
    prefix: 'SNS', sdk: 'sns', bareModeledNames: true, unmodeled: [], taskFailedFallback: true,
    unmodeledName: { name: 'SNS.AmazonSNSException', evidence: 'inferred' },
    sources: [SOURCES.stepFunctionsSdkErrors, SOURCES.statesErrorNames],
  },
  'lambda': {
    // AWS's guide names these Java SDK errors of the Invoke call itself; a function's own errors carry its error type.
    prefix: 'Lambda', sdk: 'lambda', bareModeledNames: false,
    unmodeled: ['Lambda.AWSLambdaException', 'Lambda.ClientExecutionTimeoutException', 'Lambda.SdkClientException'],
    unmodeledName: { name: 'Lambda.AWSLambdaException', evidence: 'documented' },
    taskFailedFallback: false,
    sources: [SOURCES.stepFunctionsLambdaErrors],
  },
};

/**
 * Modeled errors a retry with backoff can outlast (throttling, service or dependency failures, conflicting actions in
 * progress), per SDK service, in the model's spelling. Every other modeled error of an operation is permanent.
 */
export const TRANSIENT_MODELED_ERRORS: Readonly<Record<SdkService, readonly string[]>> = {
  backup: ['ConflictException', 'DependencyFailureException', 'InvalidResourceStateException', 'LimitExceededException', 'ServiceUnavailableException'],
  dynamodb: ['InternalServerError', 'ProvisionedThroughputExceededException', 'ReplicatedWriteConflictException', 'RequestLimitExceeded', 'ThrottlingException', 'TransactionConflictException'],
  sns: ['InternalErrorException', 'KMSThrottlingException'],
  lambda: ['ResourceNotReadyException', 'ServiceException', 'TooManyRequestsException'],
  sfn: [],
};

/** The integration and operation of a Task's Resource ARN, or undefined for an integration not in INTEGRATIONS. */
export function integrationOf(resource: string): { integration: IntegrationId; operation: string } | undefined {
  const match = /^arn:[a-z-]+:states:::(aws-sdk:)?([a-z0-9]+):([a-zA-Z]+)(\.waitForTaskToken|\.sync(:2)?)?$/.exec(resource);
  if (!match) return undefined;
  const [, sdkPrefix, service, action] = match;
  const id = `${sdkPrefix ?? ''}${service}` as IntegrationId;
  if (!(id in INTEGRATIONS)) return undefined;
  return { integration: id, operation: `${action[0].toUpperCase()}${action.slice(1)}` };
}

function modeledErrors(integration: IntegrationId, operation: string): readonly string[] {
  const { sdk } = INTEGRATIONS[integration];
  const errors = OPERATION_ERRORS[sdk]?.operations[operation];
  if (!errors) throw new Error(`no modeled errors known for ${sdk} ${operation}: add it to config/aws-facts/sdk-operations.ts and run npm run generate:aws-facts`);
  return errors;
}

const withSuffix = (name: string) => (name.endsWith('Exception') ? name : `${name}Exception`);

/** The Step Functions names of one modeled error of an operation (one, or two for optimized integrations). */
export function stepFunctionsNames(integration: IntegrationId, operation: string, modeledError: string): string[] {
  const naming = INTEGRATIONS[integration];
  if (!modeledErrors(integration, operation).includes(modeledError)) {
    throw new Error(`${naming.sdk} ${operation} does not model ${modeledError} (it models ${modeledErrors(integration, operation).join(', ')})`);
  }
  const names = [`${naming.prefix}.${withSuffix(modeledError)}`];
  if (naming.bareModeledNames && !modeledError.endsWith('Exception')) names.push(`${naming.prefix}.${modeledError}`);
  return names;
}

/** Every name an operation's errors can have in Step Functions: modeled (both spellings where they differ) and documented generic ones. */
export function possibleErrorNames(integration: IntegrationId, operation: string): string[] {
  const modeled = modeledErrors(integration, operation).flatMap((e) => stepFunctionsNames(integration, operation, e));
  return [...new Set([...modeled, ...INTEGRATIONS[integration].unmodeled])];
}

/** The operation's modeled errors split into transient and permanent, as Step Functions names them. */
export function classifiedErrors(integration: IntegrationId, operation: string): { transient: string[]; permanent: string[] } {
  const transientModel = new Set(TRANSIENT_MODELED_ERRORS[INTEGRATIONS[integration].sdk]);
  const errors = modeledErrors(integration, operation);
  const names = (list: readonly string[]) => list.flatMap((e) => stepFunctionsNames(integration, operation, e));
  return {
    transient: names(errors.filter((e) => transientModel.has(e))),
    permanent: names(errors.filter((e) => !transientModel.has(e))),
  };
}
