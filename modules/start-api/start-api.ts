import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { regionalArn, servicePrincipal } from '../core/aws-partition';
import type { PublishedParameter } from '../core/published-parameter';
import { startApiName } from '../core/resource-names';
import type { BackupFunction } from '../functions/backup-function';
import { addStartApiFunctions } from './start-api-functions';
import { DEFAULT_START_API_SCOPES, DEFAULT_START_API_THROTTLING, type StartApiProps } from './start-api-props';
import { routeKey, startApiRoutes, type StartApiMachine, type StartApiRoute } from './start-api-routes';
import { validateStartApiProps } from './start-api-validation';

/* The API Gateway resource graph (API, authorizer, stage, routes, integrations, invoke permissions), whose parts reference each other. Props and defaults: start-api-props.ts; the functions behind the routes: start-api-functions.ts; checks: start-api-validation.ts; routes and OpenAPI: start-api-routes.ts, start-api-openapi.ts. */

export * from './start-api-props';
export { MACHINE_PARAMETERS, executionArnPattern } from './start-api-functions';

/**
 * The authenticated start endpoint of one environment, an HTTP API: `POST /backups` and `POST /drills` go to the
 * start-execution function, which starts the orchestrator or the drill machine only for what the configuration
 * declares (its start catalog), with the requester taken from the verified token and the Idempotency-Key header as
 * the execution name; `GET /executions/{machine}/{name}` reports a status through the execution-status function.
 * Every route needs a JWT from the configured issuer with the route's scope; there is no `$default` route, so any
 * other request is a 404 before anything runs. One `$default` stage, deployed on every change, throttled per route,
 * with JSON access logs (including the caller's `sub`) in an encrypted log group.
 */
export class StartApi extends Construct {
  public readonly api: Apigatewayv2Api;
  public readonly stage: Apigatewayv2Stage;
  public readonly authorizer: Apigatewayv2Authorizer;
  /** By route key, e.g. `POST /backups`. */
  public readonly routes = new Map<string, Apigatewayv2Route>();
  /** By route key. */
  public readonly integrations = new Map<string, Apigatewayv2Integration>();
  public readonly statusFunction: BackupFunction;
  /** The only caller of StartExecution: its role may start exactly the exposed machines. */
  public readonly startFunction: BackupFunction;
  public readonly logGroup: CloudwatchLogGroup;
  /** Base URL of the API (`https://<api id>.execute-api.<region>.<domain>`, no trailing slash): append a route path. */
  public readonly endpoint: string;
  /** The endpoint and its functions, for the environment's SSM hierarchy in the API's region. */
  public readonly publishedParameters: readonly PublishedParameter[];

  constructor(scope: Construct, id: string, props: StartApiProps) {
    super(scope, id);
    const scopes = props.scopes ?? DEFAULT_START_API_SCOPES;
    const throttling = props.throttling ?? DEFAULT_START_API_THROTTLING;
    validateStartApiProps(props, scopes, throttling);
    const { provider, location, environmentName: env } = props;
    const apiName = startApiName(env);
    const machines: Partial<Record<StartApiMachine, string>> = {
      backups: props.orchestratorStateMachineArn,
      ...(props.drillStateMachineArn ? { drills: props.drillStateMachineArn } : {}),
    };

    this.api = new Apigatewayv2Api(this, 'api', {
      provider,
      name: apiName,
      protocolType: 'HTTP',
      description: `Starts on-demand backups and DR drills of ${env}, and reports their status (managed by cdktf-aws-backup)`,
      // Stated rather than left to the default: the execute-api URL is this API's only endpoint (no custom domain),
      // so turning it off would make the API unreachable. Turn it off only once a custom domain fronts the API.
      disableExecuteApiEndpoint: false,
    });
    this.authorizer = new Apigatewayv2Authorizer(this, 'authorizer', {
      provider,
      apiId: this.api.id,
      name: `${env}-jwt`,
      authorizerType: 'JWT',
      identitySources: ['$request.header.Authorization'],
      jwtConfiguration: { issuer: props.jwt.issuer, audience: [...props.jwt.audiences] },
    });

    this.logGroup = new CloudwatchLogGroup(this, 'access-logs', {
      provider,
      name: `/aws/apigateway/${apiName}/access`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    const functions = addStartApiFunctions(this, props, scopes, machines);
    this.statusFunction = functions.status;
    this.startFunction = functions.start;

    const routes = startApiRoutes({ drills: machines.drills !== undefined });
    for (const route of routes) {
      const integration = this.integrationFor(route, props);
      const key = routeKey(route);
      this.integrations.set(key, integration);
      this.routes.set(key, new Apigatewayv2Route(this, `route-${route.operationId}`, {
        provider,
        apiId: this.api.id,
        routeKey: key,
        target: `integrations/${integration.id}`,
        authorizationType: 'JWT',
        authorizerId: this.authorizer.id,
        authorizationScopes: [scopes[route.scope]],
      }));
      {
        new LambdaPermission(this, `invoke-${route.operationId}`, {
          provider,
          functionName: this.functionOf(route).function.functionName,
          action: 'lambda:InvokeFunction',
          principal: servicePrincipal('apigateway'),
          // Any stage, this method and path, with wildcards for the path parameters: matches the route whether API
          // Gateway reports the path template or the request path as the source.
          sourceArn: regionalArn(location, 'execute-api', `${this.api.id}/*/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`),
        });
      }
    }

    this.stage = new Apigatewayv2Stage(this, 'stage', {
      provider,
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingBurstLimit: throttling.burstLimit,
        throttlingRateLimit: throttling.rateLimit,
        detailedMetricsEnabled: true,
      },
      accessLogSettings: { destinationArn: this.logGroup.arn, format: ACCESS_LOG_FORMAT },
      // Created after the routes, so the first automatic deployment already serves all of them.
      dependsOn: [...this.routes.values()],
    });
    this.endpoint = this.api.apiEndpoint;
    this.publishedParameters = [
      { path: 'start-api/endpoint', value: this.endpoint, description: 'Base URL of the start endpoint (HTTP API, JWT)' },
      { path: 'start-api/id', value: this.api.id, description: 'ID of the start endpoint HTTP API' },
      { path: 'functions/execution-status/arn', value: this.statusFunction.function.arn, description: 'ARN of the execution-status function' },
      { path: 'functions/start-execution/arn', value: this.startFunction.function.arn, description: 'ARN of the start-execution function' },
    ];
  }

  private functionOf(route: StartApiRoute): BackupFunction {
    return route.kind === 'start-execution' ? this.startFunction : this.statusFunction;
  }

  private integrationFor(route: StartApiRoute, props: StartApiProps): Apigatewayv2Integration {
    const fn = this.functionOf(route);
    return new Apigatewayv2Integration(this, `integration-${route.operationId}`, {
      provider: props.provider,
      apiId: this.api.id,
      description: `${routeKey(route)}: the ${route.kind} function`,
      integrationType: 'AWS_PROXY',
      integrationMethod: 'POST',
      integrationUri: fn.function.arn,
      payloadFormatVersion: '2.0',
    });
  }
}

/**
 * One JSON object per line, with `$context.authorizer.claims.sub`, the authenticated caller (the start function also
 * writes it into the execution input as `requestedBy`).
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  sub: '$context.authorizer.claims.sub',
  clientId: '$context.authorizer.claims.client_id',
  routeKey: '$context.routeKey',
  status: '$context.status',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  error: '$context.error.message',
});
