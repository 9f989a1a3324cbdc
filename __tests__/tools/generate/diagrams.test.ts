import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvironmentModel } from '../../../config/model';
import { aslGraph } from '../../../tools/lib/diagrams/asl-graph';
import { aslToMermaid } from '../../../tools/lib/diagrams/asl-to-mermaid';
import { parseCron, runTimes } from '../../../tools/lib/diagrams/cron-schedule';
import { diagramDocs, GENERATED_FILES } from '../../../tools/lib/diagrams/documents';
import { environmentDocPath } from '../../../tools/lib/diagrams/environment-doc';
import { estateDiagram } from '../../../tools/lib/diagrams/estate-diagram';
import { eventFlowDiagram } from '../../../tools/lib/diagrams/event-flow-diagram';
import { machineDefinitions } from '../../../tools/lib/diagrams/machine-definitions';
import { label, mermaidBlocks } from '../../../tools/lib/diagrams/mermaid';
import { continuousCounts, retentionCalendar, retentionCounts } from '../../../tools/lib/diagrams/retention-calendar';
import { parseMermaid, type MermaidParseResult, type ParsedFlowchart } from '../../support/mermaid';
import { EXAMPLES_DIR, exampleModels, resourcesOf, synthEnvironment } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

/** Temporary folders of this file, removed when it has run. */
const tempDir = tempDirMaker();

const ROOT = path.join(__dirname, '..', '..', '..');

const models = exampleModels();
const prod = models.find((m) => m.name === 'prod') as EnvironmentModel;
const docs = diagramDocs(models, path.relative(ROOT, EXAMPLES_DIR)) // as the CLI shows the folder it read;

// ---------------------------------------------------------------------------------------------------------------
// An independent reading of ASL for the counts (not asl-graph.ts, which the drawing itself uses).
// ---------------------------------------------------------------------------------------------------------------

type Scope = { StartAt: string; States: Record<string, Record<string, any>> };

function nestedScopes(state: Record<string, any>): Scope[] {
  return [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].filter(Boolean);
}

/** Every state name, nested ones included. */
function stateNames(scope: Scope): string[] {
  return Object.entries(scope.States).flatMap(([name, state]) => [name, ...nestedScopes(state).flatMap(stateNames)]);
}

/** Every transition as `from -> to` (state names; `[start]` / `[end]` for a scope's own start and end). */
function transitions(scope: Scope): string[] {
  const out = [`[start] -> ${scope.StartAt}`];
  for (const [name, s] of Object.entries(scope.States)) {
    if (s.Next) out.push(`${name} -> ${s.Next}`);
    if (s.Default) out.push(`${name} -> ${s.Default}`);
    for (const c of s.Choices ?? []) out.push(`${name} -> ${c.Next}`);
    for (const c of s.Catch ?? []) out.push(`${name} -> ${c.Next}`);
    if (s.End === true || s.Type === 'Succeed' || s.Type === 'Fail') out.push(`${name} -> [end]`);
    for (const nested of nestedScopes(s)) out.push(...transitions(nested));
  }
  return out;
}

const catchCount = (scope: Scope): number =>
  Object.values(scope.States).reduce((n, s) => n + (s.Catch?.length ?? 0) + nestedScopes(s).reduce((m, x) => m + catchCount(x), 0), 0);

/** The parsed flowchart's arrows as `from -> to`, nodes named by the first line of their label (terminals as [start]/[end]). */
function parsedTransitions(chart: ParsedFlowchart): string[] {
  const names = new Map<string, string>();
  for (const v of chart.vertices) names.set(v.id, v.text.split('\n')[0]);
  // Map and Parallel states are subgraphs titled `<name> · Map over ...`.
  for (const g of chart.subgraphs) names.set(g.id, g.title.split(' · ')[0]);
  const nameOf = (id: string) => (/^t\d+$/.test(id) ? (/starts$/.test(names.get(id) ?? '') ? '[start]' : '[end]') : names.get(id) ?? id);
  return chart.edges.map((e) => `${nameOf(e.from)} -> ${nameOf(e.to)}`);
}

// Starting the parser takes about a second: every diagram of the file is parsed in one run (beforeAll), later
// calls read the results.
const parsedDiagrams = new Map<string, MermaidParseResult>();

function parse(texts: readonly string[]): MermaidParseResult[] {
  const missing = [...new Set(texts.filter((t) => !parsedDiagrams.has(t)))];
  if (missing.length > 0) parseMermaid(missing).forEach((result, i) => parsedDiagrams.set(missing[i], result));
  return texts.map((t) => parsedDiagrams.get(t) as MermaidParseResult);
}

function parsedOne(text: string): ParsedFlowchart {
  const [result] = parse([text]);
  if (!result.ok) throw new Error(`mermaid rejected the diagram: ${result.error}`);
  return result.flowchart as ParsedFlowchart;
}

const sorted = (items: readonly string[]) => [...items].sort();

// ---------------------------------------------------------------------------------------------------------------

const BROKEN_DIAGRAMS = [
  'flowchart TD\n  s1["unclosed] --> s2',
  'flowchart TD\n  s1["a "quoted" name"] --> s2',
  'flowchart TD\n  s1 --> ',
  'xychart-beta\n  x-axis [Jan, Feb\n  bar [1, 2]',
  'not a diagram',
];

const AWKWARD_NAME = 'Copy "all" [x] (y) {z} #1 <b> `q` & done';
const LABELLED_DIAGRAM = `flowchart TD\n  s1[${label(AWKWARD_NAME, 'second line')}]\n  s1 -. ${label('Err"or')} .-> s2(${label('#end')})`;

/** Parallel branches, a Map inside one (old-style Iterator), Wait, Succeed and Fail, names that need escaping. */
const NESTED_DEFINITION = {
  StartAt: 'Wait "a bit"',
  States: {
    'Wait "a bit"': { Type: 'Wait', Seconds: 90, Next: 'Fan out [x]' },
    'Fan out [x]': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'A#1', States: { 'A#1': { Type: 'Pass', End: true } } },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map', ItemsPath: '$.items', Iterator: { StartAt: 'Item', States: { Item: { Type: 'Succeed' } } },
              Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }], End: true,
            },
          },
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }],
      Next: 'Done',
    },
    'Done': { Type: 'Succeed' },
    'Broken': { Type: 'Fail', Error: 'Broken' },
  },
};

const machines = machineDefinitions(prod);

beforeAll(() => {
  parse([
    ...docs.files.flatMap((f) => mermaidBlocks(f.content)),
    estateDiagram(models, 'backup-central').text,
    ...machines.map((m) => aslToMermaid(m.definition).text),
    estateDiagram(models).text,
    aslToMermaid(NESTED_DEFINITION).text,
    LABELLED_DIAGRAM,
    ...BROKEN_DIAGRAMS,
  ]);
});

describe('generated docs (npm run diagrams)', () => {
  // The committed docs describe the user's estate in environments/: `npm run generate -- --check --estate` checks them
  // (__tests__/tools/generate/index.test.ts); here the generator is checked on the tests' own estate.
  it('one page per environment, docs/environments/<name>.md, each linked from docs/estate.md; the event flows live there', () => {
    const paths = docs.files.map((f) => f.path);
    expect(paths).toEqual([...GENERATED_FILES, ...models.map((m) => environmentDocPath(m.name))]);
    const estate = docs.files.find((f) => f.path === 'docs/estate.md')?.content ?? '';
    for (const m of models) expect(estate).toContain(`](environments/${m.name}.md)`);
    // The whole-estate picture only: each environment's event flows are on its page, not repeated here.
    expect(mermaidBlocks(estate)).toEqual([estateDiagram(models).text]);
    const page = (name: string) => docs.files.find((f) => f.path === environmentDocPath(name))?.content ?? '';
    // prod orchestrates in eu-west-1: its vault picture and one event flow; dev's page says what it lacks.
    expect(page('prod')).toContain('# prod · 222222222222');
    expect(mermaidBlocks(page('prod'))).toHaveLength(2);
    expect(page('prod')).toContain('| prod · eu-west-1 · prod-primary | backup-central · eu-west-1 · central | daily / daily-35d | cross-account | 90 d |');
    expect(page('dev')).not.toContain('| from | to |');
  });

  it('every generated Mermaid diagram (docs and environment pages) parses with the real mermaid parser', () => {
    const diagrams = docs.files.flatMap((f) => mermaidBlocks(f.content));
    expect(diagrams.length).toBe(docs.files.reduce((n, f) => n + f.diagrams, 0));
    const results = parse(diagrams);
    const failures = results.map((r, i) => (r.ok ? undefined : `diagram ${i + 1}: ${r.error}\n${diagrams[i]}`)).filter(Boolean);
    expect(failures).toEqual([]);
    expect(new Set(results.map((r) => (r.ok ? r.type : 'error')))).toEqual(new Set(['flowchart-v2', 'xychart']));
  });

  it('GIVEN broken diagrams WHEN parsed THEN mermaid rejects them (the check can fail)', () => {
    const results = parse(BROKEN_DIAGRAMS);
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, false]);
  });

  it('GIVEN names with quotes, brackets, # and backticks WHEN labelled THEN the diagram parses and shows them unchanged', () => {
    const chart = parsedOne(LABELLED_DIAGRAM);
    expect(chart.vertices.find((v) => v.id === 's1')?.text).toBe(`${AWKWARD_NAME}\nsecond line`);
    expect(chart.vertices.find((v) => v.id === 's2')?.text).toBe('#end');
    expect(chart.edges[0]).toMatchObject({ stroke: 'dotted', text: 'Err"or' });
  });
});

describe('state machine diagrams', () => {
  it('GIVEN prod THEN its primary region has all three machines', () => {
    expect(machines.map((m) => m.name)).toEqual(['prod-backup-orchestrator', 'prod-job-recovery', 'prod-dr-drill']);
  });

  it.each(machines.map((m) => [m.name, m] as const))('GIVEN %s WHEN drawn THEN mermaid sees every state once and every transition of the ASL', (_name, machine) => {
    const definition = machine.definition as unknown as Scope;
    const diagram = aslToMermaid(machine.definition);
    const chart = parsedOne(diagram.text);
    // States are s<n> vertices, or s<n> subgraphs for Map / Parallel states.
    const stateIds = new Set([...chart.vertices.map((v) => v.id), ...chart.subgraphs.map((g) => g.id)].filter((id) => /^s\d+$/.test(id)));
    expect(stateIds.size).toBe(stateNames(definition).length);
    expect(diagram.states).toBe(stateNames(definition).length);
    expect(chart.edges.length).toBe(transitions(definition).length);
    expect(diagram.edges).toBe(transitions(definition).length);
    expect(sorted(parsedTransitions(chart))).toEqual(sorted(transitions(definition)));
    expect(chart.edges.filter((e) => e.stroke === 'dotted').length).toBe(catchCount(definition));
  });

  it('GIVEN the orchestrator WHEN drawn THEN tasks name their action, callback waits are marked, retries and catches are shown', () => {
    const chart = parsedOne(aslToMermaid(machines[0].definition).text);
    const text = (name: string) => chart.vertices.find((v) => v.text.split('\n')[0] === name)?.text;
    expect(text('StartBackupJob')).toBe('StartBackupJob\nbackup:startBackupJob\n↻ retry 6× on Backup.LimitExceededException, Backup.ServiceUnavailableException; 6× on any other error');
    expect(text('WaitForBackupJob')).toContain('dynamodb:putItem\n⏸ waits for task token\n⏱ timeout 12 h');
    expect(text('UseRule1')).toBe('UseRule1\nRule daily/daily-35d');
    const copyMap = chart.subgraphs.find((g) => g.title.startsWith('CopyToTargets'));
    expect(copyMap?.title).toBe('CopyToTargets · Map over $.settings.copies');
    const ids = (name: string) => chart.vertices.find((v) => v.text.split('\n')[0] === name)?.id ?? chart.subgraphs.find((g) => g.title.startsWith(name))?.id;
    expect(chart.edges).toContainEqual({ from: ids('CopyToTargets'), to: ids('CopyFailed'), stroke: 'dotted', text: 'States.ALL' });
    expect(chart.edges).toContainEqual({ from: ids('WaitForBackupJob'), to: ids('DescribeBackupJob'), stroke: 'dotted', text: 'States.Timeout, DynamoDb.ConditionalCheckFailedException' });
    expect(chart.edges).toContainEqual({ from: ids('ResolveRule'), to: ids('UseRule3'), stroke: 'normal', text: 'request.rule = "monthly-7y/monthly"' });
  });

  it('GIVEN a definition with Parallel branches, a nested Map, Wait and special characters WHEN drawn THEN every state and transition is there', () => {
    const diagram = aslToMermaid(NESTED_DEFINITION);
    const chart = parsedOne(diagram.text);
    expect(diagram.states).toBe(7);
    expect(sorted(parsedTransitions(chart))).toEqual(sorted(transitions(NESTED_DEFINITION as Scope)));
    expect(chart.subgraphs.map((g) => g.title).sort()).toEqual(['Each · Map over $.items\n↻ retry 2× on States.ALL', 'Fan out [x] · Parallel', 'branch 1', 'branch 2']);
    expect(chart.vertices.find((v) => v.text.startsWith('Wait'))?.text).toBe('Wait "a bit"\nwait 90 s');
  });

  it('GIVEN the synthesized prod stack THEN its state machines have exactly the states and transitions drawn', () => {
    const stack = synthEnvironment(prod);
    const synthesized = Object.fromEntries(resourcesOf(stack, 'aws_sfn_state_machine').map(([, body]) => [body.name as string, JSON.parse(body.definition as string)]));
    expect(Object.keys(synthesized).sort()).toEqual(machines.map((m) => m.name).sort());
    const shape = (d: Parameters<typeof aslGraph>[0]) => sorted(aslGraph(d).edges.map((e) => `${e.from} ${e.kind} ${e.to}`));
    for (const m of machines) expect(shape(synthesized[m.name])).toEqual(shape(m.definition));

    // The event flow draws the rules and schedules the stack creates in the orchestration region.
    const flow = eventFlowDiagram(prod, 'eu-west-1');
    const inRegion = resourcesOf(stack, 'aws_cloudwatch_event_rule').filter(([, r]) => r.provider === 'aws.eu-west-1');
    expect(sorted(flow.eventRules)).toEqual(sorted(inRegion.map(([, r]) => r.name as string)));
    expect(sorted(flow.schedules)).toEqual(sorted(resourcesOf(stack, 'aws_scheduler_schedule').map(([, r]) => r.name as string)));
  });
});

describe('estate diagram', () => {
  it('GIVEN the examples WHEN drawn THEN every copy flow of prod is an arrow from its rule vault to the target vault, labelled plan/rule', () => {
    const estate = estateDiagram(models);
    const chart = parsedOne(estate.text);
    const expected = prod.plans.flatMap((plan) => plan.rules.flatMap((rule) => rule.copies.map((copy) => ({
      from: estate.vaultIds.get(`prod/${plan.region}/${rule.vaultName}`),
      to: estate.vaultIds.get(`${copy.destinationEnvironment}/${copy.destinationRegion}/${copy.destinationVaultName}`),
      label: `${plan.name}/${rule.name}: `,
      thick: copy.destinationAccountId !== prod.accountId,
    }))));
    expect(expected).toHaveLength(4);
    const fromProd = chart.edges.filter((e) => e.from === estate.vaultIds.get('prod/eu-west-1/prod-primary'));
    expect(fromProd).toHaveLength(expected.length);
    for (const flow of expected) {
      expect(flow.from).toBeDefined();
      expect(flow.to).toBeDefined();
      const edge = fromProd.find((e) => e.to === flow.to && e.text.startsWith(flow.label));
      expect(edge).toBeDefined();
      expect(edge?.stroke).toBe(flow.thick ? 'thick' : 'normal');
    }
    expect(chart.edges.map((e) => e.text)).toEqual([
      'daily/daily-35d: cross-region copy, 35 d',
      'daily/daily-35d: cross-account copy, 90 d',
      'daily/daily-35d: cross-account copy, 30 d',
      'monthly-7y/monthly: cross-account copy, cold/archive after 90 d, 7 y',
      'staging/weekly-90d: cross-account copy, 90 d',
    ]);
  });

  it('GIVEN the examples THEN every vault is a node inside its account, with its lock or air gap and its plans', () => {
    const estate = estateDiagram(models);
    const chart = parsedOne(estate.text);
    const vaults = models.flatMap((m) => m.vaults.map((v) => `${m.name}/${v.region}/${v.name}`));
    expect(sorted([...estate.vaultIds.keys()])).toEqual(sorted(vaults));
    const text = (key: string) => chart.vertices.find((v) => v.id === estate.vaultIds.get(key))?.text;
    expect(text('prod/eu-west-1/prod-primary')).toBe('eu-west-1 · prod-primary\ngovernance lock 1–2555 d\nplan daily: daily-35d, pitr-7d\nplan monthly-7y: monthly');
    expect(text('backup-central/eu-west-1/central-air-gapped')).toBe('eu-west-1 · central-air-gapped\nlogically air-gapped, keeps 7–365 d');
    const central = chart.subgraphs.find((g) => g.title === 'backup-central · 111111111111');
    expect(sorted(central?.nodes ?? [])).toEqual(sorted(['backup-central/eu-west-1/central', 'backup-central/eu-central-1/central', 'backup-central/eu-west-1/central-air-gapped'].map((k) => estate.vaultIds.get(k) as string)));
  });

  it('GIVEN a focus on backup-central WHEN drawn THEN only its own account box, and only the copies into it, from plain boxes', () => {
    const estate = estateDiagram(models, 'backup-central');
    const chart = parsedOne(estate.text);
    expect(chart.subgraphs.map((g) => g.title)).toEqual(['backup-central · 111111111111']);
    expect(chart.edges.map((e) => e.text)).toEqual([
      'daily/daily-35d: cross-account copy, 90 d',
      'daily/daily-35d: cross-account copy, 30 d',
      'monthly-7y/monthly: cross-account copy, cold/archive after 90 d, 7 y',
      'staging/weekly-90d: cross-account copy, 90 d',
    ]);
    expect(chart.vertices.find((v) => v.id === estate.vaultIds.get('prod/eu-west-1/prod-primary'))?.text).toBe('prod/eu-west-1/prod-primary');
    // dev copies nothing and receives nothing: its own box, no arrow.
    expect(parsedOne(estateDiagram(models, 'dev').text).edges).toEqual([]);
  });
});

describe('retention calendar', () => {
  it('GIVEN a daily rule kept 35 days WHEN simulated THEN 31 points at the end of January, 35 from February, 35 at steady state', () => {
    const counts = retentionCounts('cron(0 3 * * ? *)', { deleteAfterDays: 35 });
    expect(counts.runsPerYear).toBe(365);
    expect(counts.months.map((m) => m.total)).toEqual([31, 35, 35, 35, 35, 35, 35, 35, 35, 35, 35, 35]);
    expect(counts.steady).toEqual({ kind: 'range', total: { min: 35, max: 35 }, cold: { min: 0, max: 0 } });
  });

  it('GIVEN a monthly rule kept 2555 days, cold after 90 WHEN simulated THEN 12 points after one year (10 cold), 83–84 at steady state', () => {
    const counts = retentionCounts('cron(0 5 1 * ? *)', { deleteAfterDays: 2555, moveToColdStorageAfterDays: 90 });
    expect(counts.runsPerYear).toBe(12);
    expect(counts.months.map((m) => m.total)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(counts.months[11]).toEqual({ total: 12, cold: 10 });
    // 2555 days are 83.9 months: 84 points right after a run, 83 just before it.
    expect(counts.steady).toEqual({ kind: 'range', total: { min: 83, max: 84 }, cold: { min: 80, max: 81 } });
  });

  it('GIVEN weekly rules WHEN simulated THEN 28 days keep exactly 4 points and 90 days keep 12 before a run, 13 after it', () => {
    const fourWeeks = retentionCounts('cron(0 2 ? * SUN *)', { deleteAfterDays: 28 });
    expect(fourWeeks.runsPerYear).toBe(52);
    expect(fourWeeks.steady).toEqual({ kind: 'range', total: { min: 4, max: 4 }, cold: { min: 0, max: 0 } });
    // 2025 starts on a Wednesday: the first Sunday run is 5 January, so January ends with 4 points.
    expect(fourWeeks.months[0].total).toBe(4);
    const ninetyDays = retentionCounts('cron(0 2 ? * SUN *)', { deleteAfterDays: 90 });
    expect(ninetyDays.steady).toMatchObject({ total: { min: 12, max: 13 } });
  });

  it('GIVEN no deleteAfterDays THEN the count grows by the runs of a year; GIVEN continuous backup THEN one continuous point', () => {
    expect(retentionCounts('cron(0 5 1 * ? *)', undefined).steady).toEqual({ kind: 'growing', perYear: 12 });
    const continuous = continuousCounts('cron(0 */6 * * ? *)', { deleteAfterDays: 7 });
    expect(continuous.months.every((m) => m.total === 1)).toBe(true);
    expect(continuous.steady).toEqual({ kind: 'continuous', windowDays: 7 });
  });

  it('GIVEN prod WHEN the calendar is built THEN each rule and each copy target is a row with its own lifecycle', () => {
    const rows = retentionCalendar([prod]).map((r) => ({
      row: `${r.plan}/${r.rule} ${r.kind} ${r.vault.environment}/${r.vault.region}/${r.vault.vault}`,
      steady: r.counts.steady,
    }));
    const range = (min: number, max: number, coldMin = 0, coldMax = 0) => ({ kind: 'range', total: { min, max }, cold: { min: coldMin, max: coldMax } });
    expect(rows).toEqual([
      { row: 'daily/daily-35d backup prod/eu-west-1/prod-primary', steady: range(35, 35) },
      { row: 'daily/daily-35d copy prod/eu-central-1/prod-primary', steady: range(35, 35) },
      { row: 'daily/daily-35d copy backup-central/eu-west-1/central', steady: range(90, 90) },
      { row: 'daily/daily-35d copy backup-central/eu-west-1/central-air-gapped', steady: range(30, 30) },
      { row: 'daily/pitr-7d continuous prod/eu-west-1/prod-primary', steady: { kind: 'continuous', windowDays: 7 } },
      { row: 'monthly-7y/monthly backup prod/eu-west-1/prod-primary', steady: range(83, 84, 80, 81) },
      { row: 'monthly-7y/monthly copy backup-central/eu-central-1/central', steady: range(83, 84, 80, 81) },
    ]);
  });

  it('GIVEN AWS cron day rules WHEN enumerated over 2025 THEN first Sundays, last weekdays and nearest weekdays fall on the right days', () => {
    const days = (expression: string) => runTimes(parseCron(expression), Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1))
      .map((t) => new Date(t).toISOString().slice(0, 10));
    expect(days('cron(0 6 ? * 1#1 *)').slice(0, 3)).toEqual(['2025-01-05', '2025-02-02', '2025-03-02']);
    // 31 May 2025 is a Saturday: the last weekday is Friday 30 May.
    expect(days('cron(0 6 LW * ? *)').slice(3, 5)).toEqual(['2025-04-30', '2025-05-30']);
    // 15 February 2025 is a Saturday (-> Friday 14), 15 June a Sunday (-> Monday 16).
    expect(days('cron(0 6 15W * ? *)').filter((d) => /-(02|06)-/.test(d))).toEqual(['2025-02-14', '2025-06-16']);
    expect(days('cron(0 6 ? * 6L *)').slice(0, 2)).toEqual(['2025-01-31', '2025-02-28']);
    expect(days('cron(0 6 L FEB ? *)')).toEqual(['2025-02-28']);
    expect(days('cron(0 6 ? * MON-FRI 2026)')).toEqual([]);
    expect(runTimes(parseCron('cron(0/30 8-9 1 JAN ? *)'), Date.UTC(2025, 0, 1), Date.UTC(2025, 0, 2)).map((t) => (t - Date.UTC(2025, 0, 1)) / 60_000))
      .toEqual([480, 510, 540, 570]);
    expect(() => parseCron('cron(0 6 * * * *)')).toThrow(/exactly one of day-of-month and day-of-week/);
  });
});

describe('tools/generate/diagrams.ts (the CLI)', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(...typescriptCommand(ROOT, 'tools/generate/diagrams.ts', args), { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  /** Whether `out` holds exactly the docs generated in this process (what a passing --check finds, as the first test shows). */
  const holdsCurrentDocs = (out: string) => docs.files.every((f) => fs.existsSync(path.join(out, f.path)) && fs.readFileSync(path.join(out, f.path), 'utf8') === f.content)
    && fs.readdirSync(path.join(out, 'docs/environments')).length === docs.files.filter((f) => f.path.startsWith('docs/environments/')).length;
  /** A folder holding the docs as generated in this process (the CLI writing them is checked below). */
  const generatedInto = (prefix: string) => {
    const out = tempDir(prefix);
    fs.mkdirSync(path.join(out, 'docs/environments'), { recursive: true });
    for (const f of docs.files) fs.writeFileSync(path.join(out, f.path), f.content);
    return out;
  };

  it('GIVEN docs generated from the estate WHEN --check --json THEN exit 0 and a summary of files, machines and retention', () => {
    const out = generatedInto('diagrams-current-');
    const result = run(['--check', '--json', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ ok: true, check: true, stale: [], copyFlows: 5 });
    expect(summary.files.map((f: { path: string; status: string }) => `${f.path} ${f.status}`)).toEqual(docs.files.map((f) => `${f.path} current`));
    expect(summary.machines.map((m: { name: string }) => m.name)).toEqual(['prod-backup-orchestrator', 'prod-job-recovery', 'prod-dr-drill']);
  });

  // One folder holds the three ways docs go stale (each CLI run synthesizes the estate, so they share the runs).
  it('GIVEN a hand-edited file, a missing one and the page of an environment that is gone WHEN --check THEN exit 1 listing the three, and nothing is written', () => {
    const out = generatedInto('diagrams-check-');
    fs.writeFileSync(path.join(out, 'docs/estate.md'), 'hand-edited\n');
    fs.rmSync(path.join(out, 'docs/retention.md'));
    fs.writeFileSync(path.join(out, 'docs/environments/retired.md'), 'an account no longer in the estate\n');
    const result = run(['--check', '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Stale (regenerate with `npm run diagrams`):\n  - docs/estate.md\n  - docs/retention.md\n  - docs/environments/retired.md');
    expect(fs.readFileSync(path.join(out, 'docs/estate.md'), 'utf8')).toBe('hand-edited\n');
    expect(fs.existsSync(path.join(out, 'docs/retention.md'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'docs/environments/retired.md'))).toBe(true);

    // WHEN generated THEN the stale two are written, the orphan page removed, the current ones left alone, and a check passes.
    const write = run(['--out', out]);
    expect(write.status).toBe(0);
    expect(write.stdout).toMatch(/docs\/state-machines\.md +3 diagrams +unchanged/);
    expect(write.stdout).toMatch(/docs\/estate\.md +\d+ diagrams +written/);
    expect(write.stdout).toMatch(/docs\/retention\.md +\d+ diagrams +written/);
    expect(write.stdout).toMatch(/docs\/environments\/retired\.md +0 diagrams +removed/);
    expect(fs.existsSync(path.join(out, 'docs/environments/retired.md'))).toBe(false);
    expect(holdsCurrentDocs(out)).toBe(true);
  });

  it('GIVEN an invalid environment file THEN a clean message with file and line, exit 1, no stack trace, nothing written', () => {
    const dir = tempDir('envs-');
    for (const f of fs.readdirSync(EXAMPLES_DIR)) fs.copyFileSync(path.join(EXAMPLES_DIR, f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, 'dev.yaml'), fs.readFileSync(path.join(dir, 'dev.yaml'), 'utf8').replace('cron(0 14 * * ? *)', 'every night'));
    const out = tempDir('diagrams-out-');
    const result = run(['--out', out], { BACKUP_ENVIRONMENTS_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/problem.* in the environment configuration/);
    expect(result.stderr).toMatch(/dev\.yaml:\d+: plans\[0\]\.rules\[0\]\.schedule: .*\[schedule\/cron-format\]/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('GIVEN an unknown argument THEN usage and exit 2', () => {
    const result = run(['--frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: npm run diagrams');
  });
});
