import { DEFAULT_START_API_SCOPES, type StartApiScopes } from './start-api-props';
import {
  EXECUTION_NAME_PATTERN, IDEMPOTENCY_HEADER, START_API_MACHINES, startApiRoutes, type JsonSchema, type StartApiRoute,
} from './start-api-routes';

export interface StartApiOpenApiOptions {
  /** Scopes the routes require. @default DEFAULT_START_API_SCOPES */
  readonly scopes?: StartApiScopes;
  /**
   * OpenID Connect discovery document of the token issuer (`<issuer>/.well-known/openid-configuration`).
   * @default a placeholder URL: the committed document is the same for every environment
   */
  readonly openIdConnectUrl?: string;
  /** Whether `POST /drills` is documented. @default true */
  readonly drills?: boolean;
  /** `info.version`. @default "1.0.0" */
  readonly version?: string;
}

/** Name of the security scheme in `components.securitySchemes`. */
export const SECURITY_SCHEME = 'backupEstateJwt';

const PLACEHOLDER_OPENID_CONNECT_URL = 'https://issuer.example.com/.well-known/openid-configuration';

const errorSchema: JsonSchema = {
  type: 'object',
  description: 'API Gateway answers `{ "message": ... }`; the start and status functions `{ error, message }`.',
  properties: {
    message: { type: 'string' },
    error: { type: 'string' },
    __type: { type: 'string' },
  },
};

const startedSchema: JsonSchema = {
  type: 'object',
  required: ['executionArn', 'startDate'],
  description: 'The started (or, for a retry while it is open, the existing) execution.',
  properties: {
    executionArn: { type: 'string' },
    startDate: { type: 'string', format: 'date-time' },
  },
};

const executionStatusSchema: JsonSchema = {
  type: 'object',
  required: ['executionArn', 'machine', 'name', 'status'],
  properties: {
    executionArn: { type: 'string' },
    machine: { type: 'string', enum: [...START_API_MACHINES] },
    name: { type: 'string', pattern: EXECUTION_NAME_PATTERN },
    status: { type: 'string', enum: ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] },
    startDate: { type: 'string', format: 'date-time' },
    stopDate: { type: 'string', format: 'date-time' },
    output: { description: 'The execution output (the summary), parsed from JSON; present once it succeeded.' },
    error: { type: 'string', description: 'For a failed execution: the outcome (e.g. BACKUP_FAILED, DRILL_FAILED).' },
    cause: { type: 'string' },
  },
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** Responses API Gateway itself gives on every route before (or instead of) the integration. */
const gatewayResponses = {
  '401': errorResponse('No bearer token, or one that is expired, not yet valid, from another issuer or for another audience (API Gateway).'),
  '403': errorResponse('The token lacks the scope this route requires.'),
  '429': errorResponse('Throttled: retry later with backoff (for a start, with the same Idempotency-Key).'),
  '500': errorResponse('Internal error of API Gateway or the integration; for a start, retry with the same Idempotency-Key.'),
};

function operation(route: StartApiRoute, scopes: StartApiScopes): Record<string, unknown> {
  const common = {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    security: [{ [SECURITY_SCHEME]: [scopes[route.scope]] }],
  };
  if (route.kind === 'start-execution') {
    return {
      ...common,
      tags: ['start'],
      parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }],
      requestBody: { required: true, content: { 'application/json': { schema: route.requestBody } } },
      responses: {
        '200': { description: 'The execution is started, or (same key, body and caller, still open) was already.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ExecutionStarted' } } } },
        '400': errorResponse('Refused before anything started: InvalidIdempotencyKey (missing or not an execution name), InvalidBody, UnsupportedField (a field the configuration or the token decides), ResourceNotInEnvironment, UnknownRule, UnknownDrill, OverrideNotAllowed, InvalidOverrides, InvalidReason.'),
        '409': errorResponse('ExecutionAlreadyExists: the key was used with another request, or its execution has closed; nothing new was started. Read its status.'),
        ...gatewayResponses,
      },
    };
  }
  return {
    ...common,
    tags: ['status'],
    parameters: [
      { name: 'machine', in: 'path', required: true, schema: { type: 'string', enum: [...START_API_MACHINES] }, description: 'Which state machine.' },
      { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: EXECUTION_NAME_PATTERN }, description: 'The execution name: the Idempotency-Key of the start.' },
    ],
    responses: {
      '200': { description: 'The execution.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ExecutionStatus' } } } },
      '400': errorResponse('InvalidExecutionName: the name is not 1-80 letters, digits, "-" or "_".'),
      '404': errorResponse('UnknownMachine (not exposed by this environment) or ExecutionDoesNotExist.'),
      ...gatewayResponses,
    },
  };
}

/**
 * The OpenAPI 3.0 document of the start API, built from the same route table as the StartApi construct. Output is
 * deterministic (no dates, no environment): the same routes always give the same text.
 */
export function startApiOpenApi(options: StartApiOpenApiOptions = {}): Record<string, unknown> {
  const scopes = options.scopes ?? DEFAULT_START_API_SCOPES;
  const routes = startApiRoutes({ drills: options.drills ?? true });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, scopes) };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Backup estate start API',
      version: options.version ?? '1.0.0',
      description:
        'Starts on-demand backups and DR drills of one environment and reports their status. Every operation needs a ' +
        'JWT bearer token from the environment\'s issuer, for one of its audiences, granting the operation\'s scope. ' +
        'The endpoint of an environment is published in SSM as `<parameter root>/start-api/endpoint`.',
    },
    servers: [{
      url: '{apiEndpoint}',
      description: 'The environment\'s API endpoint, no trailing slash.',
      variables: { apiEndpoint: { default: 'https://api-id.execute-api.region.amazonaws.com', description: 'Value of the SSM parameter <parameter root>/start-api/endpoint.' } },
    }],
    tags: [{ name: 'start', description: 'Start a state machine execution' }, { name: 'status', description: 'Read an execution' }],
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'openIdConnect',
          openIdConnectUrl: options.openIdConnectUrl ?? PLACEHOLDER_OPENID_CONNECT_URL,
          description: `JWT bearer token (Authorization: Bearer <token>) from the environment's issuer. Scopes (claim \`scope\` or \`scp\`): \`${scopes.start}\` to start, \`${scopes.read}\` to read.`,
        },
      },
      parameters: {
        IdempotencyKey: {
          name: IDEMPOTENCY_HEADER,
          in: 'header',
          required: true,
          description: 'Becomes the execution name: Step Functions refuses a second execution of that name for 90 days after the first closes. Use a new key per intended start, the same one for retries of it.',
          schema: { type: 'string', pattern: EXECUTION_NAME_PATTERN, minLength: 1, maxLength: 80 },
        },
      },
      schemas: { Error: errorSchema, ExecutionStarted: startedSchema, ExecutionStatus: executionStatusSchema },
    },
  };
}

/** The document as committed: two-space JSON with a final newline. */
export function startApiOpenApiText(options: StartApiOpenApiOptions = {}): string {
  return `${JSON.stringify(startApiOpenApi(options), null, 2)}\n`;
}
