import type { Partition } from '../partitions';
import type { SelectionConfig } from '../schema';
import type { Findings } from './finding';

const MAX_RESOURCES = 500;
const MAX_WILDCARD_RESOURCES = 30;

function hasCriteria(selection: SelectionConfig): boolean {
  const c = selection.conditions ?? {};
  return [selection.tags, c.stringEquals, c.stringNotEquals, c.stringLike, c.stringNotLike, selection.anyOfTags].some(
    (m) => m !== undefined && Object.keys(m).length > 0,
  ) || (selection.resources?.length ?? 0) > 0;
}

/** A selection selects something on purpose, within AWS limits, by ARNs of the right partition. */
export function checkSelection(selection: SelectionConfig, partition: Partition, path: (string | number)[], out: Findings): void {
  if (!hasCriteria(selection) && selection.allResources !== true) {
    out.report(path, 'selection/empty', 'selects nothing specific, which AWS treats as every opted-in resource; add criteria or allResources: true', selection);
  }
  const resources = selection.resources ?? [];
  const wildcards = resources.some((arn) => arn.includes('*'));
  const limit = wildcards ? MAX_WILDCARD_RESOURCES : MAX_RESOURCES;
  if (resources.length > limit) {
    out.report(
      [...path, 'resources'],
      'selection/resource-limit',
      `lists ${resources.length} ARNs; the limit is ${limit}${wildcards ? ' when ARNs contain wildcards' : ''}`,
      resources.length,
    );
  }
  const prefix = `arn:${partition}:`;
  for (const key of ['resources', 'excludeResources'] as const) {
    (selection[key] ?? []).forEach((arn, i) => {
      if (arn !== '*' && !(arn.startsWith(prefix) && arn.split(':').length >= 6)) {
        out.report([...path, key, i], 'selection/arn-format', `must be "*" or an ARN starting with "${prefix}"`, arn);
      }
    });
  }
  const equals = selection.conditions?.stringEquals ?? {};
  for (const [key, value] of Object.entries(selection.tags ?? {})) {
    // Own keys only: a tag key such as "constructor" is an ordinary key, not the object's prototype member.
    if (Object.hasOwn(equals, key) && equals[key] !== value) {
      out.report([...path, 'conditions', 'stringEquals', key], 'selection/conflicting-tag',
        `tag "${key}" must equal both "${value}" (tags) and "${equals[key]}" (conditions.stringEquals)`, equals[key]);
    }
  }
}
