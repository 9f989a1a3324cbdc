import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createLogger } from '../shared/logger';
import { readParameter } from '../shared/parameters';
import { describeExecution } from './execution';
import { exposedMachines, MACHINE_PARAMETERS, parseRequest } from './request';
import { grantedScopes } from '../shared/scopes';

const logger = createLogger('execution-status');

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/** `GET /executions/{machine}/{name}` of the start API (HTTP API, payload 2.0, JWT authorizer). */
export async function handler(event: APIGatewayProxyEventV2WithJWTAuthorizer, _context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const jwt = event.requestContext?.authorizer?.jwt;
  const sub = typeof jwt?.claims?.sub === 'string' ? jwt.claims.sub : undefined;
  logger.resetKeys();
  logger.appendKeys({ sub, requestId: event.requestContext?.requestId, routeKey: event.routeKey });

  const readScope = process.env.READ_SCOPE;
  if (!readScope) throw new Error('READ_SCOPE is not set: it names the scope a caller needs to read execution status');
  // The authorizer has already required the scope; checked again so that a route without it still exposes nothing.
  if (!grantedScopes(jwt).has(readScope)) {
    logger.warn('Caller lacks the read scope', { readScope });
    return json(403, { error: 'Forbidden', message: `The token does not grant the scope ${readScope}` });
  }

  const request = parseRequest(event.pathParameters, exposedMachines(process.env.EXPOSED_MACHINES));
  if (!request.ok) {
    logger.info('Request refused', { statusCode: request.statusCode, error: request.error });
    return json(request.statusCode, { error: request.error, message: request.message });
  }
  logger.appendKeys({ machine: request.machine, executionName: request.name });

  const stateMachineArn = await readParameter(MACHINE_PARAMETERS[request.machine]);
  const status = await describeExecution(stateMachineArn, request.machine, request.name);
  if (!status) {
    logger.info('Execution not found');
    return json(404, { error: 'ExecutionDoesNotExist', message: `No ${request.machine} execution named ${request.name}` });
  }
  logger.info('Execution described', { status: status.status });
  return json(200, status);
}
