import type { EnvironmentModel } from '../../../config/model';
import { estateDiagram } from './estate-diagram';
import { eventFlowDiagrams } from './event-flow-diagram';
import { retentionShort } from './lifecycle-text';
import { mermaidBlock } from './mermaid';

/*
 * One environment's page, docs/environments/<name>.md: its vaults and the copies into and out of them, and its event
 * flows per orchestration region. The README shows no picture of an estate (it is the same whatever estate you
 * keep); pictures of the user's environments live one file each, so adding an account adds a page and touches none.
 */

/** The folder of the environment pages, relative to the project root: nothing else is written there. */
export const ENVIRONMENT_DOCS_DIR = 'docs/environments';

/** Where an environment's page is written, relative to the project root. */
export const environmentDocPath = (name: string) => `${ENVIRONMENT_DOCS_DIR}/${name}.md`;

const shown = (key: string) => key.split('/').join(' · ');

/** The body of docs/environments/<env.name>.md (after the generated-file header). */
export function environmentDoc(env: EnvironmentModel, environments: readonly EnvironmentModel[]): string {
  const estate = estateDiagram(environments, env.name);
  const out = [
    `# ${env.name} · ${env.accountId}`,
    '',
    `Regions: ${env.regions.map((r, i) => (i === 0 ? `${r} (primary)` : r)).join(', ')}. The whole estate is in [../estate.md](../estate.md),`,
    'the recovery points each rule keeps in [../retention.md](../retention.md).',
    '',
    '## Vaults and copies',
    '',
  ];
  if (env.vaults.length === 0 && estate.flows.length === 0) out.push('No vaults.');
  else {
    out.push(
      'Each vault per region with its lock or air gap and the plans backing up into it; one arrow per copy target of a',
      'plan rule (`<plan>/<rule>: kind, retention`), thick across accounts. Vaults of other environments are plain boxes.',
      '',
      mermaidBlock(estate.text),
    );
  }
  if (estate.flows.length > 0) {
    out.push('', '| from | to | plan / rule | kind | retention of the copy |', '| --- | --- | --- | --- | --- |');
    for (const flow of estate.flows) out.push(`| ${shown(flow.from)} | ${shown(flow.to)} | ${flow.plan} / ${flow.rule} | ${flow.kind} | ${retentionShort(flow.lifecycle)} |`);
  }
  out.push('', '## Event flows', '');
  const flows = eventFlowDiagrams([env]);
  if (flows.length === 0) out.push('No orchestration: no state machines, functions or event rules.');
  else {
    out.push(
      'What starts each state machine, which EventBridge rule feeds which function, and what they act on',
      '(modules/orchestration/backup-orchestration.ts). Dotted arrows release machines waiting for a job.',
    );
    for (const flow of flows) out.push('', `### ${flow.region}`, '', mermaidBlock(flow.text));
  }
  return out.join('\n');
}
