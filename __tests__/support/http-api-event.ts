import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/*
 * An HTTP API (payload format 2.0) event as the JWT authorizer hands it to a function, shaped like AWS's example
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html) and typed
 * by @types/aws-lambda: one builder for every function test behind the start endpoint.
 */

export type JwtClaims = APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer']['jwt']['claims'];

export interface HttpApiRequest {
  readonly accountId: string;
  readonly method: 'GET' | 'POST';
  /** The route as API Gateway names it, e.g. `/executions/{machine}/{name}`. @default the request path */
  readonly route?: string;
  readonly path: string;
  readonly claims: JwtClaims;
  /** @default null (scopes arrive as the `scope` claim) */
  readonly scopes?: string[] | null;
  /** @default none */
  readonly headers?: Record<string, string>;
  /** JSON-encoded into the body. @default no body */
  readonly body?: unknown;
  /** @default none */
  readonly pathParameters?: Record<string, string>;
  /** @default api.example.test */
  readonly domainName?: string;
}

export function httpApiEvent(request: HttpApiRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const routeKey = `${request.method} ${request.route ?? request.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: request.path,
    rawQueryString: '',
    headers: request.headers ?? {},
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: request.accountId,
      apiId: 'api',
      domainName: request.domainName ?? 'api.example.test',
      domainPrefix: 'api',
      http: { method: request.method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '05/Dec/2026:06:00:00 +0000',
      timeEpoch: 1796450400000,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: request.claims, scopes: request.scopes ?? null } },
    },
  };
}
