import { DRILL_RESOURCE_TYPES } from '../config/orchestration-schema';

/*
 * The routes of the start API of one environment: the single table both the StartApi construct (routes,
 * integrations, authorization scopes) and the OpenAPI document (scripts/generate-openapi.ts) are built from, so the
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
 * A route integrated directly with StepFunctions-StartExecution: the body is the execution input, the
 * Idempotency-Key header the execution name. No function runs, so the caller's identity cannot be added to the
 * input (API Gateway maps each value from exactly one source); the access log records the caller's `sub`.
 */
export interface StartExecutionRoute extends RouteBase {
  readonly kind: 'start-execution';
  readonly method: 'POST';
  readonly scope: 'start';
  readonly machine: StartApiMachine;
  /** Schema of the execution input the state machine accepts. */
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
  'state machine runs at most one execution per name: a retried request with the same key and the same body while ' +
  'the execution runs returns that execution again; the same key with a different body, or after the execution has ' +
  'ended, is refused with 400 ExecutionAlreadyExists and starts nothing. Names are unique per machine for 90 days ' +
  'after the execution ends.';

/** Input of the backup orchestrator (modules/state-machines/backup-orchestrator-definition.ts). */
const backupRequestBody: JsonSchema = {
  type: 'object',
  required: ['resourceArn'],
  properties: {
    resourceArn: { type: 'string', minLength: 1, description: 'ARN of the resource to back up.' },
    rule: {
      type: 'string',
      pattern: '^[^/]+/[^/]+$',
      description: '`<plan>/<rule>` of the region: decides the vault, lifecycle and copies. Default: the environment\'s `orchestration.onDemandRule`. An unknown rule ends the execution as UNKNOWN_RULE.',
    },
    vaultName: { type: 'string', description: 'Vault to back up into instead of the rule\'s.' },
    reason: { type: 'string', description: 'Free text recorded in the audit record and the notification.' },
    requestedBy: {
      type: 'object',
      additionalProperties: true,
      description: 'Who asks, as the caller states it. Not verified: the authenticated subject is in the API access log.',
    },
  },
  additionalProperties: true,
};

/** Input of the DR drill machine (modules/state-machines/dr-drill-definition.ts, drillExecutionInput). */
const drillRequestBody: JsonSchema = {
  type: 'object',
  required: ['drillName', 'resourceArn', 'resourceType'],
  properties: {
    drillName: { type: 'string', minLength: 1, description: 'Name of the drill, for the audit record and notification.' },
    resourceArn: { type: 'string', minLength: 1, description: 'ARN of the protected resource whose latest recovery point is restored.' },
    resourceType: { type: 'string', enum: [...DRILL_RESOURCE_TYPES] },
    vaultName: { type: 'string', description: 'Take the recovery point from this vault only. Default: any vault, copies included.' },
    restoreMetadataOverrides: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Restore metadata applied last; may not rename the restored resource or target the source.',
    },
    targetRecoveryMinutes: { type: 'number', minimum: 0, description: 'Recovery objective, for people.' },
    targetRecoverySeconds: {
      type: 'number',
      nullable: true,
      minimum: 0,
      description: 'Recovery objective the drill compares the measured recovery time with (recoveryObjectiveMet in the output). Anything but a number or null is INVALID_REQUEST.',
    },
  },
  additionalProperties: true,
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
    description: `Starts the backup orchestrator with the request body as input. ${idempotencyNote} The execution name is also the backup job's IdempotencyToken.`,
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
    description: `Starts the DR drill machine with the request body as input. ${idempotencyNote} The execution name is also the drill ID: restored resources are named and tagged after it. Only where the environment exposes its drill machine.`,
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

/**
 * The parameter mapping of a StepFunctions-StartExecution integration: the machine is fixed, the body is the input and
 * the Idempotency-Key header the name. HTTP API header names are case-insensitive, so any spelling of it matches.
 */
export function startExecutionRequestParameters(stateMachineArn: string): Record<string, string> {
  return {
    StateMachineArn: stateMachineArn,
    Input: '$request.body',
    Name: `$request.header.${IDEMPOTENCY_HEADER}`,
  };
}
