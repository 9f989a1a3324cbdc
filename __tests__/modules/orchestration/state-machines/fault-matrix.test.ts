import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_RETRY_POLICY } from '../../../../modules/orchestration/backup-orchestration';
import { BACKUP_ORCHESTRATOR_MACHINE, backupOrchestratorDefinition } from '../../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import { taskResources } from '../../../../modules/orchestration/state-machines/definition-actions';
import { DR_DRILL_MACHINE, drDrillDefinition } from '../../../../modules/orchestration/state-machines/dr-drill-definition';
import { JOB_RECOVERY_MACHINE, jobRecoveryDefinition } from '../../../../modules/orchestration/state-machines/job-recovery-definition';
import { runFaults } from '../../../../tools/generate/fault-matrix';
import { ERROR_CLASSES, exceptionsAt, INTEGRATIONS } from '../../../../tools/lib/fault-matrix/errors';
import { type FaultRow, type MachineMatrix, NON_FATAL_STATES, type OutcomeKind, runFaultMatrix, TAIL_OUTCOMES, TRANSIENT_FAILURES } from '../../../../tools/lib/fault-matrix/matrix';
import { FAULT_MATRIX_DOC, renderFaultMatrix } from '../../../../tools/lib/fault-matrix/render';
import { drillProps, orchestratorProps, recoveryProps } from '../../../../tools/lib/fault-matrix/fixtures';
import { typescriptCommand } from '../../../../tools/lib/typescript-command';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

/** The definitions as the machine tests build them (fixture props): what the matrix must cover. */
const DEFINITIONS = {
  [BACKUP_ORCHESTRATOR_MACHINE]: backupOrchestratorDefinition(orchestratorProps('plain')),
  [JOB_RECOVERY_MACHINE]: jobRecoveryDefinition(recoveryProps('plain')),
  [DR_DRILL_MACHINE]: drDrillDefinition(drillProps('plain')),
};

const ALLOWED: readonly OutcomeKind[] = ['retried', 'recorded+notified', 'recorded', 'notified', 'n/a'];

let matrix: MachineMatrix[];
let rows: FaultRow[];
let runSeconds: number;

beforeAll(async () => {
  // WHEN the whole matrix runs (one local execution per row and error mode)
  const started = Date.now();
  matrix = await runFaultMatrix();
  runSeconds = (Date.now() - started) / 1000;
  rows = matrix.flatMap((m) => m.rows);
});

const expectedOf = (row: FaultRow) => matrix.find((m) => m.machine === row.machine)?.scenarios.find((s) => s.name === row.scenario)?.expected;
const isNonFatal = (row: FaultRow) => row.state in (NON_FATAL_STATES[row.machine] ?? {});
const describeRow = (row: FaultRow) => `${row.machine} ${row.state} ${row.errorClass} ${row.exception?.name ?? '(none)'}`;

describe('fault matrix: coverage', () => {
  it('covers the three machines, and every Task state of each (Map iterations and tail included) × every error class', () => {
    // GIVEN the Task states of the definitions the machine tests build
    for (const [machine, definition] of Object.entries(DEFINITIONS)) {
      const tasks = taskResources(definition);
      const m = matrix.find((x) => x.machine === machine);
      // THEN the matrix has a row for each of them and each error class, and no row for anything else
      expect(m).toBeDefined();
      const covered = new Set((m as MachineMatrix).rows.map((r) => `${r.state} ${r.errorClass}`));
      const wanted = tasks.flatMap(([state]) => ERROR_CLASSES.map((c) => `${state} ${c.id}`));
      expect([...covered].sort()).toEqual([...wanted].sort());
      // AND each row calls the state's own resource
      for (const row of (m as MachineMatrix).rows) expect(row.resource).toBe(tasks.find(([s]) => s === row.state)?.[1]);
    }
    expect(matrix.map((m) => m.machine)).toEqual([BACKUP_ORCHESTRATOR_MACHINE, JOB_RECOVERY_MACHINE, DR_DRILL_MACHINE]);
  });

  it('drives every exception the state\'s operation can return per the catalogue, or one "not applicable" row where it has none', () => {
    for (const m of matrix) {
      for (const [state, resource] of taskResources(DEFINITIONS[m.machine as keyof typeof DEFINITIONS])) {
        for (const cls of ERROR_CLASSES) {
          const entry = exceptionsAt(resource, cls.id);
          const driven = m.rows.filter((r) => r.state === state && r.errorClass === cls.id);
          if ('none' in entry) {
            expect(driven.map((r) => r.kind)).toEqual(['n/a']);
          } else {
            expect(driven.map((r) => r.exception?.name)).toEqual(entry.exceptions.map((e) => e.name));
          }
        }
      }
    }
  });

  it('uses real exception names: each with its service prefix and a source; a class without one says why', () => {
    for (const integration of INTEGRATIONS) {
      for (const cls of ERROR_CLASSES) {
        const entry = integration.classes[cls.id];
        if ('none' in entry) {
          expect(entry.none.length).toBeGreaterThan(40);
          continue;
        }
        for (const e of entry.exceptions) {
          expect(e.name.startsWith(`${integration.prefix}.`)).toBe(true);
          expect(e.source).not.toBe('');
        }
      }
    }
    // Both integrations name DynamoDB's InternalServerError with the Exception suffix (the optimized one's Retry also lists the bare name).
    const ddb = (id: string) => INTEGRATIONS.find((i) => i.id === id)?.classes['service-unavailable'];
    expect(ddb('dynamodb-sdk')).toEqual({ exceptions: [expect.objectContaining({ name: 'DynamoDb.InternalServerErrorException', modeled: true })] });
    expect(ddb('dynamodb')).toEqual({ exceptions: [expect.objectContaining({ name: 'DynamoDB.InternalServerErrorException', modeled: true })] });
    // AWS Backup models neither throttling nor access denied: both come under its generic name.
    const backup = INTEGRATIONS.find((i) => i.id === 'backup');
    expect(backup?.classes.throttling).toEqual({ exceptions: [expect.objectContaining({ name: 'Backup.BackupException', modeled: false })] });
    expect(backup?.classes['access-denied']).toEqual({ exceptions: [expect.objectContaining({ name: 'Backup.BackupException', modeled: false })] });
  });

  it('the matrix of 3 machines runs in seconds (waits and retry intervals are 0)', () => {
    console.log(`fault matrix: ${rows.length} rows (${matrix.map((m) => `${m.machine} ${m.rows.length}`).join(', ')}) in ${runSeconds.toFixed(1)} s`);
    expect(rows.length).toBeGreaterThan(250);
    expect(runSeconds).toBeLessThan(20);
  });
});

describe('fault matrix: outcomes', () => {
  it('every row ends in an allowed outcome and no row is a gap', () => {
    const gaps = rows.filter((r) => r.gaps.length > 0).map((r) => `${describeRow(r)}: ${r.gaps.join('; ')}`);
    expect(gaps).toEqual([]);
    for (const row of rows) expect(ALLOWED).toContain(row.kind);
  });

  it('transient errors (throttling, limit exceeded, service unavailable) are retried on every state, then the run ends as without them', () => {
    const transient = rows.filter((r) => r.transient && r.exception);
    expect(transient.length).toBeGreaterThan(100);
    for (const row of transient) {
      const run = row.run as NonNullable<FaultRow['run']>;
      // GIVEN the error returned TRANSIENT_FAILURES times, THEN each was retried and the run took its usual path
      expect({ row: describeRow(row), kind: row.kind, thrown: run.thrown, retries: run.retries, same: run.sameAsWithoutFault })
        .toEqual({ row: describeRow(row), kind: 'retried', thrown: TRANSIENT_FAILURES, retries: TRANSIENT_FAILURES, same: true });
      // AND a scenario that succeeds without the fault succeeds with it
      if (expectedOf(row) === 'SUCCEEDED') expect(run.status).toBe('SUCCEEDED');
      else expect(run.error).toBe(expectedOf(row));
    }
  });

  it('a transient error that persists is retried the production number of times, then recorded and/or notified', () => {
    for (const row of rows.filter((r) => r.transient && r.exception)) {
      const persisting = row.persisting as NonNullable<FaultRow['persisting']>;
      expect(persisting.retries).toBeGreaterThanOrEqual(DEFAULT_RETRY_POLICY.maxAttempts);
      expect(ALLOWED).toContain(row.persistingKind);
      expect(row.persistingKind).not.toBe('n/a');
      if (!isNonFatal(row)) expect(persisting.status).toBe('FAILED');
    }
  });

  it('permanent errors (invalid request, not found, access denied) the model lists are not retried; those it does not list are retried, as they cannot be told from throttling; both end recorded + notified, naming the error', () => {
    const permanent = rows.filter((r) => !r.transient && r.exception && !(r.state in TAIL_OUTCOMES));
    expect(permanent.length).toBeGreaterThan(60);
    for (const row of permanent) {
      const run = row.run as NonNullable<FaultRow['run']>;
      const modeled = row.exception?.modeled;
      expect({ row: describeRow(row), kind: row.kind, notRetried: run.thrown === 1 && run.retries === 0, named: run.errorNamed })
        .toEqual({ row: describeRow(row), kind: 'recorded+notified', notRetried: modeled, named: true });
      // THEN the execution fails, except in a state documented as not fatal (its success record carries the error)
      expect(run.status).toBe(isNonFatal(row) ? 'SUCCEEDED' : 'FAILED');
    }
  });

  it('a failing record or notification (the tail) ends as documented: the other channel still happens and the execution fails', () => {
    const tail = rows.filter((r) => r.state in TAIL_OUTCOMES && r.exception);
    // GIVEN the 4 tail states of each machine
    expect(new Set(tail.map((r) => `${r.machine} ${r.state}`)).size).toBe(12);
    for (const row of tail) {
      const documented = TAIL_OUTCOMES[row.state];
      const outcomes = row.transient ? [row.persisting, row.persistingKind] as const : [row.run, row.kind] as const;
      const [run, kind] = outcomes;
      // THEN a permanent error (or a transient one after its retries) gives exactly the documented outcome
      expect({ row: describeRow(row), kind, status: run?.status, error: run?.error })
        .toEqual({ row: describeRow(row), kind: documented.kind, status: 'FAILED', error: documented.error ?? expectedOf(row) });
      if (!row.transient && row.exception?.modeled) expect(run?.retries).toBe(0);
    }
  });

  it('"not applicable" only where the operation has no such error: SNS Publish has no limit-exceeded error, and some AWS Backup calls model no limit or not-found error', () => {
    const na = rows.filter((r) => r.kind === 'n/a');
    expect(na.filter((r) => r.integration === 'sns').map((r) => r.errorClass)).toEqual(expect.arrayContaining(['limit-exceeded']));
    for (const row of na) {
      if (row.integration === 'sns') expect(row.none).toMatch(/throttling/);
      else expect([row.integration, row.none]).toEqual(['backup', expect.stringMatching(/models no (limit exceeded|not found|invalid request|service unavailable) error/)]);
    }
  });

  it('regressions: the error names the definitions used to miss are retried now', () => {
    const row = (machine: string, state: string, exception: string) => rows.find((r) => r.machine === machine && r.state === state && r.exception?.name === exception);
    // The aws-sdk DynamoDB integration spells RequestLimitExceeded with the Exception suffix (callback waits).
    expect(row(BACKUP_ORCHESTRATOR_MACHINE, 'WaitForCopyJob', 'DynamoDb.RequestLimitExceededException')?.kind).toBe('retried');
    expect(row(JOB_RECOVERY_MACHINE, 'ClaimBackupRecovery', 'DynamoDB.InternalServerErrorException')?.kind).toBe('retried');
    // Throttling of AWS Backup, which no Backup operation models (it used to be matched as Backup.ThrottlingException, a name Step Functions never reports).
    expect(row(BACKUP_ORCHESTRATOR_MACHINE, 'StartBackupJob', 'Backup.BackupException')?.kind).toBe('retried');
    // SNS Publish over its rate quota: Throttling, not modeled for Publish.
    expect(row(DR_DRILL_MACHINE, 'NotifyFailure', 'SNS.AmazonSNSException')?.kind).toBe('retried');
  });

  it('regressions: job recovery stops at a permanent error of a re-attempt (RECOVERY_ERROR) instead of re-attempting it', () => {
    // GIVEN a permanent error the model lists, of the re-start, the token put or the describe of a re-attempt
    const attempts = rows.filter((r) => r.machine === JOB_RECOVERY_MACHINE && !r.transient && r.exception?.modeled && /(Restart|WaitForJob|DescribeJob)/.test(r.state));
    expect(new Set(attempts.map((r) => r.state))).toEqual(new Set(['BackupRestart', 'BackupWaitForJob', 'BackupDescribeJob', 'CopyRestart', 'CopyRestartWithLifecycle', 'CopyWaitForJob', 'CopyDescribeJob']));
    // THEN it is called once and the run ends RECOVERY_ERROR, recorded and notified (it used to try all 3 attempts, then ESCALATED)
    for (const row of attempts) expect({ row: describeRow(row), thrown: row.run?.thrown, error: row.run?.error }).toEqual({ row: describeRow(row), thrown: 1, error: 'RECOVERY_ERROR' });
    // AND a transient error that persists still counts as a failed attempt: all attempts, then ESCALATED
    const persisting = rows.find((r) => r.machine === JOB_RECOVERY_MACHINE && r.state === 'BackupRestart' && r.errorClass === 'throttling');
    expect(persisting?.persisting).toMatchObject({ thrown: 3 * (DEFAULT_RETRY_POLICY.maxAttempts + 1), error: 'ESCALATED', recorded: 'ESCALATED', notified: 'ESCALATED' });
  });

  it('an error inside a Map iteration is caught by the Map: the first copy fails, COPY_FAILED is recorded and notified', () => {
    const inMap = rows.filter((r) => r.map === 'CopyToTargets' && !r.transient && r.exception);
    expect(new Set(inMap.map((r) => r.state))).toEqual(new Set(['StartCopyJob', 'WaitForCopyJob', 'DescribeCopyJob']));
    for (const row of inMap) expect(row.run).toMatchObject({ status: 'FAILED', error: 'COPY_FAILED', recorded: 'COPY_FAILED', notified: 'COPY_FAILED', errorNamed: true });
  });
});

describe('fault matrix: docs/fault-matrix.md', () => {
  it('is current: the generator gives the committed file', () => {
    const committed = fs.readFileSync(path.join(ROOT, FAULT_MATRIX_DOC), 'utf8');
    expect(renderFaultMatrix(matrix)).toBe(committed);
  });

  it('has a table per machine with a row per driven exception, and says there is no gap', () => {
    const doc = renderFaultMatrix(matrix);
    for (const m of matrix) {
      const section = doc.slice(doc.indexOf(`## ${m.title} (\`${m.machine}\`)`));
      const table = section.split('\n').filter((l) => l.startsWith('| `'));
      expect(table.length).toBeGreaterThanOrEqual(m.rows.length);
    }
    expect(doc).toContain('| state | SDK call (IAM action) | error class | exception | outcome | final status | if it persists |');
    expect(doc).toContain('No gaps.');
    expect(doc).not.toContain('GAP');
  });

  it('--check reports a stale file without writing it; a bad argument exits 2', async () => {
    // GIVEN an output folder whose fault matrix is out of date
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-matrix-'));
    try {
      fs.mkdirSync(path.join(out, 'docs'));
      fs.writeFileSync(path.join(out, FAULT_MATRIX_DOC), 'stale\n');
      // WHEN the generator checks it (with the matrix run above: running it again would give the same rows)
      const summary = await runFaults({ check: true, out, machines: matrix });
      // THEN it is reported stale and left as it was
      expect(summary).toMatchObject({ ok: false, check: true, file: { path: FAULT_MATRIX_DOC, status: 'stale' }, gaps: [] });
      expect(fs.readFileSync(path.join(out, FAULT_MATRIX_DOC), 'utf8')).toBe('stale\n');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    const bad = spawnSync(...typescriptCommand(ROOT, path.join(ROOT, 'tools', 'generate', 'fault-matrix.ts'), ['--nope']), { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('usage: npm run faults');
  });
});
