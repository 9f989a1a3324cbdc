import type { EnvironmentFile } from '../schema';
import { environmentRegions } from './environment-facts';
import type { Findings } from './finding';
import { typesReliedOn } from './region-settings-facts';

/**
 * A type the file names (by selection ARN, drill or restore test) is not opted out: AWS Backup would skip it (for
 * Aurora, Neptune and DocumentDB even when a plan names their ARNs; AWS Backup, "Working with supported services").
 */
export function checkRegionSettings(env: EnvironmentFile, out: Findings): void {
  const optOut = env.regionSettings?.optOut ?? [];
  if (env.regionSettings?.manage === false || optOut.length === 0) return;
  const reported = new Set<string>();
  for (const region of environmentRegions(env)) {
    for (const relied of typesReliedOn(env, region)) {
      const index = optOut.indexOf(relied.type);
      if (index < 0 || reported.has(relied.type)) continue;
      reported.add(relied.type);
      out.report(['regionSettings', 'optOut', index], 'region-settings/opt-in',
        `${relied.type} is opted out, but ${relied.path.join('.')} relies on it in ${region}: AWS Backup would not protect it`, relied.type);
    }
  }
}
