import { Logger } from '@aws-lambda-powertools/logger';
import { clearCaches } from '@aws-lambda-powertools/parameters';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT, awsError, lambdaContext, PARAMETER_ROOT, REGION } from './fixtures';
import { httpApiEvent, type JwtClaims } from '../support/http-api-event';
import { handler } from '../../lambda-src/execution-status';
import { grantedScopes } from '../../lambda-src/shared/scopes';

const ssm = mockClient(SSMClient);
const sfn = mockClient(SFNClient);

const READ_SCOPE = 'backup-estate/read';
const ORCHESTRATOR = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:test-backup-orchestrator`;
const DRILL = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:test-dr-drill`;

function request(machine: string, name: string, claims: JwtClaims = { sub: 'user-1', scope: `openid ${READ_SCOPE}` }, scopes: string[] | null = null) {
  return httpApiEvent({
    accountId: ACCOUNT, method: 'GET', route: '/executions/{machine}/{name}', path: `/executions/${machine}/${name}`, pathParameters: { machine, name }, claims, scopes,
  });
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body as string);

beforeEach(() => {
  ssm.reset();
  sfn.reset();
  clearCaches();
  process.env.READ_SCOPE = READ_SCOPE;
  process.env.EXPOSED_MACHINES = 'backups,drills';
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/backup-orchestrator/arn` }).resolves({ Parameter: { Value: ORCHESTRATOR } });
  ssm.on(GetParameterCommand, { Name: `${PARAMETER_ROOT}/orchestration/dr-drill/arn` }).resolves({ Parameter: { Value: DRILL } });
});

describe('execution-status', () => {
  it('GIVEN a caller with the read scope WHEN it asks for a finished backup THEN it gets the status and the parsed output', async () => {
    const executionArn = `arn:aws:states:${REGION}:${ACCOUNT}:execution:test-backup-orchestrator:change-4711`;
    sfn.on(DescribeExecutionCommand, { executionArn }).resolves({
      executionArn,
      stateMachineArn: ORCHESTRATOR,
      status: 'SUCCEEDED',
      startDate: new Date('2024-05-01T10:00:00Z'),
      stopDate: new Date('2024-05-01T10:30:00Z'),
      output: JSON.stringify({ outcome: 'SUCCEEDED', backupJobId: 'job-1' }),
    });

    const result = await handler(request('backups', 'change-4711'), lambdaContext());

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json' });
    expect(bodyOf(result)).toEqual({
      executionArn,
      machine: 'backups',
      name: 'change-4711',
      status: 'SUCCEEDED',
      startDate: '2024-05-01T10:00:00.000Z',
      stopDate: '2024-05-01T10:30:00.000Z',
      output: { outcome: 'SUCCEEDED', backupJobId: 'job-1' },
    });
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 1);
  });

  it('GIVEN a failed drill THEN error and cause are reported, a running one has no stopDate or output', async () => {
    sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => (input.executionArn.endsWith(':failed')
      ? { executionArn: input.executionArn, status: 'FAILED', startDate: new Date('2024-05-01T10:00:00Z'), stopDate: new Date('2024-05-01T11:00:00Z'), error: 'DRILL_FAILED', cause: 'restore failed' }
      : { executionArn: input.executionArn, status: 'RUNNING', startDate: new Date('2024-05-01T10:00:00Z') }));

    const failed = bodyOf(await handler(request('drills', 'failed'), lambdaContext()));
    const running = bodyOf(await handler(request('drills', 'running'), lambdaContext()));

    expect(failed).toMatchObject({ machine: 'drills', status: 'FAILED', error: 'DRILL_FAILED', cause: 'restore failed', executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:test-dr-drill:failed` });
    expect(running).toEqual({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:test-dr-drill:running`, machine: 'drills', name: 'running', status: 'RUNNING', startDate: '2024-05-01T10:00:00.000Z' });
  });

  it('GIVEN an output that is not JSON THEN it is returned as text', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED', startDate: new Date('2024-05-01T10:00:00Z'), output: 'plain text' });
    expect(bodyOf(await handler(request('backups', 'x'), lambdaContext())).output).toBe('plain text');
  });

  it.each<[string, JwtClaims, string[] | null]>([
    ['no scope claim at all', { sub: 'user-1' }, null],
    ['only the start scope', { sub: 'user-1', scope: 'backup-estate/start' }, null],
    ['a scope that merely contains the read scope', { sub: 'user-1', scope: 'backup-estate/read-all' }, null],
  ])('GIVEN a caller with %s THEN 403 and nothing is read or described', async (_what, claims, scopes) => {
    const result = await handler(request('backups', 'change-4711', claims, scopes), lambdaContext());
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toEqual({ error: 'Forbidden', message: `The token does not grant the scope ${READ_SCOPE}` });
    expect(ssm).not.toHaveReceivedAnyCommand();
    expect(sfn).not.toHaveReceivedAnyCommand();
  });

  it('accepts the read scope from `scp` (array, or the text API Gateway makes of it) and from the authorizer scopes', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', startDate: new Date() });
    for (const [claims, scopes] of [
      [{ sub: 's', scp: ['other', READ_SCOPE] }, null],
      [{ sub: 's', scp: `[other ${READ_SCOPE}]` }, null],
      [{ sub: 's' }, [READ_SCOPE]],
    ] as [JwtClaims, string[] | null][]) {
      expect((await handler(request('backups', 'x', claims, scopes), lambdaContext())).statusCode).toBe(200);
    }
  });

  it.each([
    ['an unknown machine', 'restores', 'x', 404, 'UnknownMachine'],
    ['an ARN smuggled in as machine', 'arn:aws:states:x', 'x', 404, 'UnknownMachine'],
    ['a name with a colon', 'backups', 'a:b', 400, 'InvalidExecutionName'],
    ['a name with a slash', 'backups', 'a/b', 400, 'InvalidExecutionName'],
    ['a name of 81 characters', 'backups', 'a'.repeat(81), 400, 'InvalidExecutionName'],
    ['an empty name', 'backups', '', 400, 'InvalidExecutionName'],
  ])('GIVEN %s (%s/%s) THEN %i %s with a JSON error and no AWS call', async (_what, machine, name, statusCode, error) => {
    const result = await handler(request(machine, name), lambdaContext());
    expect(result.statusCode).toBe(statusCode);
    expect(bodyOf(result)).toMatchObject({ error });
    expect(sfn).not.toHaveReceivedAnyCommand();
  });

  it('GIVEN a deployment that exposes only backups WHEN drills are asked for THEN 404', async () => {
    process.env.EXPOSED_MACHINES = 'backups';
    const result = await handler(request('drills', 'x'), lambdaContext());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result).message).toBe('Unknown machine "drills": use one of backups');
    expect(ssm).not.toHaveReceivedAnyCommand();
  });

  it('GIVEN an execution that does not exist THEN 404 ExecutionDoesNotExist', async () => {
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    const result = await handler(request('backups', 'never-started'), lambdaContext());
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ error: 'ExecutionDoesNotExist', message: 'No backups execution named never-started' });
  });

  it('GIVEN another error THEN it is thrown (API Gateway answers 500), not hidden', async () => {
    sfn.on(DescribeExecutionCommand).rejects(awsError('AccessDeniedException'));
    await expect(handler(request('backups', 'x'), lambdaContext())).rejects.toThrow('AccessDeniedException');
  });

  it('logs the caller\'s sub with every line of the request', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', startDate: new Date() });
    const appended = jest.spyOn(Logger.prototype, 'appendKeys');
    try {
      await handler(request('backups', 'x', { sub: 'jane', scope: READ_SCOPE }), lambdaContext());
      expect(appended).toHaveBeenCalledWith(expect.objectContaining({ sub: 'jane', requestId: 'request-1' }));
    } finally {
      appended.mockRestore();
    }
  });
});

describe('grantedScopes', () => {
  it('reads scope, scp and the authorizer list', () => {
    expect([...grantedScopes({ claims: { scope: 'a b' }, scopes: ['c'] })].sort()).toEqual(['a', 'b', 'c']);
    expect([...grantedScopes({ claims: { scp: ['d'] }, scopes: null })]).toEqual(['d']);
    expect([...grantedScopes(undefined)]).toEqual([]);
  });
});
