import { clearCaches } from '@aws-lambda-powertools/parameters';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { bundleFunction } from '../modules/function-bundle';
import { lambdaContext } from './functions/fixtures';
import { handler as executionStatus } from '../lambda-src/execution-status';
import { START_API_FUNCTION, StartApi } from '../modules/start-api';
import { startMoto, useEndpoint, type MotoServer } from './support/moto';
import { constructTestStack, resourcesOf, synthJson } from './support/synth';

/*
 * The start routes have no code of their own: API Gateway maps the request onto StartExecution with the
 * integration's request_parameters. This test takes those parameters from the synthesized API, applies them to HTTP
 * requests the way API Gateway does (a value is a static string, `$request.body`, or `$request.header.<name>` with
 * the header name matched case-insensitively), and sends the resulting StartExecution calls to Step Functions in
 * moto. Moto 5.2.1 behaves like Step Functions here: a second StartExecution with the same name and the same input
 * while the execution runs returns that execution (same ARN and start date), the same name with a different input is
 * ExecutionAlreadyExists (400). Moto never runs the executions (they stay RUNNING), so what real Step Functions does
 * once an execution has ended (the same name is then ExecutionAlreadyExists even with the same input) is not
 * exercised here; either way nothing new is started.
 */

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012'; // moto's default account

interface HttpRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** API Gateway's parameter mapping for an AWS service integration, reduced to the sources the start routes use. */
function mapRequest(requestParameters: Record<string, string>, request: HttpRequest): Record<string, string | undefined> {
  const header = (name: string) => Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return Object.fromEntries(Object.entries(requestParameters).map(([parameter, source]) => {
    if (source === '$request.body') return [parameter, request.body];
    const headerSource = /^\$request\.header\.(.+)$/.exec(source);
    if (headerSource) return [parameter, header(headerSource[1])];
    if (source.startsWith('$')) throw new Error(`mapRequest: unsupported source ${source}`);
    return [parameter, source];
  }));
}

function startExecutionCall(mapped: Record<string, string | undefined>): StartExecutionCommandInput {
  return { stateMachineArn: mapped.StateMachineArn, input: mapped.Input, name: mapped.Name };
}

describe('POST /backups through the synthesized integration against Step Functions (moto)', () => {
  let moto: MotoServer;
  let sfn: SFNClient;
  let stateMachineArn: string;
  let requestParameters: Record<string, string>;

  beforeAll(async () => {
    moto = await startMoto();
    useEndpoint(moto.endpoint, REGION);
    sfn = new SFNClient({});
    ({ stateMachineArn } = (await sfn.send(new CreateStateMachineCommand({
      name: 'prod-backup-orchestrator',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/prod-orchestrator-${REGION}`,
      type: 'STANDARD',
      definition: JSON.stringify({ StartAt: 'Accept', States: { Accept: { Type: 'Pass', End: true } } }),
    }))) as { stateMachineArn: string });

    const { stack, provider } = constructTestStack(REGION);
    new StartApi(stack, 'start-api', {
      provider,
      location: { partition: 'aws', region: REGION, accountId: ACCOUNT },
      environmentName: 'prod',
      jwt: { issuer: 'https://issuer.example.test', audiences: ['backup-cli'] },
      orchestratorStateMachineArn: stateMachineArn,
      kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
      logRetentionDays: 30,
      code: bundleFunction(START_API_FUNCTION),
      deadLetterQueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:dlq`,
      parameterRoot: '/backup-estate/prod',
    });
    const json = synthJson(stack);
    const [, route] = resourcesOf(json, 'aws_apigatewayv2_route').find(([, r]) => r.route_key === 'POST /backups')!;
    const integrationId = /aws_apigatewayv2_integration\.([^.]+)\.id/.exec(route.target)![1];
    requestParameters = json.resource.aws_apigatewayv2_integration[integrationId].request_parameters as Record<string, string>;
  });

  afterAll(async () => {
    await moto?.stop();
  });

  const executions = async () => (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
  const body = JSON.stringify({ resourceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`, rule: 'daily/daily-35d', reason: 'before schema migration' });

  it('a retried start with the same key does not start twice', async () => {
    // GIVEN a request with an Idempotency-Key (spelled as a client might: header names are case-insensitive)
    const first: HttpRequest = { headers: { 'content-type': 'application/json', 'idempotency-key': 'change-4711-orders-db' }, body };
    const retry: HttpRequest = { headers: { 'Idempotency-Key': 'change-4711-orders-db' }, body };

    // WHEN it is sent, then retried with the same key and body
    const call = startExecutionCall(mapRequest(requestParameters, first));
    const started = await sfn.send(new StartExecutionCommand(call));
    const retried = await sfn.send(new StartExecutionCommand(startExecutionCall(mapRequest(requestParameters, retry))));

    // THEN the call went to the orchestrator with the body as input, and exactly one execution exists, named by the key
    expect(call).toEqual({ stateMachineArn, input: body, name: 'change-4711-orders-db' });
    expect(retried.executionArn).toBe(started.executionArn);
    expect(retried.startDate).toEqual(started.startDate);
    const named = (await executions()).filter((e) => e.name === 'change-4711-orders-db');
    expect(named).toHaveLength(1);
    expect(named[0].executionArn).toBe(started.executionArn);
  });

  it('the same key with a different body is refused (ExecutionAlreadyExists, 400) and starts nothing', async () => {
    const before = (await executions()).length;
    const other: HttpRequest = { headers: { 'Idempotency-Key': 'change-4711-orders-db' }, body: JSON.stringify({ resourceArn: 'other' }) };
    await expect(sfn.send(new StartExecutionCommand(startExecutionCall(mapRequest(requestParameters, other))))).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      $metadata: { httpStatusCode: 400 },
    });
    expect(await executions()).toHaveLength(before);
  });

  it('a different key starts a second execution', async () => {
    const next: HttpRequest = { headers: { 'Idempotency-Key': 'change-4712-orders-db' }, body };
    const started = await sfn.send(new StartExecutionCommand(startExecutionCall(mapRequest(requestParameters, next))));
    const names = (await executions()).map((e) => e.name).sort();
    expect(names).toEqual(['change-4711-orders-db', 'change-4712-orders-db']);
    expect(started.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:prod-backup-orchestrator:change-4712-orders-db`);
  });
  it('the status route then reports that execution by its key (the real function against moto)', async () => {
    // GIVEN the machine ARN published where the stack publishes it, and the function's environment
    await new SSMClient({}).send(new PutParameterCommand({ Name: '/backup-estate/prod/orchestration/backup-orchestrator/arn', Value: stateMachineArn, Type: 'String' }));
    Object.assign(process.env, { PARAMETER_ROOT: '/backup-estate/prod', READ_SCOPE: 'backup-estate/read', EXPOSED_MACHINES: 'backups' });
    clearCaches();
    const get = (name: string) => executionStatus({
      routeKey: 'GET /executions/{machine}/{name}',
      pathParameters: { machine: 'backups', name },
      requestContext: { requestId: 'r', authorizer: { jwt: { claims: { sub: 'jane', scope: 'backup-estate/read' }, scopes: null } } },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer, lambdaContext());

    // WHEN it is asked for the key, and for a key never used
    const found = await get('change-4711-orders-db');
    const missing = await get('never-used');

    // THEN the execution is found by the name the key gave it; an unused key is a 404
    expect(found.statusCode).toBe(200);
    expect(JSON.parse(found.body as string)).toMatchObject({
      executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:prod-backup-orchestrator:change-4711-orders-db`,
      machine: 'backups',
      name: 'change-4711-orders-db',
      status: 'RUNNING',
    });
    expect(missing.statusCode).toBe(404);
  });
});
