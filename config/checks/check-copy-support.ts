import {
  BACKUP_REGIONAL_GAPS, inGap, isFullyManaged, OPT_IN_REGIONS, RESOURCE_TYPE_FACTS, supports, type BackupResourceType, type RegionalGap, type Support,
} from '../aws-facts';
import type { EnvironmentFile, PlanConfig, VaultConfig } from '../schema';
import type { Finding } from './finding';
import { fullManagementOn } from './region-settings-facts';
import { selectionTypes, unionOfTypes } from './selection-types';

/*
 * What AWS Backup copies, where (config/aws-facts): a copy whose resource types AWS does not copy that way, or that
 * crosses Regions or accounts where AWS offers no such copy, never exists; it is refused before plan. Where the file
 * names the types, the types are checked; where it selects by tags only, nothing is refused on a guess.
 */

export type CopyKind = 'cross-region' | 'cross-account' | 'air-gapped' | 'same-region';

export interface CopyFacts {
  readonly source: EnvironmentFile;
  readonly plan: PlanConfig;
  /** The rule's vault in `region`. */
  readonly region: string;
  readonly destination: EnvironmentFile;
  readonly destinationRegion: string;
  readonly destinationVault: VaultConfig;
  readonly path: readonly (string | number)[];
}

export function copyKinds(c: CopyFacts): CopyKind[] {
  const kinds: CopyKind[] = [];
  if (c.destination.accountId !== c.source.accountId) kinds.push('cross-account');
  if (c.destinationRegion !== c.region) kinds.push('cross-region');
  if (c.destinationVault.type === 'logically-air-gapped') kinds.push('air-gapped');
  return kinds.length > 0 ? kinds : ['same-region'];
}

const KIND_TEXT: Readonly<Record<CopyKind, string>> = {
  'cross-region': 'across Regions', 'cross-account': 'across accounts', 'air-gapped': 'into a logically air-gapped vault', 'same-region': 'to another vault',
};

/** Whether the type's copies of this kind exist: a type that copies neither across Regions nor accounts copies nowhere. */
function supportOf(type: BackupResourceType, kind: CopyKind, fullManagement: boolean): boolean | 'unconfirmed' {
  const f = RESOURCE_TYPE_FACTS[type];
  const of = (s: Support) => supports(s, fullManagement);
  if (kind === 'cross-region') return of(f.crossRegionCopy);
  if (kind === 'cross-account') return of(f.crossAccountCopy);
  if (kind === 'air-gapped') return of(f.airGappedCopy);
  const either = [of(f.crossRegionCopy), of(f.crossAccountCopy)];
  return either.includes(true) ? true : either.includes('unconfirmed') ? 'unconfirmed' : false;
}

/** Regional gaps that a copy of these kinds, with these types, falls into. */
function regionalGaps(c: CopyFacts, kinds: readonly CopyKind[], types: ReadonlySet<BackupResourceType>, known: boolean): { gap: RegionalGap; region: string }[] {
  const regions = [...new Set([c.region, c.destinationRegion])];
  const hit: { gap: RegionalGap; region: string }[] = [];
  const check = (gap: RegionalGap, applies: boolean) => {
    if (!applies) return;
    const region = regions.find((r) => inGap(gap, r));
    if (region) hit.push({ gap, region });
  };
  const crosses = kinds.includes('cross-account') || kinds.includes('cross-region');
  check(BACKUP_REGIONAL_GAPS.crossAccountCopy, kinds.includes('cross-account'));
  check(BACKUP_REGIONAL_GAPS.airGappedCopy, kinds.includes('air-gapped') && crosses);
  check(BACKUP_REGIONAL_GAPS.documentDbCopy, known && crosses && types.has('DocumentDB') && types.size === 1);
  check(BACKUP_REGIONAL_GAPS.fsxCrossRegionCopy, known && kinds.includes('cross-region') && types.has('FSx'));
  const optInOnly = ['CloudFormation', 'Neptune', 'Timestream'] as const;
  check(BACKUP_REGIONAL_GAPS.crossAccountCopyOfCloudFormationNeptuneTimestream, known && kinds.includes('cross-account') && optInOnly.some((t) => types.has(t)) && [...types].every((t) => (optInOnly as readonly string[]).includes(t)));
  return hit;
}

/** Refusals (and warnings) for one copy action of one rule, in one Region of its plan. */
export function checkCopySupport(c: CopyFacts): Omit<Finding, 'file'>[] {
  const out: Omit<Finding, 'file'>[] = [];
  const kinds = copyKinds(c);
  const selected = unionOfTypes(c.plan.selections.map((s) => selectionTypes(s, c.source.accountId, c.region)));
  const full = fullManagementOn(c.source);
  if (selected.known) {
    for (const type of [...selected.types].sort()) {
      const refused = kinds.filter((k) => supportOf(type, k, full(type)) === false);
      if (refused.length === 0) continue;
      const because = RESOURCE_TYPE_FACTS[type].fullManagement === 'with-full-management' && !full(type)
        ? ` (only with AWS Backup's full management of ${type}, which regionSettings.fullManagement turns off)` : '';
      out.push({
        path: c.path, rule: 'copy/resource-type',
        message: `the plan selects ${RESOURCE_TYPE_FACTS[type].title} (${type}), which AWS Backup does not copy ${refused.map((k) => KIND_TEXT[k]).join(' or ')}${because}: the copies would never exist`,
        received: type,
      });
    }
  }
  for (const { gap, region } of regionalGaps(c, kinds, selected.types, selected.known)) {
    out.push({
      path: c.path, rule: 'copy/region-feature',
      message: `${gap.feature} is not available in ${region}${(OPT_IN_REGIONS as readonly string[]).includes(region) && gap.regions === BACKUP_REGIONAL_GAPS.documentDbCopy.regions ? ' (a Region that requires opt-in)' : ''}`,
      received: region,
    });
  }
  // Types AWS Backup does not fully manage keep their own key in a copy: it must be customer-managed and shared.
  const crossing = kinds.includes('cross-account') || kinds.includes('air-gapped');
  const ownKeys = [...selected.types].filter((t) => !isFullyManaged(t, full(t))).sort();
  if (crossing && selected.known && ownKeys.length > 0) {
    out.push({
      path: c.path, rule: 'copy/source-resource-key', severity: 'warning',
      message: `${ownKeys.join(', ')} recovery points keep the key of the resource they come from: each resource must be encrypted with a customer-managed key `
        + `shared with account ${c.destination.accountId} (its service-linked role copies it); resources on AWS-managed keys (aws/ebs, aws/rds...) fail to copy`,
      received: ownKeys,
    });
  }
  return out;
}
