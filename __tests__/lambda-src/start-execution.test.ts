import { clearCaches } from '@aws-lambda-powertools/parameters';
import { SFNClient, StartExecutionCommand, type StartExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { StartCatalog } from '../../config/function-contract/start-catalog';
import { ACCOUNT, awsError, lambdaContext, PARAMETER_ROOT, REGION } from './fixtures';
import { httpApiEvent, type JwtClaims } from '../support/http-api-event';
import { handler } from '../../lambda-src/start-execution';
import { requesterOf } from '../../lambda-src/start-execution/request';

const ssm = mockClient(SSMClient);
const sfn = mockClient(SFNClient);

const START_SCOPE = 'backup-estate/start';
const ORCHESTRATOR = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:test-backup-orchestrator`;
const DRILL = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:test-dr-drill`;
const DB = `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders`;
const catalog: StartCatalog = {
  partition: 'aws', accountId: ACCOUNT, region: REGION, onDemandRules: ['daily/daily-35d'],
  drills: { 'orders-db': { resourceArn: DB, resourceType: 'RDS', restoreMetadataOverrides: { PubliclyAccessible: 'true' } } },
};

/** A start request as the JWT authorizer hands it on. */
function post(path: string, body: unknown, headers: Record<string, string> = { 'idempotency-key': 'change-1' }, claims: JwtClaims = { sub: 'user-1', client_id: 'backstage', scope: START_SCOPE }) {
  return httpApiEvent({ accountId: ACCOUNT, method: 'POST', path, headers, body, claims });
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body as string);
const started: StartExecutionCommandOutput = { executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:test-dr-drill:change-1`, startDate: new Date('2026-12-05T06:00:00Z'), $metadata: {} };

beforeEach(() => {
  ssm.reset();
  sfn.reset();
  clearCaches();
  Object.assign(process.env, { START_SCOPE, EXPOSED_MACHINES: 'backups,drills' });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/start-api/catalog` }).resolves({ Parameter: { Value: JSON.stringify(catalog) } });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/backup-orchestrator/arn` }).resolves({ Parameter: { Value: ORCHESTRATOR } });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/dr-drill/arn` }).resolves({ Parameter: { Value: DRILL } });
  sfn.on(StartExecutionCommand).resolves(started);
});

describe('start-execution', () => {
  it('GIVEN a configured drill WHEN started THEN the input comes from the catalog, deletion protection and PubliclyAccessible are forced "false" (as for scheduled drills) and the requester is the token', async () => {
    const result = await handler(post('/drills', { drillName: 'orders-db' }), lambdaContext());
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ executionArn: started.executionArn, startDate: '2026-12-05T06:00:00.000Z' });
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
    const call = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(call).toMatchObject({ stateMachineArn: DRILL, name: 'change-1' });
    expect(JSON.parse(call.input as string)).toEqual({
      drillName: 'orders-db', resourceArn: DB, resourceType: 'RDS', restoreMetadataOverrides: { DeletionProtection: 'false', PubliclyAccessible: 'false' },
      requestedBy: { subject: 'user-1', clientId: 'backstage' },
    });
  });

  it.each([
    ['without the start scope', post('/backups', { resourceArn: DB }, undefined, { sub: 'user-1', scope: 'backup-estate/read' }), 403],
    ['without a sub claim', post('/backups', { resourceArn: DB }, undefined, { client_id: 'machine', scope: START_SCOPE }), 401],
    ['without an Idempotency-Key', post('/backups', { resourceArn: DB }, {}), 400],
    ['on a machine this API does not expose', post('/drills', { drillName: 'orders-db' }), 404],
    ['with an S3 bucket ARN of the wrong partition', post('/backups', { resourceArn: 'arn:aws-cn:s3:::bucket' }), 400],
    ['with a body that is not an object', post('/backups', ['x']), 400],
  ])('GIVEN a request %s THEN it is refused and StartExecution is never called', async (_what, event, status) => {
    process.env.EXPOSED_MACHINES = 'backups';
    const result = await handler(event, lambdaContext());
    expect(result.statusCode).toBe(status);
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('GIVEN a key already used otherwise WHEN Step Functions answers ExecutionAlreadyExists THEN 409 and nothing else', async () => {
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists', 'Execution Already Exists'));
    const result = await handler(post('/backups', { resourceArn: `arn:aws:s3:::orders-bucket`, rule: 'daily/daily-35d' }), lambdaContext());
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result).error).toBe('ExecutionAlreadyExists');
  });

  it('takes the requester from the verified claims only: sub, iss and the client (client_id or azp)', () => {
    expect(requesterOf({ sub: 'a', iss: 'https://i', azp: 'portal' })).toEqual({ subject: 'a', issuer: 'https://i', clientId: 'portal' });
    expect(requesterOf({ sub: '' })).toBeUndefined();
  });
});
