import { BACKSTAGE_NAME_PATTERN, type EnvironmentFile } from '../schema';
import type { Findings } from './finding';

/** What `npm run catalog` needs of one environment file that the schema cannot say on its own. */
export function checkCatalog(env: EnvironmentFile, out: Findings): void {
  // The owner tag is free text for AWS; only when it is also a Backstage name can it stand in for catalog.owner.
  if (env.catalog?.owner === undefined && !BACKSTAGE_NAME_PATTERN.test(env.tags.owner)) {
    out.report(
      ['tags', 'owner'],
      'catalog/owner',
      `the owner tag "${env.tags.owner}" is not a Backstage entity name, so it cannot be the catalog owner: set catalog.owner (e.g. group:default/platform-team)`,
      env.tags.owner,
    );
  }
}
