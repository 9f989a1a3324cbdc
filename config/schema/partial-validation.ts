import type { PathSegment } from '../problems';
import { EnvironmentFile } from './environment-file';

/*
 * Every problem at once, across passes: when a file fails the schema, the parts that do parse are still checked by
 * the rules, so a typo in one plan does not hide a lifecycle mistake in another. The parts the schema refused are
 * cut out (the list element or the optional section holding each refused value), the rest is parsed again, and the
 * rules' findings are mapped back to the file's own paths. Names of what was cut out are returned, so findings that
 * merely refer to a cut-out vault, plan or provider (a cascade of the schema problem) can be dropped.
 */

/** Top-level keys a file may leave out: cutting one keeps the rest of the file valid. */
const OPTIONAL_SECTIONS = new Set(['$schema', 'organizationId', 'breakGlassRoleName', 'ssmParameterPrefix', 'vaults', 'plans', 'orchestration', 'access', 'catalog', 'regionSettings']);

export interface PartialEnvironment {
  readonly env: EnvironmentFile;
  /** The file's path of a path in `env` (list indexes shift where elements were cut out). */
  readonly toOriginal: (path: readonly PathSegment[]) => PathSegment[];
  /** Whether a path of the file lies in a part that was cut out. */
  readonly wasCut: (path: readonly PathSegment[]) => boolean;
  /** The `name` of every list element cut out. */
  readonly cutNames: ReadonlySet<string>;
}

type Json = unknown;

/** The place to cut for a refused value: its deepest list element, or its optional top-level section. */
function cutPoint(path: readonly PathSegment[]): PathSegment[] | undefined {
  for (let i = path.length - 1; i >= 1; i--) {
    if (typeof path[i] === 'number') return path.slice(0, i + 1);
  }
  return typeof path[0] === 'string' && OPTIONAL_SECTIONS.has(path[0]) ? [path[0]] : undefined;
}

const key = (path: readonly PathSegment[]) => JSON.stringify(path);

/** `raw` without the parts at `cuts` (paths of the original), with the kept indexes of every list that lost elements. */
function without(raw: Json, cuts: ReadonlySet<string>, path: PathSegment[] = [], kept = new WeakMap<object, number[]>()): { value: Json; kept: WeakMap<object, number[]> } {
  if (Array.isArray(raw)) {
    const indexes = raw.map((_, i) => i).filter((i) => !cuts.has(key([...path, i])));
    const value = indexes.map((i) => without(raw[i], cuts, [...path, i], kept).value);
    kept.set(value, indexes);
    return { value, kept };
  }
  if (raw !== null && typeof raw === 'object') {
    const entries = Object.entries(raw as Record<string, Json>).filter(([k]) => !cuts.has(key([...path, k])));
    return { value: Object.fromEntries(entries.map(([k, v]) => [k, without(v, cuts, [...path, k], kept).value])), kept };
  }
  return { value: raw, kept };
}

/** A path of the pruned value, with the original list indexes put back. */
function originalPath(value: Json, kept: WeakMap<object, number[]>, path: readonly PathSegment[]): PathSegment[] {
  const out: PathSegment[] = [];
  let node: Json = value;
  for (const segment of path) {
    const indexes = Array.isArray(node) ? kept.get(node) : undefined;
    out.push(typeof segment === 'number' && indexes ? indexes[segment] ?? segment : segment);
    node = node !== null && typeof node === 'object' ? (node as Record<PathSegment, Json>)[segment] : undefined;
  }
  return out;
}

function nameAt(raw: Json, path: readonly PathSegment[]): string | undefined {
  const node = path.reduce<Json>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PathSegment, Json>)[k] : undefined), raw);
  const name = node !== null && typeof node === 'object' ? (node as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The file minus the parts the schema refused (`issuePaths`), parsed, or undefined when what is left cannot be
 * (a refused value in a required field such as accountId or regions: nothing can be checked without it).
 */
export function partialEnvironment(raw: Json, issuePaths: readonly (readonly PathSegment[])[]): PartialEnvironment | undefined {
  const cuts = new Set<string>();
  let pending = [...issuePaths];
  // Cutting an element can break its list's minimum (a plan left without rules): cut again, higher, a few times.
  for (let round = 0; round < 8; round++) {
    for (const path of pending) {
      const point = cutPoint(path);
      if (!point) return undefined;
      cuts.add(key(point));
    }
    const { value, kept } = without(raw, cuts);
    const result = EnvironmentFile.safeParse(value);
    if (result.success) {
      const cutPaths = [...cuts].map((c) => JSON.parse(c) as PathSegment[]);
      const toOriginal = (path: readonly PathSegment[]) => originalPath(value, kept, path);
      const wasCut = (path: readonly PathSegment[]) => cutPaths.some((c) => c.length <= path.length && c.every((s, i) => s === path[i]));
      const cutNames = new Set(cutPaths.map((p) => nameAt(raw, p)).filter((n): n is string => n !== undefined));
      return { env: result.data, toOriginal, wasCut, cutNames };
    }
    // Issues are reported on the pruned value: map them to the original before cutting there.
    pending = result.error.issues.map((issue) => originalPath(value, kept, issue.path.filter((p): p is string | number => typeof p !== 'symbol')));
    if (pending.every((p) => cuts.has(key(cutPoint(p) ?? [])))) return undefined;
  }
  return undefined;
}
