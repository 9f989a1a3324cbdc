/*
 * The AWS error classes the fault matrix drives through every Task state, and the exception names each service
 * integration really reports for them, with where each name comes from. Names are what a Retry / Catch matches:
 * `<prefix>.<exception>`.
 *
 * How Step Functions names an integration's errors:
 * - AWS SDK integrations (`arn:<p>:states:::aws-sdk:<service>:<action>`): `<ServiceName>.<ErrorName>`, both in
 *   Pascal case, the error names as the service's API reference lists them, always with the `Exception` suffix
 *   (an error the API reference lists without it gets it appended, e.g. S3's `BucketAlreadyExists` is
 *   `S3.BucketAlreadyExistsException`). Source: Step Functions developer guide, "AWS SDK service integrations"
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html). DynamoDB's prefix is
 *   `DynamoDb` there (/work/shared/reference/backup-events.md).
 * - Optimized integrations: `Lambda.<ErrorName>` (Step Functions guide, "Handle Lambda service exceptions",
 *   https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html), `DynamoDB.<ErrorName>`
 *   and `SNS.<ErrorName>`: the service's error code as is for DynamoDB (as the project already catches
 *   `DynamoDB.ConditionalCheckFailedException`), with `Exception` appended for SNS, whose query-protocol error codes
 *   lack it (`InternalError` -> `SNS.InternalErrorException`). The optimized DynamoDB and SNS spellings are not
 *   spelled out by the guide; they follow LocalStack's Step Functions emulation, which reproduces AWS's
 *   (localstack/localstack, services/stepfunctions/.../state_task_service_dynamodb.py and _sns.py).
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
  readonly classes: Readonly<Record<ErrorClassId, ClassExceptions>>;
}

const BACKUP_API = 'AWS Backup API reference, Errors of the action (@aws-sdk/client-backup models the same list)';
const BACKUP_COMMON = 'AWS Backup API reference, Common Errors (not modeled per action)';
const DDB_PUT = 'DynamoDB API reference, PutItem Errors (@aws-sdk/client-dynamodb PutItemCommand)';
const DDB_GUIDE = 'DynamoDB developer guide, Error handling (HTTP 400 errors)';
const LAMBDA_INVOKE = 'Lambda API reference, Invoke Errors (@aws-sdk/client-lambda InvokeCommand)';
const LAMBDA_COMMON = 'Lambda API reference, Common Errors (not modeled for Invoke)';
const SNS_PUBLISH = 'SNS API reference, Publish Errors (@aws-sdk/client-sns PublishCommand)';

const ex = (name: string, cause: string, source: string): Exception => ({ name, cause, source });

/** Backup: aws-sdk integration, prefix `Backup.`. */
const backup: IntegrationErrors = {
  id: 'backup',
  title: 'AWS Backup (aws-sdk integration)',
  prefix: 'Backup',
  reference: 'https://docs.aws.amazon.com/aws-backup/latest/devguide/api-reference.html',
  classes: {
    'throttling': { exceptions: [ex('Backup.ThrottlingException', 'Rate exceeded (Service: Backup, Status Code: 400)', BACKUP_COMMON)] },
    'limit-exceeded': { exceptions: [ex('Backup.LimitExceededException', 'A limit in the request has been exceeded, e.g. the number of concurrent jobs (Service: Backup, Status Code: 400)', BACKUP_API)] },
    'invalid-request': {
      exceptions: [
        ex('Backup.InvalidRequestException', 'Something is wrong with the input to the request (Service: Backup, Status Code: 400)', BACKUP_API),
        ex('Backup.InvalidParameterValueException', 'A parameter is of the wrong type or out of range (Service: Backup, Status Code: 400)', BACKUP_API),
      ],
    },
    'not-found': { exceptions: [ex('Backup.ResourceNotFoundException', 'A resource that is required for the action does not exist (Service: Backup, Status Code: 400)', BACKUP_API)] },
    'access-denied': { exceptions: [ex('Backup.AccessDeniedException', 'The role is not authorized to perform this action (Service: Backup, Status Code: 403)', BACKUP_COMMON)] },
    'service-unavailable': {
      exceptions: [
        ex('Backup.ServiceUnavailableException', 'The request failed due to a temporary failure of the server (Service: Backup, Status Code: 500)', BACKUP_API),
        ex('Backup.DependencyFailureException', 'A dependent AWS service or resource returned an error to AWS Backup (Service: Backup, Status Code: 500)', BACKUP_API),
      ],
    },
  },
};

/** The DynamoDB error names of PutItem; `sdk` adds the Exception suffix the aws-sdk integration always carries. */
function dynamodb(sdk: boolean): IntegrationErrors {
  const prefix = sdk ? 'DynamoDb' : 'DynamoDB';
  const name = (error: string) => `${prefix}.${sdk && !error.endsWith('Exception') ? `${error}Exception` : error}`;
  const e = (error: string, cause: string, source: string) => ex(name(error), `${cause} (Service: DynamoDb, Status Code: ${error === 'InternalServerError' ? 500 : 400}, Error Code: ${error})`, source);
  return {
    id: sdk ? 'dynamodb-sdk' : 'dynamodb',
    title: sdk ? 'DynamoDB (aws-sdk integration, .waitForTaskToken)' : 'DynamoDB (optimized integration)',
    prefix,
    reference: 'https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html',
    classes: {
      'throttling': {
        exceptions: [
          e('ThrottlingException', 'Throughput exceeds the current throughput limit of the table or index', DDB_PUT),
          e('ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded', DDB_PUT),
        ],
      },
      'limit-exceeded': { exceptions: [e('RequestLimitExceeded', 'Throughput exceeds the current throughput quota for your account', DDB_PUT)] },
      'invalid-request': { exceptions: [e('ValidationException', 'One or more parameter values were invalid', DDB_GUIDE)] },
      'not-found': { exceptions: [e('ResourceNotFoundException', 'Requested resource not found', DDB_PUT)] },
      'access-denied': { exceptions: [e('AccessDeniedException', 'The role is not authorized to perform: dynamodb:PutItem', DDB_GUIDE)] },
      'service-unavailable': { exceptions: [e('InternalServerError', 'Internal server error', DDB_PUT)] },
    },
  };
}

/** Lambda: optimized integration `lambda:invoke`, prefix `Lambda.`. */
const lambda: IntegrationErrors = {
  id: 'lambda',
  title: 'Lambda (optimized integration)',
  prefix: 'Lambda',
  reference: 'https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html',
  classes: {
    'throttling': { exceptions: [ex('Lambda.TooManyRequestsException', 'Rate exceeded (Reason: CallerRateLimitExceeded; Service: AWSLambda; Status Code: 429)', LAMBDA_INVOKE)] },
    'limit-exceeded': {
      exceptions: [ex('Lambda.TooManyRequestsException', 'Rate exceeded (Reason: ConcurrentInvocationLimitExceeded; Service: AWSLambda; Status Code: 429)',
        `${LAMBDA_INVOKE}: concurrency limits are reported with the same exception, the Reason tells them apart`)],
    },
    'invalid-request': {
      exceptions: [
        ex('Lambda.InvalidRequestContentException', 'Could not parse request body into json (Service: AWSLambda; Status Code: 400)', LAMBDA_INVOKE),
        ex('Lambda.InvalidParameterValueException', 'One of the parameters in the request is not valid (Service: AWSLambda; Status Code: 400)', LAMBDA_INVOKE),
      ],
    },
    'not-found': { exceptions: [ex('Lambda.ResourceNotFoundException', 'Function not found (Service: AWSLambda; Status Code: 404)', LAMBDA_INVOKE)] },
    'access-denied': { exceptions: [ex('Lambda.AccessDeniedException', 'The role is not authorized to perform: lambda:InvokeFunction (Service: AWSLambda; Status Code: 403)', LAMBDA_COMMON)] },
    'service-unavailable': { exceptions: [ex('Lambda.ServiceException', 'The Lambda service encountered an internal error (Service: AWSLambda; Status Code: 500)', LAMBDA_INVOKE)] },
  },
};

/** SNS: optimized integration `sns:publish`, prefix `SNS.`; the topic is KMS-encrypted, so KMS errors are Publish errors too. */
const sns: IntegrationErrors = {
  id: 'sns',
  title: 'SNS (optimized integration)',
  prefix: 'SNS',
  reference: 'https://docs.aws.amazon.com/sns/latest/api/API_Publish.html',
  classes: {
    'throttling': {
      exceptions: [
        ex('SNS.ThrottlingException', 'Rate exceeded (Service: AmazonSNS; Status Code: 400; Error Code: Throttling)',
          'SNS quotas: Publish over its rate quota returns the error code Throttling (not modeled for Publish; Exception appended)'),
        ex('SNS.KMSThrottlingException', 'The request was denied due to request throttling by AWS KMS (Service: AmazonSNS; Status Code: 400)', SNS_PUBLISH),
      ],
    },
    'limit-exceeded': {
      none: 'Publish has no limit-exceeded error: its quota (messages per second) is enforced by throttling, see throttling. '
        + 'The SNS *LimitExceededException errors (topics, subscriptions, filter policies, tags) belong to other actions.',
    },
    'invalid-request': {
      exceptions: [
        ex('SNS.InvalidParameterException', 'Invalid parameter: Message too long (Service: AmazonSNS; Status Code: 400)', SNS_PUBLISH),
        ex('SNS.ValidationException', 'The request failed validation (Service: AmazonSNS; Status Code: 400)', SNS_PUBLISH),
      ],
    },
    'not-found': { exceptions: [ex('SNS.NotFoundException', 'Topic does not exist (Service: AmazonSNS; Status Code: 404)', SNS_PUBLISH)] },
    'access-denied': {
      exceptions: [
        ex('SNS.AuthorizationErrorException', 'The role is not authorized to perform: SNS:Publish (Service: AmazonSNS; Status Code: 403)', SNS_PUBLISH),
        ex('SNS.KMSAccessDeniedException', 'The ciphertext references a key that does not exist or that you do not have access to (Service: AmazonSNS; Status Code: 400)', SNS_PUBLISH),
      ],
    },
    'service-unavailable': { exceptions: [ex('SNS.InternalErrorException', 'Internal error (Service: AmazonSNS; Status Code: 500)', SNS_PUBLISH)] },
  },
};

export const INTEGRATIONS: readonly IntegrationErrors[] = [backup, dynamodb(false), dynamodb(true), lambda, sns];

/** The integration a Task Resource calls; throws for one the catalogue does not know (add it above). */
export function integrationOf(resource: string): IntegrationErrors {
  const match = /^arn:[a-z-]+:states:::(.+?)(\.waitForTaskToken|\.sync(:2)?)?$/.exec(resource);
  const service = match?.[1] ?? '';
  const id: IntegrationId | undefined = service.startsWith('aws-sdk:backup:') ? 'backup'
    : service.startsWith('aws-sdk:dynamodb:') ? 'dynamodb-sdk'
      : service.startsWith('dynamodb:') ? 'dynamodb'
        : service === 'lambda:invoke' ? 'lambda'
          : service === 'sns:publish' ? 'sns'
            : undefined;
  if (!id) throw new Error(`fault matrix: no error catalogue for the integration of "${resource}"; add it to scripts/fault-matrix/errors.ts`);
  return INTEGRATIONS.find((i) => i.id === id) as IntegrationErrors;
}
