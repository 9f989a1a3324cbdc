import { DEFAULT_RETRY_POLICY } from '../../../modules/orchestration/backup-orchestration';
import { ERROR_CLASSES, errorClass, INTEGRATIONS } from './errors';
import { type FaultRow, type MachineMatrix, NON_FATAL_STATES, type OutcomeKind, type RunOutcome, TAIL_OUTCOMES, TRANSIENT_FAILURES } from './matrix';

/*
 * docs/fault-matrix.md from the matrix rows. Pure: the same rows give the same text (`npm run faults -- --check`
 * and __tests__/modules/orchestration/state-machines/fault-matrix.test.ts compare it with the committed file).
 */

export const FAULT_MATRIX_DOC = 'docs/fault-matrix.md';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text}\``;

const KIND_TEXT: Readonly<Record<OutcomeKind, string>> = {
  'retried': 'retried',
  'recorded+notified': 'recorded + notified',
  'recorded': 'recorded, not notified',
  'notified': 'notified, not recorded',
  'n/a': 'not applicable',
  'gap': 'GAP: nothing recorded, nobody notified',
};

function statusText(run: RunOutcome): string {
  return run.status === 'SUCCEEDED' ? 'SUCCEEDED' : `FAILED (${run.error})`;
}

function retriesText(run: RunOutcome): string {
  if (run.retries === 0) return run.thrown > 1 ? `not retried, returned ${run.thrown}×` : 'not retried';
  // Each failing call but the last of a Retry is retried; more calls than that: a re-attempt called it again.
  return run.thrown === run.retries || run.thrown === run.retries + 1 ? `retried ${run.retries}×` : `returned ${run.thrown}×, retried ${run.retries}×`;
}

/** What reached the audit table and the topic, with the outcome written when it is not the run's final Error. */
function channelsText(kind: OutcomeKind, run: RunOutcome): string {
  const values = [...new Set([run.recorded, run.notified].filter((v): v is string => v !== undefined && v !== run.error))];
  return values.length > 0 ? `${KIND_TEXT[kind]} (${values.join(' / ')})` : KIND_TEXT[kind];
}

function outcomeText(row: FaultRow): string {
  const run = row.run as RunOutcome;
  if (row.kind === 'retried') return `${retriesText(run)}, then as without the error`;
  const deliberate = row.state in TAIL_OUTCOMES ? ', deliberate (see Tail states)'
    : row.state in (NON_FATAL_STATES[row.machine] ?? {}) ? ', not fatal by design (see Non-fatal states)' : '';
  return `${retriesText(run)}; ${channelsText(row.kind, run)}${deliberate}`;
}

function persistingText(row: FaultRow): string {
  if (!row.persisting || !row.persistingKind) return '—';
  return `${retriesText(row.persisting)}, then ${channelsText(row.persistingKind, row.persisting)} → ${statusText(row.persisting)}`;
}

function stateText(row: FaultRow): string {
  return row.map ? `${code(row.state)} (in Map ${code(row.map)}, first item)` : code(row.state);
}

function machineSection(m: MachineMatrix): string[] {
  const lines: string[] = [];
  const states = [...new Set(m.rows.map((r) => r.state))];
  const gaps = m.rows.filter((r) => r.gaps.length > 0);
  lines.push(`## ${m.title} (${code(m.machine)})`, '');
  lines.push(`${states.length} Task states × ${ERROR_CLASSES.length} error classes: ${m.rows.length} rows, ${gaps.length} gaps. Scenarios (each fault goes into the first scenario that calls the state):`, '');
  for (const s of m.scenarios) lines.push(`- ${s.name} (${s.expected === 'SUCCEEDED' ? 'SUCCEEDED' : `FAILED ${s.expected}`}): ${s.reaches.map(code).join(', ')}`);
  lines.push('');
  lines.push('| state | SDK call (IAM action) | error class | exception | outcome | final status | if it persists |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of m.rows) {
    const cls = errorClass(row.errorClass).title;
    if (!row.exception || !row.run) {
      lines.push(`| ${stateText(row)} | ${code(row.action)} | ${cls} | — | not applicable: no such error, see Error names | — | — |`);
      continue;
    }
    const gap = row.gaps.length > 0 ? ` **GAP: ${cell(row.gaps.join('; '))}**` : '';
    lines.push(`| ${stateText(row)} | ${code(row.action)} | ${cls} | ${code(row.exception.name)} | ${cell(outcomeText(row))}${gap} | ${statusText(row.run)} | ${cell(persistingText(row))} |`);
  }
  lines.push('');
  return lines;
}

function errorNamesSection(): string[] {
  const lines = ['## Error names', ''];
  lines.push('The exceptions each integration reports per error class, as Retry and Catch match them, and where each name comes from.', '');
  lines.push(`| integration | ${ERROR_CLASSES.map((c) => `${c.title} (${c.transient ? 'transient' : 'permanent'})`).join(' | ')} |`);
  lines.push(`| --- | ${ERROR_CLASSES.map(() => '---').join(' | ')} |`);
  for (const integration of INTEGRATIONS) {
    const cells = ERROR_CLASSES.map((c) => {
      const entry = integration.classes[c.id];
      return 'none' in entry ? 'none' : entry.exceptions.map((e) => code(e.name)).join(', ');
    });
    lines.push(`| [${integration.title}](${integration.reference}) | ${cells.join(' | ')} |`);
  }
  lines.push('', 'Sources of the names:', '');
  const sources = new Map<string, string[]>();
  for (const integration of INTEGRATIONS) {
    for (const c of ERROR_CLASSES) {
      const entry = integration.classes[c.id];
      if ('none' in entry) continue;
      for (const e of entry.exceptions) sources.set(e.source, [...new Set([...(sources.get(e.source) ?? []), e.name])]);
    }
  }
  for (const [source, names] of sources) lines.push(`- ${source}: ${names.map(code).join(', ')}`);
  const none = INTEGRATIONS.flatMap((i) => ERROR_CLASSES.flatMap((c) => {
    const entry = i.classes[c.id];
    return 'none' in entry ? [`- ${i.title}, ${c.title}: ${entry.none}`] : [];
  }));
  lines.push('', 'Classes without a counterpart (rows marked not applicable):', '', ...none, '');
  lines.push(
    'How the names are formed (config/aws-facts/step-functions-errors.ts, generated from the SDK service models):',
    '',
    '- AWS SDK integrations (`aws-sdk:backup:*`, `aws-sdk:dynamodb:putItem.waitForTaskToken`): `ServiceName.ErrorName`, both Pascal case,',
    '  the error names the operation\'s model lists, always with the `Exception` suffix',
    '  ([Step Functions: AWS SDK service integrations](https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html)).',
    '  A row drives a modeled error only at the states whose operation lists it: Step Functions reports nothing else under that name.',
    '- Optimized integrations: `Lambda.<ErrorName>`',
    '  ([Step Functions: Handle Lambda service exceptions](https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html)),',
    '  `DynamoDB.<error>` and `SNS.<error>`; where a model name lacks the suffix both spellings are retried.',
    '- Errors no model lists (AWS Backup\'s throttling and access denied are common errors no Backup operation models) reach',
    '  Step Functions under a generic name: `<Service>.<Service>Exception` for the aws-sdk integrations (observed on AWS for',
    '  DynamoDb and SecretsManager), the Java SDK\'s base exception for the optimized ones (`DynamoDB.AmazonDynamoDBException`',
    '  observed, `Lambda.AWSLambdaException` documented). Request-response calls therefore retry `States.TaskFailed` after',
    '  sending their permanent modeled errors to the Catch (a retrier with MaxAttempts 0): throttling is retried whatever its',
    '  name. An unmodeled permanent error (access denied) cannot be told from throttling by its name, so it is retried too,',
    '  then recorded and notified.',
    '',
  );
  return lines;
}

export function renderFaultMatrix(machines: readonly MachineMatrix[]): string {
  const rows = machines.flatMap((m) => m.rows);
  const policy = DEFAULT_RETRY_POLICY;
  const lines: string[] = [
    '<!-- Generated by `npm run faults` (tools/generate/fault-matrix.ts) from the state machine definitions. Do not edit by hand: change the definitions or tools/lib/fault-matrix/ and run `npm run faults`. -->',
    '',
    '# Fault matrix',
    '',
    'Every AWS call the state machines make (every Task state, Map iterations and the record / notify tail included), driven',
    `through each error class (${ERROR_CLASSES.map((c) => c.title).join(', ')})`,
    'with the exception names the service integration really reports. Each row is a local execution (aws-local-stepfunctions, waits and retry intervals',
    'set to 0) of the definition built by modules/orchestration/state-machines/ with the fixture props of the tests and the production',
    `retry policy (${policy.maxAttempts} retries, ${policy.intervalSeconds} s doubling up to ${policy.maxDelaySeconds} s, full jitter), so the retry counts are the deployed ones.`,
    '',
    `- A transient error (${ERROR_CLASSES.filter((c) => c.transient).map((c) => c.title).join(', ')}) is returned ${TRANSIENT_FAILURES} times, then the call succeeds:`,
    '  the outcome column says what the run did with it. "If it persists" is a second run where every call returns it.',
    '- A permanent error (invalid request, not found, access denied) is returned by every call.',
    '- Inside a Map only the first item\'s calls fail; the other items run normally.',
    '',
    'Outcomes:',
    '',
    `- **retried N×, then as without the error**: a Retry matched; once the error cleared the run took the same path and`,
    '  ended as it does without the fault (same status, same audit record, same notification).',
    '- **recorded + notified**: the execution recorded its outcome in the audit table (the EXECUTION record, its details',
    '  naming the error) and published it to the SNS topic; the outcome is the final status\' Error unless shown in parentheses.',
    '- **recorded, not notified** / **notified, not recorded**: only when the failing call is the notification or the record',
    '  itself (see Tail states).',
    '- **returned N×** without retries: the machine called the state again (a re-attempt loop). For a permanent error that',
    '  is a gap, as is a transient error that is not retried, and an execution that fails with nothing recorded and nobody notified.',
    '',
    '| machine | Task states | rows | retried | recorded + notified | tail (deliberate) | not applicable | gaps |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const m of machines) {
    const count = (f: (r: FaultRow) => boolean) => m.rows.filter(f).length;
    lines.push(`| ${m.title} | ${new Set(m.rows.map((r) => r.state)).size} | ${m.rows.length} | ${count((r) => r.kind === 'retried')} | ${count((r) => r.kind === 'recorded+notified')} | ${count((r) => r.kind === 'recorded' || r.kind === 'notified')} | ${count((r) => r.kind === 'n/a')} | ${count((r) => r.gaps.length > 0)} |`);
  }
  const gaps = rows.filter((r) => r.gaps.length > 0);
  lines.push('', gaps.length === 0 ? 'No gaps.' : `**${gaps.length} gaps**: ${gaps.map((r) => `${r.machine} ${r.state} ${r.exception?.name}`).join(', ')}.`, '');

  lines.push('## Tail states', '');
  lines.push('Every outcome ends in the shared tail: record (DynamoDB PutItem into the audit table), notify (SNS Publish), then', 'Succeed or Fail. When the failing call is one of these two, the other still happens:', '');
  for (const [state, t] of Object.entries(TAIL_OUTCOMES)) lines.push(`- ${code(state)} fails (permanent, or transient after its retries): ${KIND_TEXT[t.kind]}. ${t.text}`);
  lines.push('', 'The machine\'s `<name>-executions-failed` CloudWatch alarm (modules/orchestration/orchestration-state-machine.ts: ExecutionsFailed,', 'ExecutionsTimedOut, ExecutionsAborted) notifies the same topic through CloudWatch whenever an execution fails.', '');
  lines.push('## Non-fatal states', '', 'States whose errors are deliberately not fatal (the run goes on, its record and notification carry the error):', '');
  for (const [machine, states] of Object.entries(NON_FATAL_STATES)) {
    for (const [state, text] of Object.entries(states)) lines.push(`- ${machine} ${code(state)}: ${text}`);
  }
  if (Object.values(NON_FATAL_STATES).every((states) => Object.keys(states).length === 0)) lines.push('- none: every caught error ends the run as a failure, recorded and notified.');
  lines.push('');
  lines.push(...errorNamesSection());
  for (const m of machines) lines.push(...machineSection(m));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
