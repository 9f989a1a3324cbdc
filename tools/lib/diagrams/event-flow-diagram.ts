import type { EnvironmentModel } from '../../../config/model';
import { breakGlassAlertRuleName, lambdaFunctionName, orchestrationTableName, stateMachineName } from '../../../modules/core/resource-names';
import { IdAllocator, label } from './mermaid';

/*
 * The event-driven automation of one environment in one orchestration region, as modules/orchestration/backup-orchestration.ts
 * builds it: what starts each state machine (EventBridge rules, Scheduler, the start endpoint), which rule feeds
 * which function, and what the functions and machines act on. Machine, table and function names come from
 * modules/core/resource-names.ts; rule and schedule names follow the construct (the test compares them with the
 * synthesized prod stack).
 */

export interface EventFlowDiagram {
  readonly environment: string;
  readonly region: string;
  readonly text: string;
  /** EventBridge rule names drawn. */
  readonly eventRules: readonly string[];
  /** EventBridge Scheduler schedule names drawn. */
  readonly schedules: readonly string[];
}

export function eventFlowDiagram(env: EnvironmentModel, region: string): EventFlowDiagram {
  const orchestration = env.orchestration;
  if (!orchestration) throw new Error(`eventFlowDiagram: ${env.name} has no orchestration`);
  const n = env.name;
  const plans = env.plans.filter((p) => p.region === region);
  const hasOrchestrator = plans.some((p) => p.rules.length > 0);
  const hasRecovery = orchestration.recovery.enabled && plans.length > 0;
  const drills = orchestration.drills.filter((d) => d.region === region);
  const restoreTests = orchestration.restoreTesting.filter((p) => p.region === region);
  const hasApi = env.access.api?.region === region && hasOrchestrator;

  const ids = new IdAllocator('n');
  const lines = ['flowchart LR'];
  const classes: Record<string, string[]> = { aws: [], rule: [], fn: [], machine: [], store: [], trigger: [] };
  const node = (key: string, shape: (text: string) => string, cls: string, ...text: string[]) => {
    const id = ids.id(key);
    lines.push(`  ${id}${shape(label(...text))}`);
    classes[cls].push(id);
    return id;
  };
  const rect = (t: string) => `[${t}]`;
  const stadium = (t: string) => `([${t}])`;
  const cylinder = (t: string) => `[(${t})]`;
  const hexagon = (t: string) => `{{${t}}}`;
  const edges: string[] = [];
  const edge = (from: string, to: string, text?: string, dotted = false) =>
    edges.push(dotted ? `  ${from} -. ${label(text ?? '')} .-> ${to}` : text ? `  ${from} -->|${label(text)}| ${to}` : `  ${from} --> ${to}`);

  const backup = node('backup', stadium, 'aws', `AWS Backup · ${region}`, 'backup, copy and restore jobs');
  const bus = node('bus', stadium, 'aws', 'EventBridge', 'default bus');
  edge(backup, bus, 'job state changes');

  const machines: Record<string, string> = {};
  if (hasOrchestrator) machines.orchestrator = node('orchestrator', hexagon, 'machine', stateMachineName(n, 'backup-orchestrator'));
  if (hasRecovery) machines.recovery = node('recovery', hexagon, 'machine', stateMachineName(n, 'job-recovery'));
  machines.drill = node('drill', hexagon, 'machine', stateMachineName(n, 'dr-drill'));

  const eventRules: string[] = [];
  const route = (suffix: string, what: string, target: string) => {
    const name = `${n}-backup-${suffix}`;
    eventRules.push(name);
    const rule = node(`rule-${suffix}`, rect, 'rule', `rule ${name}`, what);
    edge(bus, rule);
    edge(rule, target);
    return rule;
  };
  const fn = (purpose: string) => node(`fn-${purpose}`, rect, 'fn', `λ ${lambdaFunctionName(n, purpose)}`);

  const callback = fn('job-callback');
  route('job-callback', 'terminal jobs', callback);
  for (const machine of Object.values(machines)) edge(callback, machine, 'SendTaskSuccess / Failure', true);
  const tokens = node('tokens', cylinder, 'store', orchestrationTableName(n, 'task-tokens'));
  edge(callback, tokens, 'outcome by job ID');

  const audit = node('audit', cylinder, 'store', orchestrationTableName(n, 'audit'));
  const recorder = fn('audit-recorder');
  route('audit', 'every job change', recorder);
  edge(recorder, audit);

  if (plans.length > 0) {
    const tagger = fn('recovery-point-tagger');
    route('tag-recovery-points', 'completed jobs of this environment plans', tagger);
    edge(tagger, backup, 'tag recovery points');
  }
  const validator = fn('restore-validator');
  route('restore-testing', 'restore testing jobs', validator);
  edge(validator, backup, 'validation result');
  if (hasRecovery) route('job-recovery', 'failed jobs of this environment plans', machines.recovery);

  if (plans.length > 0) {
    const planNode = node('plans', stadium, 'trigger', `backup plans: ${plans.map((p) => p.name).join(', ')}`);
    edge(planNode, backup, 'scheduled jobs');
  }
  for (const test of restoreTests) {
    const testNode = node(`restore-test-${test.name}`, stadium, 'trigger', `restore testing ${test.name}`, test.schedule);
    edge(testNode, backup, 'restore jobs');
  }
  const schedules: string[] = [];
  for (const drill of drills) {
    const name = `${n}-drill-${drill.name}`;
    schedules.push(name);
    const schedule = node(`schedule-${drill.name}`, stadium, 'trigger', `schedule ${name}`, drill.schedule);
    edge(schedule, machines.drill, 'start drill');
  }
  if (hasApi) {
    const api = node('api', stadium, 'trigger', 'start endpoint (JWT)');
    edge(api, machines.orchestrator, 'POST /backups');
    edge(api, machines.drill, 'POST /drills');
  }
  if (env.access.humanRoles.some((r) => r.kind === 'operator')) {
    const operator = node('operator', stadium, 'trigger', 'operator role', 'StartExecution');
    if (hasOrchestrator) edge(operator, machines.orchestrator);
    edge(operator, machines.drill);
  }

  const topic = node('topic', stadium, 'aws', 'SNS notifications topic');
  for (const machine of Object.values(machines)) {
    edge(machine, backup, 'start jobs');
    edge(machine, tokens, 'task token');
    edge(machine, audit, 'execution record');
    edge(machine, topic, 'outcome');
  }

  // Every Region has the break-glass alert (modules/access/break-glass-alert.ts), orchestrated or not.
  const cloudTrail = node('cloudtrail', stadium, 'aws', 'CloudTrail', 'API calls (needs a trail)');
  edge(cloudTrail, bus, 'AWS API Call via CloudTrail');
  const alertName = breakGlassAlertRuleName(n);
  eventRules.push(alertName);
  const alert = node('rule-break-glass', rect, 'rule', `rule ${alertName}`, `${env.breakGlassRoleName} assumed or used`);
  edge(bus, alert);
  edge(alert, topic, 'alert');

  lines.push(...edges);
  lines.push(
    '  classDef aws fill:#fff3e0,stroke:#e65100,color:#111',
    '  classDef rule fill:#f3e5f5,stroke:#8e24aa,color:#111',
    '  classDef fn fill:#e6f4ea,stroke:#1e7e34,color:#111',
    '  classDef machine fill:#e8f0fe,stroke:#0b3d91,stroke-width:2px,color:#111',
    '  classDef store fill:#f4f4f4,stroke:#8a8a8a,color:#111',
    '  classDef trigger fill:#fffde7,stroke:#b38f00,color:#111',
  );
  for (const [cls, members] of Object.entries(classes)) if (members.length > 0) lines.push(`  class ${members.join(',')} ${cls}`);
  return { environment: n, region, text: lines.join('\n'), eventRules, schedules };
}

/** One diagram per environment and orchestration region. */
export function eventFlowDiagrams(environments: readonly EnvironmentModel[]): EventFlowDiagram[] {
  return environments.flatMap((env) => (env.orchestration?.regions ?? []).map((region) => eventFlowDiagram(env, region)));
}
