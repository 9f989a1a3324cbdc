import {
  INTEGRATIONS as NAMING, integrationOf as integrationOfResource, possibleErrorNames, type IntegrationId as NamingId,
} from '../../../config/aws-facts';

/*
 * The AWS error classes the fault matrix drives through every Task state, and the exceptions that stand for each class
 * at each integration, named as Step Functions names them (config/aws-facts/step-functions-errors.ts): a modeled
 * error as `<prefix>.<error>` (only where the operation's model lists it), an error the model does not list (AWS
 * Backup's throttling and access denied are common errors no Backup operation models) under the integration's
 * generic name. Modeled permanent errors must reach the Catch unretried; an unmodeled one cannot be told from
 * throttling by its name, so it is retried first and then must end recorded and notified.
 */

export type ErrorClassId = 'throttling' | 'limit-exceeded' | 'invalid-request' | 'not-found' | 'access-denied' | 'service-unavailable';

export interface ErrorClass {
  readonly id: ErrorClassId;
  readonly title: string;
  /** Transient: worth retrying with backoff; the run must succeed once the error clears. Otherwise permanent. */
  readonly transient: boolean;
}

export const ERROR_CLASSES: readonly ErrorClass[] = [
  { id: 'throttling', title: 'throttling', transient: true },
  { id: 'limit-exceeded', title: 'limit exceeded', transient: true },
  { id: 'invalid-request', title: 'invalid request', transient: false },
  { id: 'not-found', title: 'not found', transient: false },
  { id: 'access-denied', title: 'access denied', transient: false },
  { id: 'service-unavailable', title: 'service unavailable', transient: true },
];

export function errorClass(id: ErrorClassId): ErrorClass {
  return ERROR_CLASSES.find((c) => c.id === id) as ErrorClass;
}

/** One exception the matrix throws: its full name (what Retry / Catch see), the Cause it comes with, its source. */
export interface Exception {
  readonly name: string;
  readonly cause: string;
  readonly source: string;
  /** Whether the operation's model lists it (false: a common error under the integration's generic name). */
  readonly modeled: boolean;
}

/** An error class of one integration: the exceptions that stand for it, or why it has none. */
export type ClassExceptions = { readonly exceptions: readonly Exception[] } | { readonly none: string };

export type IntegrationId = 'backup' | 'dynamodb' | 'dynamodb-sdk' | 'lambda' | 'sns';

export interface IntegrationErrors {
  readonly id: IntegrationId;
  /** How the Task calls the service, as shown in the doc. */
  readonly title: string;
  readonly prefix: string;
  /** Where the error names of the service are listed. */
  readonly reference: string;
  readonly naming: NamingId;
  readonly classes: Readonly<Record<ErrorClassId, ClassExceptions>>;
}

/** A class's stand-ins: errors as the model names them, or `unmodeled` (the generic name) with what AWS says. */
type Stand = { readonly model: string; readonly cause: string } | { readonly unmodeled: string };
type Catalogue = Readonly<Record<ErrorClassId, readonly Stand[] | { readonly none: string }>>;

const MODEL_SOURCE = (n: NamingId) => `modeled for the operation (${NAMING[n].sdk} service model, config/aws-facts/generated/operation-errors.ts)`;
const UNMODELED_SOURCE = (n: NamingId) => {
  const { name, evidence } = NAMING[n].unmodeledName;
  return `not in the ${NAMING[n].sdk} model: Step Functions reports it as ${name} (${evidence}; config/aws-facts/step-functions-errors.ts)`;
};

function integration(id: IntegrationId, naming: NamingId, title: string, reference: string, catalogue: Catalogue): IntegrationErrors {
  const classes = Object.fromEntries(Object.entries(catalogue).map(([cls, stands]) => {
    if (!Array.isArray(stands)) return [cls, stands];
    const exceptions = (stands as readonly Stand[]).map((s): Exception => ('model' in s
      ? { name: `${NAMING[naming].prefix}.${s.model.endsWith('Exception') ? s.model : `${s.model}Exception`}`, cause: s.cause, source: MODEL_SOURCE(naming), modeled: true }
      : { name: NAMING[naming].unmodeledName.name, cause: s.unmodeled, source: UNMODELED_SOURCE(naming), modeled: false }));
    return [cls, { exceptions }];
  })) as Record<ErrorClassId, ClassExceptions>;
  return { id, title, prefix: NAMING[naming].prefix, reference, naming, classes };
}

const backup = integration('backup', 'aws-sdk:backup', 'AWS Backup (aws-sdk integration)', 'https://docs.aws.amazon.com/aws-backup/latest/devguide/api-reference.html', {
  'throttling': [{ unmodeled: 'Rate exceeded (Service: Backup, Status Code: 400, Error Code: ThrottlingException)' }],
  'limit-exceeded': [{ model: 'LimitExceededException', cause: 'A limit in the request has been exceeded, e.g. the number of concurrent jobs (Service: Backup, Status Code: 400)' }],
  'invalid-request': [
    { model: 'InvalidRequestException', cause: 'Something is wrong with the input to the request (Service: Backup, Status Code: 400)' },
    { model: 'InvalidParameterValueException', cause: 'A parameter is of the wrong type or out of range (Service: Backup, Status Code: 400)' },
  ],
  'not-found': [{ model: 'ResourceNotFoundException', cause: 'A resource that is required for the action does not exist (Service: Backup, Status Code: 400)' }],
  'access-denied': [{ unmodeled: 'The role is not authorized to perform this action (Service: Backup, Status Code: 403, Error Code: AccessDeniedException)' }],
  'service-unavailable': [
    { model: 'ServiceUnavailableException', cause: 'The request failed due to a temporary failure of the server (Service: Backup, Status Code: 500)' },
    { model: 'DependencyFailureException', cause: 'A dependent AWS service or resource returned an error to AWS Backup (Service: Backup, Status Code: 500)' },
  ],
});

function dynamodb(sdk: boolean): IntegrationErrors {
  const cause = (text: string, code: string) => `${text} (Service: DynamoDb, Status Code: ${code === 'InternalServerError' ? 500 : 400}, Error Code: ${code})`;
  return integration(
    sdk ? 'dynamodb-sdk' : 'dynamodb', sdk ? 'aws-sdk:dynamodb' : 'dynamodb',
    sdk ? 'DynamoDB (aws-sdk integration, .waitForTaskToken)' : 'DynamoDB (optimized integration)',
    'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html',
    {
      'throttling': [
        { model: 'ThrottlingException', cause: cause('Throughput exceeds the current throughput limit of the table or index', 'ThrottlingException') },
        { model: 'ProvisionedThroughputExceededException', cause: cause('The level of configured provisioned throughput for the table was exceeded', 'ProvisionedThroughputExceededException') },
      ],
      'limit-exceeded': [{ model: 'RequestLimitExceeded', cause: cause('Throughput exceeds the current throughput quota for your account', 'RequestLimitExceeded') }],
      'invalid-request': [{ unmodeled: cause('One or more parameter values were invalid', 'ValidationException') }],
      'not-found': [{ model: 'ResourceNotFoundException', cause: cause('Requested resource not found', 'ResourceNotFoundException') }],
      'access-denied': [{ unmodeled: cause('The role is not authorized to perform: dynamodb:PutItem', 'AccessDeniedException') }],
      'service-unavailable': [{ model: 'InternalServerError', cause: cause('Internal server error', 'InternalServerError') }],
    },
  );
}

const lambda = integration('lambda', 'lambda', 'Lambda (optimized integration)', 'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html', {
  'throttling': [{ model: 'TooManyRequestsException', cause: 'Rate exceeded (Reason: CallerRateLimitExceeded; Service: AWSLambda; Status Code: 429)' }],
  'limit-exceeded': [{ model: 'TooManyRequestsException', cause: 'Rate exceeded (Reason: ConcurrentInvocationLimitExceeded; Service: AWSLambda; Status Code: 429)' }],
  'invalid-request': [
    { model: 'InvalidRequestContentException', cause: 'Could not parse request body into json (Service: AWSLambda; Status Code: 400)' },
    { model: 'InvalidParameterValueException', cause: 'One of the parameters in the request is not valid (Service: AWSLambda; Status Code: 400)' },
  ],
  'not-found': [{ model: 'ResourceNotFoundException', cause: 'Function not found (Service: AWSLambda; Status Code: 404)' }],
  'access-denied': [{ unmodeled: 'The role is not authorized to perform: lambda:InvokeFunction (Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException)' }],
  'service-unavailable': [{ model: 'ServiceException', cause: 'The Lambda service encountered an internal error (Service: AWSLambda; Status Code: 500)' }],
});

const sns = integration('sns', 'sns', 'SNS (optimized integration)', 'https://docs.aws.amazon.com/sns/latest/api/API_Publish.html', {
  'throttling': [
    { unmodeled: 'Rate exceeded (Service: AmazonSNS; Status Code: 400; Error Code: Throttling)' },
    { model: 'KMSThrottlingException', cause: 'The request was denied due to request throttling by AWS KMS (Service: AmazonSNS; Status Code: 400)' },
  ],
  'limit-exceeded': {
    none: 'Publish has no limit-exceeded error: its quota (messages per second) is enforced by throttling, see throttling. '
      + 'The SNS *LimitExceededException errors (topics, subscriptions, filter policies, tags) belong to other actions.',
  },
  'invalid-request': [
    { model: 'InvalidParameterException', cause: 'Invalid parameter: Message too long (Service: AmazonSNS; Status Code: 400)' },
    { model: 'ValidationException', cause: 'The request failed validation (Service: AmazonSNS; Status Code: 400)' },
  ],
  'not-found': [{ model: 'NotFoundException', cause: 'Topic does not exist (Service: AmazonSNS; Status Code: 404)' }],
  'access-denied': [
    { model: 'AuthorizationErrorException', cause: 'The role is not authorized to perform: SNS:Publish (Service: AmazonSNS; Status Code: 403)' },
    { model: 'KMSAccessDeniedException', cause: 'The ciphertext references a key that does not exist or that you do not have access to (Service: AmazonSNS; Status Code: 400)' },
  ],
  'service-unavailable': [{ model: 'InternalErrorException', cause: 'Internal error (Service: AmazonSNS; Status Code: 500)' }],
});

export const INTEGRATIONS: readonly IntegrationErrors[] = [backup, dynamodb(false), dynamodb(true), lambda, sns];

const BY_NAMING: Readonly<Record<NamingId, IntegrationId>> = {
  'aws-sdk:backup': 'backup', 'aws-sdk:dynamodb': 'dynamodb-sdk', 'dynamodb': 'dynamodb', 'lambda': 'lambda', 'sns': 'sns',
};

/** The integration a Task Resource calls; throws for one the catalogue does not know (add it above). */
export function integrationOf(resource: string): IntegrationErrors {
  const found = integrationOfResource(resource);
  if (!found) throw new Error(`fault matrix: no error catalogue for the integration of "${resource}"; add it to config/aws-facts/step-functions-errors.ts`);
  return INTEGRATIONS.find((i) => i.id === BY_NAMING[found.integration]) as IntegrationErrors;
}

/**
 * The exceptions of a class that the Task at `resource` can really get: modeled ones only where its operation's model
 * lists them (Step Functions reports nothing else under those names), unmodeled ones always.
 */
export function exceptionsAt(resource: string, cls: ErrorClassId): ClassExceptions {
  const entry = integrationOf(resource).classes[cls];
  if ('none' in entry) return entry;
  const found = integrationOfResource(resource) as { integration: NamingId; operation: string };
  const possible = new Set(possibleErrorNames(found.integration, found.operation));
  const exceptions = entry.exceptions.filter((e) => !e.modeled || possible.has(e.name));
  if (exceptions.length > 0) return { exceptions };
  return { none: `${found.operation} models no ${errorClass(cls).title} error (${NAMING[found.integration].sdk} service model)` };
}

