import type { State } from '../../../../modules/orchestration/state-machines/asl-types';
import { DEFAULT_MAX_JOB_DURATION_SECONDS, jobWaitBound, MAX_WAIT_ROUNDS } from '../../../../modules/orchestration/state-machines/job-wait-bound';
import { TASK_TOKEN_PUT_CONDITION } from '../../../../modules/orchestration/state-machines/task-token-wait';
import { backupOrchestratorDefinition } from '../../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import { jobRecoveryDefinition } from '../../../../modules/orchestration/state-machines/job-recovery-definition';
import { drDrillDefinition } from '../../../../modules/orchestration/state-machines/dr-drill-definition';
import { taskResources } from '../../../../modules/orchestration/state-machines/definition-actions';
import { validate } from '../../../../tools/lib/fault-matrix/local-state-machine';
import { drillProps, orchestratorProps, recoveryProps } from '../../../../tools/lib/fault-matrix/fixtures';

const REGION = /\b[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-\d{1,2}\b/g;
const ACCOUNT = /(?<![\d])\d{12}(?![\d])/g;

const builders = {
  'backup orchestrator': (k: 'tokens' | 'plain') => backupOrchestratorDefinition(orchestratorProps(k)),
  'job recovery': (k: 'tokens' | 'plain') => jobRecoveryDefinition(recoveryProps(k)),
  'DR drill': (k: 'tokens' | 'plain') => drDrillDefinition(drillProps(k)),
};
const cases = Object.entries(builders).flatMap(([name, build]) => (['tokens', 'plain'] as const).map((k) => [`${name} (${k})`, () => build(k)] as const));

describe('state machine definitions', () => {
  it.each(cases)('%s passes asl-validator 4', (_name, build) => {
    const definition = build();
    const { isValid, errorsText } = validate(definition);
    if (!isValid) console.error(errorsText('\n'));
    expect(isValid).toBe(true);
  });

  it.each(cases)('%s: every Resource is a states integration of the partition', (_name, build) => {
    const resources = taskResources(build());
    expect(resources.length).toBeGreaterThan(0);
    for (const [, resource] of resources) expect(resource).toMatch(/^arn:aws:states:::/);
  });

  it.each(Object.entries(builders))('%s: built from tokens, holds no account ID or region name; JSON round trip is lossless', (_name, build) => {
    const text = JSON.stringify(build('tokens'));
    expect(text.match(ACCOUNT) ?? []).toEqual([]);
    expect(text.match(REGION) ?? []).toEqual([]);
    expect(JSON.parse(text)).toEqual(build('tokens'));
  });

  it.each(Object.entries(builders))('%s: intrinsic functions nest at most 10 deep (the Step Functions limit)', (_name, build) => {
    const depths: number[] = [];
    const visit = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('States.')) {
        let depth = 0;
        let max = 0;
        for (const m of v.matchAll(/States\.[A-Za-z]+\(|\)/g)) {
          depth += m[0] === ')' ? -1 : 1;
          max = Math.max(max, depth);
        }
        depths.push(max);
      } else if (v && typeof v === 'object') Object.values(v).forEach(visit);
    };
    visit(build('tokens'));
    expect(Math.max(...depths)).toBeLessThanOrEqual(10);
  });

  it('builds the partition into every integration ARN', () => {
    const cn = taskResources(drDrillDefinition({ ...drillProps('tokens'), partition: 'aws-cn' }));
    expect(cn.every(([, resource]) => resource.startsWith('arn:aws-cn:states:::'))).toBe(true);
  });

  it('the resources per state (for IAM)', () => {
    for (const [name, build] of Object.entries(builders)) {
      const rows = taskResources(build('tokens')).map(([state, resource]) => `${state.padEnd(34)} ${resource}`);
      console.log(`${name}\n  ${rows.join('\n  ')}`);
    }
  });
});

describe('callback waits in bounded rounds', () => {
  const HOUR = 3600;
  /** Every state, Map item processors included. */
  const allStates = (states: Record<string, State>): [string, State][] => Object.entries(states).flatMap(([name, state]) => {
    const inner = (state.ItemProcessor as { States?: Record<string, State> } | undefined)?.States;
    return [[name, state] as [string, State], ...(inner ? allStates(inner) : [])];
  });

  it.each(Object.entries(builders))('%s: every callback wait stores its token with the re-wait condition and is re-entered by a re-wait state', (_name, build) => {
    const states = allStates(build('tokens').States);
    const waits = states.filter(([, s]) => String(s.Resource).endsWith('putItem.waitForTaskToken'));
    expect(waits.length).toBeGreaterThan(0);
    for (const [name, wait] of waits) {
      expect((wait.Parameters as Record<string, unknown>).ConditionExpression).toBe(TASK_TOKEN_PUT_CONDITION);
      expect(wait.TimeoutSeconds).toBe(6 * HOUR);
      const rewaits = states.filter(([, s]) => s.Type === 'Pass' && s.Next === name).map(([n]) => n);
      expect(rewaits).toHaveLength(2);
    }
  });

  it('rounds = the maximum job duration in callback waits, rounded up; 7 days by default', () => {
    expect(DEFAULT_MAX_JOB_DURATION_SECONDS).toBe(7 * 24 * HOUR);
    expect(jobWaitBound({ callbackTimeoutSeconds: 24 * HOUR })).toEqual({ rounds: 7, seconds: 7 * 24 * HOUR });
    expect(jobWaitBound({ callbackTimeoutSeconds: 5 * HOUR })).toEqual({ rounds: 34, seconds: 170 * HOUR });
    expect(jobWaitBound({ callbackTimeoutSeconds: 168 * HOUR })).toEqual({ rounds: 1, seconds: 168 * HOUR });
    expect(jobWaitBound({ callbackTimeoutSeconds: HOUR, maxJobDurationSeconds: 30 * 60 })).toEqual({ rounds: 1, seconds: HOUR });
    // The schema's shortest callback timeout (1 h) with the default bound stays within the history budget.
    expect(jobWaitBound({ callbackTimeoutSeconds: HOUR }).rounds).toBeLessThanOrEqual(MAX_WAIT_ROUNDS);
  });

  it('more rounds than the execution history allows, or a bound that is no whole number of seconds, is refused', () => {
    expect(() => jobWaitBound({ callbackTimeoutSeconds: HOUR, maxJobDurationSeconds: 30 * 24 * HOUR })).toThrow(`at most ${MAX_WAIT_ROUNDS}`);
    expect(() => backupOrchestratorDefinition({ ...orchestratorProps(), maxJobDurationSeconds: 0 })).toThrow('maxJobDurationSeconds must be a positive whole number; got 0');
    expect(() => drDrillDefinition({ ...drillProps(), callbackTimeoutSeconds: 1.5 })).toThrow('callbackTimeoutSeconds must be a positive whole number');
  });

  it('GIVEN a maximum job duration within one callback timeout THEN no re-wait state: the job still running after it is reported as before', () => {
    const definition = backupOrchestratorDefinition({ ...orchestratorProps(), maxJobDurationSeconds: 6 * HOUR });
    expect(validate(definition).isValid).toBe(true);
    expect(Object.keys(definition.States).filter((n) => n.endsWith('Rewait'))).toEqual([]);
    const status = definition.States.BackupJobStatus as { Choices: { Next: string }[] };
    expect(status.Choices.map((c) => c.Next)).toEqual(['BackupCompletedPerDescribe', 'BackupTimedOut']);
    expect(definition.TimeoutSeconds).toBe(2 * 6 * HOUR + HOUR);
    expect(JSON.stringify(definition.States.BackupTimedOut)).toContain('after the callback timeout of 21600 seconds');
  });

  it('GIVEN exactly two rounds THEN only the first re-wait exists (the second wait is the last)', () => {
    const definition = jobRecoveryDefinition({ ...recoveryProps(), maxJobDurationSeconds: 12 * HOUR });
    expect(validate(definition).isValid).toBe(true);
    expect(Object.keys(definition.States).filter((n) => n.endsWith('Rewait')).sort()).toEqual(['BackupFirstRewait', 'CopyFirstRewait']);
    const status = definition.States.BackupJobStatus as { Choices: { Next: string }[] };
    expect(status.Choices.map((c) => c.Next)).toEqual(['BackupRecoveryPointPerDescribe', 'BackupAttemptTimedOut', 'BackupFirstRewait']);
  });
});
