import fc from 'fast-check';
import { BACKUP_REGIONAL_GAPS, inGap, QUOTAS } from '../../config/aws-facts';
import { worstCaseHistoryEvents } from '../../config/orchestration-limits';
import { typesProducedInto } from '../../config/checks/check-restore-testing-types';
import { stringify, type ToStringOptions } from 'yaml';
import type { EnvironmentSource } from '../../config/load';
import type { PathSegment } from '../../config/problems';
import type { RuleId } from '../../config/checks/catalog';
import { DRILL_RESOURCE_TYPES, GITHUB_ACTIONS_ISSUER, LOG_RETENTION_DAYS, RESTORE_TESTING_RESOURCE_TYPES } from '../../config/schema';
import { isRegionOfPartition, PARTITIONS, type Partition } from '../../config/partitions';
import {
  VAULT_EVENTS,
  type EnvironmentFile,
  type LifecycleConfig,
  type PlanConfig,
  type RuleConfig,
  type SelectionConfig,
  type VaultConfig,
} from '../../config/schema';

/*
 * fast-check arbitraries of VALID estates: a central backup account and 1-3 member accounts, each a raw object of the
 * shape `environments/<name>.yaml` parses to. They are built from the schema's and the rules' own constraints (names,
 * regions of the partition, cron spacing, lifecycles with the cold-storage + 90 days rule, vault lock ranges that every
 * rule and every copy into the vault fits, copies that resolve end to end and are accepted, orchestration and access
 * that reference what exists), so every value drawn here must validate. Every name, account ID and region is drawn by
 * fast-check (seeded): nothing is fixed but the pool of region codes, which is filtered through the SDK's partition data.
 */

export type G = fc.GeneratorValue;
export type Json = any;

/** The longest completion window a generated valid rule gets (200 waits of the shortest callback timeout, 1 h). */
const MAX_VALID_WINDOW_MINUTES = 200 * 60;

/** Candidate region codes per partition; only those the SDK publishes for the partition are used. */
const REGION_CANDIDATES: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'sa-east-1', 'mx-central-1',
    'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
    'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-northeast-1', 'ap-northeast-2',
    'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-east-1', 'me-south-1', 'me-central-1', 'af-south-1', 'il-central-1',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
};

export const REGIONS: Readonly<Record<Partition, readonly string[]>> = Object.fromEntries(
  PARTITIONS.map((p) => [p, REGION_CANDIDATES[p].filter((r) => isRegionOfPartition(r, p))]),
) as unknown as Record<Partition, readonly string[]>;

/** IANA zone names for schedules (canonical and alias spellings). */
const TIME_ZONES = ['UTC', 'Etc/UTC', 'Europe/Dublin', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata', 'America/Sao_Paulo', 'Pacific/Auckland'];

// ---------------------------------------------------------------------------------------------------------------
// Small arbitraries
// ---------------------------------------------------------------------------------------------------------------

export const environmentNameArb = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{1,12}[a-z0-9]$/) },
  // Long names (up to the 32 the schema allows) reach the limits of every name derived from them.
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{26,30}[a-z0-9]$/) },
);
export const accountIdArb = fc.stringMatching(/^\d{12}$/);
const organizationIdArb = fc.stringMatching(/^o-[a-z0-9]{10,16}$/);
/** Mostly short names, sometimes at the longest the schema allows (names derived from them must still fit). */
const shortOrLong = (short: RegExp, long: RegExp) => fc.oneof({ weight: 4, arbitrary: fc.stringMatching(short) }, { weight: 1, arbitrary: fc.stringMatching(long) });
const vaultNameArb = shortOrLong(/^[a-zA-Z0-9_-]{2,20}$/, /^[a-zA-Z0-9_-]{45,50}$/);
const backupObjectNameArb = shortOrLong(/^[a-zA-Z0-9_.-]{1,20}$/, /^[a-zA-Z0-9_.-]{45,50}$/);
const drillNameArb = shortOrLong(/^[a-z0-9][a-z0-9-]{0,15}[a-z0-9]$/, /^[a-z0-9][a-z0-9-]{33,38}[a-z0-9]$/);
const restoreTestingNameArb = shortOrLong(/^[a-zA-Z0-9_]{1,20}$/, /^[a-zA-Z0-9_]{45,50}$/);
const iamNameArb = fc.stringMatching(/^[a-zA-Z0-9+=,.@_-]{1,30}$/);
const bucketArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
const tagKeyArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_.:/=+@-]{0,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom('Cost Center', 'données', '東京', 'app.kubernetes.io/name', 'Ωmega') },
  // Names of Object.prototype members are ordinary tag keys to AWS.
  { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf') },
).filter((k) => !k.startsWith('aws:'));
const tagValueArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9 _.:/=+@-]{0,16}$/) },
  { weight: 1, arbitrary: fc.constantFrom('Zürich', 'café au lait', '123', 'true', 'null', '') },
);
const tagPatternArb = fc.stringMatching(/^[A-Za-z0-9_.:/=+@*-]{1,12}$/);
const entryNameArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/);
const hexArb = (length: number) => matching(new RegExp(`^[0-9a-f]{${length}}$`));

/**
 * `fc.stringMatching(re)`, built once per pattern: arbitraries created inside a `fc.gen()` draw are expensive (about 3 ms
 * each), shared ones are not.
 */
const matchingCache = new Map<string, fc.Arbitrary<string>>();
export function matching(re: RegExp): fc.Arbitrary<string> {
  let arbitrary = matchingCache.get(re.source);
  if (!arbitrary) matchingCache.set(re.source, (arbitrary = fc.stringMatching(re)));
  return arbitrary;
}

export function pick<T>(g: G, items: readonly T[]): T {
  return items[g(fc.integer, { min: 0, max: items.length - 1 })];
}
export function chance(g: G, percent: number): boolean {
  return g(fc.integer, { min: 1, max: 100 }) <= percent;
}
function subset<T>(g: G, items: readonly T[], min: number, max = items.length): T[] {
  return g(() => fc.shuffledSubarray([...items], { minLength: Math.min(min, items.length), maxLength: Math.min(max, items.length) }));
}
/** `count` distinct values of `arb`. */
function distinct<T>(g: G, arb: fc.Arbitrary<T>, count: number, key: (t: T) => string = String): T[] {
  return g(() => fc.uniqueArray(arb, { minLength: count, maxLength: count, selector: key }));
}

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

/** A 6-field AWS cron expression whose runs are at least 60 minutes apart. */
export function backupCron(g: G): string {
  const minute = g(fc.integer, { min: 0, max: 59 });
  const hourKind = g(fc.integer, { min: 0, max: 3 });
  let hours: string;
  if (hourKind === 0) hours = String(g(fc.integer, { min: 0, max: 23 }));
  else if (hourKind === 1) hours = `*/${g(fc.integer, { min: 1, max: 12 })}`;
  else if (hourKind === 2) {
    const from = g(fc.integer, { min: 0, max: 20 });
    hours = `${from}-${g(fc.integer, { min: from + 1, max: 23 })}/${g(fc.integer, { min: 1, max: 6 })}`;
  } else hours = g(() => fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 4 })).sort((a, b) => a - b).join(',');
  const [dayOfMonth, dayOfWeek] = cronDays(g);
  const month = pick(g, ['*', '*', String(g(fc.integer, { min: 1, max: 12 })), 'JAN-JUN', '*/3', '1,7']);
  const year = pick(g, ['*', '*', '*', '2026-2199']);
  return `cron(${minute} ${hours} ${dayOfMonth} ${month} ${dayOfWeek} ${year})`;
}

/** day-of-month and day-of-week: exactly one of them is "?". */
function cronDays(g: G): [string, string] {
  const day = g(fc.integer, { min: 1, max: 28 });
  const dow = g(fc.integer, { min: 1, max: 7 });
  return pick<[string, string]>(g, [
    ['*', '?'], ['?', '*'], [String(day), '?'], ['L', '?'], [`${day}W`, '?'], ['1,15', '?'],
    ['?', 'MON-FRI'], ['?', String(dow)], ['?', pick(g, ['SUN', 'MON', 'SAT'])], ['?', `${dow}#${g(fc.integer, { min: 1, max: 5 })}`], ['?', `${dow}L`],
  ]);
}

/** An EventBridge Scheduler expression: cron, rate or a one-time at(). */
function schedulerExpression(g: G): string {
  const kind = g(fc.integer, { min: 0, max: 2 });
  if (kind === 0) return backupCron(g);
  if (kind === 1) {
    const count = g(fc.integer, { min: 1, max: 30 });
    const unit = pick(g, ['minute', 'hour', 'day']);
    return `rate(${count} ${unit}${count === 1 ? '' : 's'})`;
  }
  const two = (min: number, max: number) => String(g(fc.integer, { min, max })).padStart(2, '0');
  return `at(${g(fc.integer, { min: 2026, max: 2099 })}-${two(1, 12)}-${two(1, 28)}T${two(0, 23)}:${two(0, 59)}:${two(0, 59)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------------------------------------------

/** The retention range a vault enforces on what is backed up or copied into it (lock or air-gapped retention). */
export interface RetentionRange {
  readonly min?: number;
  readonly max?: number;
}

/** Whether a retention of `days` (undefined: kept forever) fits `range`: the tests' own reading of the AWS rule. */
export function retentionFits(days: number | undefined, range: RetentionRange | undefined): boolean {
  if (!range) return true;
  if (days === undefined) return range.max === undefined;
  return (range.min === undefined || days >= range.min) && (range.max === undefined || days <= range.max);
}

/**
 * A lifecycle whose retention fits `range`; with cold storage, deletion comes at least 90 days after the move
 * (API_Lifecycle). Continuous backups keep 1-35 days and never go cold. Callers make sure the range allows it.
 */
function lifecycleWithin(g: G, range: RetentionRange | undefined, continuous = false): LifecycleConfig | undefined {
  const lo = Math.max(1, range?.min ?? 1);
  const hi = Math.min(continuous ? 35 : 36500, range?.max ?? 36500);
  if (continuous) return { deleteAfterDays: g(fc.integer, { min: lo, max: hi }) };
  const kind = g(fc.integer, { min: 0, max: 3 });
  if (kind === 0 && range?.max === undefined) {
    // Kept forever (only where no lock caps the retention), perhaps moved to cold storage.
    if (chance(g, 50)) return undefined;
    const archive = chance(g, 40) ? { optInToArchiveForSupportedResources: g(fc.boolean) } : {};
    return { moveToColdStorageAfterDays: g(fc.integer, { min: 1, max: 36500 }), ...archive };
  }
  if (kind === 1 && hi >= Math.max(lo, 91)) {
    const deleteAfterDays = g(fc.integer, { min: Math.max(lo, 91), max: hi });
    const archive = chance(g, 50) ? { optInToArchiveForSupportedResources: g(fc.boolean) } : {};
    return { moveToColdStorageAfterDays: g(fc.integer, { min: 1, max: deleteAfterDays - 90 }), deleteAfterDays, ...archive };
  }
  return { deleteAfterDays: g(fc.integer, { min: lo, max: hi }), ...(chance(g, 10) ? { optInToArchiveForSupportedResources: false } : {}) };
}

function lockRange(g: G): RetentionRange {
  const min = chance(g, 60) ? g(fc.integer, { min: 1, max: 400 }) : undefined;
  const max = chance(g, 60) ? g(fc.integer, { min: Math.max(min ?? 1, 1), max: 36500 }) : undefined;
  return { min, max };
}

// ---------------------------------------------------------------------------------------------------------------
// Estate model used while building
// ---------------------------------------------------------------------------------------------------------------

/** What the builder knows of a vault: where it exists and what retention it accepts. */
export interface VaultFacts {
  readonly name: string;
  readonly regions: readonly string[];
  readonly range?: RetentionRange;
  readonly airGapped: boolean;
}

interface Draft {
  readonly name: string;
  readonly accountId: string;
  readonly partition: Partition;
  readonly organizationId?: string;
  readonly regions: readonly string[];
  readonly raw: Json;
  readonly vaults: VaultFacts[];
}

/** The YAML form of one file: how `yaml.stringify` writes it (the loader must read every style alike). */
export interface YamlStyle {
  readonly collectionStyle: 'any' | 'block' | 'flow';
  readonly indent: number;
  readonly defaultStringType: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
}

/** A valid estate: the central backup account first, then the members; raw file contents and how to write them. */
export interface GeneratedEstate {
  readonly partition: Partition;
  readonly centralName: string;
  readonly environments: readonly EnvironmentFile[];
  readonly styles: readonly YamlStyle[];
}

/** Every file of the estate must be kept in the same place: `<dir>/<name>.yaml`. */
export const fileOfEnvironment = (name: string, dir = 'environments'): string => `${dir}/${name}.yaml`;

function tagMap(g: G, keys: fc.Arbitrary<string>, values: fc.Arbitrary<string>, min: number, max: number): Record<string, string> {
  const chosen = distinct(g, keys, g(fc.integer, { min, max }));
  return Object.fromEntries(chosen.map((k) => [k, g(() => values)]));
}

// ---------------------------------------------------------------------------------------------------------------
// Environment parts
// ---------------------------------------------------------------------------------------------------------------

function environmentBase(g: G, name: string, accountId: string, partition: Partition, organizationId: string | undefined): Draft {
  const pool = REGIONS[partition];
  const primary = pick(g, pool);
  const additional = subset(g, pool.filter((r) => r !== primary), 0, 2);
  const p = partition;
  const raw: Json = {};
  if (chance(g, 10)) raw.$schema = './environment.schema.json';
  raw.name = name;
  raw.accountId = accountId;
  raw.partition = partition;
  if (organizationId) raw.organizationId = organizationId;
  raw.regions = { primary, ...(additional.length > 0 || chance(g, 10) ? { additional } : {}) };
  raw.deployment = {
    roleArn: `arn:${p}:iam::${accountId}:role/${g(() => iamNameArb)}`,
    ...(chance(g, 30) ? { sessionName: g(() => matching(/^[a-zA-Z0-9+=,.@_-]{2,30}$/)) } : {}),
    ...(chance(g, 30) ? { externalId: g(() => matching(/^[a-zA-Z0-9+=,.@:/_-]{2,40}$/)) } : {}),
  };
  const stateRegion = pick(g, pool);
  raw.state = {
    bucket: g(() => bucketArb),
    region: stateRegion,
    ...(chance(g, 30) ? { key: g(() => matching(/^[a-zA-Z0-9!_.*'()/-]{1,40}$/)) } : {}),
    ...(chance(g, 30) ? { lockTable: g(() => matching(/^[a-zA-Z0-9_.-]{3,30}$/)) } : {}),
    ...(chance(g, 20) ? { kmsKeyArn: `arn:${p}:kms:${stateRegion}:${accountId}:key/${g(fc.uuid)}` } : {}),
    ...(chance(g, 20) ? { roleArn: `arn:${p}:iam::${accountId}:role/${g(() => iamNameArb)}` } : {}),
  };
  const owner = g(() => matching(/^[a-z0-9][a-z0-9-]{0,20}[a-z0-9]$/));
  raw.tags = {
    environment: g(() => matching(/^[a-zA-Z0-9][a-zA-Z0-9 _.:/=+@-]{0,15}$/)),
    owner,
    complianceCode: g(() => matching(/^[A-Z0-9][A-Z0-9_.:/=+@-]{0,15}$/)),
    ...(chance(g, 40) ? { additional: tagMap(g, tagKeyArb, tagValueArb, 1, 3) } : {}),
  };
  if (chance(g, 20)) raw.breakGlassRoleName = g(() => iamNameArb);
  if (chance(g, 20)) raw.ssmParameterPrefix = g(() => matching(/^(\/[a-zA-Z0-9_.-]{1,12}){1,3}$/)).replace(/^\/(aws|ssm)/i, '/p');
  return { name, accountId, partition, organizationId, regions: [primary, ...additional], raw, vaults: [] };
}

/** A standard vault (or a logically air-gapped one) in `regions` (undefined: every region of the environment). */
function addVault(g: G, env: Draft, name: string, regions: readonly string[] | undefined, airGapped: boolean): VaultConfig {
  const p = env.partition;
  const vaultRegions = regions ?? env.regions;
  const raw: Json = { name };
  let range: RetentionRange | undefined;
  if (airGapped) {
    raw.type = 'logically-air-gapped';
    if (regions) raw.regions = [...regions];
    const minDays = g(fc.integer, { min: 7, max: 400 });
    raw.retention = { minDays, maxDays: g(fc.integer, { min: minDays, max: 36500 }) };
    range = { min: raw.retention.minDays, max: raw.retention.maxDays };
  } else {
    if (chance(g, 20)) raw.type = 'standard';
    if (regions) raw.regions = [...regions];
    const keyKind = g(fc.integer, { min: 0, max: 5 });
    if (keyKind === 0) raw.kms = { deletionWindowInDays: g(fc.integer, { min: 7, max: 30 }) };
    if (keyKind === 1) {
      raw.kms = {
        existingKeyArns: Object.fromEntries(vaultRegions.map((r) => [r, chance(g, 80)
          ? `arn:${p}:kms:${r}:${env.accountId}:key/${g(fc.uuid)}`
          : `arn:${p}:kms:${r}:${env.accountId}:alias/${g(() => matching(/^[a-zA-Z0-9_-]{1,20}$/))}`])),
      };
    }
    if (chance(g, 45)) {
      const lockRangeValue = lockRange(g);
      range = lockRangeValue;
      raw.lock = chance(g, 50)
        ? { mode: 'governance' }
        : { mode: 'compliance', changeableForDays: g(fc.integer, { min: 3, max: 36500 }) };
      if (lockRangeValue.min !== undefined) raw.lock.minRetentionDays = lockRangeValue.min;
      if (lockRangeValue.max !== undefined) raw.lock.maxRetentionDays = lockRangeValue.max;
    }
  }
  if (chance(g, airGapped ? 20 : 40)) raw.notifications = { events: subset(g, VAULT_EVENTS, 1, 4) };
  env.vaults.push({ name, regions: vaultRegions, range, airGapped });
  return raw;
}

/** `standard` standard vaults (the first in every region of the environment), and maybe a logically air-gapped one. */
function vaults(g: G, env: Draft, standard: { min: number; max: number }, airGappedPercent: number): VaultConfig[] {
  const standardCount = g(fc.integer, standard);
  const names = distinct(g, vaultNameArb, standardCount + (chance(g, airGappedPercent) ? 1 : 0));
  return names.map((name, i) => i === 0
    ? addVault(g, env, name, chance(g, 70) ? undefined : [...env.regions], false)
    : addVault(g, env, name, chance(g, 40) ? undefined : subset(g, env.regions, 1), i >= standardCount));
}

function resourceArn(g: G, env: Draft, wildcards: boolean): string {
  const p = env.partition;
  const region = pick(g, env.regions);
  const a = env.accountId;
  const options = [
    `arn:${p}:ec2:${region}:${a}:volume/vol-${g(() => hexArb(17))}`,
    `arn:${p}:rds:${region}:${a}:db:${g(() => matching(/^[a-z][a-z0-9-]{0,20}$/))}`,
    `arn:${p}:dynamodb:${region}:${a}:table/${g(() => matching(/^[a-zA-Z0-9_.-]{3,20}$/))}`,
    `arn:${p}:elasticfilesystem:${region}:${a}:file-system/fs-${g(() => hexArb(8))}`,
    `arn:${p}:s3:::${g(() => bucketArb)}`,
  ];
  const wild = [`arn:${p}:ec2:${region}:${a}:volume/*`, `arn:${p}:rds:${region}:${a}:db:*`, `arn:${p}:ec2:*:${a}:volume/*`, `arn:${p}:dynamodb:${region}:${a}:table/*`];
  return wildcards && chance(g, 50) ? pick(g, wild) : pick(g, options);
}

function selection(g: G, env: Draft, name: string): SelectionConfig {
  const raw: Json = { name };
  const kinds = new Set(subset(g, ['tags', 'conditions', 'anyOfTags', 'resources', 'allResources'], 1, 3));
  if (chance(g, 30)) kinds.add('excludeResources');
  if (kinds.has('tags')) raw.tags = tagMap(g, tagKeyArb, tagPatternArb, 1, 2);
  if (kinds.has('conditions')) {
    raw.conditions = {};
    for (const operator of subset(g, ['stringEquals', 'stringNotEquals', 'stringLike', 'stringNotLike'], 1)) {
      const map = tagMap(g, tagKeyArb, tagPatternArb, 1, 2);
      // tags and stringEquals may share a key only with the same value (rule selection/conflicting-tag).
      if (operator === 'stringEquals' && raw.tags) for (const key of Object.keys(map)) if (Object.hasOwn(raw.tags, key)) map[key] = raw.tags[key];
      raw.conditions[operator] = map;
    }
  }
  if (kinds.has('anyOfTags')) raw.anyOfTags = tagMap(g, tagKeyArb, tagPatternArb, 1, 3);
  if (kinds.has('resources')) {
    raw.resources = chance(g, 15) ? ['*'] : Array.from({ length: g(fc.integer, { min: 1, max: 4 }) }, () => resourceArn(g, env, true));
  }
  if (kinds.has('excludeResources')) raw.excludeResources = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, () => resourceArn(g, env, true));
  if (kinds.has('allResources')) raw.allResources = true;
  else if (chance(g, 10)) raw.allResources = false;
  return raw;
}

/** Where a rule may copy to: (environment, region, vault) with the vault's retention range. */
interface CopyDestination {
  readonly env: Draft;
  readonly region: string;
  readonly vault: VaultFacts;
}

/** Whether AWS offers the copy in every Region of the plan (rule copy/region-feature): the generator makes only such copies. */
function copyOffered(env: Draft, planRegions: readonly string[], d: CopyDestination): boolean {
  return planRegions.every((region) => {
    const regions = [region, d.region];
    const crosses = d.env !== env || d.region !== region;
    if (d.env !== env && regions.some((r) => inGap(BACKUP_REGIONAL_GAPS.crossAccountCopy, r))) return false;
    return !(d.vault.airGapped && crosses && regions.some((r) => inGap(BACKUP_REGIONAL_GAPS.airGappedCopy, r)));
  });
}

function rule(g: G, env: Draft, name: string, planRegions: readonly string[], central: Draft, accepted: Map<string, Set<string>>): RuleConfig {
  const eligible = env.vaults.filter((v) => !v.airGapped && planRegions.every((r) => v.regions.includes(r)));
  const vault = pick(g, eligible);
  const continuous = (vault.range?.min ?? 1) <= 35 && chance(g, 20);
  const raw: Json = { name, vault: vault.name, schedule: backupCron(g) };
  if (chance(g, 40)) raw.scheduleTimezone = pick(g, TIME_ZONES);
  // Windows up to 200 h: the orchestration (on by default) waits for a job's whole window in at most 200 callback
  // waits of at least 1 h (orchestration/job-window); longer windows are a mutation kind below.
  const start = chance(g, 40) ? g(fc.integer, { min: 60, max: chance(g, 80) ? 1440 : MAX_VALID_WINDOW_MINUTES - 1 }) : undefined;
  if (start !== undefined) raw.startWindowMinutes = start;
  if (chance(g, 40) || (start ?? 60) >= 10_080) raw.completionWindowMinutes = g(fc.integer, { min: (start ?? 60) + 1, max: MAX_VALID_WINDOW_MINUTES });
  const lifecycle = lifecycleWithin(g, vault.range, continuous);
  if (lifecycle) raw.lifecycle = lifecycle;
  if (continuous) raw.continuousBackup = true;
  else if (chance(g, 10)) raw.continuousBackup = false;
  if (chance(g, 30)) raw.recoveryPointTags = tagMap(g, tagKeyArb, tagValueArb, 1, 3);

  const destinations: CopyDestination[] = [
    ...env.regions.flatMap((region) => env.vaults
      .filter((v) => v.regions.includes(region) && !(planRegions.includes(region) && v.name === vault.name))
      .map((v) => ({ env, region, vault: v }))),
    ...central.regions.flatMap((region) => central.vaults.filter((v) => v.regions.includes(region)).map((v) => ({ env: central, region, vault: v }))),
  ].filter((d) => copyOffered(env, planRegions, d));
  const chosen = subset(g, destinations, 0, chance(g, 60) ? 3 : 0);
  if (chosen.length > 0) {
    raw.copyTo = chosen.map((d) => {
      const copy: Json = {};
      if (d.env !== env || chance(g, 20)) copy.environment = d.env.name;
      copy.region = d.region;
      if (d.vault.name !== vault.name || chance(g, 50)) copy.vault = d.vault.name;
      if (!retentionFits(lifecycle?.deleteAfterDays, d.vault.range) || chance(g, 40)) {
        const copyLifecycle = lifecycleWithin(g, d.vault.range);
        if (copyLifecycle) copy.lifecycle = copyLifecycle;
        else if (!retentionFits(lifecycle?.deleteAfterDays, d.vault.range)) copy.lifecycle = {};
      }
      if (d.env !== env) accepted.get(d.vault.name)?.add(env.name);
      return copy;
    });
  }
  return raw;
}

function plans(g: G, env: Draft, central: Draft, accepted: Map<string, Set<string>>): PlanConfig[] {
  const names = distinct(g, backupObjectNameArb, g(fc.integer, { min: 1, max: 3 }));
  return names.map((name) => {
    const raw: Json = { name };
    const regions = chance(g, 40) ? undefined : subset(g, env.regions, 1);
    if (regions) raw.regions = regions;
    const planRegions = regions ?? [env.regions[0]];
    raw.rules = distinct(g, backupObjectNameArb, g(fc.integer, { min: 1, max: 3 })).map((ruleName) => rule(g, env, ruleName, planRegions, central, accepted));
    raw.selections = distinct(g, backupObjectNameArb, g(fc.integer, { min: 1, max: 2 })).map((selectionName) => selection(g, env, selectionName));
    return raw;
  });
}

/** What a drill of each resource type restores: an ARN of the shape rule drill/resource-arn expects. */
function drillResourceArn(g: G, env: Draft, type: (typeof DRILL_RESOURCE_TYPES)[number], region: string): string {
  const p = env.partition;
  const a = env.accountId;
  switch (type) {
    case 'EBS': return `arn:${p}:ec2:${region}:${a}:volume/vol-${g(() => hexArb(17))}`;
    case 'RDS': return `arn:${p}:rds:${region}:${a}:db:${g(() => matching(/^[a-zA-Z][a-zA-Z0-9-]{0,20}$/))}`;
    case 'Aurora': return `arn:${p}:rds:${region}:${a}:cluster:${g(() => matching(/^[a-zA-Z][a-zA-Z0-9-]{0,20}$/))}`;
    case 'DynamoDB': return `arn:${p}:dynamodb:${region}:${a}:table/${g(() => matching(/^[a-zA-Z0-9_.-]{3,20}$/))}`;
    case 'S3': return `arn:${p}:s3:::${g(() => bucketArb)}`;
    case 'EFS': return `arn:${p}:elasticfilesystem:${region}:${a}:file-system/fs-${g(() => hexArb(8))}`;
  }
}

const METADATA_OVERRIDES = { DBInstanceClass: 'db.t4g.medium', MultiAZ: 'false', DBSubnetGroupName: 'drills', AvailabilityZone: 'a', Encrypted: 'true', PerformanceMode: 'generalPurpose' };

function regionOf(g: G, env: Draft, orchestrationRegions: readonly string[]): { region: string; explicit: boolean } {
  // Drills and restore testing default to the primary region, which must then be an orchestration region.
  if (orchestrationRegions.includes(env.regions[0]) && chance(g, 50)) return { region: env.regions[0], explicit: false };
  return { region: pick(g, orchestrationRegions), explicit: true };
}

/** The orchestration section (or none), referencing only plans, rules and vaults that exist where it runs. */
function orchestration(g: G, env: Draft, envPlans: readonly PlanConfig[]): Json | undefined {
  const kind = g(fc.integer, { min: 0, max: 9 });
  if (kind < 3) return undefined;
  if (kind === 3) return { enabled: false, ...(chance(g, 50) ? { logRetentionDays: pick(g, LOG_RETENTION_DAYS) } : {}) };
  const raw: Json = {};
  if (chance(g, 20)) raw.enabled = true;
  const regions = chance(g, 50) ? undefined : subset(g, env.regions, 1);
  if (regions) raw.regions = regions;
  const orchestrationRegions = regions ?? [env.regions[0]];
  const planRegions = (plan: PlanConfig) => plan.regions ?? [env.regions[0]];
  const withPlans = orchestrationRegions.filter((r) => envPlans.some((p) => planRegions(p).includes(r)));
  const candidates = envPlans.filter((p) => withPlans.every((r) => planRegions(p).includes(r)));
  if (candidates.length > 0 && chance(g, 50)) {
    const plan = pick(g, candidates);
    // A continuous-backup rule cannot be the on-demand rule (orchestration/on-demand-rule).
    const snapshotRules = plan.rules.filter((r) => !r.continuousBackup);
    if (snapshotRules.length > 0) raw.onDemandRule = `${plan.name}/${pick(g, snapshotRules).name}`;
  }
  if (chance(g, 40)) raw.callbackTimeoutHours = g(fc.integer, { min: 1, max: 168 });
  if (chance(g, 40)) raw.auditRetentionDays = g(fc.integer, { min: 1, max: 3650 });
  if (chance(g, 40)) raw.logRetentionDays = pick(g, LOG_RETENTION_DAYS);
  if (chance(g, 40)) {
    raw.recovery = {
      ...(chance(g, 50) ? { enabled: g(fc.boolean) } : {}),
      ...(chance(g, 50) ? { maxAttempts: g(fc.integer, { min: 1, max: 10 }) } : {}),
      ...(chance(g, 50) ? { initialBackoffMinutes: g(fc.integer, { min: 1, max: 720 }) } : {}),
    };
    // Backoff doubles per attempt (orchestration/job-window counts it): keep the worst case under 180 days.
    const attempts = (raw.recovery as Json).maxAttempts ?? 3;
    const initial = (raw.recovery as Json).initialBackoffMinutes;
    if (initial !== undefined) (raw.recovery as Json).initialBackoffMinutes = Math.max(1, Math.min(initial, Math.floor((180 * 1440) / (1.5 * (2 ** attempts - 1)))));
  }
  // Within Step Functions' execution history (orchestration/execution-history): short callback waits over long
  // windows, many attempts and many copies together can exceed it; the default 24 h waits never do here.
  const rules = envPlans.flatMap((p) => p.rules);
  if (rules.length > 0 && raw.callbackTimeoutHours !== undefined) {
    const window = Math.max(10_080, ...rules.map((r) => r.completionWindowMinutes ?? 10_080));
    const rounds = Math.max(1, Math.ceil((window * 60) / (raw.callbackTimeoutHours * 3600)));
    const attempts = raw.recovery?.enabled === false ? 1 : raw.recovery?.maxAttempts ?? 3;
    const copies = Math.max(...rules.map((r) => (r.copyTo ?? []).length));
    if (worstCaseHistoryEvents(attempts + copies, rounds) > QUOTAS.executionHistoryEvents.value) delete raw.callbackTimeoutHours;
  }
  if (chance(g, 50)) {
    // A drill's schedule is named <environment>-drill-<drill>, at most 64 characters: long names are cut to fit.
    const room = 64 - `${env.name}-drill-`.length;
    const drillNames = [...new Set(distinct(g, drillNameArb, g(fc.integer, { min: 1, max: 2 })).map((n) => {
      const cut = n.slice(0, room).replace(/-+$/, '');
      return cut.length >= 2 ? cut : `${cut}0`;
    }))];
    raw.drills = drillNames.map((name) => {
      const { region, explicit } = regionOf(g, env, orchestrationRegions);
      const resourceType = pick(g, DRILL_RESOURCE_TYPES);
      const drill: Json = { name, ...(explicit ? { region } : {}), schedule: schedulerExpression(g), resourceArn: drillResourceArn(g, env, resourceType, region), resourceType };
      if (chance(g, 30)) drill.scheduleTimezone = pick(g, TIME_ZONES);
      const vaultsThere = env.vaults.filter((v) => !v.airGapped && v.regions.includes(region));
      if (chance(g, 50)) drill.vault = pick(g, vaultsThere).name;
      if (chance(g, 40)) drill.restoreMetadataOverrides = Object.fromEntries(subset(g, Object.entries(METADATA_OVERRIDES), 1, 3));
      if (chance(g, 40)) drill.targetRecoveryMinutes = g(fc.integer, { min: 1, max: 10080 });
      if (chance(g, 30)) drill.enabled = g(fc.boolean);
      return drill;
    });
  }
  // Restore testing only where AWS offers it, of types the plans put into the tested vaults (restore-testing/resource-type).
  const asFile = { ...env.raw, plans: envPlans } as EnvironmentFile;
  const testable = (region: string, vaults: readonly string[]) =>
    RESTORE_TESTING_RESOURCE_TYPES.filter((t) => vaults.some((v) => typesProducedInto(asFile, v, region).has(t)));
  if (chance(g, 40) && !orchestrationRegions.some((r) => inGap(BACKUP_REGIONAL_GAPS.restoreTesting, r))) {
    raw.restoreTesting = distinct(g, restoreTestingNameArb, g(fc.integer, { min: 1, max: 2 })).map((name) => {
      const { region, explicit } = regionOf(g, env, orchestrationRegions);
      const vaultsThere = env.vaults.filter((v) => !v.airGapped && v.regions.includes(region)).map((v) => v.name);
      const plan: Json = { name, ...(explicit ? { region } : {}), schedule: backupCron(g), vaults: subset(g, vaultsThere, 1) };
      const types = testable(region, plan.vaults);
      if (chance(g, 30)) plan.scheduleTimezone = pick(g, TIME_ZONES);
      if (chance(g, 30)) plan.startWindowHours = g(fc.integer, { min: 1, max: 168 });
      if (chance(g, 30)) plan.algorithm = pick(g, ['LATEST_WITHIN_WINDOW', 'RANDOM_WITHIN_WINDOW']);
      if (chance(g, 30)) plan.recoveryPointTypes = subset(g, ['SNAPSHOT', 'CONTINUOUS'], 1);
      if (chance(g, 30)) plan.selectionWindowDays = g(fc.integer, { min: 1, max: 365 });
      plan.selections = distinct(g, restoreTestingNameArb, g(fc.integer, { min: 1, max: 2 })).map((selectionName) => {
        const s: Json = { name: selectionName, resourceType: types.length > 0 ? pick(g, types) : RESTORE_TESTING_RESOURCE_TYPES[0] };
        const by = g(fc.integer, { min: 0, max: 3 });
        if (by === 1) s.resourceArns = ['*'];
        if (by === 2) s.resourceArns = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, () => resourceArn(g, env, false));
        if (by === 3) s.tags = tagMap(g, tagKeyArb, tagValueArb, 1, 2);
        if (chance(g, 30)) s.validationWindowHours = g(fc.integer, { min: 1, max: 168 });
        if (chance(g, 20)) s.restoreMetadataOverrides = Object.fromEntries(subset(g, Object.entries(METADATA_OVERRIDES), 1, 2));
        return s;
      });
      return plan;
    }).filter((plan) => testable(plan.region ?? env.regions[0], plan.vaults).length > 0);
    if (raw.restoreTesting.length === 0) delete raw.restoreTesting;
  }
  return raw;
}

/** The access section (or none): proxies, OIDC providers, the roles trusting them, CI, and the start endpoint where allowed. */
function access(g: G, env: Draft, apiAllowed: boolean): Json | undefined {
  if (chance(g, 40)) return undefined;
  const p = env.partition;
  const raw: Json = {};
  if (chance(g, 30)) raw.maxSessionHours = g(fc.integer, { min: 1, max: 12 });
  if (chance(g, 15)) {
    raw.permissionsBoundaryArn = chance(g, 50)
      ? `arn:${p}:iam::${env.accountId}:policy/${g(() => iamNameArb)}`
      : `arn:${p}:iam::aws:policy/${g(() => iamNameArb)}`;
  }
  const proxyNames = distinct(g, entryNameArb, g(fc.integer, { min: 0, max: 2 }));
  if (proxyNames.length > 0) {
    raw.identityProxies = proxyNames.map((name) => ({
      name,
      roleArns: Array.from({ length: g(fc.integer, { min: 1, max: 2 }) }, () => `arn:${p}:iam::${g(() => accountIdArb)}:role/${g(() => iamNameArb)}`),
      ...(chance(g, 40) ? { sessionTagKeys: subset(g, ['email', 'team', 'department', 'cost center', 'user:id'], 1) } : {}),
    }));
  }
  const providerNames = distinct(g, entryNameArb, g(fc.integer, { min: 0, max: 3 }));
  const githubIndex = providerNames.length > 0 && chance(g, 60) ? 0 : -1;
  const hosts = distinct(g, matching(/^[a-z0-9]{1,10}\.example\.(com|org)$/), providerNames.length);
  if (providerNames.length > 0) {
    raw.oidcProviders = providerNames.map((name, i) => {
      const issuerUrl = i === githubIndex ? GITHUB_ACTIONS_ISSUER : `https://${hosts[i]}${pick(g, ['', '/oauth2/default', '/v2.0'])}`;
      const provider: Json = { name, issuerUrl };
      if (i === githubIndex) {
        if (chance(g, 30)) provider.audiences = ['sts.amazonaws.com', ...(chance(g, 50) ? ['backup-estate'] : [])];
      } else if (chance(g, 60)) {
        provider.audiences = distinct(g, matching(/^[a-zA-Z0-9_.-]{1,20}$/), g(fc.integer, { min: 1, max: 2 }));
      }
      if (chance(g, 25)) provider.providerArn = `arn:${p}:iam::${env.accountId}:oidc-provider/${issuerUrl.replace(/^https:\/\//, '')}`;
      return provider;
    });
  }
  const subjectArb = matching(/^[a-zA-Z0-9][a-zA-Z0-9:/_.@-]{0,15}\*?$/);
  for (const role of ['operator', 'auditor', 'breakGlass'] as const) {
    if ((proxyNames.length === 0 && providerNames.length === 0) || chance(g, 40)) continue;
    const proxies = subset(g, proxyNames, providerNames.length === 0 ? 1 : 0);
    const oidc = subset(g, providerNames, proxies.length === 0 ? 1 : 0).map((provider) => ({
      provider,
      // GitHub subjects name the repository (rule access/oidc-subject-anchored).
      subjects: distinct(g, subjectArb, g(fc.integer, { min: 1, max: 2 }))
        .map((subject) => (providerNames.indexOf(provider) === githubIndex ? `repo:acme/backup-estate:${subject}` : subject)),
    }));
    raw[role] = { ...(proxies.length > 0 || chance(g, 20) ? { proxies } : {}), ...(oidc.length > 0 ? { oidc } : {}) };
  }
  // Proxy sessions are role chaining, capped at one hour (rule access/role-chaining-session).
  const proxied = (['operator', 'auditor', 'breakGlass'] as const).some((role) => ((raw[role] as Json | undefined)?.proxies as unknown[] | undefined)?.length);
  if (proxied && raw.maxSessionHours !== undefined) raw.maxSessionHours = 1;
  if (githubIndex === 0 && chance(g, 70)) {
    const github: Json = { oidcProvider: providerNames[0], repository: g(() => matching(/^[A-Za-z0-9-]{1,15}\/[A-Za-z0-9._-]{1,20}$/)) };
    const deploy = g(fc.integer, { min: 0, max: 2 });
    if (deploy === 1) github.deployBranch = g(() => matching(/^[a-zA-Z0-9_./-]{1,20}$/));
    if (deploy === 2) github.deployEnvironment = g(() => matching(/^[a-zA-Z0-9_.-]{1,20}$/));
    raw.ci = { github };
  }
  if (apiAllowed && chance(g, 50)) {
    raw.api = {
      issuer: `https://${g(() => matching(/^[a-z0-9]{1,10}\.example\.com$/))}/oauth2/default`,
      audiences: distinct(g, matching(/^[a-zA-Z0-9_.-]{1,20}$/), g(fc.integer, { min: 1, max: 2 })),
      ...(chance(g, 30) ? { startScope: g(() => matching(/^[a-z][a-z0-9/._-]{0,20}$/)) } : {}),
      ...(chance(g, 30) ? { readScope: g(() => matching(/^[a-z][a-z0-9/._-]{0,20}$/)) } : {}),
      ...(chance(g, 30) ? { throttling: { burstLimit: g(fc.integer, { min: 1, max: 5000 }), rateLimit: g(fc.integer, { min: 1, max: 10000 }) } } : {}),
    };
  }
  return raw;
}

function catalog(g: G, env: Draft): Json | undefined {
  if (chance(g, 70)) return undefined;
  return {
    ...(chance(g, 50) ? { owner: `${pick(g, ['', 'group:', 'user:'])}${pick(g, ['', 'default/', 'team-a/'])}${g(() => matching(/^[a-z0-9][a-z0-9-]{0,15}[a-z0-9]$/))}` } : {}),
    ...(chance(g, 50) ? { system: `${env.name}-sys` } : {}),
    ...(chance(g, 50) ? { lifecycle: pick(g, ['experimental', 'production', 'deprecated']) } : {}),
  };
}

function yamlStyle(g: G): YamlStyle {
  return {
    collectionStyle: pick(g, ['any', 'any', 'block', 'flow'] as const),
    indent: pick(g, [2, 2, 4]),
    defaultStringType: pick(g, ['PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The estate
// ---------------------------------------------------------------------------------------------------------------

export interface EstateOptions {
  /** Member accounts besides the central one. @default 1..3 */
  readonly members?: { readonly min: number; readonly max: number };
}

function buildEstate(g: G, options: EstateOptions): GeneratedEstate {
  const partition = g(() => fc.oneof({ weight: 8, arbitrary: fc.constant<Partition>('aws') }, { weight: 1, arbitrary: fc.constant<Partition>('aws-us-gov') }, { weight: 1, arbitrary: fc.constant<Partition>('aws-cn') }));
  const memberCount = g(fc.integer, options.members ?? { min: 1, max: 3 });
  const names = distinct(g, environmentNameArb, memberCount + 1);
  const accounts = distinct(g, accountIdArb, memberCount + 1);
  const organizationId = chance(g, 70) ? g(() => organizationIdArb) : undefined;
  const orgOf = () => (organizationId && chance(g, 85) ? organizationId : undefined);

  const central = environmentBase(g, names[0], accounts[0], partition, orgOf());
  central.raw.vaults = vaults(g, central, { min: 1, max: 2 }, 40);
  const accepted = new Map(central.vaults.map((v) => [v.name, new Set<string>()]));

  const members = names.slice(1).map((name, i) => {
    const member = environmentBase(g, name, accounts[i + 1], partition, orgOf());
    member.raw.vaults = vaults(g, member, { min: 1, max: 3 }, 10);
    member.raw.plans = plans(g, member, central, accepted);
    return member;
  });

  // The central vaults accept exactly what is copied into them: by environment, or by the shared organization.
  (central.raw.vaults as Json[]).forEach((vault) => {
    const sources = [...(accepted.get(vault.name) ?? [])];
    const byOrganization = central.organizationId !== undefined &&
      sources.every((s) => members.find((m) => m.name === s)?.organizationId === central.organizationId);
    if (sources.length > 0) {
      vault.acceptCopiesFrom = byOrganization && chance(g, 40)
        ? { organizationId: central.organizationId, ...(chance(g, 30) ? { environments: sources } : {}) }
        : { environments: sources.sort() };
    } else if (chance(g, 30)) {
      vault.acceptCopiesFrom = central.organizationId && chance(g, 50) ? { organizationId: central.organizationId } : { environments: [pick(g, members).name] };
    }
  });

  for (const env of [central, ...members]) {
    const envPlans: PlanConfig[] = env.raw.plans ?? [];
    const orchestrationRaw = orchestration(g, env, envPlans);
    if (orchestrationRaw) env.raw.orchestration = orchestrationRaw;
    // The start endpoint needs what rule access/api-orchestration asks: orchestration in the primary region and a plan
    // running there (its orchestrator is what the endpoint starts).
    const primary = env.regions[0];
    const orchestrated = orchestrationRaw?.enabled !== false && (orchestrationRaw?.regions ?? [primary]).includes(primary);
    const apiAllowed = orchestrated && envPlans.some((p) => (p.regions ?? [primary]).includes(primary));
    const accessRaw = access(g, env, apiAllowed);
    if (accessRaw) env.raw.access = accessRaw;
    const catalogRaw = catalog(g, env);
    if (catalogRaw) env.raw.catalog = catalogRaw;
  }
  const all = [central, ...members];
  return { partition, centralName: central.name, environments: all.map((e) => e.raw as EnvironmentFile), styles: all.map(() => yamlStyle(g)) };
}

/** Valid estates: a central backup account and 1-3 members (see the file comment). */
export function estateArbitrary(options: EstateOptions = {}): fc.Arbitrary<GeneratedEstate> {
  return fc.gen().map((g) => buildEstate(g, options));
}

/** The text of one environment file, as a person would keep it: the schema comment, then the YAML. */
export function yamlText(raw: unknown, style: YamlStyle = { collectionStyle: 'any', indent: 2, defaultStringType: 'PLAIN' }): string {
  const options: ToStringOptions = { ...style, lineWidth: 0 };
  return `# yaml-language-server: $schema=./environment.schema.json\n${stringify(raw, options)}`;
}

/** The estate as environment files (`<dir>/<name>.yaml`), in the order loadEnvironments would read them. */
export function estateSources(estate: GeneratedEstate, dir = 'environments'): EnvironmentSource[] {
  return estate.environments
    .map((env, i) => ({ file: fileOfEnvironment(env.name, dir), text: yamlText(env, estate.styles[i]) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** A deep copy of a raw config, to mutate freely. */
export const cloneRaw = <T>(value: T): T => structuredClone(value);

// ---------------------------------------------------------------------------------------------------------------
// Mutations: one mistake in a valid estate, and the problem it must cause
// ---------------------------------------------------------------------------------------------------------------

/** The problem a mutation must cause: in this file, at this path, under this rule, with this received value. */
export interface ExpectedProblem {
  readonly file: string;
  readonly path: readonly PathSegment[];
  readonly rule: RuleId;
  /** The value the problem must report; absent: not asserted (YAML syntax errors carry no value). */
  readonly received?: { readonly value: unknown };
  /** A fragment the problem's message must hold. */
  readonly fragment?: string;
}

/** How a problem line shows the value it received (`(received: ...)`): JSON, cut at 120 characters; "nothing" for none. */
export function receivedText(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** A valid estate being broken: deep copies of its files, text edits, renamed and extra files. */
export class MutableEstate {
  readonly envs: Json[];
  private readonly files = new Map<Json, string>();
  private readonly textEdits = new Map<Json, (text: string) => string>();
  private readonly extra: EnvironmentSource[] = [];

  constructor(readonly estate: GeneratedEstate, readonly dir = 'environments') {
    this.envs = cloneRaw(estate.environments) as Json[];
    // Files keep their names when a mutation changes the name inside.
    for (const env of this.envs) this.files.set(env, fileOfEnvironment(env.name, dir));
  }

  get partition(): Partition {
    return this.estate.partition;
  }
  get central(): Json {
    return this.envs[0];
  }
  get members(): Json[] {
    return this.envs.slice(1);
  }
  fileOf(env: Json): string {
    return this.files.get(env) as string;
  }
  /** Writes `env` to another file (its name stays). */
  rename(env: Json, file: string): void {
    this.files.set(env, file);
  }
  editText(env: Json, edit: (text: string) => string): void {
    this.textEdits.set(env, edit);
  }
  /** Adds a file after the others; returns its path. */
  addFile(name: string, text: string): string {
    const file = fileOfEnvironment(name, this.dir);
    this.extra.push({ file, text });
    return file;
  }
  addEnvironment(raw: Json): string {
    return this.addFile(raw.name, yamlText(raw));
  }
  /** Names and accounts already used, so that new ones are fresh. */
  takenNames(): Set<string> {
    return new Set(this.envs.map((e) => e.name));
  }
  takenAccounts(): Set<string> {
    return new Set(this.envs.map((e) => e.accountId));
  }
  sources(): EnvironmentSource[] {
    const own = this.envs
      .map((env, i) => {
        const text = yamlText(env, this.estate.styles[i]);
        return { file: this.fileOf(env), text: this.textEdits.get(env)?.(text) ?? text };
      })
      .sort((a, b) => a.file.localeCompare(b.file));
    return [...own, ...this.extra];
  }
}

/** One kind of mistake: what it does, and how to make it in any valid estate. */
export interface Mutation {
  readonly kind: string;
  /** The rules the mistake breaks (one per variant). */
  readonly rules: readonly RuleId[];
  readonly apply: (g: G, m: MutableEstate) => ExpectedProblem;
}

/** A valid estate with one mistake: its files, and the problem they must cause. */
export interface MutatedEstate {
  readonly sources: EnvironmentSource[];
  readonly expected: ExpectedProblem;
}

/** Makes `mutation`'s mistake in `estate`, its files named under `dir`. */
export function mutatedEstate(mutation: Mutation, estate: GeneratedEstate, g: G, dir?: string): MutatedEstate {
  const mutable = new MutableEstate(estate, dir);
  const expected = mutation.apply(g, mutable);
  return { sources: mutable.sources(), expected };
}

export const received = (value: unknown) => ({ value });
const unknownValueArb = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.stringMatching(/^[a-z]{1,8}$/));
export const regionsOf = (env: Json): string[] => [env.regions.primary, ...(env.regions.additional ?? [])];
export const planRegionsOf = (env: Json, plan: Json): string[] => plan.regions ?? [env.regions.primary];
const otherPartition = (p: Partition): Partition => (p === 'aws' ? 'aws-cn' : 'aws');

/** A value of `arb` not in `taken`. */
export function fresh(g: G, taken: Iterable<string>, arb: fc.Arbitrary<string>): string {
  const used = new Set(taken);
  return g(() => arb.filter((v) => !used.has(v)));
}
const freshVault = (g: G, env: Json) => fresh(g, (env.vaults ?? []).map((v: Json) => v.name), matching(/^missing-[a-z0-9]{4,8}$/));
export const freshEnvironmentName = (g: G, m: MutableEstate) => fresh(g, m.takenNames(), environmentNameArb);
export const freshAccount = (g: G, m: MutableEstate) => fresh(g, m.takenAccounts(), accountIdArb);
/** A region code the environment does not list (of its partition when one is left, else of the right shape). */
function regionNotIn(g: G, env: Json, partition: Partition): string {
  const unused = REGIONS[partition].filter((r) => !regionsOf(env).includes(r));
  return unused.length > 0 ? pick(g, unused) : pick(g, ['xx-west-9', 'zz-north-7']);
}

/** A member, one of its plans and rules, and the rule's path. */
export function someRule(g: G, m: MutableEstate) {
  const env = pick(g, m.members);
  const p = g(fc.integer, { min: 0, max: env.plans.length - 1 });
  const plan = env.plans[p];
  const r = g(fc.integer, { min: 0, max: plan.rules.length - 1 });
  return { env, p, plan, r, rule: plan.rules[r], path: ['plans', p, 'rules', r] as PathSegment[] };
}
function someSelection(g: G, m: MutableEstate) {
  const env = pick(g, m.members);
  const p = g(fc.integer, { min: 0, max: env.plans.length - 1 });
  const s = g(fc.integer, { min: 0, max: env.plans[p].selections.length - 1 });
  return { env, selection: env.plans[p].selections[s], path: ['plans', p, 'selections', s] as PathSegment[] };
}
/** Adds a copy to a rule and returns its path. */
export function addCopy(rule: Json, rulePath: readonly PathSegment[], copy: Json): PathSegment[] {
  rule.copyTo = [...(rule.copyTo ?? []), copy];
  return [...rulePath, 'copyTo', rule.copyTo.length - 1];
}
/** A copy of `rule` into the central account's first vault (which exists in every central region), accepted by name. */
export function copyToCentral(g: G, m: MutableEstate, env: Json, rule: Json, rulePath: readonly PathSegment[]) {
  const vault = m.central.vaults[0];
  vault.acceptCopiesFrom = { environments: [...new Set([...(vault.acceptCopiesFrom?.environments ?? []), env.name])] };
  const copy: Json = { environment: m.central.name, region: pick(g, regionsOf(m.central)), vault: vault.name, lifecycle: {} };
  return { vault, copy, path: addCopy(rule, rulePath, copy) };
}
/** Orchestration turned on (regions kept); returns the region new drills and restore testing plans run in. */
export function orchestrationOn(env: Json): string {
  if (!env.orchestration || env.orchestration.enabled === false) env.orchestration = {};
  return env.orchestration.regions?.[0] ?? env.regions.primary;
}
function validDrill(env: Json, region: string, name: string): Json {
  return { name, region, schedule: 'rate(1 day)', resourceType: 'EBS', resourceArn: `arn:${env.partition}:ec2:${region}:${env.accountId}:volume/vol-0abc` };
}
/** The smallest valid environment file. */
export function minimalEnvironment(name: string, accountId: string, partition: Partition, region: string): Json {
  return {
    name, accountId, partition, regions: { primary: region },
    deployment: { roleArn: `arn:${partition}:iam::${accountId}:role/deploy` },
    state: { bucket: 'state-bucket', region },
    tags: { environment: name, owner: 'team', complianceCode: 'NONE' },
    vaults: [{ name: 'main' }],
  };
}

/** Mistakes in the file's own terms (schema, names, references); AWS's limits and features: aws-rule-mutations.ts. */
export const CONFIG_MUTATIONS: readonly Mutation[] = [
  // ---- Schema: types, ranges, enums, keys, names, formats
  {
    kind: 'schema: wrong type',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const target = g(fc.integer, { min: 0, max: 5 });
      const file = m.fileOf(env);
      if (target === 0) { env.accountId = Number(env.accountId); return { file, path: ['accountId'], rule: 'schema/invalid', received: received(env.accountId), fragment: 'quoted string of 12 digits' }; }
      if (target === 1) { env.regions.additional = env.regions.primary; return { file, path: ['regions', 'additional'], rule: 'schema/invalid', received: received(env.regions.primary) }; }
      if (target === 2) { rule.continuousBackup = 'yes'; return { file, path: [...path, 'continuousBackup'], rule: 'schema/invalid', received: received('yes') }; }
      if (target === 3) { rule.startWindowMinutes = '60'; return { file, path: [...path, 'startWindowMinutes'], rule: 'schema/invalid', received: received('60') }; }
      if (target === 4) { env.tags.owner = 42; return { file, path: ['tags', 'owner'], rule: 'schema/invalid', received: received(42) }; }
      rule.copyTo = { region: env.regions.primary };
      return { file, path: [...path, 'copyTo'], rule: 'schema/invalid', received: received({ region: env.regions.primary }) };
    },
  },
  {
    kind: 'schema: number out of range',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const file = m.fileOf(env);
      const target = g(fc.integer, { min: 0, max: 4 });
      if (target === 0) {
        const days = pick(g, [0, -1, 36501, 1.5]);
        rule.lifecycle = { deleteAfterDays: days };
        return { file, path: [...path, 'lifecycle', 'deleteAfterDays'], rule: 'schema/invalid', received: received(days) };
      }
      if (target === 1) {
        const days = pick(g, [6, 31, 0]);
        env.vaults[0].kms = { deletionWindowInDays: days };
        return { file, path: ['vaults', 0, 'kms', 'deletionWindowInDays'], rule: 'schema/invalid', received: received(days), fragment: '7-30 days' };
      }
      if (target === 2) {
        const hours = pick(g, [0, 13, 24]);
        env.access = { ...(env.access ?? {}), maxSessionHours: hours };
        return { file, path: ['access', 'maxSessionHours'], rule: 'schema/invalid', received: received(hours) };
      }
      if (target === 3) {
        const days = pick(g, [45, 0, 100]);
        env.orchestration = { ...(env.orchestration ?? {}), logRetentionDays: days };
        return { file, path: ['orchestration', 'logRetentionDays'], rule: 'schema/invalid', received: received(days), fragment: 'CloudWatch Logs retention must be one of' };
      }
      const days = pick(g, [0, 36501]);
      env.vaults[0].lock = { mode: 'governance', maxRetentionDays: days };
      return { file, path: ['vaults', 0, 'lock', 'maxRetentionDays'], rule: 'schema/invalid', received: received(days) };
    },
  },
  {
    kind: 'schema: value not in the enumeration',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const file = m.fileOf(env);
      const target = g(fc.integer, { min: 0, max: 3 });
      if (target === 0) { env.partition = 'aws-eu'; return { file, path: ['partition'], rule: 'schema/invalid', received: received('aws-eu') }; }
      if (target === 1) { env.vaults[0].type = 'cold'; return { file, path: ['vaults', 0, 'type'], rule: 'schema/invalid', received: received('cold') }; }
      if (target === 2) { env.vaults[0].lock = { mode: 'strict' }; return { file, path: ['vaults', 0, 'lock', 'mode'], rule: 'schema/invalid', received: received('strict') }; }
      env.vaults[0].notifications = { events: ['BACKUP_JOB_COMPLETED', 'BACKUP_PLAN_CREATED'] };
      return { file, path: ['vaults', 0, 'notifications', 'events', 1], rule: 'schema/invalid', received: received('BACKUP_PLAN_CREATED') };
    },
  },
  {
    kind: 'schema: unknown key',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const objects: [PathSegment[], Json][] = [
        [[], env], [['regions'], env.regions], [['deployment'], env.deployment], [['state'], env.state], [['tags'], env.tags],
        [['vaults', 0], env.vaults[0]], [path, rule], [['plans', path[1]], env.plans[path[1] as number]],
        ...(rule.lifecycle ? [[[...path, 'lifecycle'], rule.lifecycle] as [PathSegment[], Json]] : []),
        ...(env.orchestration ? [[['orchestration'], env.orchestration] as [PathSegment[], Json]] : []),
        ...(env.access ? [[['access'], env.access] as [PathSegment[], Json]] : []),
      ];
      const [at, object] = pick(g, objects);
      const keys = Object.keys(object);
      // A typo of a key that is there (or of "name"): no schema key ends with "_", "X" or "2".
      const key = `${keys.length > 0 ? pick(g, keys) : 'name'}${pick(g, ['_', 'X', '2'])}`;
      const value = g(() => unknownValueArb);
      object[key] = value;
      return { file: m.fileOf(env), path: [...at, key], rule: 'schema/invalid', received: received(value), fragment: `unknown key "${key}"` };
    },
  },
  {
    kind: 'schema: missing required key',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const file = m.fileOf(env);
      const targets: [PathSegment[], Json, string][] = [
        [[], env, 'accountId'], [[], env, 'partition'], [[], env, 'regions'], [['regions'], env.regions, 'primary'],
        [[], env, 'deployment'], [['deployment'], env.deployment, 'roleArn'], [['state'], env.state, 'bucket'], [['state'], env.state, 'region'],
        [[], env, 'tags'], [['tags'], env.tags, 'owner'], [['vaults', 0], env.vaults[0], 'name'],
        [path, rule, 'name'], [path, rule, 'vault'], [path, rule, 'schedule'], [['plans', path[1]], env.plans[path[1] as number], 'rules'],
        [['plans', path[1]], env.plans[path[1] as number], 'selections'],
      ];
      const [at, object, key] = pick(g, targets);
      delete object[key];
      return { file, path: [...at, key], rule: 'schema/invalid', received: received(undefined) };
    },
  },
  {
    kind: 'schema: name of the wrong format',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const file = m.fileOf(env);
      const target = g(fc.integer, { min: 0, max: 3 });
      if (target === 0) {
        const name = pick(g, ['a', 'my vault', 'v'.repeat(51), 'vault/1', 'vault.1']);
        env.vaults[0].name = name;
        return { file, path: ['vaults', 0, 'name'], rule: 'schema/invalid', received: received(name), fragment: 'backup vault names are 2-50' };
      }
      if (target === 1) {
        const name = pick(g, ['', 'daily backup', 'r'.repeat(51), 'a/b']);
        rule.name = name;
        return { file, path: [...path, 'name'], rule: 'schema/invalid', received: received(name), fragment: 'Rule names are 1-50' };
      }
      if (target === 2) {
        const name = pick(g, ['Prod', '-prod', 'p', 'prod_1']);
        env.name = name;
        return { file, path: ['name'], rule: 'schema/invalid', received: received(name), fragment: 'environment names are 3-32 lowercase' };
      }
      const bucket = pick(g, ['My-Bucket', 'b', 'bucket_1']);
      env.state.bucket = bucket;
      return { file, path: ['state', 'bucket'], rule: 'schema/invalid', received: received(bucket), fragment: 'S3 bucket name' };
    },
  },
  {
    kind: 'schema: ARN of the wrong format',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const target = g(fc.integer, { min: 0, max: 2 });
      if (target === 0) {
        const arn = pick(g, [`arn:${m.partition}:iam::123:role/deploy`, 'terraform-deploy', `arn:${m.partition}:iam::${env.accountId}:user/deploy`]);
        env.deployment.roleArn = arn;
        return { file: m.fileOf(env), path: ['deployment', 'roleArn'], rule: 'schema/invalid', received: received(arn), fragment: 'must be an IAM role ARN' };
      }
      if (target === 1) {
        const arn = `arn:${m.partition}:kms:${env.regions.primary}:${env.accountId}:secret/abc`;
        env.state.kmsKeyArn = arn;
        return { file: m.fileOf(env), path: ['state', 'kmsKeyArn'], rule: 'schema/invalid', received: received(arn), fragment: 'KMS key or alias ARN' };
      }
      env.organizationId = 'org-123';
      return { file: m.fileOf(env), path: ['organizationId'], rule: 'schema/invalid', received: received('org-123'), fragment: 'AWS Organizations ID' };
    },
  },
  {
    kind: 'schema: SSM prefix reserved by AWS',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const prefix = pick(g, ['/aws', '/ssm/backup', '/AWS-backup', '/Ssm']);
      env.ssmParameterPrefix = prefix;
      return { file: m.fileOf(env), path: ['ssmParameterPrefix'], rule: 'schema/invalid', received: received(prefix), fragment: 'SSM reserves' };
    },
  },
  {
    kind: 'schema: Terraform template sequence in a free-text value',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const value = `a${pick(g, ['${', '%{'])}${g(() => matching(/^[a-z_.]{1,10}$/))}}b`;
      const target = g(fc.integer, { min: 0, max: 2 });
      if (target === 0) { env.state.key = value; return { file: m.fileOf(env), path: ['state', 'key'], rule: 'schema/invalid', received: received(value), fragment: 'template syntax' }; }
      if (target === 1) { env.deployment.externalId = value; return { file: m.fileOf(env), path: ['deployment', 'externalId'], rule: 'schema/invalid', received: received(value), fragment: 'template syntax' }; }
      const region = orchestrationOn(env);
      env.orchestration.drills = [{ ...validDrill(env, region, 'drill-1'), restoreMetadataOverrides: { DBInstanceClass: value } }];
      return { file: m.fileOf(env), path: ['orchestration', 'drills', 0, 'restoreMetadataOverrides', 'DBInstanceClass'], rule: 'schema/invalid', received: received(value), fragment: 'template syntax' };
    },
  },
  {
    kind: 'schema: reserved key __proto__',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const additional = { ...(env.tags.additional ?? {}) };
      Object.defineProperty(additional, '__proto__', { value: 'x', enumerable: true, writable: true, configurable: true });
      env.tags.additional = additional;
      return { file: m.fileOf(env), path: ['tags', 'additional', '__proto__'], rule: 'schema/invalid', received: received('x'), fragment: '"__proto__" is reserved' };
    },
  },
  // ---- YAML text
  {
    kind: 'yaml: syntax error',
    rules: ['yaml/syntax'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const [broken, value] = pick<[string, unknown]>(g, [
        ['broken: "unterminated\n', undefined], ['\tbad: tab\n', undefined], ['name: again\n', undefined], [']\n', undefined], ['alias: *nope\n', '*nope'],
      ]);
      m.editText(env, (text) => `${text}${broken}`);
      return { file: m.fileOf(env), path: [], rule: 'yaml/syntax', ...(value !== undefined && m.estate.styles[m.envs.indexOf(env)].collectionStyle !== 'flow' ? { received: received(value) } : {}) };
    },
  },
  {
    kind: 'yaml: empty file',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const text = pick(g, ['', '# nothing here yet\n', '\n\n']);
      m.editText(env, () => text);
      return { file: m.fileOf(env), path: [], rule: 'schema/invalid', received: received(undefined), fragment: 'the file is empty' };
    },
  },
  {
    kind: 'yaml: not a mapping',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const [text, value] = pick<[string, unknown]>(g, [['- a\n- b\n', ['a', 'b']], ['just some text\n', 'just some text'], ['42\n', 42]]);
      m.editText(env, () => text);
      return { file: m.fileOf(env), path: [], rule: 'schema/invalid', received: received(value), fragment: 'expected object' };
    },
  },
  // ---- Files and environments
  {
    kind: 'environment: file name differs from the name',
    rules: ['environment/file-name'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      m.rename(env, fileOfEnvironment(freshEnvironmentName(g, m), m.dir));
      return { file: m.fileOf(env), path: ['name'], rule: 'environment/file-name', received: received(env.name) };
    },
  },
  {
    kind: 'environment: duplicate name',
    rules: ['environment/unique-name'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const twin = minimalEnvironment(env.name, freshAccount(g, m), m.partition, env.regions.primary);
      const file = m.addFile(freshEnvironmentName(g, m), yamlText(twin));
      return { file, path: ['name'], rule: 'environment/unique-name', received: received(env.name) };
    },
  },
  {
    kind: 'environment: duplicate account',
    rules: ['environment/unique-account'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const file = m.addEnvironment(minimalEnvironment(freshEnvironmentName(g, m), env.accountId, m.partition, env.regions.primary));
      return { file, path: ['accountId'], rule: 'environment/unique-account', received: received(env.accountId) };
    },
  },
  {
    kind: 'catalog: two environments with one Backstage System',
    rules: ['catalog/unique-system'],
    apply: (g, m) => {
      const env = pick(g, m.members);
      const system = m.central.catalog?.system ?? `${m.central.name}-backup`;
      env.catalog = { ...(env.catalog ?? {}), system: pick(g, [system, system.toUpperCase()]) };
      const [first, second] = [m.central, env].sort((a, b) => m.fileOf(a).localeCompare(m.fileOf(b)));
      const path = second === env || second.catalog?.system !== undefined ? ['catalog', 'system'] : ['name'];
      return { file: m.fileOf(second), path, rule: 'catalog/unique-system', received: received(second === env ? env.catalog.system : system), fragment: m.fileOf(first) };
    },
  },
  {
    kind: 'catalog: owner tag that cannot own',
    rules: ['catalog/owner'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const owner = pick(g, ['platform team', 'team/a', '-team']);
      env.tags.owner = owner;
      if (env.catalog) delete env.catalog.owner;
      return { file: m.fileOf(env), path: ['tags', 'owner'], rule: 'catalog/owner', received: received(owner) };
    },
  },
  // ---- Regions and ARNs
  {
    kind: 'region: not of the partition',
    rules: ['region/partition'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = pick(g, [...REGIONS[otherPartition(m.partition)], 'eu-west-9', 'us-east-42']);
      env.regions.additional = [...(env.regions.additional ?? []), region];
      return { file: m.fileOf(env), path: ['regions', 'additional', env.regions.additional.length - 1], rule: 'region/partition', received: received(region) };
    },
  },
  {
    kind: 'region: listed twice',
    rules: ['region/duplicate'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = pick(g, regionsOf(env));
      env.regions.additional = [...(env.regions.additional ?? []), region];
      return { file: m.fileOf(env), path: ['regions', 'additional', env.regions.additional.length - 1], rule: 'region/duplicate', received: received(region) };
    },
  },
  {
    kind: 'region: vault or plan in a region the environment does not list',
    rules: ['region/not-in-environment'],
    apply: (g, m) => {
      const { env, plan, path } = someRule(g, m);
      const region = regionNotIn(g, env, m.partition);
      if (chance(g, 50)) {
        env.vaults[0].regions = [...regionsOf(env), region];
        return { file: m.fileOf(env), path: ['vaults', 0, 'regions', regionsOf(env).length], rule: 'region/not-in-environment', received: received(region) };
      }
      plan.regions = [...planRegionsOf(env, plan), region];
      return { file: m.fileOf(env), path: ['plans', path[1], 'regions', plan.regions.length - 1], rule: 'region/not-in-environment', received: received(region) };
    },
  },
  {
    kind: 'arn: another partition',
    rules: ['arn/partition'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const arn = `arn:${otherPartition(m.partition)}:iam::${env.accountId}:role/deploy`;
      if (chance(g, 50)) { env.deployment.roleArn = arn; return { file: m.fileOf(env), path: ['deployment', 'roleArn'], rule: 'arn/partition', received: received(arn) }; }
      env.state.roleArn = arn;
      return { file: m.fileOf(env), path: ['state', 'roleArn'], rule: 'arn/partition', received: received(arn) };
    },
  },
  {
    kind: 'deployment: role in another account',
    rules: ['deployment/account'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const arn = `arn:${m.partition}:iam::${freshAccount(g, m)}:role/deploy`;
      env.deployment.roleArn = arn;
      return { file: m.fileOf(env), path: ['deployment', 'roleArn'], rule: 'deployment/account', received: received(arn) };
    },
  },
  {
    kind: 'state: role in another account',
    rules: ['state/role-account'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const arn = `arn:${m.partition}:iam::${freshAccount(g, m)}:role/state`;
      env.state.roleArn = arn;
      return { file: m.fileOf(env), path: ['state', 'roleArn'], rule: 'state/role-account', received: received(arn) };
    },
  },
  {
    kind: 'kms: existing key missing or in another region',
    rules: ['kms/key-missing', 'kms/key-region'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const vault = env.vaults[0];
      const regions = regionsOf(env);
      const key = (region: string) => `arn:${m.partition}:kms:${region}:${env.accountId}:key/${g(fc.uuid)}`;
      delete vault.lock;
      if (regions.length > 1 && chance(g, 50)) {
        vault.kms = { existingKeyArns: Object.fromEntries(regions.slice(1).map((r) => [r, key(r)])) };
        return { file: m.fileOf(env), path: ['vaults', 0, 'kms', 'existingKeyArns'], rule: 'kms/key-missing', received: received(vault.kms.existingKeyArns), fragment: regions[0] };
      }
      const wrong = regionNotIn(g, env, m.partition);
      const keys = Object.fromEntries(regions.map((r) => [r, key(r)]));
      keys[regions[0]] = key(wrong);
      vault.kms = { existingKeyArns: keys };
      return { file: m.fileOf(env), path: ['vaults', 0, 'kms', 'existingKeyArns', regions[0]], rule: 'kms/key-region', received: received(keys[regions[0]]) };
    },
  },
  // ---- Names
  {
    kind: 'names: duplicate vault, plan, rule, selection, drill or restore testing plan',
    rules: ['names/unique'],
    apply: (g, m) => {
      const { env, p, plan, rule } = someRule(g, m);
      const file = m.fileOf(env);
      const target = g(fc.integer, { min: 0, max: 5 });
      if (target === 0) { env.vaults.push({ name: env.vaults[0].name }); return { file, path: ['vaults', env.vaults.length - 1, 'name'], rule: 'names/unique', received: received(env.vaults[0].name) }; }
      if (target === 1) { env.plans.push(cloneRaw(plan)); return { file, path: ['plans', env.plans.length - 1, 'name'], rule: 'names/unique', received: received(plan.name) }; }
      if (target === 2) { plan.rules.push(cloneRaw(rule)); return { file, path: ['plans', p, 'rules', plan.rules.length - 1, 'name'], rule: 'names/unique', received: received(rule.name) }; }
      if (target === 3) { plan.selections.push(cloneRaw(plan.selections[0])); return { file, path: ['plans', p, 'selections', plan.selections.length - 1, 'name'], rule: 'names/unique', received: received(plan.selections[0].name) }; }
      const region = orchestrationOn(env);
      if (target === 4) {
        env.orchestration.drills = [validDrill(env, region, 'monthly'), { ...validDrill(env, region, 'monthly'), schedule: 'rate(7 days)' }];
        return { file, path: ['orchestration', 'drills', 1, 'name'], rule: 'names/unique', received: received('monthly') };
      }
      const testing = { name: 'weekly', region, schedule: 'cron(0 5 ? * SAT *)', vaults: [env.vaults[0].name], selections: [{ name: 'volumes', resourceType: 'EBS' }] };
      env.orchestration.restoreTesting = [testing, cloneRaw(testing)];
      return { file, path: ['orchestration', 'restoreTesting', 1, 'name'], rule: 'names/unique', received: received('weekly') };
    },
  },
  // ---- Schedules and windows
  {
    kind: 'schedule: malformed cron',
    rules: ['schedule/cron-format'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const schedule = pick(g, ['cron(0 3 * * *)', '0 3 * * ? *', 'cron(60 3 * * ? *)', 'cron(0 24 * * ? *)', 'cron(0 3 32 * ? *)', 'cron(0 3 * 13 ? *)', 'cron(0 3 ? * 8 *)', 'cron(0 3 ? * ? *)', 'cron(0 3 * * MON *)', 'rate(1 day)']);
      rule.schedule = schedule;
      return { file: m.fileOf(env), path: [...path, 'schedule'], rule: 'schedule/cron-format', received: received(schedule) };
    },
  },
  {
    kind: 'schedule: jobs less than 60 minutes apart',
    rules: ['schedule/minimum-interval'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const schedule = pick(g, ['cron(0/30 * * * ? *)', 'cron(0,15 5 * * ? *)', 'cron(*/59 * * * ? *)', 'cron(10,40 1,2 * * ? *)']);
      rule.schedule = schedule;
      return { file: m.fileOf(env), path: [...path, 'schedule'], rule: 'schedule/minimum-interval', received: received(schedule) };
    },
  },
  {
    kind: 'schedule: unknown time zone',
    rules: ['schedule/timezone'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const zone = pick(g, ['Mars/Olympus_Mons', '+05:00', 'Europe/Dublinn', 'CEST']);
      rule.scheduleTimezone = zone;
      return { file: m.fileOf(env), path: [...path, 'scheduleTimezone'], rule: 'schedule/timezone', received: received(zone) };
    },
  },
  {
    kind: 'window: start window out of range',
    rules: ['window/start'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const minutes = pick(g, [0, 1, 59, 52_560_001]);
      rule.startWindowMinutes = minutes;
      return { file: m.fileOf(env), path: [...path, 'startWindowMinutes'], rule: 'window/start', received: received(minutes) };
    },
  },
  {
    kind: 'window: completion not after the start window',
    rules: ['window/completion'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const start = g(fc.integer, { min: 60, max: 1440 });
      const completion = g(fc.integer, { min: 1, max: start });
      Object.assign(rule, { startWindowMinutes: start, completionWindowMinutes: completion });
      return { file: m.fileOf(env), path: [...path, 'completionWindowMinutes'], rule: 'window/completion', received: received(completion) };
    },
  },
  // ---- Lifecycle
  {
    kind: 'lifecycle: deletion less than cold storage + 90 days',
    rules: ['lifecycle/cold-storage-minimum'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const cold = g(fc.integer, { min: 1, max: 36000 });
      const deletion = g(fc.integer, { min: Math.max(1, cold - 30), max: cold + 89 });
      const lifecycle = { moveToColdStorageAfterDays: cold, deleteAfterDays: deletion };
      if (rule.copyTo?.length && chance(g, 50)) {
        rule.copyTo[0].lifecycle = lifecycle;
        return { file: m.fileOf(env), path: [...path, 'copyTo', 0, 'lifecycle', 'deleteAfterDays'], rule: 'lifecycle/cold-storage-minimum', received: received(deletion), fragment: `${cold + 90}` };
      }
      rule.lifecycle = lifecycle;
      return { file: m.fileOf(env), path: [...path, 'lifecycle', 'deleteAfterDays'], rule: 'lifecycle/cold-storage-minimum', received: received(deletion), fragment: `${cold + 90}` };
    },
  },
  {
    kind: 'lifecycle: archive without cold storage',
    rules: ['lifecycle/archive-needs-cold-storage'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      rule.lifecycle = { ...(rule.lifecycle ?? {}), optInToArchiveForSupportedResources: true };
      delete rule.lifecycle.moveToColdStorageAfterDays;
      return { file: m.fileOf(env), path: [...path, 'lifecycle', 'optInToArchiveForSupportedResources'], rule: 'lifecycle/archive-needs-cold-storage', received: received(true) };
    },
  },
  {
    kind: 'continuous backup: retention beyond 35 days or none',
    rules: ['continuous/retention'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      rule.continuousBackup = true;
      const days = chance(g, 25) ? undefined : g(fc.integer, { min: 36, max: 36500 });
      rule.lifecycle = days === undefined ? {} : { deleteAfterDays: days };
      return { file: m.fileOf(env), path: [...path, 'lifecycle', 'deleteAfterDays'], rule: 'continuous/retention', received: received(days) };
    },
  },
  {
    kind: 'continuous backup: moved to cold storage',
    rules: ['continuous/no-cold-storage'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const cold = g(fc.integer, { min: 1, max: 30 });
      Object.assign(rule, { continuousBackup: true, lifecycle: { moveToColdStorageAfterDays: cold, deleteAfterDays: 35 } });
      return { file: m.fileOf(env), path: [...path, 'lifecycle', 'moveToColdStorageAfterDays'], rule: 'continuous/no-cold-storage', received: received(cold) };
    },
  },
  {
    kind: 'retention: rule outside its vault lock range',
    rules: ['retention/vault-lock'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const vault = env.vaults.find((v: Json) => v.name === rule.vault);
      const min = g(fc.integer, { min: 2, max: 1000 });
      const max = g(fc.integer, { min, max: 30000 });
      vault.lock = { mode: 'governance', minRetentionDays: min, maxRetentionDays: max };
      const days = pick(g, [undefined, min - 1, max + 1, g(fc.integer, { min: max + 1, max: 36500 })]);
      rule.lifecycle = days === undefined ? {} : { deleteAfterDays: days };
      delete rule.continuousBackup;
      return { file: m.fileOf(env), path: [...path, 'lifecycle', 'deleteAfterDays'], rule: 'retention/vault-lock', received: received(days) };
    },
  },
  // ---- Vaults
  {
    kind: 'vault lock: changeableForDays in governance mode',
    rules: ['vault-lock/governance-changeable'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const days = g(fc.integer, { min: 3, max: 36500 });
      env.vaults[0].lock = { ...(env.vaults[0].lock ?? {}), mode: 'governance', changeableForDays: days };
      return { file: m.fileOf(env), path: ['vaults', 0, 'lock', 'changeableForDays'], rule: 'vault-lock/governance-changeable', received: received(days) };
    },
  },
  {
    kind: 'vault lock: compliance mode without 3 days to change',
    rules: ['vault-lock/compliance-changeable'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const days = pick(g, [undefined, -1, 0, 1, 2]);
      env.vaults[0].lock = { ...(env.vaults[0].lock ?? {}), mode: 'compliance', changeableForDays: days };
      if (days === undefined) delete env.vaults[0].lock.changeableForDays;
      return { file: m.fileOf(env), path: ['vaults', 0, 'lock', 'changeableForDays'], rule: 'vault-lock/compliance-changeable', received: received(days) };
    },
  },
  {
    kind: 'vault lock: minimum above maximum',
    rules: ['vault-lock/range'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const max = g(fc.integer, { min: 1, max: 36499 });
      const min = g(fc.integer, { min: max + 1, max: 36500 });
      env.vaults[0].lock = { mode: 'governance', minRetentionDays: min, maxRetentionDays: max };
      return { file: m.fileOf(env), path: ['vaults', 0, 'lock', 'minRetentionDays'], rule: 'vault-lock/range', received: received(min), fragment: `${max}` };
    },
  },
  {
    kind: 'air-gapped vault: retention missing, below 7 days or inverted',
    rules: ['air-gapped/retention'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const vault: Json = { name: freshVault(g, env), type: 'logically-air-gapped' };
      env.vaults.push(vault);
      const v = env.vaults.length - 1;
      const file = m.fileOf(env);
      const target = g(fc.integer, { min: 0, max: 2 });
      if (target === 0) return { file, path: ['vaults', v, 'retention'], rule: 'air-gapped/retention', received: received(undefined) };
      if (target === 1) {
        const minDays = g(fc.integer, { min: 1, max: 6 });
        vault.retention = { minDays, maxDays: 100 };
        return { file, path: ['vaults', v, 'retention', 'minDays'], rule: 'air-gapped/retention', received: received(minDays) };
      }
      const maxDays = g(fc.integer, { min: 7, max: 1000 });
      vault.retention = { minDays: maxDays + 1, maxDays };
      return { file, path: ['vaults', v, 'retention', 'minDays'], rule: 'air-gapped/retention', received: received(maxDays + 1) };
    },
  },
  {
    kind: 'air-gapped vault: with a key or a lock',
    rules: ['air-gapped/unsupported-option'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const option = pick(g, ['kms', 'lock'] as const);
      const value = option === 'kms' ? { deletionWindowInDays: 7 } : { mode: 'governance' };
      env.vaults.push({ name: freshVault(g, env), type: 'logically-air-gapped', retention: { minDays: 7, maxDays: 35 }, [option]: value });
      return { file: m.fileOf(env), path: ['vaults', env.vaults.length - 1, option], rule: 'air-gapped/unsupported-option', received: received(value) };
    },
  },
  {
    kind: 'air-gapped vault: target of a rule',
    rules: ['air-gapped/not-plan-target'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const name = freshVault(g, env);
      env.vaults.push({ name, type: 'logically-air-gapped', retention: { minDays: 7, maxDays: 36500 } });
      rule.vault = name;
      return { file: m.fileOf(env), path: [...path, 'vault'], rule: 'air-gapped/not-plan-target', received: received(name) };
    },
  },
  {
    kind: 'vault: retention on a standard vault',
    rules: ['vault/retention-only-air-gapped'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const retention = { minDays: 7, maxDays: g(fc.integer, { min: 7, max: 3650 }) };
      env.vaults[0].retention = retention;
      return { file: m.fileOf(env), path: ['vaults', 0, 'retention'], rule: 'vault/retention-only-air-gapped', received: received(retention) };
    },
  },
  {
    kind: 'vault: rule targets a vault that does not exist there',
    rules: ['vault/unknown-rule-vault'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const name = freshVault(g, env);
      rule.vault = name;
      return { file: m.fileOf(env), path: [...path, 'vault'], rule: 'vault/unknown-rule-vault', received: received(name) };
    },
  },
  {
    kind: 'vault: accepts copies from nobody',
    rules: ['vault/accept-copies-source'],
    apply: (g, m) => {
      const vault = pick(g, m.central.vaults as Json[]);
      vault.acceptCopiesFrom = pick(g, [{}, { environments: [] }]);
      return { file: m.fileOf(m.central), path: ['vaults', m.central.vaults.indexOf(vault), 'acceptCopiesFrom'], rule: 'vault/accept-copies-source', received: received(vault.acceptCopiesFrom) };
    },
  },
  {
    kind: 'vault: accepts copies from an unknown environment',
    rules: ['accept-copies/unknown-environment'],
    apply: (g, m) => {
      const vault = pick(g, m.central.vaults as Json[]);
      const name = freshEnvironmentName(g, m);
      vault.acceptCopiesFrom = { ...(vault.acceptCopiesFrom ?? {}), environments: [...(vault.acceptCopiesFrom?.environments ?? []), name] };
      const i = vault.acceptCopiesFrom.environments.length - 1;
      return { file: m.fileOf(m.central), path: ['vaults', m.central.vaults.indexOf(vault), 'acceptCopiesFrom', 'environments', i], rule: 'accept-copies/unknown-environment', received: received(name) };
    },
  },
  // ---- Selections
  {
    kind: 'selection: selects nothing specific',
    rules: ['selection/empty'],
    apply: (g, m) => {
      const { env, selection, path } = someSelection(g, m);
      for (const key of Object.keys(selection)) if (key !== 'name') delete selection[key];
      if (chance(g, 30)) selection.allResources = false;
      return { file: m.fileOf(env), path, rule: 'selection/empty', received: received({ ...selection }) };
    },
  },
  {
    kind: 'selection: too many resources',
    rules: ['selection/resource-limit'],
    apply: (g, m) => {
      const { env, selection, path } = someSelection(g, m);
      const wildcard = chance(g, 50);
      const count = wildcard ? g(fc.integer, { min: 31, max: 60 }) : 501;
      selection.resources = Array.from({ length: count }, (_, i) => `arn:${m.partition}:ec2:${env.regions.primary}:${env.accountId}:volume/vol-${i}${wildcard ? '*' : ''}`);
      return { file: m.fileOf(env), path: [...path, 'resources'], rule: 'selection/resource-limit', received: received(count) };
    },
  },
  {
    kind: 'selection: resource that is not an ARN of the partition',
    rules: ['selection/arn-format'],
    apply: (g, m) => {
      const { env, selection, path } = someSelection(g, m);
      const arn = pick(g, ['vol-0123456789abcdef0', `arn:${otherPartition(m.partition)}:ec2:*:${env.accountId}:volume/*`, `arn:${m.partition}:s3`]);
      const key = pick(g, ['resources', 'excludeResources'] as const);
      selection[key] = [...(selection[key] ?? []), arn];
      if (key === 'excludeResources' && !selection.resources) selection.allResources = true;
      return { file: m.fileOf(env), path: [...path, key, selection[key].length - 1], rule: 'selection/arn-format', received: received(arn) };
    },
  },
  {
    kind: 'selection: tags and stringEquals disagree',
    rules: ['selection/conflicting-tag'],
    apply: (g, m) => {
      const { env, selection, path } = someSelection(g, m);
      const key = g(() => tagKeyArb);
      selection.tags = { ...(selection.tags ?? {}), [key]: 'one' };
      selection.conditions = { ...(selection.conditions ?? {}), stringEquals: { ...(selection.conditions?.stringEquals ?? {}), [key]: 'two' } };
      return { file: m.fileOf(env), path: [...path, 'conditions', 'stringEquals', key], rule: 'selection/conflicting-tag', received: received('two') };
    },
  },
  // ---- Copies
  {
    kind: 'copy: to an environment that does not exist',
    rules: ['copy/target-environment'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const name = freshEnvironmentName(g, m);
      const copyPath = addCopy(rule, path, { environment: name, region: env.regions.primary });
      return { file: m.fileOf(env), path: [...copyPath, 'environment'], rule: 'copy/target-environment', received: received(name) };
    },
  },
  {
    kind: 'copy: to a region the destination does not have',
    rules: ['copy/target-region'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const region = regionNotIn(g, m.central, m.partition);
      const copyPath = addCopy(rule, path, { environment: m.central.name, region, vault: m.central.vaults[0].name });
      return { file: m.fileOf(env), path: [...copyPath, 'region'], rule: 'copy/target-region', received: received(region) };
    },
  },
  {
    kind: 'copy: to a vault that does not exist',
    rules: ['copy/target-vault'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const name = freshVault(g, m.central);
      const copyPath = addCopy(rule, path, { environment: m.central.name, region: m.central.regions.primary, vault: name });
      return { file: m.fileOf(env), path: [...copyPath, 'vault'], rule: 'copy/target-vault', received: received(name) };
    },
  },
  {
    kind: 'copy: onto itself',
    rules: ['copy/self'],
    apply: (g, m) => {
      const { env, plan, rule, path } = someRule(g, m);
      const copy = chance(g, 50) ? { region: pick(g, planRegionsOf(env, plan)) } : { environment: env.name, region: pick(g, planRegionsOf(env, plan)), vault: rule.vault };
      const copyPath = addCopy(rule, path, copy);
      return { file: m.fileOf(env), path: copyPath, rule: 'copy/self', received: received(copy) };
    },
  },
  {
    kind: 'copy: destination does not accept the source',
    rules: ['copy/destination-accepts-source'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const { vault, path: copyPath } = copyToCentral(g, m, env, rule, path);
      if (chance(g, 50)) delete vault.acceptCopiesFrom;
      else vault.acceptCopiesFrom = { environments: m.members.filter((e) => e !== env).map((e) => e.name).concat(m.central.name) };
      return { file: m.fileOf(env), path: [...copyPath, 'vault'], rule: 'copy/destination-accepts-source', received: received(vault.name) };
    },
  },
  {
    kind: 'copy: accounts in different organizations',
    rules: ['copy/same-organization'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const { path: copyPath } = copyToCentral(g, m, env, rule, path);
      const [a, b] = distinct(g, organizationIdArb, 2);
      env.organizationId = a;
      m.central.organizationId = b;
      return { file: m.fileOf(env), path: [...copyPath, 'environment'], rule: 'copy/same-organization', received: received(m.central.name) };
    },
  },
  {
    kind: 'copy: cross-account from a vault with an AWS-managed key',
    rules: ['copy/cross-account-cmk'],
    apply: (g, m) => {
      const { env, plan, rule, path } = someRule(g, m);
      const vault = env.vaults.find((v: Json) => v.name === rule.vault);
      const keyOf = (region: string) => `arn:${m.partition}:kms:${region}:${env.accountId}:alias/aws/backup`;
      vault.kms = { existingKeyArns: Object.fromEntries((vault.regions ?? regionsOf(env)).map((r: string) => [r, keyOf(r)])) };
      const { path: copyPath } = copyToCentral(g, m, env, rule, path);
      return { file: m.fileOf(env), path: copyPath, rule: 'copy/cross-account-cmk', received: received(keyOf(planRegionsOf(env, plan)[0])) };
    },
  },
  {
    kind: 'copy: across partitions',
    rules: ['copy/partition'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const partition = otherPartition(m.partition);
      const other = minimalEnvironment(freshEnvironmentName(g, m), freshAccount(g, m), partition, REGIONS[partition][0]);
      other.vaults[0].acceptCopiesFrom = { environments: [env.name] };
      m.addEnvironment(other);
      const copyPath = addCopy(rule, path, { environment: other.name, region: other.regions.primary, vault: 'main' });
      return { file: m.fileOf(env), path: [...copyPath, 'environment'], rule: 'copy/partition', received: received(other.name) };
    },
  },
  {
    kind: 'copy: retention outside the destination vault lock',
    rules: ['copy/retention-fits-destination'],
    apply: (g, m) => {
      const { env, rule, path } = someRule(g, m);
      const { vault, copy, path: copyPath } = copyToCentral(g, m, env, rule, path);
      const max = g(fc.integer, { min: 1, max: 36000 });
      vault.lock = { mode: 'governance', maxRetentionDays: max };
      const days = g(fc.integer, { min: max + 1, max: Math.min(36500, max + 500) });
      copy.lifecycle = { deleteAfterDays: days };
      return { file: m.fileOf(env), path: [...copyPath, 'lifecycle'], rule: 'copy/retention-fits-destination', received: received(days), fragment: `${max}` };
    },
  },
  // ---- Orchestration
  {
    kind: 'orchestration: region the environment does not list',
    rules: ['orchestration/region'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      orchestrationOn(env);
      const region = regionNotIn(g, env, m.partition);
      env.orchestration.regions = [region];
      return { file: m.fileOf(env), path: ['orchestration', 'regions', 0], rule: 'orchestration/region', received: received(region) };
    },
  },
  {
    kind: 'orchestration: on-demand rule that does not exist',
    rules: ['orchestration/on-demand-rule'],
    apply: (g, m) => {
      const env = pick(g, m.members);
      orchestrationOn(env);
      const key = `${env.plans[0].name}/${fresh(g, env.plans[0].rules.map((r: Json) => r.name), matching(/^missing[a-z0-9]{3}$/))}`;
      env.orchestration.onDemandRule = key;
      return { file: m.fileOf(env), path: ['orchestration', 'onDemandRule'], rule: 'orchestration/on-demand-rule', received: received(key) };
    },
  },
  {
    kind: 'orchestration: a completion window longer than 200 callback waits',
    rules: ['orchestration/job-window'],
    apply: (g, m) => {
      const env = pick(g, m.members);
      orchestrationOn(env);
      env.orchestration.callbackTimeoutHours = 1;
      const rule = env.plans[0].rules[0];
      const longest = Math.max(...env.plans.flatMap((p: Json) => p.rules.map((r: Json) => r.completionWindowMinutes ?? 10_080)));
      const window = Math.max(longest, MAX_VALID_WINDOW_MINUTES) + g(fc.integer, { min: 1, max: 100_000 });
      rule.completionWindowMinutes = window;
      const planIndex = 0;
      return { file: m.fileOf(env), path: ['plans', planIndex, 'rules', 0, 'completionWindowMinutes'], rule: 'orchestration/job-window', received: received(window) };
    },
  },
  {
    kind: 'orchestration: job recovery waits for more jobs × callback rounds than the execution history holds',
    rules: ['orchestration/execution-history'],
    apply: (g, m) => {
      const env = pick(g, m.members);
      orchestrationOn(env);
      env.orchestration.callbackTimeoutHours = 1;
      env.orchestration.recovery = { maxAttempts: 10 };
      // 200 rounds of 1 h (the most orchestration/job-window allows) for each of 10 attempts: over 25,000 events.
      env.plans[0].rules[0].completionWindowMinutes = MAX_VALID_WINDOW_MINUTES;
      const rules = env.plans.flatMap((p: Json, pi: number) => p.rules.map((r: Json, ri: number) => ({ pi, ri, copies: (r.copyTo ?? []).length })));
      const widest = rules.reduce((a: Json, b: Json) => (b.copies > a.copies ? b : a));
      return { file: m.fileOf(env), path: ['plans', widest.pi, 'rules', widest.ri, 'copyTo'], rule: 'orchestration/execution-history', received: received(widest.copies) };
    },
  },
  {
    kind: 'drill: resource ARN of another type',
    rules: ['drill/resource-arn'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = orchestrationOn(env);
      const drill = { ...validDrill(env, region, 'restore'), resourceType: pick(g, ['RDS', 'Aurora', 'DynamoDB', 'S3', 'EFS']) };
      env.orchestration.drills = [drill];
      return { file: m.fileOf(env), path: ['orchestration', 'drills', 0, 'resourceArn'], rule: 'drill/resource-arn', received: received(drill.resourceArn) };
    },
  },
  {
    kind: 'drill: schedule that is no Scheduler expression',
    rules: ['drill/schedule'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = orchestrationOn(env);
      const schedule = pick(g, ['every sunday', 'rate(1 days)', 'rate(0 hours)', 'cron(0 3 * * *)', 'at(2026-13-01)']);
      env.orchestration.drills = [{ ...validDrill(env, region, 'restore'), schedule }];
      return { file: m.fileOf(env), path: ['orchestration', 'drills', 0, 'schedule'], rule: 'drill/schedule', received: received(schedule) };
    },
  },
  {
    kind: 'drill: metadata override of what the drill decides',
    rules: ['drill/metadata-override'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = orchestrationOn(env);
      const key = pick(g, ['DBInstanceIdentifier', 'DBClusterIdentifier', 'targetTableName', 'newFileSystem']);
      env.orchestration.drills = [{ ...validDrill(env, region, 'restore'), restoreMetadataOverrides: { [key]: 'x' } }];
      return { file: m.fileOf(env), path: ['orchestration', 'drills', 0, 'restoreMetadataOverrides', key], rule: 'drill/metadata-override', received: received(key) };
    },
  },
  {
    kind: 'drill: vault that does not exist in its region',
    rules: ['drill/vault'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = orchestrationOn(env);
      const vault = freshVault(g, env);
      env.orchestration.drills = [{ ...validDrill(env, region, 'restore'), vault }];
      return { file: m.fileOf(env), path: ['orchestration', 'drills', 0, 'vault'], rule: 'drill/vault', received: received(vault) };
    },
  },
  {
    kind: 'drill: name too long for its schedule name',
    rules: ['schema/invalid'],
    apply: (g, m) => {
      const name = fresh(g, m.takenNames(), matching(/^[a-z][a-z0-9-]{28,30}[a-z0-9]$/));
      const env = minimalEnvironment(name, freshAccount(g, m), m.partition, REGIONS[m.partition][0]);
      const drill = g(() => matching(/^[a-z0-9][a-z0-9-]{30,38}[a-z0-9]$/));
      env.orchestration = { drills: [validDrill(env, env.regions.primary, drill)] };
      const file = m.addEnvironment(env);
      return { file, path: ['orchestration', 'drills', 0, 'name'], rule: 'schema/invalid', received: received(drill), fragment: 'EventBridge Scheduler allows 64' };
    },
  },
  {
    kind: 'restore testing: vault that does not exist in its region',
    rules: ['restore-testing/vault'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = orchestrationOn(env);
      const vault = freshVault(g, env);
      env.orchestration.restoreTesting = [{ name: 'weekly', region, schedule: 'cron(0 5 ? * SAT *)', vaults: [vault], selections: [{ name: 'all', resourceType: 'EBS' }] }];
      return { file: m.fileOf(env), path: ['orchestration', 'restoreTesting', 0, 'vaults', 0], rule: 'restore-testing/vault', received: received(vault) };
    },
  },
  {
    kind: 'restore testing: selection by "*" and ARNs together',
    rules: ['restore-testing/selection'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const region = orchestrationOn(env);
      const arns = ['*', `arn:${m.partition}:ec2:${region}:${env.accountId}:volume/vol-0abc`];
      env.orchestration.restoreTesting = [{ name: 'weekly', region, schedule: 'cron(0 5 ? * SAT *)', vaults: [env.vaults[0].name], selections: [{ name: 'mixed', resourceType: 'EBS', resourceArns: arns }] }];
      return { file: m.fileOf(env), path: ['orchestration', 'restoreTesting', 0, 'selections', 0, 'resourceArns'], rule: 'restore-testing/selection', received: received(arns.join(', ')) };
    },
  },
  // ---- Access
  {
    kind: 'access: trust in an identity that is not defined',
    rules: ['access/unknown-identity'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const role = pick(g, ['operator', 'auditor', 'breakGlass']);
      const name = g(() => matching(/^unknown-[a-z]{2,6}$/));
      env.access = { identityProxies: [{ name: 'corp-proxy', roleArns: [`arn:${m.partition}:iam::${env.accountId}:role/proxy`] }], [role]: { proxies: [name] } };
      return { file: m.fileOf(env), path: ['access', role, 'proxies', 0], rule: 'access/unknown-identity', received: received(name) };
    },
  },
  {
    kind: 'access: role nobody can assume',
    rules: ['access/role-trust'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const role = pick(g, ['operator', 'auditor', 'breakGlass']);
      const trust = pick(g, [{}, { proxies: [] }, { oidc: [] }]);
      env.access = { [role]: trust };
      return { file: m.fileOf(env), path: ['access', role], rule: 'access/role-trust', received: received(trust) };
    },
  },
  {
    kind: 'access: OIDC subject of only wildcards',
    rules: ['access/oidc-subject'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const subject = pick(g, ['*', '**', '?*', 'repo:*']);
      env.access = { oidcProviders: [{ name: 'okta', issuerUrl: 'https://idp.example.com' }], operator: { oidc: [{ provider: 'okta', subjects: ['alice', subject] }] } };
      return { file: m.fileOf(env), path: ['access', 'operator', 'oidc', 0, 'subjects', 1], rule: 'access/oidc-subject', received: received(subject) };
    },
  },
  {
    kind: 'access: OIDC subject not anchored',
    rules: ['access/oidc-subject-anchored'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const github = chance(g, 50);
      const subject = github ? pick(g, ['repo:*/x:ref:refs/heads/main', '*:ref:refs/heads/main', 'acme/x:pull_request']) : pick(g, ['*platform', '?00u1', '*@example.com']);
      const provider = github ? { name: 'gh', issuerUrl: GITHUB_ACTIONS_ISSUER } : { name: 'okta', issuerUrl: 'https://idp.example.com' };
      env.access = { oidcProviders: [provider], breakGlass: { oidc: [{ provider: provider.name, subjects: [subject] }] } };
      return { file: m.fileOf(env), path: ['access', 'breakGlass', 'oidc', 0, 'subjects', 0], rule: 'access/oidc-subject-anchored', received: received(subject) };
    },
  },
  {
    kind: 'access: proxy sessions longer than an hour',
    rules: ['access/role-chaining-session'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const hours = g(fc.integer, { min: 2, max: 12 });
      env.access = { maxSessionHours: hours, identityProxies: [{ name: 'proxy', roleArns: [`arn:${m.partition}:iam::${freshAccount(g, m)}:role/proxy`] }], operator: { proxies: ['proxy'] } };
      return { file: m.fileOf(env), path: ['access', 'maxSessionHours'], rule: 'access/role-chaining-session', received: received(hours) };
    },
  },
  {
    kind: 'access: two OIDC providers for one issuer',
    rules: ['access/unique'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const issuerUrl = `https://${g(() => matching(/^[a-z]{3,8}\.example\.com$/))}`;
      env.access = { oidcProviders: [{ name: 'one', issuerUrl }, { name: 'two', issuerUrl }] };
      return { file: m.fileOf(env), path: ['access', 'oidcProviders', 1], rule: 'access/unique', received: received(issuerUrl) };
    },
  },
  {
    kind: 'access: existing OIDC provider ARN of another account or issuer',
    rules: ['access/oidc-provider-arn'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const account = chance(g, 50) ? freshAccount(g, m) : env.accountId;
      const host = account === env.accountId ? 'other.example.com' : 'idp.example.com';
      const arn = `arn:${m.partition}:iam::${account}:oidc-provider/${host}`;
      env.access = { oidcProviders: [{ name: 'okta', issuerUrl: 'https://idp.example.com', providerArn: arn }] };
      return { file: m.fileOf(env), path: ['access', 'oidcProviders', 0, 'providerArn'], rule: 'access/oidc-provider-arn', received: received(arn) };
    },
  },
  {
    kind: 'access: CI trusting a provider that is not GitHub Actions',
    rules: ['access/github-issuer'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const github = chance(g, 50);
      const provider: Json = github ? { name: 'gh', issuerUrl: GITHUB_ACTIONS_ISSUER, audiences: ['backup-estate'] } : { name: 'gh', issuerUrl: 'https://idp.example.com' };
      env.access = { oidcProviders: [provider], ci: { github: { oidcProvider: 'gh', repository: 'acme/backup-estate' } } };
      return { file: m.fileOf(env), path: ['access', 'ci', 'github', 'oidcProvider'], rule: 'access/github-issuer', received: received(github ? ['backup-estate'] : provider.issuerUrl) };
    },
  },
  {
    kind: 'access: start endpoint without an orchestrator in the primary region',
    rules: ['access/api-orchestration'],
    apply: (g, m) => {
      const env = pick(g, m.envs);
      const target = g(fc.integer, { min: 0, max: 2 });
      if (target === 0) env.orchestration = { enabled: false };
      else if (target === 1) env.plans = [];
      else {
        // Orchestration elsewhere only; an onDemandRule naming a plan of that region does not put an orchestrator in the primary one.
        const other = regionsOf(env).find((r) => r !== env.regions.primary);
        env.orchestration = other ? { regions: [other] } : { enabled: false };
      }
      env.access = { api: { issuer: 'https://idp.example.com/oauth2/default', audiences: ['backup-estate-api'] } };
      return { file: m.fileOf(env), path: ['access', 'api'], rule: 'access/api-orchestration', received: received(env.regions.primary) };
    },
  },
];
