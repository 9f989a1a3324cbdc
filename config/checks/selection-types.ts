import { BACKUP_RESOURCE_TYPES, RESOURCE_TYPE_FACTS, type BackupResourceType } from '../aws-facts';
import type { SelectionConfig } from '../schema';

/*
 * Which resource types a selection can back up, read from its ARNs with the ledger's ARN shapes: a rule can then
 * refuse what AWS does not support for those types. A selection that names no ARN (tags only) or "*" can back up
 * any type: its types are unknown, and rules refuse nothing on a guess.
 */

export interface SelectionTypes {
  /** Types the selection can back up. */
  readonly types: ReadonlySet<BackupResourceType>;
  /** Whether they come from ARNs the file names (true) or stand for "any type" (false). */
  readonly known: boolean;
}

interface ArnParts {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function partsOf(arn: string): ArnParts | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** The literal start of a pattern, up to its first wildcard. */
const literalStart = (pattern: string) => pattern.split(/[*?]/)[0];
const wildcard = (pattern: string) => /[*?]/.test(pattern);

/** Whether an ARN pattern can match resources of the type (its service, and a resource part that can start with the type's prefix). */
function canMatch(parts: ArnParts, type: BackupResourceType): boolean {
  return RESOURCE_TYPE_FACTS[type].arns.some((shape) => {
    if (parts.service !== '*' && parts.service !== shape.service && !(wildcard(parts.service) && shape.service.startsWith(literalStart(parts.service)))) return false;
    const start = literalStart(parts.resource);
    return shape.resourcePrefix.startsWith(start) || start.startsWith(shape.resourcePrefix);
  });
}

/** Whether an exclusion covers every resource of the type in this account and Region (e.g. `arn:aws:ec2:*:<account>:volume/*`). */
function coversAll(parts: ArnParts, type: BackupResourceType, account: string, region: string): boolean {
  const anyOr = (value: string, wanted: string) => value === '*' || value === wanted || (wildcard(value) && wanted.startsWith(literalStart(value)));
  if (!anyOr(parts.region, region) && parts.region !== '') return false;
  if (!anyOr(parts.account, account) && parts.account !== '') return false;
  if (!parts.resource.endsWith('*') || literalStart(parts.resource).length !== parts.resource.length - 1) return false;
  const start = literalStart(parts.resource);
  return RESOURCE_TYPE_FACTS[type].arns.every((shape) =>
    (parts.service === '*' || parts.service === shape.service) && shape.resourcePrefix.startsWith(start));
}

/** The types a selection can back up in `region` of `account`. */
export function selectionTypes(selection: SelectionConfig, account: string, region: string): SelectionTypes {
  const named = (selection.resources ?? []).filter((arn) => arn !== '*').map(partsOf).filter((p): p is ArnParts => p !== undefined);
  const known = named.length > 0 && !(selection.resources ?? []).includes('*') && !selection.allResources && Object.keys(selection.anyOfTags ?? {}).length === 0;
  const candidates = known ? BACKUP_RESOURCE_TYPES.filter((t) => named.some((p) => canMatch(p, t))) : [...BACKUP_RESOURCE_TYPES];
  const excluded = (selection.excludeResources ?? []).map(partsOf).filter((p): p is ArnParts => p !== undefined);
  return { types: new Set(candidates.filter((t) => !excluded.some((p) => coversAll(p, t, account, region)))), known };
}

/** The union of several selections' types; known only when every selection's types are. */
export function unionOfTypes(all: readonly SelectionTypes[]): SelectionTypes {
  return { types: new Set(all.flatMap((s) => [...s.types])), known: all.length > 0 && all.every((s) => s.known) };
}
