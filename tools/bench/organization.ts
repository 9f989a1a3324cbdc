import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import type { EnvironmentFile } from '../../config/schema';

/*
 * A synthetic AWS Organization for the benchmarks: one central backup account and N member accounts, each an
 * environment file as a platform team would write it (modelled on environments/prod.yaml, with three regions).
 * Everything is derived from the member's index, never from randomness or the clock, so the same N gives the same
 * bytes and two benchmark runs measure the same estate.
 */

export const CENTRAL_NAME = 'backup-central';
export const CENTRAL_ACCOUNT_ID = '100000000000';
const ORGANIZATION_ID = 'o-bench0rg001';
const PROXY_ROLE = 'arn:aws:iam::999999999999:role/identity-aware-proxy';
const OKTA = 'https://acme.okta.com/oauth2/default';

/** The central account's regions: where members copy to (daily and air-gapped to the first, monthly to the second). */
const CENTRAL_REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'] as const;
const CENTRAL_DAILY_REGION = CENTRAL_REGIONS[0];
const CENTRAL_MONTHLY_REGION = CENTRAL_REGIONS[1];

/** Members cycle through these region triples (primary first), so the org spans three geographies. */
const MEMBER_REGIONS: readonly (readonly [string, string, string])[] = [
  ['eu-west-1', 'eu-central-1', 'eu-north-1'],
  ['us-east-1', 'us-west-2', 'eu-west-1'],
  ['ap-southeast-2', 'ap-southeast-1', 'eu-central-1'],
];
const TIME_ZONES: Readonly<Record<string, string>> = {
  'eu-west-1': 'Europe/Dublin',
  'us-east-1': 'America/New_York',
  'ap-southeast-2': 'Australia/Sydney',
};

/** `member-007`: zero-padded to the width of the largest index, at least three digits, so files sort by index. */
export function memberName(index: number, members: number): string {
  const width = Math.max(3, String(members).length);
  return `member-${String(index).padStart(width, '0')}`;
}

/** Member account IDs follow the index (1-based), far from the central account's. */
export function memberAccountId(index: number): string {
  return String(200_000_000_000 + index);
}

/** The central account: compliance-locked vaults in every region that accept copies from the whole organization. */
export function centralEnvironment(): EnvironmentFile {
  // Accepting by organization, not by listing members: the access policy stays the same size at 1 or 1000 members.
  const fromOrganization = { organizationId: ORGANIZATION_ID };
  return {
    name: CENTRAL_NAME,
    accountId: CENTRAL_ACCOUNT_ID,
    partition: 'aws',
    organizationId: ORGANIZATION_ID,
    regions: { primary: CENTRAL_REGIONS[0], additional: CENTRAL_REGIONS.slice(1) },
    deployment: { roleArn: `arn:aws:iam::${CENTRAL_ACCOUNT_ID}:role/terraform-deploy` },
    state: { bucket: 'acme-bench-terraform-state', region: CENTRAL_REGIONS[0] },
    tags: { environment: 'backup', owner: 'platform-team', complianceCode: 'ISO27001-A.12.3' },
    vaults: [
      {
        name: 'central',
        lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 3650, changeableForDays: 3 },
        notifications: { events: ['COPY_JOB_SUCCESSFUL', 'COPY_JOB_FAILED', 'RECOVERY_POINT_MODIFIED'] },
        acceptCopiesFrom: fromOrganization,
      },
      {
        name: 'central-air-gapped',
        type: 'logically-air-gapped',
        regions: [CENTRAL_DAILY_REGION],
        retention: { minDays: 7, maxDays: 365 },
        acceptCopiesFrom: fromOrganization,
      },
    ],
    access: {
      identityProxies: [{ name: 'corp-proxy', roleArns: [PROXY_ROLE] }],
      auditor: { proxies: ['corp-proxy'] },
      breakGlass: { proxies: ['corp-proxy'] },
    },
  };
}

/**
 * Member `index` (1-based): three regions; a daily plan copied cross-region and to the central account (both its
 * compliance vault and the air-gapped one) beside a continuous-backup rule, a monthly plan kept seven years and copied
 * to the central account, a weekly plan in the two other regions copied home; orchestration with a DR drill and
 * restore testing; operator, auditor, break-glass and CI roles, and the start endpoint.
 */
export function memberEnvironment(index: number, members: number): EnvironmentFile {
  const name = memberName(index, members);
  const accountId = memberAccountId(index);
  const [primary, second, third] = MEMBER_REGIONS[(index - 1) % MEMBER_REGIONS.length];
  const timeZone = TIME_ZONES[primary];
  const vault = `${name}-vault`;
  // Spread schedules over the hour, as a real estate would, without changing their shape.
  const minute = index % 60;
  const team = `team-${String(index % 20).padStart(2, '0')}`;
  return {
    name,
    accountId,
    partition: 'aws',
    organizationId: ORGANIZATION_ID,
    regions: { primary, additional: [second, third] },
    deployment: { roleArn: `arn:aws:iam::${accountId}:role/terraform-deploy`, externalId: `${name}-backup-pipeline` },
    state: { bucket: 'acme-bench-terraform-state', region: CENTRAL_REGIONS[0], lockTable: 'terraform-locks' },
    tags: { environment: name, owner: team, complianceCode: 'SOC2-CC9.1', additional: { 'cost-center': String(4000 + index) } },
    vaults: [
      {
        name: vault,
        lock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 2555 },
        notifications: { events: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED'] },
      },
    ],
    plans: [
      {
        name: 'daily',
        rules: [
          {
            name: 'daily-35d',
            vault,
            schedule: `cron(${minute} 3 * * ? *)`,
            scheduleTimezone: timeZone,
            startWindowMinutes: 60,
            completionWindowMinutes: 480,
            lifecycle: { deleteAfterDays: 35 },
            recoveryPointTags: { tier: 'daily' },
            copyTo: [
              { region: second },
              { environment: CENTRAL_NAME, region: CENTRAL_DAILY_REGION, vault: 'central', lifecycle: { deleteAfterDays: 90 } },
              { environment: CENTRAL_NAME, region: CENTRAL_DAILY_REGION, vault: 'central-air-gapped', lifecycle: { deleteAfterDays: 30 } },
            ],
          },
          { name: 'pitr-7d', vault, schedule: 'cron(0 */6 * * ? *)', continuousBackup: true, lifecycle: { deleteAfterDays: 7 } },
        ],
        selections: [{ name: 'tagged-daily', tags: { backup: 'daily' }, excludeResources: [`arn:aws:ec2:*:${accountId}:volume/*`] }],
      },
      {
        name: 'monthly-7y',
        rules: [
          {
            name: 'monthly',
            vault,
            schedule: `cron(${minute} 5 1 * ? *)`,
            lifecycle: { moveToColdStorageAfterDays: 90, deleteAfterDays: 2555, optInToArchiveForSupportedResources: true },
            copyTo: [{ environment: CENTRAL_NAME, region: CENTRAL_MONTHLY_REGION, vault: 'central' }],
          },
        ],
        selections: [
          {
            name: 'critical-databases',
            conditions: { stringEquals: { 'data-classification': 'critical' }, stringLike: { app: 'payments-*' } },
            resources: [`arn:aws:rds:${primary}:${accountId}:db:*`, `arn:aws:dynamodb:${primary}:${accountId}:table/*`],
          },
        ],
      },
      {
        name: 'weekly-regional',
        regions: [second, third],
        rules: [
          {
            name: 'weekly-90d',
            vault,
            schedule: `cron(${minute} 2 ? * SUN *)`,
            lifecycle: { deleteAfterDays: 90 },
            copyTo: [{ region: primary }],
          },
        ],
        selections: [{ name: 'any-backup-tag', anyOfTags: { backup: 'weekly', 'backup-tier': 'standard' } }],
      },
    ],
    orchestration: {
      onDemandRule: 'daily/daily-35d',
      callbackTimeoutHours: 12,
      logRetentionDays: 365,
      recovery: { maxAttempts: 3, initialBackoffMinutes: 15 },
      drills: [
        {
          name: 'orders-db-monthly',
          schedule: 'cron(0 6 ? * 1#1 *)',
          scheduleTimezone: timeZone,
          resourceArn: `arn:aws:rds:${primary}:${accountId}:db:orders`,
          resourceType: 'RDS',
          vault,
          restoreMetadataOverrides: { DBInstanceClass: 'db.t4g.medium', MultiAZ: 'false' },
          targetRecoveryMinutes: 60,
        },
      ],
      restoreTesting: [
        {
          name: 'weekly_tables',
          schedule: 'cron(0 4 ? * SAT *)',
          scheduleTimezone: timeZone,
          vaults: [vault],
          selectionWindowDays: 7,
          selections: [{ name: 'tagged_tables', resourceType: 'DynamoDB', tags: { backup: 'daily' }, validationWindowHours: 2 }],
        },
      ],
    },
    access: {
      maxSessionHours: 1,
      identityProxies: [{ name: 'corp-proxy', roleArns: [PROXY_ROLE], sessionTagKeys: ['email', 'team'] }],
      oidcProviders: [
        { name: 'okta', issuerUrl: OKTA, audiences: ['backup-estate'] },
        { name: 'github', issuerUrl: 'https://token.actions.githubusercontent.com' },
      ],
      operator: { proxies: ['corp-proxy'], oidc: [{ provider: 'okta', subjects: [`00u${index}platform*`] }] },
      auditor: { proxies: ['corp-proxy'] },
      breakGlass: { proxies: ['corp-proxy'] },
      ci: { github: { oidcProvider: 'github', repository: 'acme/backup-estate', deployEnvironment: name } },
      api: { issuer: OKTA, audiences: ['backup-estate-api'], throttling: { burstLimit: 20, rateLimit: 10 } },
    },
    catalog: { owner: `group:default/${team}`, lifecycle: 'production' },
  };
}

/** File name → YAML text of the whole organization: the central account and `members` member accounts. */
export function organizationFiles(members: number): Map<string, string> {
  if (!Number.isInteger(members) || members < 1) throw new Error(`organizationFiles: members must be a whole number >= 1, got ${members}`);
  const environments = [centralEnvironment(), ...Array.from({ length: members }, (_, i) => memberEnvironment(i + 1, members))];
  const header = `# Generated by tools/bench/organization.ts for the benchmarks (${members} member accounts); do not edit.\n`;
  return new Map(environments.map((env) => [`${env.name}.yaml`, header + stringify(env)]));
}

/** Writes the organization into `dir` (created; must not hold other environment files) and returns the file paths. */
export function writeOrganization(dir: string, members: number): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const stray = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
  if (stray.length > 0) throw new Error(`writeOrganization: ${dir} already holds environment files (${stray.slice(0, 3).join(', ')}...)`);
  return [...organizationFiles(members)].map(([file, text]) => {
    const target = path.join(dir, file);
    fs.writeFileSync(target, text);
    return target;
  });
}
