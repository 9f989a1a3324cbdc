import { Fn, Token } from 'cdktf';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { LOG_RETENTION_DAYS } from '../../config/orchestration-schema';
import { regionalArn, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import { BackupFunction } from '../functions/backup-function';
import type { FunctionCode } from '../functions/function-bundle';
import { lambdaFunctionName, startApiName } from '../core/resource-names';
import { FunctionParameter, MachineArnParameter } from '../../config/function-contract/parameter-names';
import type { PublishedParameter } from '../core/published-parameter';
import { routeKey, startApiRoutes, type StartApiMachine, type StartApiRoute } from './start-api-routes';

/* Longer than 300 lines because it is one API Gateway resource graph (API, authorizer, stage, routes, integrations, invoke permissions) whose parts reference each other; routes and OpenAPI live in start-api-routes.ts and start-api-openapi.ts. */

/** The functions behind the routes: their folders in lambda-src, bundled like the others. */
export type StartApiFunctionName = 'execution-status' | 'start-execution';
/** Behind `GET /executions/{machine}/{name}`. */
export const START_API_FUNCTION = 'execution-status' satisfies StartApiFunctionName;
/** Behind `POST /backups` and `POST /drills`: checks a start against the published catalog, then StartExecution. */
export const START_EXECUTION_FUNCTION = 'start-execution' satisfies StartApiFunctionName;

/** Who issues the bearer tokens the API accepts. */
export interface StartApiJwt {
  /** Token issuer (`iss`), an https URL; API Gateway reads its keys from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Accepted audiences: a token passes when its `aud` (or, without `aud`, its `client_id`) is one of them. At least one. */
  readonly audiences: readonly string[];
}

/** OAuth scopes (the token's `scope` or `scp` claim) a caller needs. */
export interface StartApiScopes {
  /** Needed to start backups and drills. @default "backup-estate/start" */
  readonly start: string;
  /** Needed to read an execution's status. @default "backup-estate/read" */
  readonly read: string;
}

/** Throttling of every route (token bucket per route, on top of the account's API Gateway quota). */
export interface StartApiThrottling {
  /** Requests that may arrive at once; whole number from 1 to 5000 (the account's burst quota). @default 20 */
  readonly burstLimit: number;
  /** Steady requests per second; above 0, at most 10000 (the account's rate quota). @default 10 */
  readonly rateLimit: number;
}

/**
 * `<resource server>/<scope>`, the form Amazon Cognito gives custom scopes (and any issuer can); the resource server
 * part keeps them apart from other APIs' scopes in the same user pool.
 */
export const DEFAULT_START_API_SCOPES: StartApiScopes = { start: 'backup-estate/start', read: 'backup-estate/read' };

/**
 * Starts are rare (people and pipelines before changes) and StartExecution has its own account quota, so a small
 * bucket is plenty; status polling fits in it as well. A client that gets 429 retries with the same key.
 */
export const DEFAULT_START_API_THROTTLING: StartApiThrottling = { burstLimit: 20, rateLimit: 10 };

export interface StartApiProps {
  /** Provider of the region the API lives in (provider 5.x has no per-resource region). */
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** Prefix of every name: 3-32 lowercase letters, digits or "-", starting with a letter (as in the config). */
  readonly environmentName: string;
  readonly jwt: StartApiJwt;
  /** @default DEFAULT_START_API_SCOPES */
  readonly scopes?: StartApiScopes;
  /** @default DEFAULT_START_API_THROTTLING */
  readonly throttling?: StartApiThrottling;
  /** The backup orchestrator, started by `POST /backups`; a state machine ARN of this account and region. */
  readonly orchestratorStateMachineArn: string;
  /** The DR drill machine, started by `POST /drills`. @default none: no drill route, and drills are not readable */
  readonly drillStateMachineArn?: string;
  /** The orchestration key: encrypts the access log group and the status function's log group. */
  readonly kmsKeyArn: string;
  /** Retention of the access logs and the status function's logs; one of the CloudWatch Logs values. */
  readonly logRetentionDays: number;
  /** The bundled execution-status function (bundleFunction(START_API_FUNCTION)). */
  readonly code: FunctionCode;
  /** The bundled start-execution function (bundleFunction(START_EXECUTION_FUNCTION)). */
  readonly startCode: FunctionCode;
  /** Required by BackupFunction; API Gateway invokes synchronously, so in practice nothing arrives there. */
  readonly deadLetterQueueArn: string;
  /**
   * SSM path of the environment; the functions read the machine ARNs below it, the start function also the start
   * catalog (FunctionParameter.startCatalog), which the stack publishes in the API's region.
   */
  readonly parameterRoot: string;
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{1,30}[a-z0-9]$/;
/** RFC 6749 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const STATE_MACHINE_ARN = /^arn:([^:]+):states:([^:]+):([^:]+):stateMachine:([A-Za-z0-9_-]{1,80})$/;

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
    validate(props, scopes, throttling);
    const { provider, location, environmentName: env } = props;
    const apiName = startApiName(env);
    const machines: Partial<Record<StartApiMachine, string>> = {
      backups: props.orchestratorStateMachineArn,
      ...(props.drillStateMachineArn ? { drills: props.drillStateMachineArn } : {}),
    };
    const machineArns = Object.values(machines);

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

    this.statusFunction = new BackupFunction(this, 'status', {
      provider,
      location,
      functionName: lambdaFunctionName(env, START_API_FUNCTION),
      roleName: `${env}-exec-status-${location.region}`,
      description: 'Reports the status of a backup or DR drill execution to the start API',
      code: props.code,
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: {
        PARAMETER_ROOT: props.parameterRoot,
        POWERTOOLS_SERVICE_NAME: START_API_FUNCTION,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        // The authorizer already demands it; the function checks it again so a route misconfiguration exposes nothing.
        READ_SCOPE: scopes.read,
        // Machines that this API exposes; the function answers 404 for the other one even if its parameter exists.
        EXPOSED_MACHINES: Object.keys(machines).join(','),
      },
      statements: [
        {
          Sid: 'ReadMachineArns',
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: Object.keys(machines).map((m) => regionalArn(location, 'ssm', `parameter${props.parameterRoot}/${MACHINE_PARAMETERS[m as StartApiMachine]}`)),
        },
        // DescribeExecution is checked against the execution's ARN (type "execution"), not the state machine's.
        { Sid: 'DescribeExecutions', Effect: 'Allow', Action: 'states:DescribeExecution', Resource: machineArns.map(executionArnPattern) },
      ],
      logRetentionDays: props.logRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
      deadLetterQueueArn: props.deadLetterQueueArn,
    });

    this.startFunction = new BackupFunction(this, 'start', {
      provider,
      location,
      functionName: lambdaFunctionName(env, START_EXECUTION_FUNCTION),
      roleName: `${env}-start-exec-${location.region}`,
      description: 'Starts configured backups and DR drills for the start API',
      code: props.startCode,
      memoryMb: 256,
      timeoutSeconds: 10,
      environment: {
        PARAMETER_ROOT: props.parameterRoot,
        POWERTOOLS_SERVICE_NAME: START_EXECUTION_FUNCTION,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        START_SCOPE: scopes.start,
        EXPOSED_MACHINES: Object.keys(machines).join(','),
      },
      statements: [
        {
          Sid: 'ReadCatalogAndMachineArns',
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: [FunctionParameter.startCatalog, ...Object.keys(machines).map((m) => MACHINE_PARAMETERS[m as StartApiMachine])]
            .map((name) => regionalArn(location, 'ssm', `parameter${props.parameterRoot}/${name}`)),
        },
        { Sid: 'StartExposedMachines', Effect: 'Allow', Action: 'states:StartExecution', Resource: machineArns },
      ],
      logRetentionDays: props.logRetentionDays,
      kmsKeyArn: props.kmsKeyArn,
      deadLetterQueueArn: props.deadLetterQueueArn,
    });

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

/** Parameters (below PARAMETER_ROOT) the stack publishes the machine ARNs under; the status function reads them. */
export const MACHINE_PARAMETERS: Readonly<Record<StartApiMachine, string>> = MachineArnParameter;

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

/**
 * `arn:...:execution:<machine name>:*` for a state machine ARN. A reference to a machine of the same stack (a token)
 * is rewritten by Terraform; a literal ARN here, where it is also checked.
 */
export function executionArnPattern(stateMachineArn: string): string {
  if (Token.isUnresolved(stateMachineArn)) return `${Fn.replace(stateMachineArn, ':stateMachine:', ':execution:')}:*`;
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:*`;
}

function validate(props: StartApiProps, scopes: StartApiScopes, throttling: StartApiThrottling): void {
  const fail = (rule: string) => {
    throw new Error(`StartApi: ${rule}`);
  };
  if (!ENVIRONMENT_NAME.test(props.environmentName)) {
    fail(`environmentName must be 3-32 lowercase letters, digits or "-", starting with a letter; got "${props.environmentName}"`);
  }
  if (!Token.isUnresolved(props.jwt.issuer) && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(props.jwt.issuer)) {
    fail(`jwt.issuer must be an https URL (API Gateway fetches the issuer's keys over https); got "${props.jwt.issuer}"`);
  }
  if (props.jwt.audiences.length === 0) fail('jwt.audiences must name at least one audience (API Gateway rejects tokens for no audience); got none');
  const blankAudience = props.jwt.audiences.find((a) => a.trim() === '');
  if (blankAudience !== undefined) fail(`jwt.audiences must not contain empty values; got "${blankAudience}"`);
  for (const kind of ['start', 'read'] as const) {
    if (!SCOPE_TOKEN.test(scopes[kind])) {
      fail(`scopes.${kind} must be one OAuth scope (printable characters, no spaces, quotes or backslashes); got "${scopes[kind]}"`);
    }
  }
  if (scopes.start === scopes.read) fail(`scopes.start and scopes.read must differ (reading must not allow starting); got "${scopes.start}" for both`);
  if (!Number.isInteger(throttling.burstLimit) || throttling.burstLimit < 1 || throttling.burstLimit > 5000) {
    fail(`throttling.burstLimit must be a whole number from 1 to 5000; got ${throttling.burstLimit}`);
  }
  if (!Number.isFinite(throttling.rateLimit) || throttling.rateLimit <= 0 || throttling.rateLimit > 10000) {
    fail(`throttling.rateLimit must be above 0 and at most 10000 requests per second; got ${throttling.rateLimit}`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(props.logRetentionDays)) {
    fail(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}; got ${props.logRetentionDays}`);
  }
  const machines = { orchestratorStateMachineArn: props.orchestratorStateMachineArn, drillStateMachineArn: props.drillStateMachineArn };
  for (const [name, arn] of Object.entries(machines)) {
    if (arn === undefined || Token.isUnresolved(arn)) continue;
    const match = STATE_MACHINE_ARN.exec(arn);
    const { partition, region, accountId } = props.location;
    if (!match || match[1] !== partition || match[2] !== region || match[3] !== accountId) {
      fail(`${name} must be a state machine ARN of this environment (arn:${partition}:states:${region}:${accountId}:stateMachine:<name>); got "${arn}"`);
    }
  }
  if (props.drillStateMachineArn !== undefined && props.drillStateMachineArn === props.orchestratorStateMachineArn) {
    fail(`drillStateMachineArn must differ from orchestratorStateMachineArn; got "${props.drillStateMachineArn}" for both`);
  }
  if (!/^\/[^\s]*[^/\s]$/.test(props.parameterRoot)) fail(`parameterRoot must be an SSM path starting with "/" and not ending with "/"; got "${props.parameterRoot}"`);
}
