import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INTEGRATIONS, integrationOf } from '../../../../config/aws-facts';
import { TASK_ERROR_NAMES } from '../../../../config/function-contract/task-errors';
import { backupOrchestratorDefinition } from '../../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import { drDrillDefinition } from '../../../../modules/orchestration/state-machines/dr-drill-definition';
import { jobRecoveryDefinition } from '../../../../modules/orchestration/state-machines/job-recovery-definition';
import { drillProps, orchestratorProps, recoveryProps } from '../../../../tools/lib/fault-matrix/fixtures';
import { exampleModels, resourcesOf, synthEnvironment } from '../../../support/synth';

/*
 * Every error name in every Retry and Catch of every state machine is one AWS can report for that Task: a `States.*`
 * name, an error the operation's service model lists (read here straight from the SDK packages' generated commands,
 * not from the project's generated copy), a generic name AWS documents or was observed to report (the ledger's,
 * each with its evidence), or an error the project's own functions and job callbacks raise. And every request-response
 * Task retries what its model does not list (throttling) through States.TaskFailed.
 */

const SDK_PACKAGES: Record<string, string> = {
  backup: '@aws-sdk/client-backup', dynamodb: '@aws-sdk/client-dynamodb', sns: '@aws-sdk/client-sns', lambda: '@aws-sdk/client-lambda',
};

/** The operation's errors as the SDK's generated command documents them (`@throws {@link X}`), the base class left out. */
function modeled(sdk: string, operation: string): string[] {
  const dir = dirname(require.resolve(`${SDK_PACKAGES[sdk]}/package.json`));
  const text = readFileSync(join(dir, 'dist-types', 'commands', `${operation}Command.d.ts`), 'utf8');
  return [...text.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]).filter((n) => n === 'ServiceException' || !n.endsWith('ServiceException'));
}

type StateLike = { Type?: string; Resource?: string; Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[]; Catch?: { ErrorEquals: string[] }[]; States?: Record<string, StateLike>; ItemProcessor?: { States: Record<string, StateLike> }; Iterator?: { States: Record<string, StateLike> } };

function tasks(states: Record<string, StateLike>): [string, StateLike][] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, StateLike]] : []),
    ...tasks(state.ItemProcessor?.States ?? state.Iterator?.States ?? {}),
  ]);
}

/** Every definition: the fixture ones of the machine tests, and every state machine the example stacks synthesize. */
function definitions(): [string, { States: Record<string, StateLike> }][] {
  const fixtures: [string, { States: Record<string, StateLike> }][] = [
    ['orchestrator (fixture)', backupOrchestratorDefinition(orchestratorProps('plain')) as never],
    ['job recovery (fixture)', jobRecoveryDefinition(recoveryProps('plain')) as never],
    ['dr drill (fixture)', drDrillDefinition(drillProps('plain')) as never],
  ];
  const synthesized = exampleModels().flatMap((model) => resourcesOf(synthEnvironment(model), 'aws_sfn_state_machine')
    .map(([, machine]) => [`${model.name} ${machine.name}`, JSON.parse(machine.definition)] as [string, { States: Record<string, StateLike> }]));
  return [...fixtures, ...synthesized];
}

const ALL = definitions();

describe('error names in Retry and Catch', () => {
  it.each(ALL)('%s: every name is States.*, modeled for the operation, documented, or raised by the project\'s functions', (_name, definition) => {
    const wrong: string[] = [];
    for (const [state, task] of tasks(definition.States)) {
      const found = integrationOf(task.Resource as string);
      expect([state, found]).toEqual([state, expect.anything()]);
      const { integration, operation } = found as NonNullable<typeof found>;
      const naming = INTEGRATIONS[integration];
      const model = modeled(naming.sdk, operation);
      const allowed = new Set([
        ...model.map((e) => `${naming.prefix}.${e.endsWith('Exception') ? e : `${e}Exception`}`),
        ...(naming.bareModeledNames ? model.map((e) => `${naming.prefix}.${e}`) : []),
        ...naming.unmodeled,
      ]);
      // Names a function or a job callback raises reach only Tasks that invoke a function or wait for a callback.
      const ownErrors = integration === 'lambda' || (task.Resource ?? '').endsWith('.waitForTaskToken');
      for (const name of [...(task.Retry ?? []), ...(task.Catch ?? [])].flatMap((r) => r.ErrorEquals)) {
        if (name.startsWith('States.') || allowed.has(name) || (ownErrors && TASK_ERROR_NAMES.includes(name))) continue;
        wrong.push(`${state} (${naming.sdk} ${operation}): ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(ALL)('%s: request-response AWS Backup, DynamoDB and SNS calls retry what their model does not list (throttling), after sending permanent errors to the Catch', (_name, definition) => {
    for (const [state, task] of tasks(definition.States)) {
      const { integration } = integrationOf(task.Resource as string) as NonNullable<ReturnType<typeof integrationOf>>;
      if (!INTEGRATIONS[integration].taskFailedFallback) continue;
      const retry = task.Retry ?? [];
      const fallback = retry.findIndex((r) => r.ErrorEquals.includes('States.TaskFailed'));
      const permanent = retry.findIndex((r) => r.MaxAttempts === 0);
      expect([state, fallback >= 0, permanent >= 0 && permanent < fallback]).toEqual([state, true, true]);
      expect([state, (retry[fallback].MaxAttempts ?? 0) > 0]).toEqual([state, true]);
    }
  });

  it('covers every integration the machines use', () => {
    const used = new Set(ALL.flatMap(([, d]) => tasks(d.States).map(([, t]) => integrationOf(t.Resource as string)?.integration)));
    expect([...used].sort()).toEqual(Object.keys(INTEGRATIONS).sort());
  });
});
