/**
 * Backstage entity names and references of the catalog. Entity names are unique per kind and namespace across the
 * whole catalog, and one catalog holds every environment, so every name starts with the environment name and ends
 * with the region (the same AWS name exists in several regions). Pure.
 */
import { createHash } from 'node:crypto';

/** Backstage's limit for metadata.name (KubernetesValidatorFunctions.isValidObjectName). */
export const MAX_ENTITY_NAME_LENGTH = 63;

/** Every entity this project generates lives in Backstage's default namespace. */
export const NAMESPACE = 'default';

/** Characters of the stable hash that replaces the tail of a name too long for Backstage. */
const HASH_LENGTH = 8;

/**
 * `parts` joined with "-". Parts are environment names, AWS names and regions, all made of letters, digits, "-" and
 * "_", and the first and last part start and end with a letter or digit, so the result is a valid Backstage name as
 * long as it fits. A longer one keeps its start and ends with a hash of the whole: still unique, still stable.
 */
export function entityName(...parts: readonly string[]): string {
  const joined = parts.join('-');
  if (joined.length <= MAX_ENTITY_NAME_LENGTH) return joined;
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, HASH_LENGTH);
  const head = joined.slice(0, MAX_ENTITY_NAME_LENGTH - HASH_LENGTH - 1).replace(/[-_.]+$/, '');
  return `${head}-${hash}`;
}

export type EntityKindRef = 'system' | 'resource' | 'component' | 'api' | 'template' | 'location';

/** A full entity reference, `<kind>:default/<name>`: unambiguous wherever Backstage reads it. */
export function entityRef(kind: EntityKindRef, name: string): string {
  return `${kind}:${NAMESPACE}/${name}`;
}
