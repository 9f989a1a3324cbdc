import { CALLER_OVERRIDE_KEYS } from '../../config/function-contract/start-catalog';

/*
 * The routes of the start API of one environment: the single table both the StartApi construct (routes,
 * integrations, authorization scopes) and the OpenAPI document (tools/generate/openapi.ts) are built from, so the
 * deployed API and its documentation cannot drift apart.
 */

/** The state machines a client may start or ask about, by the path segment that names them. */
export type StartApiMachine = 'backups' | 'drills';

export const START_API_MACHINES: readonly StartApiMachine[] = ['backups', 'drills'];

/** Which of the two scopes a route requires: starting costs money and changes state, reading does neither. */
export type StartApiScopeKind = 'start' | 'read';

/** Header whose value becomes the execution name, and with it the idempotency key of the start. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * What Step Functions accepts as an execution name and still logs to CloudWatch: 1-80 ASCII letters, digits, "-"
 * and "_" (StartExecution allows more characters, but names outside ASCII break execution logging and metrics).
 * The execution-status function checks names against the same rule before it calls DescribeExecution.
 */
export const EXECUTION_NAME_PATTERN = '^[A-Za-z0-9_-]{1,80}$';

/** A JSON Schema (the subset OpenAPI 3.0 accepts), as plain data. */
export type JsonSchema = { readonly [key: string]: unknown };

interface RouteBase {
  readonly method: 'GET' | 'POST';
  /** API Gateway path; `{name}` segments are path parameters. */
  readonly path: string;
  readonly scope: StartApiScopeKind;
  /** OpenAPI operationId, also the suffix of the construct ids of this route's resources. */
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
}

/**
 * A start route, served by the start-execution function (Lambda proxy, payload 2.0): the body names what to start
 * among what the configuration declares, the Idempotency-Key header becomes the execution name, the requester comes
 * from the verified token. The function builds the execution input; nothing of the body is passed through unchecked.
 */
export interface StartExecutionRoute extends RouteBase {
  readonly kind: 'start-execution';
  readonly method: 'POST';
  readonly scope: 'start';
  readonly machine: StartApiMachine;
  /** Schema of the request body (not the execution input: the function builds that). */
  readonly requestBody: JsonSchema;
}

/** The route that reports an execution's status, served by the execution-status function (Lambda proxy, payload 2.0). */
export interface ExecutionStatusRoute extends RouteBase {
  readonly kind: 'execution-status';
  readonly method: 'GET';
  readonly scope: 'read';
}

export type StartApiRoute = StartExecutionRoute | ExecutionStatusRoute;

const idempotencyNote =
  `The \`${IDEMPOTENCY_HEADER}\` header (required, ${EXECUTION_NAME_PATTERN}) becomes the execution name. A Standard ` +
  'state machine runs one execution per name: while that execution is open, a retry with the same key, body and ' +
  'caller returns it again; the same key with another body or caller, or once the execution has closed, is refused ' +
  'with 409 ExecutionAlreadyExists and starts nothing. Step Functions keeps a closed execution\'s name for 90 days; ' +
  'after that the same key could start again, so use a new key per intended start, the same one only for retries.';

/** Body of `POST /backups`: the start-execution function adds the requester and passes on nothing else. */
const backupRequestBody: JsonSchema = {
  type: 'object',
  required: ['resourceArn'],
  properties: {
    resourceArn: { type: 'string', minLength: 1, description: 'ARN of the resource to back up: a resource of the environment\'s account and of the API\'s region (S3 bucket ARNs carry neither).' },
    rule: {
      type: 'string',
      pattern: '^[^/]+/[^/]+$',
      description: '`<plan>/<rule>` of one of the region\'s plans: decides the vault, lifecycle and copies. Default: the environment\'s `orchestration.onDemandRule`. Any other rule is refused (400 UnknownRule).',
    },
    reason: { type: 'string', maxLength: 500, description: 'Free text recorded in the audit record and the notification.' },
  },
  additionalProperties: false,
};

/** Body of `POST /drills`: a configured drill by name; resource, type, vault and objective come from the configuration. */
const drillRequestBody: JsonSchema = {
  type: 'object',
  required: ['drillName'],
  properties: {
    drillName: { type: 'string', minLength: 1, description: 'A drill of `orchestration.drills` in the API\'s region (400 UnknownDrill otherwise).' },
    restoreMetadataOverrides: {
      type: 'object',
      properties: Object.fromEntries(CALLER_OVERRIDE_KEYS.map((key) => [key, { type: 'string', maxLength: 256 }])),
      additionalProperties: false,
      description: `Restore metadata applied over the drill's configured overrides; only ${CALLER_OVERRIDE_KEYS.join(', ')}. PubliclyAccessible is always "false" for RDS and Aurora.`,
    },
    reason: { type: 'string', maxLength: 500, description: 'Free text recorded in the audit record and the notification.' },
  },
  additionalProperties: false,
};

export const START_API_ROUTES: readonly StartApiRoute[] = [
  {
    kind: 'start-execution',
    method: 'POST',
    path: '/backups',
    scope: 'start',
    machine: 'backups',
    operationId: 'startBackup',
    summary: 'Start an on-demand backup (backup orchestrator state machine)',
    description: `Starts the backup orchestrator for one resource, following a configured rule; the requester recorded is the token's subject. ${idempotencyNote} The execution name is also the backup job's IdempotencyToken.`,
    requestBody: backupRequestBody,
  },
  {
    kind: 'start-execution',
    method: 'POST',
    path: '/drills',
    scope: 'start',
    machine: 'drills',
    operationId: 'startDrill',
    summary: 'Start a DR drill (DR drill state machine)',
    description: `Starts a configured DR drill; the requester recorded is the token's subject. ${idempotencyNote} The execution name is also the drill ID: restored resources are named and tagged after it. Only where the environment exposes its drill machine.`,
    requestBody: drillRequestBody,
  },
  {
    kind: 'execution-status',
    method: 'GET',
    path: '/executions/{machine}/{name}',
    scope: 'read',
    operationId: 'getExecution',
    summary: 'Status of an execution started through this API (or by any other means)',
    description: 'Describes the execution `name` (the idempotency key it was started with) of the machine `backups` or `drills`.',
  },
];

/** `POST /backups`: the route key API Gateway matches requests with. */
export function routeKey(route: Pick<StartApiRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The routes of an API: the drill route only where a drill machine is exposed. */
export function startApiRoutes(options: { readonly drills: boolean }): StartApiRoute[] {
  return START_API_ROUTES.filter((route) => route.kind !== 'start-execution' || route.machine !== 'drills' || options.drills);
}
