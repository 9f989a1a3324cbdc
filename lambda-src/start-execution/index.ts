import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { FunctionParameter, MachineArnParameter } from '../../config/function-contract/parameter-names';
import type { StartCatalog } from '../../config/function-contract/start-catalog';
import { sfnClient } from '../shared/clients/sfn';
import { awsErrorName } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { readJsonParameter, readParameter } from '../shared/parameters';
import { grantedScopes } from '../shared/scopes';
import { parseStartRequest, requesterOf, type StartMachine } from './request';

const logger = createLogger('start-execution');

/** Route keys this function serves, and the machine each starts. */
const ROUTE_MACHINES: Readonly<Record<string, StartMachine>> = { 'POST /backups': 'backups', 'POST /drills': 'drills' };

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/**
 * `POST /backups` and `POST /drills` of the start API (HTTP API, payload 2.0, JWT authorizer): checks the request
 * against the published start catalog, takes the requester from the verified token, and calls StartExecution with
 * the Idempotency-Key header as the execution name. A request outside the catalog starts nothing.
 */
export async function handler(event: APIGatewayProxyEventV2WithJWTAuthorizer, _context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const jwt = event.requestContext?.authorizer?.jwt;
  const requester = requesterOf(jwt?.claims);
  logger.resetKeys();
  logger.appendKeys({ sub: requester?.subject, requestId: event.requestContext?.requestId, routeKey: event.routeKey });

  const startScope = process.env.START_SCOPE;
  if (!startScope) throw new Error('START_SCOPE is not set: it names the scope a caller needs to start executions');
  // The authorizer has already required the scope; checked again so that a route without it still starts nothing.
  if (!grantedScopes(jwt).has(startScope)) {
    logger.warn('Caller lacks the start scope', { startScope });
    return json(403, { error: 'Forbidden', message: `The token does not grant the scope ${startScope}` });
  }
  const exposed = (process.env.EXPOSED_MACHINES ?? '').split(',').map((m) => m.trim());
  const machine = ROUTE_MACHINES[event.routeKey];
  if (!machine || !exposed.includes(machine)) {
    return json(404, { error: 'UnknownRoute', message: `Nothing to start at ${String(event.routeKey).slice(0, 40)}` });
  }

  const catalog = await readJsonParameter<StartCatalog>(FunctionParameter.startCatalog);
  const body = event.body !== undefined && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const request = parseStartRequest(machine, event.headers, body, catalog, requester);
  if (!request.ok) {
    logger.info('Start refused', { statusCode: request.statusCode, error: request.error });
    return json(request.statusCode, { error: request.error, message: request.message });
  }
  logger.appendKeys({ machine, executionName: request.name });

  const stateMachineArn = await readParameter(MachineArnParameter[machine]);
  try {
    // Same name and same input while the execution is open: Step Functions returns that execution instead of a new
    // one; once it has closed, or with another input, ExecutionAlreadyExists
    // (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
    const started = await sfnClient().send(new StartExecutionCommand({ stateMachineArn, name: request.name, input: JSON.stringify(request.input) }));
    logger.info('Execution started', { executionArn: started.executionArn });
    return json(200, { executionArn: started.executionArn, startDate: started.startDate?.toISOString() });
  } catch (error) {
    if (awsErrorName(error) === 'ExecutionAlreadyExists') {
      logger.info('Idempotency key already used');
      return json(409, {
        error: 'ExecutionAlreadyExists',
        message: `The key ${request.name} was already used with another request, or its execution has ended: nothing was started; read GET /executions/${machine}/${request.name}`,
      });
    }
    throw error;
  }
}
