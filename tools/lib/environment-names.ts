import * as path from 'path';
import { defaultEnvironmentsDir, environmentNameOf, readEnvironmentFiles } from '../../config/environment-files';
import { ConfigError } from '../../config/problems';
import { requireKnownNames } from './terraform/manifest';

/**
 * Refuses, before anything is synthesized, environment names that have no file: an environment is named after its
 * file (rule environment/file-name), so a mistyped name is reported at once instead of after synthesizing the whole
 * estate. `directory` is the folder the app reads (default: as main.ts finds it, from `root`). A folder that cannot be
 * read is left to the app, which reports it with the other configuration problems.
 */
export function refuseUnknownEnvironments(names: readonly string[], root: string, directory?: string): void {
  if (names.length === 0) return;
  let known: string[];
  try {
    known = readEnvironmentFiles(directory ?? path.resolve(root, defaultEnvironmentsDir())).sources.map((source) => environmentNameOf(source.file));
  } catch (error) {
    if (error instanceof ConfigError) return;
    throw error;
  }
  requireKnownNames(known, names);
}
