import type { EnvironmentFile } from '../schema';
import { checkAccess } from './check-access';
import { checkCatalog } from './check-catalog';
import { checkOrchestration } from './check-orchestration';
import { checkPlans } from './check-plans';
import { checkRegionalFeatures } from './check-regional-features';
import { checkRegionSettings } from './check-region-settings';
import { checkResourceLimits } from './check-resource-limits';
import { checkRestoreTestingTypes } from './check-restore-testing-types';
import { checkRegionsAndArns } from './check-regions';
import { checkUniqueNames } from './check-names';
import { checkVaults } from './check-vaults';
import { Findings, type Finding } from './finding';

/** Every rule that one environment file can be checked against on its own. */
export function checkEnvironment(env: EnvironmentFile): Finding[] {
  const out = new Findings();
  checkRegionsAndArns(env, out);
  checkUniqueNames(env, out);
  checkVaults(env, out);
  checkPlans(env, out);
  checkOrchestration(env, out);
  checkAccess(env, out);
  checkCatalog(env, out);
  checkRegionalFeatures(env, out);
  checkRegionSettings(env, out);
  checkResourceLimits(env, out);
  checkRestoreTestingTypes(env, out);
  return out.items;
}
