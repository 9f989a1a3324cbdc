import { clearCaches } from '@aws-lambda-powertools/parameters';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { StartCatalog } from '../../../config/function-contract/start-catalog';
import { lambdaContext } from '../../lambda-src/fixtures';
import { handler as executionStatus } from '../../../lambda-src/execution-status';
import { handler as startExecution } from '../../../lambda-src/start-execution';
import { httpApiEvent } from '../../support/http-api-event';
import { startMoto, useEndpoint, type MotoServer } from '../../support/moto';

/*
 * The start routes through the real start-execution function against Step Functions and SSM in moto. Moto 5.2.1
 * behaves like Step Functions here: a second StartExecution with the same name and the same input while the
 * execution runs returns that execution, the same name with a different input is ExecutionAlreadyExists. Moto never
 * runs the executions (they stay RUNNING), so what real Step Functions does once an execution has closed (the same
 * name is then ExecutionAlreadyExists even with the same input) is not exercised here; either way nothing new starts.
 */

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012'; // moto's default account
const ROOT = '/backup-estate/prod';
const RESOURCE = `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`;

const catalog: StartCatalog = {
  partition: 'aws',
  accountId: ACCOUNT,
  region: REGION,
  onDemandRules: ['daily/daily-35d'],
  drills: { 'orders-db': { resourceArn: RESOURCE, resourceType: 'RDS', restoreMetadataOverrides: { DBSubnetGroupName: 'drills' }, targetRecoveryMinutes: 60 } },
};

/** A start request as the JWT authorizer hands it on. */
function post(path: '/backups' | '/drills', headers: Record<string, string>, body: unknown, sub = 'okta|00u1jane') {
  return httpApiEvent({
    accountId: ACCOUNT, method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body,
    domainName: 'api.execute-api.eu-west-1.amazonaws.com', claims: { sub, iss: 'https://issuer.example.test', scope: 'backup-estate/start' },
  });
}

describe('start routes through the start-execution function against Step Functions (moto)', () => {
  let moto: MotoServer;
  let sfn: SFNClient;
  const arns: Record<string, string> = {};

  beforeAll(async () => {
    moto = await startMoto();
    useEndpoint(moto.endpoint, REGION);
    sfn = new SFNClient({});
    const ssm = new SSMClient({});
    for (const [machine, parameter] of [['prod-backup-orchestrator', 'orchestration/backup-orchestrator/arn'], ['prod-dr-drill', 'orchestration/dr-drill/arn']]) {
      ({ stateMachineArn: arns[machine] } = (await sfn.send(new CreateStateMachineCommand({
        name: machine,
        roleArn: `arn:aws:iam::${ACCOUNT}:role/${machine}-${REGION}`,
        type: 'STANDARD',
        definition: JSON.stringify({ StartAt: 'Accept', States: { Accept: { Type: 'Pass', End: true } } }),
      }))) as { stateMachineArn: string });
      await ssm.send(new PutParameterCommand({ Name: `${ROOT}/${parameter}`, Value: arns[machine], Type: 'String' }));
    }
    await ssm.send(new PutParameterCommand({ Name: `${ROOT}/start-api/catalog`, Value: JSON.stringify(catalog), Type: 'String' }));
    Object.assign(process.env, { PARAMETER_ROOT: ROOT, START_SCOPE: 'backup-estate/start', READ_SCOPE: 'backup-estate/read', EXPOSED_MACHINES: 'backups,drills' });
    clearCaches();
  });

  afterAll(async () => {
    await moto?.stop();
  });

  const executions = async (machine: string) => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: arns[machine] }))).executions ?? [];
  const inputOf = async (executionArn: string) => JSON.parse((await sfn.send(new DescribeExecutionCommand({ executionArn }))).input as string);
  const body = { resourceArn: RESOURCE, rule: 'daily/daily-35d', reason: 'before schema migration' };

  it('a retried start with the same key does not start twice, and the requester is the token subject', async () => {
    const first = await startExecution(post('/backups', { 'idempotency-key': 'change-4711-orders-db' }, body), lambdaContext());
    const retry = await startExecution(post('/backups', { 'Idempotency-Key': 'change-4711-orders-db' }, body), lambdaContext());

    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    const started = JSON.parse(first.body as string);
    expect(JSON.parse(retry.body as string).executionArn).toBe(started.executionArn);
    expect((await executions('prod-backup-orchestrator')).map((e) => e.name)).toEqual(['change-4711-orders-db']);
    expect(await inputOf(started.executionArn)).toEqual({ ...body, requestedBy: { subject: 'okta|00u1jane', issuer: 'https://issuer.example.test' } });
  });

  it('the same key from another caller or with another body is 409 and starts nothing', async () => {
    const otherCaller = await startExecution(post('/backups', { 'Idempotency-Key': 'change-4711-orders-db' }, body, 'okta|00u2john'), lambdaContext());
    const otherBody = await startExecution(post('/backups', { 'Idempotency-Key': 'change-4711-orders-db' }, { resourceArn: RESOURCE }), lambdaContext());
    expect([otherCaller.statusCode, otherBody.statusCode]).toEqual([409, 409]);
    expect(await executions('prod-backup-orchestrator')).toHaveLength(1);
  });

  it.each([
    ['no Idempotency-Key', {}, body, 'InvalidIdempotencyKey'],
    ['a resource of another account', { 'Idempotency-Key': 'k1' }, { resourceArn: `arn:aws:rds:${REGION}:210987654321:db:orders` }, 'ResourceNotInEnvironment'],
    ['a rule the region does not have', { 'Idempotency-Key': 'k2' }, { resourceArn: RESOURCE, rule: 'adhoc/forever' }, 'UnknownRule'],
    ['a vault of its own', { 'Idempotency-Key': 'k3' }, { resourceArn: RESOURCE, vaultName: 'elsewhere' }, 'UnsupportedField'],
    ['a self-declared requester', { 'Idempotency-Key': 'k4' }, { resourceArn: RESOURCE, requestedBy: { name: 'admin' } }, 'UnsupportedField'],
  ])('a backup with %s is refused (400) before any execution starts', async (_what, headers, requestBody, error) => {
    const response = await startExecution(post('/backups', headers as Record<string, string>, requestBody), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body as string).error).toBe(error);
    expect(await executions('prod-backup-orchestrator')).toHaveLength(1);
  });

  it.each([
    ['an undeclared drill', { drillName: 'anything', resourceArn: RESOURCE }, 'UnsupportedField'],
    ['an unknown drill name', { drillName: 'payments-db' }, 'UnknownDrill'],
    ['a public copy of the database', { drillName: 'orders-db', restoreMetadataOverrides: { PubliclyAccessible: 'true' } }, 'OverrideNotAllowed'],
    ['another subnet group', { drillName: 'orders-db', restoreMetadataOverrides: { DBSubnetGroupName: 'public' } }, 'OverrideNotAllowed'],
  ])('a drill with %s is refused (400) before any execution starts', async (_what, requestBody, error) => {
    const response = await startExecution(post('/drills', { 'Idempotency-Key': 'drill-1' }, requestBody), lambdaContext());
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body as string).error).toBe(error);
    expect(await executions('prod-dr-drill')).toHaveLength(0);
  });

  it('a configured drill runs with the configured resource, the allowed override, PubliclyAccessible forced off and the token subject', async () => {
    const response = await startExecution(post('/drills', { 'Idempotency-Key': 'drill-2' }, { drillName: 'orders-db', restoreMetadataOverrides: { DBInstanceClass: 'db.t4g.medium' } }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(await inputOf(JSON.parse(response.body as string).executionArn)).toEqual({
      drillName: 'orders-db',
      resourceArn: RESOURCE,
      resourceType: 'RDS',
      restoreMetadataOverrides: { DBInstanceClass: 'db.t4g.medium', DBSubnetGroupName: 'drills', DeletionProtection: 'false', PubliclyAccessible: 'false' },
      targetRecoveryMinutes: 60,
      targetRecoverySeconds: 3600,
      requestedBy: { subject: 'okta|00u1jane', issuer: 'https://issuer.example.test' },
    });
  });

  it('the status route then reports that execution by its key (the real function against moto)', async () => {
    const get = (name: string) => executionStatus({
      routeKey: 'GET /executions/{machine}/{name}',
      pathParameters: { machine: 'backups', name },
      requestContext: { requestId: 'r', authorizer: { jwt: { claims: { sub: 'jane', scope: 'backup-estate/read' }, scopes: null } } },
    } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer, lambdaContext());
    const found = await get('change-4711-orders-db');
    const missing = await get('never-used');
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
