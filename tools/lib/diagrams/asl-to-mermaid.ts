import { aslGraph, type AslEdge, type AslScope, type AslState, type DefinitionLike } from './asl-graph';
import { IdAllocator, label } from './mermaid';

/*
 * A state machine definition drawn as a Mermaid flowchart (top-down). Every state is a node, every transition an
 * edge: Next and Choice rules as solid arrows (Choice rules labelled with their condition, Default with
 * "otherwise"), Catch as dotted red arrows labelled with the errors, End and Succeed / Fail into the end of their
 * scope. Map and Parallel states are subgraphs (Parallel branches nested) with their own start and end; edges to
 * and from the state attach to the subgraph. Task labels name the service action and its retry; callback waits
 * (`.waitForTaskToken`) are marked and drawn thicker.
 */

export interface MachineDiagram {
  readonly text: string;
  /** States drawn (nested ones included). */
  readonly states: number;
  /** Arrows drawn, start and end arrows included. */
  readonly edges: number;
}

const CHOICE_LABEL_MAX = 60;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `backup:startBackupJob` from `arn:<p>:states:::aws-sdk:backup:startBackupJob`; `lambda:invoke (restore-planner)`. */
export function taskAction(state: AslState): { action: string; callback: boolean } {
  const resource = String(state.Resource ?? '');
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(resource)?.[1];
  if (!integration) return { action: /:function:/.test(resource) ? 'Lambda function' : resource, callback: false };
  const callback = integration.endsWith('.waitForTaskToken');
  const pattern = /\.(waitForTaskToken|sync(:2)?)$/.exec(integration)?.[0] ?? '';
  let action = integration.slice(0, integration.length - pattern.length).replace(/^aws-sdk:/, '');
  const functionName = (state.Parameters as Record<string, unknown> | undefined)?.FunctionName;
  if (action === 'lambda:invoke' && typeof functionName === 'string') {
    const name = /:function:([^:]+)/.exec(functionName)?.[1] ?? functionName;
    action += ` (${name})`;
  }
  return { action: pattern.startsWith('.sync') ? `${action} · waits (.sync)` : action, callback };
}

/** The two DynamoDB integrations name the same errors in different case (DynamoDB. / DynamoDb.): one is enough in a picture. */
function distinctErrors(errors: readonly string[]): string[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
}

/**
 * `↻ retry 6× on 2 errors, then any error`: the retriers, with States.TaskFailed as "any error" and retriers of
 * MaxAttempts 0 (errors sent straight to the Catch) left out.
 */
function retryText(state: AslState): string {
  const retried = (state.Retry ?? []).filter((r) => r.MaxAttempts !== 0);
  if (retried.length === 0) return '';
  const parts = retried.map((r) => {
    const names = distinctErrors(r.ErrorEquals);
    const errors = names.includes('States.TaskFailed') ? 'any other error' : names.length > 2 ? `${names.length} errors` : names.join(', ');
    return `${r.MaxAttempts ?? 3}× on ${errors}`;
  });
  return `↻ retry ${parts.join('; ')}`;
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}


function nodeLine(id: string, name: string, state: AslState): { line: string; cls: string } {
  switch (state.Type) {
    case 'Task': {
      const { action, callback } = taskAction(state);
      const timeout = typeof state.TimeoutSeconds === 'number' ? `⏱ timeout ${duration(state.TimeoutSeconds)}` : '';
      const lines = [name, action, callback ? '⏸ waits for task token' : '', timeout, retryText(state)];
      return { line: `${id}[${label(...lines)}]`, cls: callback ? 'callback' : 'task' };
    }
    case 'Choice':
      return { line: `${id}{${label(name)}}`, cls: 'choice' };
    case 'Wait': {
      const how = typeof state.Seconds === 'number' ? duration(state.Seconds)
        : String(state.SecondsPath ?? state.Timestamp ?? state.TimestampPath ?? '');
      return { line: `${id}{{${label(name, `wait ${how}`)}}}`, cls: 'wait' };
    }
    case 'Succeed':
      return { line: `${id}([${label(name, 'succeed')}])`, cls: 'succeed' };
    case 'Fail': {
      const error = state.Error ?? state.ErrorPath;
      return { line: `${id}([${label(name, error ? `fail: ${String(error)}` : 'fail')}])`, cls: 'fail' };
    }
    default:
      return { line: `${id}(${label(name, passNote(state), retryText(state))})`, cls: 'pass' };
  }
}

const PASS_COMMENT_MAX = 48;

/** What a Pass state stands for: the outcome a summary state writes, or its comment when that is short. */
function passNote(state: AslState): string {
  const outcome = (state.Parameters as Record<string, unknown> | undefined)?.outcome;
  if (typeof outcome === 'string') return `outcome ${outcome}`;
  return typeof state.Comment === 'string' && state.Comment.length <= PASS_COMMENT_MAX ? state.Comment : '';
}

const CLASS_DEFS = [
  'classDef task fill:#e8f0fe,stroke:#3b6bc4,color:#111',
  'classDef callback fill:#e8f0fe,stroke:#0b3d91,stroke-width:3px,color:#111',
  'classDef choice fill:#fff6d6,stroke:#b38f00,color:#111',
  'classDef pass fill:#f4f4f4,stroke:#8a8a8a,color:#111',
  'classDef wait fill:#f3e5f5,stroke:#8e24aa,color:#111',
  'classDef succeed fill:#e6f4ea,stroke:#1e7e34,color:#111',
  'classDef fail fill:#fdecea,stroke:#c62828,color:#111',
  'classDef terminal fill:#424242,stroke:#424242,color:#fff',
];

const TERMINAL_LABELS: Record<AslScope['kind'], [string, string]> = {
  machine: ['execution starts', 'execution ends'],
  map: ['item starts', 'item ends'],
  branch: ['branch starts', 'branch ends'],
};

/** The definition as a `flowchart TD`. */
export function aslToMermaid(definition: DefinitionLike): MachineDiagram {
  const graph = aslGraph(definition);
  const ids = new IdAllocator('s');
  const terminalIds = new IdAllocator('t');
  const branchIds = new IdAllocator('b');
  // s<n> are states only, so a reader (or a test) can count them.
  const idOf = (key: string) => (/#(start|end)$/.test(key) ? terminalIds.id(key) : /#branch\d+$/.test(key) ? branchIds.id(key) : ids.id(key));
  const classes = new Map<string, string[]>();
  const addClass = (cls: string, id: string) => classes.set(cls, [...(classes.get(cls) ?? []), id]);
  const lines: string[] = ['flowchart TD'];

  const drawScope = (scope: AslScope, indent: string) => {
    const [startText, endText] = TERMINAL_LABELS[scope.kind];
    const start = idOf(scope.startKey);
    lines.push(`${indent}${start}((${label(startText)}))`);
    addClass('terminal', start);
    for (const key of scope.states) {
      const { name, state } = graph.states.get(key) as { name: string; state: AslState };
      const id = idOf(key);
      const nested = scope.children[key];
      if (nested) {
        const what = state.Type === 'Map' ? `Map over ${String(state.ItemsPath ?? '$')}` : state.Type;
        lines.push(`${indent}subgraph ${id}[${label(`${name} · ${what}`, retryText(state))}]`);
        if (nested.length === 1) drawScope(nested[0], `${indent}  `);
        else {
          nested.forEach((branch, i) => {
            lines.push(`${indent}  subgraph ${idOf(branch.key)}[${label(`branch ${i + 1}`)}]`);
            drawScope(branch, `${indent}    `);
            lines.push(`${indent}  end`);
          });
        }
        lines.push(`${indent}end`);
        continue;
      }
      const { line, cls } = nodeLine(id, name, state);
      lines.push(`${indent}${line}`);
      addClass(cls, id);
    }
    const end = idOf(scope.endKey);
    lines.push(`${indent}${end}((${label(endText)}))`);
    addClass('terminal', end);
  };
  drawScope(graph.root, '  ');

  const catchLinks: number[] = [];
  graph.edges.forEach((edge: AslEdge, index) => {
    const [from, to] = [idOf(edge.from), idOf(edge.to)];
    if (edge.kind === 'catch') {
      catchLinks.push(index);
      lines.push(`  ${from} -. ${label(distinctErrors(edge.errors ?? []).join(', '))} .-> ${to}`);
    } else if (edge.kind === 'choice') lines.push(`  ${from} -->|${label(shorten(edge.condition ?? '', CHOICE_LABEL_MAX))}| ${to}`);
    else if (edge.kind === 'default') lines.push(`  ${from} -->|${label('otherwise')}| ${to}`);
    else lines.push(`  ${from} --> ${to}`);
  });

  lines.push(...CLASS_DEFS.map((c) => `  ${c}`));
  for (const [cls, members] of classes) lines.push(`  class ${members.join(',')} ${cls}`);
  if (catchLinks.length > 0) lines.push(`  linkStyle ${catchLinks.join(',')} stroke:#c62828`);
  return { text: lines.join('\n'), states: graph.states.size, edges: graph.edges.length };
}
