import type { DescribeRestoreJobOutput, GetRecoveryPointRestoreMetadataOutput, StartRestoreJobOutput } from '@aws-sdk/client-backup';
import { jobWaitBound } from '../../../../modules/orchestration/state-machines/job-wait-bound';
import { TASK_TOKEN_PUT_CONDITION } from '../../../../modules/orchestration/state-machines/task-token-wait';
import { drDrillDefinition } from '../../../../modules/orchestration/state-machines/dr-drill-definition';
import type { AwsJson } from '../../../../tools/lib/fault-matrix/aws-json';
import { TaskTokenTable } from '../../../../tools/lib/fault-matrix/task-token-table';
import { awsError, CallLog, EXECUTION_NAME, Handlers, outcomeOf, runLocally, tailHandlers } from '../../../../tools/lib/fault-matrix/local-state-machine';
import { drillProps } from '../../../../tools/lib/fault-matrix/fixtures';

const props = drillProps('plain');
const definition = drDrillDefinition(props);
const SOURCE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
const RECOVERY_POINT = 'arn:aws:backup:eu-west-1:111122223333:recovery-point:rp-latest';
const RESTORED = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders-drill-exec-0001';
const request = { drillName: 'orders-monthly', resourceArn: SOURCE, resourceType: 'DynamoDB', restoreMetadataOverrides: { billingMode: 'PAY_PER_REQUEST' }, targetRecoveryMinutes: 60 };

interface Scenario {
  noRecoveryPoint?: boolean;
  restoreFails?: boolean;
  validation?: 'SUCCESSFUL' | 'FAILED' | 'SKIPPED' | 'throws';
  /**
   * The wait round in which the restore job's event arrives: the rounds before it time out and their describes find
   * the job RUNNING. Infinity: the job never ends. @default 1
   */
  restoreRounds?: number;
}

function world(s: Scenario = {}): { handlers: Handlers; log: CallLog; tokens: TaskTokenTable } {
  const log = new CallLog();
  const tokens = new TaskTokenTable();
  let restoreWaits = 0;
  const handlers: Handlers = {
    FindRecoveryPoint: (input) => {
      if (s.noRecoveryPoint) throw awsError('NoRecoveryPointFound', { errorType: 'NoRecoveryPointFound', errorMessage: `No completed recovery point of ${input.Payload.resourceArn}` });
      return { StatusCode: 200, Payload: { recoveryPointArn: RECOVERY_POINT, backupVaultName: 'prod-primary', creationDate: '2025-05-31T03:00:00Z', resourceType: 'DynamoDB' } };
    },
    GetRestoreMetadata: () => ({ BackupVaultArn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-primary', RecoveryPointArn: RECOVERY_POINT, RestoreMetadata: { targetTableName: 'orders', encryptionType: 'Default' } } satisfies AwsJson<GetRecoveryPointRestoreMetadataOutput>),
    PlanRestore: () => ({ StatusCode: 200, Payload: { metadata: { targetTableName: `orders-drill-${EXECUTION_NAME}`, encryptionType: 'Default' } } }),
    StartRestoreJob: () => ({ RestoreJobId: 'restore-job-1' } satisfies AwsJson<StartRestoreJobOutput>),
    WaitForRestoreJob: (input) => {
      tokens.put(input);
      restoreWaits += 1;
      if (restoreWaits < (s.restoreRounds ?? 1)) throw awsError('States.Timeout', 'Task timed out');
      const job = { jobId: input.Item.jobId.S, jobType: 'RESTORE', completedWithIssues: false };
      if (s.restoreFails) throw awsError('RestoreJobFailed', { ...job, state: 'FAILED', statusMessage: 'Table name already exists' });
      return { ...job, state: 'COMPLETED', createdResourceArn: RESTORED, completionDate: '2025-06-01T10:20:00Z' };
    },
    DescribeRestoreJob: ({ RestoreJobId }) => (restoreWaits < (s.restoreRounds ?? 1)
      ? { RestoreJobId, Status: 'RUNNING', PercentDone: '40%' }
      : { RestoreJobId, Status: 'COMPLETED', CreatedResourceArn: RESTORED }),
    ValidateRestore: () => {
      if (s.validation === 'throws') throw awsError('ResourceNotFoundException', 'Requested resource not found');
      return { StatusCode: 200, Payload: { validationStatus: s.validation ?? 'SUCCESSFUL', message: s.validation === 'FAILED' ? 'item count 0, expected > 0' : 'item count 1042', readyAt: '2025-06-01T10:21:00.000Z' } };
    },
    CleanUp: ({ Payload }) => ({ StatusCode: 200, Payload: { deleted: true, createdResourceArn: Payload.createdResourceArn, recoveryTimeSeconds: 1210 } }),
    ...tailHandlers(),
  };
  return { handlers: log.wrap(handlers), log, tokens };
}

const HEAD = ['Start', 'ReadClock', 'ComputeExpiry', 'ValidateRequest', 'ApplyDefaults', 'FindRecoveryPoint'];
const TO_RESTORE = [...HEAD, 'GetRestoreMetadata', 'PlanRestore', 'StartRestoreJob', 'WaitForRestoreJob'];
const RESTORED_PATH = [...TO_RESTORE, 'CheckRestoreResult', 'RestoreCompleted', 'RestoredClusterNeedsWriter', 'ValidateRestore'];

describe('DR drill, run locally', () => {
  it('happy path: restore, validate, clean up; DRILL_SUCCEEDED with the recovery time; nothing reported to AWS Backup', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...RESTORED_PATH, 'CleanUp', 'DrillOutcome', 'DrillSucceeded',
      'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.transitions).toBe(21);
    expect(log.of('FindRecoveryPoint')[0]).toEqual({ FunctionName: props.restorePlannerFunctionArn, Payload: { action: 'latest-recovery-point', resourceArn: SOURCE, vaultName: null } });
    expect(log.of('PlanRestore')[0].Payload).toEqual({
      action: 'restore-metadata', resourceType: 'DynamoDB', resourceArn: SOURCE, recoveryPointArn: RECOVERY_POINT,
      restoreMetadata: { targetTableName: 'orders', encryptionType: 'Default' }, overrides: { billingMode: 'PAY_PER_REQUEST' }, drillId: EXECUTION_NAME,
    });
    expect(log.of('StartRestoreJob')[0]).toEqual({
      RecoveryPointArn: RECOVERY_POINT, Metadata: { targetTableName: `orders-drill-${EXECUTION_NAME}`, encryptionType: 'Default' },
      IamRoleArn: props.restoreRoleArn, ResourceType: 'DynamoDB', IdempotencyToken: EXECUTION_NAME,
    });
    expect(log.of('WaitForRestoreJob')[0].Item.jobType).toEqual({ S: 'RESTORE' });
    expect(log.of('ValidateRestore')[0].Payload).toEqual({ mode: 'drill', resourceType: 'DynamoDB', createdResourceArn: RESTORED, sourceResourceArn: SOURCE, drillId: EXECUTION_NAME });
    expect(log.of('CleanUp')[0].Payload).toEqual({
      restoreJobId: 'restore-job-1', resourceType: 'DynamoDB', createdResourceArn: RESTORED, sourceResourceArn: SOURCE, drillId: EXECUTION_NAME, resourceReadyAt: '2025-06-01T10:21:00.000Z',
    });
    const { item, details, subject } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
    expect(item).toMatchObject({ outcome: { S: 'DRILL_SUCCEEDED' }, recoveryTimeSeconds: { N: '1210' }, validationStatus: { S: 'SUCCESSFUL' }, resourceArn: { S: SOURCE } });
    expect(details).toMatchObject({
      outcome: 'DRILL_SUCCEEDED', drillName: 'orders-monthly', recoveryTimeSeconds: 1210, validationStatus: 'SUCCESSFUL', targetRecoveryMinutes: 60,
      createdResourceArn: RESTORED, cleanup: { deleted: true },
    });
    expect(details).not.toHaveProperty('validationReport');
    expect(subject).toBe('[dr-drill] DRILL_SUCCEEDED');
    expect(run.output).toEqual(details);
  });

  it('a clean-up still in progress (EFS mount targets) is called again until it finishes', async () => {
    // GIVEN a clean-up that reports CleanupInProgress twice before deleting
    const { handlers, log } = world();
    let calls = 0;
    const cleanUp = handlers.CleanUp;
    handlers.CleanUp = (input) => {
      calls += 1;
      if (calls <= 2) throw awsError('CleanupInProgress', 'Deleting 2 mount targets; retry to delete the file system');
      return cleanUp(input);
    };
    // WHEN the drill runs
    const run = await runLocally(definition, request, handlers);
    // THEN it retried the clean-up (retries are not transitions) and succeeded
    expect(calls).toBe(3);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.transitions).toBe(21);
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').item).toMatchObject({ outcome: { S: 'DRILL_SUCCEEDED' } });
  });

  it('the waits for a resource not ready yet and for a clean-up in progress fit in the 4 hours the machine allows beyond the restore', () => {
    /** The longest a retrier can wait in total (no jitter: FULL jitter only shortens it). */
    const longest = (state: string, error: string) => {
      const retrier = ((definition.States[state] as { Retry: Record<string, any>[] }).Retry).find((r) => r.ErrorEquals.includes(error))!;
      let total = 0;
      for (let attempt = 0; attempt < retrier.MaxAttempts; attempt += 1) total += Math.min(retrier.IntervalSeconds * retrier.BackoffRate ** attempt, retrier.MaxDelaySeconds);
      return { total, attempts: retrier.MaxAttempts as number };
    };
    const validate = longest('ValidateRestore', 'RestoredResourceNotReady');
    const cleanUp = longest('CleanUp', 'CleanupInProgress');
    // Each validator run takes at most its timeout (300 s); each clean-up run hands back after at most 5 minutes of work.
    const worst = validate.total + (validate.attempts + 1) * 300 + cleanUp.total + (cleanUp.attempts + 1) * 360;
    expect(worst).toBeLessThan(4 * 3600);
    expect(validate.total).toBeGreaterThanOrEqual(3600); // an Aurora writer is given about an hour to become available
  });

  it('a drill never calls PutRestoreValidationResult: AWS Backup accepts it only for jobs of restore testing plans', () => {
    const resources = Object.values(definition.States).map((state) => String((state as { Resource?: unknown }).Resource ?? ''));
    expect(resources.filter((r) => r.includes('putRestoreValidationResult'))).toEqual([]);
  });

  it('a restored resource not ready yet (RestoredResourceNotReady) is validated again until it is', async () => {
    const { handlers, log } = world();
    let calls = 0;
    const validate = handlers.ValidateRestore;
    handlers.ValidateRestore = (input) => {
      calls += 1;
      if (calls <= 2) throw awsError('RestoredResourceNotReady', 'DB instance drill-x is modifying; validate again later');
      return validate(input);
    };
    const run = await runLocally(definition, request, handlers);
    expect(calls).toBe(3);
    expect(run.status).toBe('SUCCEEDED');
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').details).toMatchObject({ validationStatus: 'SUCCESSFUL' });
  });

  it('validation FAILED: cleanup still runs, DRILL_FAILED recorded and notified', async () => {
    const { handlers, log } = world({ validation: 'FAILED' });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('DRILL_FAILED');
    expect(run.path).toEqual([...RESTORED_PATH, 'CleanUp', 'DrillOutcome', 'ValidationFailed',
      'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(20);
    expect(log.of('CleanUp')).toHaveLength(1);
    const { item, details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'DRILL_FAILED' });
    expect(details).toMatchObject({ stage: 'ValidateRestore', validationStatus: 'FAILED', recoveryTimeSeconds: 1210, cleanup: { deleted: true } });
    expect(run.cause).toBe(`Validation of ${RESTORED} reported FAILED: item count 0, expected > 0`);
    expect(subject).toBe('[dr-drill] DRILL_FAILED');
  });

  it('the validator throws: FAILED is recorded, cleanup still runs, DRILL_FAILED', async () => {
    const { handlers, log } = world({ validation: 'throws' });
    const run = await runLocally(definition, request, handlers);
    expect(run.error).toBe('DRILL_FAILED');
    expect(run.path).toEqual([...RESTORED_PATH, 'ValidatorFailed', 'CleanUp', 'DrillOutcome', 'ValidationFailed',
      'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(21);
    expect(log.of('CleanUp')).toHaveLength(1);
    expect(log.of('CleanUp')[0].Payload.resourceReadyAt).toBeNull();
    expect(outcomeOf(log, 'RecordFailure', 'NotifyFailure').details).toMatchObject({
      validationStatus: 'FAILED', validationMessage: 'The validator failed: ResourceNotFoundException: Requested resource not found', cleanup: { deleted: true },
    });
  });

  it('the restore job fails: no cleanup (nothing was created), DRILL_FAILED recorded and notified', async () => {
    const { handlers, log } = world({ restoreFails: true });
    const run = await runLocally(definition, request, handlers);
    expect(run.error).toBe('DRILL_FAILED');
    expect(run.path).toEqual([...TO_RESTORE, 'RestoreJobFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(14);
    expect(log.of('CleanUp')).toEqual([]);
    expect(log.of('ValidateRestore')).toEqual([]);
    const { item, detailsText } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item.outcome).toEqual({ S: 'DRILL_FAILED' });
    for (const fact of ['"stage":"WaitForRestoreJob"', '"restoreJobId":"restore-job-1"', 'NOT_NEEDED: the restore job did not complete', 'Table name already exists']) {
      expect(detailsText).toContain(fact);
    }
    expect(JSON.parse(run.cause as string)).toMatchObject({ jobType: 'RESTORE', state: 'FAILED' });
  });

  it('no recovery point: DRILL_FAILED recorded and notified, nothing restored', async () => {
    const { handlers, log } = world({ noRecoveryPoint: true });
    const run = await runLocally(definition, request, handlers);
    expect(run.error).toBe('DRILL_FAILED');
    expect(run.path).toEqual([...HEAD, 'NoRecoveryPoint', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(run.transitions).toBe(10);
    expect(log.of('StartRestoreJob')).toEqual([]);
    const { item, detailsText, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(item).toMatchObject({ outcome: { S: 'DRILL_FAILED' }, resourceArn: { S: SOURCE } });
    expect(detailsText).toContain('"error":"NoRecoveryPointFound"');
    expect(detailsText).toContain('"stage":"FindRecoveryPoint"');
    expect(subject).toBe('[dr-drill] DRILL_FAILED');
  });

  describe('recovery objective (targetRecoverySeconds; the clean-up measures 1210 seconds)', () => {
    const SUCCESS_END = ['CleanUp', 'DrillOutcome'];
    const SUCCESS_TAIL = ['RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded'];

    it.each([
      ['met', 3600, true, 'DrillSucceededObjectiveMet', 'MET: recovered in 1210 seconds, objective 3600 seconds'],
      ['met exactly', 1210, true, 'DrillSucceededObjectiveMet', 'MET: recovered in 1210 seconds, objective 1210 seconds'],
      ['missed', 600, false, 'DrillSucceededObjectiveMissed', 'MISSED: recovered in 1210 seconds, objective 600 seconds'],
    ] as const)('objective %s: DRILL_SUCCEEDED, and the output, record and notification say whether it was met', async (_label, target, met, state, text) => {
      const { handlers, log } = world();
      const run = await runLocally(definition, { ...request, targetRecoverySeconds: target }, handlers);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.path.slice(-7)).toEqual([...SUCCESS_END, state, ...SUCCESS_TAIL]);
      expect(run.transitions).toBe(21);
      const { item, details, message, subject } = outcomeOf(log, 'RecordSuccess', 'NotifySuccess');
      const objective = { outcome: 'DRILL_SUCCEEDED', recoveryTimeSeconds: 1210, targetRecoverySeconds: target, recoveryObjectiveMet: met, recoveryObjective: text };
      expect(run.output).toMatchObject(objective);
      expect(details).toEqual(run.output);
      expect(message).toEqual(run.output);
      expect(item).toMatchObject({ outcome: { S: 'DRILL_SUCCEEDED' }, recoveryTimeSeconds: { N: '1210' } });
      expect(subject).toBe('[dr-drill] DRILL_SUCCEEDED');
    });

    it('no target: DRILL_SUCCEEDED without recoveryObjectiveMet (not assessed), targetRecoverySeconds null', async () => {
      const { handlers, log } = world();
      const run = await runLocally(definition, request, handlers);
      expect(run.path.slice(-7)).toEqual([...SUCCESS_END, 'DrillSucceeded', ...SUCCESS_TAIL]);
      expect(run.output.targetRecoverySeconds).toBeNull();
      expect(run.output).not.toHaveProperty('recoveryObjectiveMet');
      expect(run.output).not.toHaveProperty('recoveryObjective');
      expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').details).not.toHaveProperty('recoveryObjectiveMet');
    });

    it('a target of null is no target', async () => {
      const { handlers } = world();
      const run = await runLocally(definition, { ...request, targetRecoverySeconds: null }, handlers);
      expect(run.path).toContain('DrillSucceeded');
      expect(run.output).not.toHaveProperty('recoveryObjectiveMet');
    });

    it('a failed validation is DRILL_FAILED whatever the objective', async () => {
      const { handlers } = world({ validation: 'FAILED' });
      const run = await runLocally(definition, { ...request, targetRecoverySeconds: 3600 }, handlers);
      expect(run.error).toBe('DRILL_FAILED');
      expect(run.path).toContain('ValidationFailed');
    });

    it('a target that is not a number: INVALID_REQUEST, nothing restored', async () => {
      const { handlers, log } = world();
      const run = await runLocally(definition, { ...request, targetRecoverySeconds: '3600' }, handlers);
      expect(run.error).toBe('INVALID_REQUEST');
      expect(run.cause).toContain('targetRecoverySeconds, when given, must be a number');
      expect(log.of('FindRecoveryPoint')).toEqual([]);
    });
  });

  it('the restore callback never arrives and DescribeRestoreJob says COMPLETED: validates and cleans up', async () => {
    const { handlers, log } = world();
    const run = await runLocally(definition, request, {
      ...handlers,
      WaitForRestoreJob: () => { throw awsError('States.Timeout', 'Task timed out'); },
      DescribeRestoreJob: ({ RestoreJobId }) => ({ RestoreJobId, Status: 'COMPLETED', CreatedResourceArn: RESTORED } satisfies AwsJson<DescribeRestoreJobOutput>),
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual(expect.arrayContaining(['DescribeRestoreJob', 'RestoreJobStatus', 'RestoreCompletedPerDescribe', 'CleanUp']));
    expect(log.of('CleanUp')).toHaveLength(1);
  });
});

describe('DR drill: a restore that outlasts the callback timeout is waited for again, in bounded rounds', () => {
  const ROUNDS = 28;
  const round = (first: boolean) => ['DescribeRestoreJob', 'RestoreJobStatus', first ? 'FirstRestoreRewait' : 'NextRestoreRewait', 'WaitForRestoreJob'];
  const rounds = (n: number) => Array.from({ length: n }, (_, i) => round(i === 0)).flat();

  it('the bound: 7 days in waits of 6 hours; the execution timeout allows them plus 4 hours', () => {
    expect(jobWaitBound(props)).toEqual({ rounds: ROUNDS, seconds: 7 * 86400 });
    expect(definition.TimeoutSeconds).toBe(7 * 86400 + 4 * 3600);
  });

  it.each([
    ['1 callback timeout', 2],
    ['2 callback timeouts', 3],
  ])('GIVEN a restore job that outlasts %s WHEN the drill runs THEN it is waited for again, validated and cleaned up: DRILL_SUCCEEDED', async (_label, n) => {
    const { handlers, log, tokens } = world({ restoreRounds: n });
    const run = await runLocally(definition, request, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...TO_RESTORE, ...rounds(n - 1), 'CheckRestoreResult', 'RestoreCompleted', 'RestoredClusterNeedsWriter', 'ValidateRestore',
      'CleanUp', 'DrillOutcome', 'DrillSucceeded', 'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(run.transitions).toBe(21 + 4 * (n - 1));
    expect(log.of('WaitForRestoreJob').map((w) => [w.Item.jobId.S, w.ConditionExpression])).toEqual(Array(n).fill(['restore-job-1', TASK_TOKEN_PUT_CONDITION]));
    expect(tokens.puts.every((p) => p.accepted)).toBe(true);
    expect(log.of('CleanUp')).toHaveLength(1);
    expect(outcomeOf(log, 'RecordSuccess', 'NotifySuccess').details).toMatchObject({ outcome: 'DRILL_SUCCEEDED', createdResourceArn: RESTORED });
  });

  it('GIVEN a restore job that never finishes WHEN the drill runs THEN it stops after the last round: DRILL_FAILED recorded and notified, clean-up left to a person', async () => {
    const { handlers, log } = world({ restoreRounds: Infinity });
    const run = await runLocally(definition, request, handlers);
    expect(run.error).toBe('DRILL_FAILED');
    expect(run.path).toEqual([...TO_RESTORE, ...rounds(ROUNDS - 1), 'DescribeRestoreJob', 'RestoreJobStatus', 'RestoreTimedOut', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(log.of('WaitForRestoreJob')).toHaveLength(ROUNDS);
    expect(log.of('CleanUp')).toEqual([]);
    const { details, subject } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    expect(details).toMatchObject({
      outcome: 'DRILL_FAILED', stage: 'DescribeRestoreJob', error: 'RestoreJobTimedOut', restoreJobId: 'restore-job-1',
      cause: `Restore job restore-job-1 is still RUNNING after ${ROUNDS} callback waits of 21600 seconds`,
    });
    expect(details.cleanup).toContain('NOT_DONE: the restore job is still running');
    expect(subject).toBe('[dr-drill] DRILL_FAILED');
  });
});

describe('DR drill of an Aurora cluster: AWS Backup restores the cluster only, the drill adds a writer, validates, removes both', () => {
  const SOURCE_CLUSTER = 'arn:aws:rds:eu-west-1:111122223333:cluster:orders-aurora';
  const RESTORED_CLUSTER = `arn:aws:rds:eu-west-1:111122223333:cluster:drill-${EXECUTION_NAME}`;
  const WRITER = `arn:aws:rds:eu-west-1:111122223333:db:drill-${EXECUTION_NAME}`;
  const auroraRequest = { drillName: 'orders-aurora-monthly', resourceArn: SOURCE_CLUSTER, resourceType: 'Aurora', restoreMetadataOverrides: { DBInstanceClass: 'db.r6g.large' } };

  function auroraWorld(writer: 'created' | 'fails' = 'created') {
    const { handlers, log } = world();
    // The restore job reports the cluster; the validator's "aurora-writer" mode creates the instance.
    const restoredCluster = (h: Handlers[string]): Handlers[string] => (input) => {
      const out = h(input) as Record<string, unknown>;
      return 'createdResourceArn' in out ? { ...out, createdResourceArn: RESTORED_CLUSTER } : out;
    };
    handlers.WaitForRestoreJob = restoredCluster(handlers.WaitForRestoreJob);
    const added: Handlers = {};
    added.CreateAuroraWriter = () => {
      if (writer === 'fails') throw awsError('InsufficientDBInstanceCapacityFault', { errorType: 'InsufficientDBInstanceCapacityFault', errorMessage: 'no capacity for db.r6g.large' });
      return { StatusCode: 200, Payload: { dbInstanceArn: WRITER, dbInstanceIdentifier: `drill-${EXECUTION_NAME}`, dbInstanceClass: 'db.r6g.large' } };
    };
    let validations = 0;
    added.ValidateRestore = () => {
      validations += 1;
      // The writer is "creating" for the first two validations.
      if (validations <= 2) throw awsError('RestoredResourceNotReady', { errorType: 'RestoredResourceNotReady', errorMessage: 'Writer instance is creating; validate again later' });
      return { StatusCode: 200, Payload: { validationStatus: 'SUCCESSFUL', message: 'DB cluster and its writer instance are available', readyAt: '2025-06-01T10:35:00.000Z' } };
    };
    // world()'s handlers already record their calls; only the replaced ones are wrapped here.
    return { handlers: { ...handlers, ...log.wrap(added) }, log, validations: () => validations };
  }

  it('creates the writer after the restore, validates once it is available, then cleans up with the writer ready time', async () => {
    const { handlers, log, validations } = auroraWorld();
    const run = await runLocally(definition, auroraRequest, handlers);
    expect(run.status).toBe('SUCCEEDED');
    expect(run.path).toEqual([...TO_RESTORE, 'CheckRestoreResult', 'RestoreCompleted', 'RestoredClusterNeedsWriter', 'CreateAuroraWriter', 'ValidateRestore',
      'CleanUp', 'DrillOutcome', 'DrillSucceeded', 'RecordSuccess', 'NotifySuccess', 'CheckSuccessRecorded', 'Succeeded']);
    expect(log.of('CreateAuroraWriter')[0]).toEqual({
      FunctionName: props.restoreValidatorFunctionArn,
      Payload: { mode: 'aurora-writer', createdResourceArn: RESTORED_CLUSTER, sourceResourceArn: SOURCE_CLUSTER, overrides: { DBInstanceClass: 'db.r6g.large' }, drillId: EXECUTION_NAME },
    });
    expect(validations()).toBe(3);
    // The clean-up (which deletes the writer, then the cluster) measures the recovery time to when the writer was available.
    expect(log.of('CleanUp')[0].Payload).toEqual({
      restoreJobId: 'restore-job-1', resourceType: 'Aurora', createdResourceArn: RESTORED_CLUSTER, sourceResourceArn: SOURCE_CLUSTER, drillId: EXECUTION_NAME,
      resourceReadyAt: '2025-06-01T10:35:00.000Z',
    });
  });

  it('a writer that cannot be created fails the validation; the restored cluster is still cleaned up', async () => {
    const { handlers, log } = auroraWorld('fails');
    const run = await runLocally(definition, auroraRequest, handlers);
    expect(run.error).toBe('DRILL_FAILED');
    expect(run.path).toEqual([...TO_RESTORE, 'CheckRestoreResult', 'RestoreCompleted', 'RestoredClusterNeedsWriter', 'CreateAuroraWriter', 'AuroraWriterNotCreated',
      'CleanUp', 'DrillOutcome', 'ValidationFailed', 'RecordFailure', 'NotifyFailure', 'Failed']);
    expect(log.of('ValidateRestore')).toEqual([]);
    expect(log.of('CleanUp')[0].Payload).toMatchObject({ createdResourceArn: RESTORED_CLUSTER, resourceReadyAt: null });
    // The message holds the function error's JSON Cause, which the local runner cannot keep parseable: checked as text.
    const { detailsText } = outcomeOf(log, 'RecordFailure', 'NotifyFailure');
    for (const fact of ['"validationStatus":"FAILED"', '"deleted":true', 'could not add a writer instance to the restored Aurora cluster: InsufficientDBInstanceCapacityFault']) {
      expect(detailsText).toContain(fact);
    }
  });
});
