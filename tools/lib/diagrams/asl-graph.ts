/*
 * The states and transitions of an Amazon States Language definition, as a graph: one scope for the machine and
 * one per Map item processor or Parallel branch, each with its own start and end. Drawing (asl-to-mermaid.ts) and
 * the tests that compare drawings, definitions and synthesized stacks all read transitions from here, so there is
 * one reading of Next, Default, Choices, Catch and End.
 */

/** A state as it appears in a definition (only what the graph reads is typed). */
export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Default?: string;
  readonly Choices?: readonly ({ readonly Next: string } & Record<string, unknown>)[];
  readonly Catch?: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
  readonly Retry?: readonly { readonly ErrorEquals: readonly string[]; readonly MaxAttempts?: number }[];
  readonly Iterator?: AslStates;
  readonly ItemProcessor?: AslStates;
  readonly Branches?: readonly AslStates[];
  readonly [key: string]: unknown;
}

export interface AslStates {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

export type EdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

/** Endpoints are node keys: a state's key, or a scope's start / end. */
export interface AslEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Choice: the rule's condition. */
  readonly condition?: string;
  /** Catch: the errors caught. */
  readonly errors?: readonly string[];
}

export interface AslScope {
  /** `machine`, or the owning state's key plus `#item` / `#branch<n>`. */
  readonly key: string;
  readonly kind: 'machine' | 'map' | 'branch';
  /** The Map or Parallel state that owns it. */
  readonly owner?: string;
  readonly startKey: string;
  readonly endKey: string;
  /** Keys of its states, in definition order. */
  readonly states: readonly string[];
  /** Nested scopes of its Map and Parallel states, by owner key. */
  readonly children: Readonly<Record<string, readonly AslScope[]>>;
}

export interface AslGraph {
  readonly root: AslScope;
  /** Every state by key; the key is the state name, prefixed by the scope path when nested. */
  readonly states: ReadonlyMap<string, { readonly name: string; readonly state: AslState; readonly scope: string }>;
  readonly edges: readonly AslEdge[];
}

/** Terminal states end their scope without `End: true`. */
const TERMINAL_TYPES = new Set(['Succeed', 'Fail']);

/** Choice rule, condensed: `request.rule = "daily/x"`, `has a, b`, `not (...)`. */
export function describeCondition(rule: Record<string, unknown>): string {
  const path = (p: unknown) => String(p).replace(/^\$\.?/, '') || '$';
  const last = (p: unknown) => path(p).split('.').pop() as string;
  if (Array.isArray(rule.And)) {
    const parts = rule.And as Record<string, unknown>[];
    if (parts.every((p) => p.IsPresent === true && Object.keys(p).length === 2)) return `has ${parts.map((p) => last(p.Variable)).join(', ')}`;
    return parts.map(describeCondition).join(' and ');
  }
  if (Array.isArray(rule.Or)) return (rule.Or as Record<string, unknown>[]).map(describeCondition).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not (${describeCondition(rule.Not as Record<string, unknown>)})`;
  if (typeof rule.Condition === 'string') return rule.Condition;
  const variable = path(rule.Variable);
  // Longest suffix first: NumericLessThanEquals also ends in Equals.
  const operators: Record<string, string> = {
    LessThanEquals: '≤', GreaterThanEquals: '≥', LessThan: '<', GreaterThan: '>', Equals: '=', Matches: 'matches',
  };
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    if (key === 'IsPresent') return value ? `has ${last(rule.Variable)}` : `no ${last(rule.Variable)}`;
    if (key.startsWith('Is')) return `${variable} ${value ? 'is' : 'is not'} ${key.slice(2).toLowerCase()}`;
    const byPath = key.endsWith('Path');
    const op = Object.entries(operators).find(([suffix]) => key.replace(/Path$/, '').endsWith(suffix));
    const shown = byPath ? path(value) : JSON.stringify(value);
    return `${variable} ${op ? op[1] : key} ${shown}`;
  }
  return variable;
}

/** Anything with StartAt and States: a built definition, or one parsed from a synthesized stack. */
export interface DefinitionLike {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, object>>;
}

/** The graph of a definition (or of any `{ StartAt, States }`). */
export function aslGraph(input: DefinitionLike): AslGraph {
  const definition = input as AslStates;
  const states = new Map<string, { name: string; state: AslState; scope: string }>();
  const edges: AslEdge[] = [];

  const walk = (scopeDef: AslStates, key: string, kind: AslScope['kind'], owner?: string): AslScope => {
    const prefix = key === 'machine' ? '' : `${key}/`;
    const stateKey = (name: string) => `${prefix}${name}`;
    const startKey = `${key}#start`;
    const endKey = `${key}#end`;
    const children: Record<string, AslScope[]> = {};
    for (const [name, state] of Object.entries(scopeDef.States)) states.set(stateKey(name), { name, state, scope: key });
    const target = (name: string) => {
      if (!(name in scopeDef.States)) throw new Error(`aslGraph: "${name}" is not a state of ${key}`);
      return stateKey(name);
    };
    edges.push({ from: startKey, to: target(scopeDef.StartAt), kind: 'start' });
    for (const [name, state] of Object.entries(scopeDef.States)) {
      const from = stateKey(name);
      for (const choice of state.Choices ?? []) edges.push({ from, to: target(choice.Next), kind: 'choice', condition: describeCondition(choice) });
      if (state.Default) edges.push({ from, to: target(state.Default), kind: 'default' });
      if (state.Next) edges.push({ from, to: target(state.Next), kind: 'next' });
      if (state.End === true || TERMINAL_TYPES.has(state.Type)) edges.push({ from, to: endKey, kind: 'end' });
      for (const c of state.Catch ?? []) edges.push({ from, to: target(c.Next), kind: 'catch', errors: c.ErrorEquals });
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) children[from] = [walk(processor, `${from}#item`, 'map', from)];
      if (state.Branches) children[from] = state.Branches.map((b, i) => walk(b, `${from}#branch${i + 1}`, 'branch', from));
    }
    return { key, kind, owner, startKey, endKey, states: Object.keys(scopeDef.States).map(stateKey), children };
  };

  const root = walk(definition, 'machine', 'machine');
  return { root, states, edges };
}
