import { DEFAULT_CALLBACK_TIMEOUT_HOURS, DEFAULT_COMPLETION_WINDOW_MINUTES, DEFAULT_RECOVERY_ATTEMPTS, DEFAULT_RECOVERY_BACKOFF_MINUTES } from '../defaults';
import { MAX_CALLBACK_TIMEOUT_HOURS, MAX_EXECUTION_SECONDS, MAX_WAIT_ROUNDS, maxJobDurationSeconds, waitRounds, worstRecoveryBackoffSeconds } from '../orchestration-limits';
import type { EnvironmentFile } from '../schema';
import { analyseCron } from './cron';
import { checkExecutionHistory } from './check-execution-history';
import { environmentRegions, findVault, orchestrationRegions, planRegions } from './environment-facts';
import type { Findings } from './finding';
import { isIanaTimeZone } from './time-zone';

/** What a drill's resource ARN looks like, per resource type (service and resource part). */
const DRILL_ARN_SHAPES: Readonly<Record<string, { readonly pattern: RegExp; readonly example: string }>> = {
  EBS: { pattern: /^arn:[a-z-]+:ec2:[a-z0-9-]+:\d{12}:volume\/vol-[0-9a-f]+$/, example: 'arn:<partition>:ec2:<region>:<account>:volume/vol-...' },
  RDS: { pattern: /^arn:[a-z-]+:rds:[a-z0-9-]+:\d{12}:db:[a-zA-Z][a-zA-Z0-9-]{0,62}$/, example: 'arn:<partition>:rds:<region>:<account>:db:<name>' },
  Aurora: { pattern: /^arn:[a-z-]+:rds:[a-z0-9-]+:\d{12}:cluster:[a-zA-Z][a-zA-Z0-9-]{0,62}$/, example: 'arn:<partition>:rds:<region>:<account>:cluster:<name>' },
  DynamoDB: { pattern: /^arn:[a-z-]+:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]{3,255}$/, example: 'arn:<partition>:dynamodb:<region>:<account>:table/<name>' },
  S3: { pattern: /^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, example: 'arn:<partition>:s3:::<bucket>' },
  EFS: { pattern: /^arn:[a-z-]+:elasticfilesystem:[a-z0-9-]+:\d{12}:file-system\/fs-[0-9a-f]+$/, example: 'arn:<partition>:elasticfilesystem:<region>:<account>:file-system/fs-...' },
};

/** Restore metadata a drill decides itself: the new resource's name, and that it is a new resource. */
const DRILL_OWNED_METADATA = new Set(['DBInstanceIdentifier', 'DBClusterIdentifier', 'targetTableName', 'DestinationBucketName', 'NewBucket', 'CreationToken', 'newFileSystem']);

/**
 * EventBridge Scheduler names schedules with at most 64 characters; a drill's schedule is `<environment>-drill-<drill>`
 * (modules/orchestration/backup-orchestration.ts), so long environment names leave less room for the drill name.
 */
const MAX_SCHEDULE_NAME = 64;
const drillScheduleName = (environment: string, drill: string) => `${environment}-drill-${drill}`;

/** EventBridge Scheduler expressions: cron (6 fields), rate or a one-time at(). */
function schedulerExpressionErrors(expression: string): string[] {
  const trimmed = expression.trim();
  const rate = /^rate\((\d+) (minute|hour|day)(s?)\)$/.exec(trimmed);
  if (rate) {
    const [, count, , plural] = rate;
    const singularMatches = (Number(count) === 1) === (plural === '');
    return Number(count) > 0 && singularMatches ? [] : [`"${trimmed}" is not a valid rate: use rate(1 day) or rate(7 days)`];
  }
  if (/^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$/.test(trimmed)) return [];
  if (trimmed.startsWith('cron(')) return analyseCron(trimmed).errors;
  return ['must be cron(minutes hours day-of-month month day-of-week year), rate(<n> <unit>) or at(yyyy-mm-ddThh:mm:ss)'];
}

/**
 * A job still running when a callback wait times out is waited for again, until the longest completion window of the
 * file's rules has passed (modules/orchestration/state-machines/job-wait-bound.ts). The orchestrator may wait that long for a backup and again
 * for its copies, job recovery once per attempt and then for the recovered backup's copies; each execution must end
 * within Step Functions' one year, and the
 * waits must fit MAX_WAIT_ROUNDS.
 */
function checkJobWindow(env: EnvironmentFile, out: Findings): void {
  const config = env.orchestration ?? {};
  const rules = (env.plans ?? []).flatMap((plan, p) => plan.rules.map((rule, r) => ({
    path: ['plans', p, 'rules', r, 'completionWindowMinutes'] as (string | number)[],
    minutes: rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES,
  })));
  const longest = rules.reduce<(typeof rules)[number] | undefined>((a, b) => (!a || b.minutes > a.minutes ? b : a), undefined);
  if (!longest) return;
  const timeoutSeconds = (config.callbackTimeoutHours ?? DEFAULT_CALLBACK_TIMEOUT_HOURS) * 3600;
  const rounds = waitRounds(maxJobDurationSeconds([longest.minutes]), timeoutSeconds);
  if (rounds > MAX_WAIT_ROUNDS) {
    const hoursNeeded = Math.ceil((longest.minutes * 60) / MAX_WAIT_ROUNDS / 3600);
    const remedy = hoursNeeded <= MAX_CALLBACK_TIMEOUT_HOURS
      ? `set orchestration.callbackTimeoutHours to at least ${hoursNeeded}, or shorten the window`
      : `shorten the window to at most ${MAX_WAIT_ROUNDS * MAX_CALLBACK_TIMEOUT_HOURS * 60} minutes (${MAX_WAIT_ROUNDS} waits of the longest callback timeout, ${MAX_CALLBACK_TIMEOUT_HOURS} h)`;
    out.report(longest.path, 'orchestration/job-window',
      `a completion window of ${longest.minutes} minutes needs ${rounds} callback waits of ${timeoutSeconds / 3600} h; the machines wait at most ${MAX_WAIT_ROUNDS} times: ${remedy}`,
      longest.minutes);
    return;
  }
  const waitSeconds = rounds * timeoutSeconds;
  const attempts = config.recovery?.enabled === false ? 0 : config.recovery?.maxAttempts ?? DEFAULT_RECOVERY_ATTEMPTS;
  // Job recovery waits for each attempt in turn and then for the recovered backup's copies: attempts + 1 jobs in turn.
  const jobsInTurn = Math.max(2, attempts > 0 ? attempts + 1 : 0);
  // Job recovery also sleeps between attempts: initial x 2^n, plus up to half of it as jitter.
  const backoffSeconds = attempts > 0 ? worstRecoveryBackoffSeconds(attempts, (config.recovery?.initialBackoffMinutes ?? DEFAULT_RECOVERY_BACKOFF_MINUTES) * 60) : 0;
  const longestExecution = jobsInTurn * waitSeconds + backoffSeconds + 3600;
  if (longestExecution > MAX_EXECUTION_SECONDS) {
    const backoffDays = Math.ceil(backoffSeconds / 86400);
    const backoffIsTheCause = backoffSeconds > jobsInTurn * waitSeconds;
    out.report(backoffIsTheCause ? ['orchestration', 'recovery', 'initialBackoffMinutes'] : longest.path, 'orchestration/job-window',
      `waiting up to ${longest.minutes} minutes per job (${jobsInTurn} jobs in turn: ${attempts > 1 ? 'job recovery attempts, then the copies' : 'a backup, then its copies'})${backoffSeconds > 0 ? ` plus up to ${backoffDays} days of backoff between attempts` : ''} needs executions of ${Math.ceil(longestExecution / 86400)} days; Step Functions ends an execution after 365: shorten the window${attempts > 1 ? ', orchestration.recovery.maxAttempts or initialBackoffMinutes' : ''}`,
      backoffIsTheCause ? config.recovery?.initialBackoffMinutes ?? DEFAULT_RECOVERY_BACKOFF_MINUTES : longest.minutes);
  }
}

/** Orchestration regions, the on-demand rule, drills and restore testing plans of one environment file. */
export function checkOrchestration(env: EnvironmentFile, out: Findings): void {
  const config = env.orchestration;
  if (config?.enabled === false) return;
  checkJobWindow(env, out);
  checkExecutionHistory(env, out);
  if (!config) return;
  const known = new Set(environmentRegions(env));
  const regions = orchestrationRegions(env);
  (config.regions ?? []).forEach((region, i) => {
    if (!known.has(region)) {
      out.report(['orchestration', 'regions', i], 'orchestration/region', `region ${region} is not one of this environment's regions (${[...known].join(', ')})`, region);
    }
  });
  const inOrchestrationRegion = (path: (string | number)[], region: string) => {
    if (regions.includes(region)) return true;
    out.report(path, 'orchestration/region', `region ${region} has no orchestration; orchestration.regions is ${regions.join(', ')}`, region);
    return false;
  };

  if (config.onDemandRule) {
    const [planName, ruleName] = config.onDemandRule.split('/');
    const plan = (env.plans ?? []).find((p) => p.name === planName);
    const runsIn = plan ? planRegions(env, plan) : [];
    // A region without any plan gets no orchestrator, so only regions with plans need the rule.
    const withPlans = regions.filter((r) => (env.plans ?? []).some((p) => planRegions(env, p).includes(r)));
    const missing = withPlans.filter((r) => !runsIn.includes(r));
    if (!plan || !plan.rules.some((r) => r.name === ruleName)) {
      out.report(['orchestration', 'onDemandRule'], 'orchestration/on-demand-rule', `no plan "${planName}" with a rule "${ruleName}"`, config.onDemandRule);
    } else if (plan.rules.find((r) => r.name === ruleName)?.continuousBackup) {
      // "On-demand backups cannot be used with point-in-time recovery (PITR)"
      // (https://docs.aws.amazon.com/aws-backup/latest/devguide/recov-point-create-on-demand-backup.html): StartBackupJob
      // would make a snapshot with the continuous rule's settings, not the point-in-time backup the rule stands for.
      out.report(['orchestration', 'onDemandRule'], 'orchestration/on-demand-rule',
        `rule "${ruleName}" of plan "${planName}" makes continuous backups (point-in-time recovery), which an on-demand backup cannot make: name a snapshot rule (continuousBackup false)`,
        config.onDemandRule);
    } else if (missing.length > 0) {
      out.report(['orchestration', 'onDemandRule'], 'orchestration/on-demand-rule', `plan "${planName}" does not run in ${missing.join(', ')}, an orchestration region`, config.onDemandRule);
    }
  }

  (config.drills ?? []).forEach((drill, d) => {
    const path = ['orchestration', 'drills', d];
    const region = drill.region ?? env.regions.primary;
    const scheduleName = drillScheduleName(env.name, drill.name);
    if (scheduleName.length > MAX_SCHEDULE_NAME) {
      const room = MAX_SCHEDULE_NAME - drillScheduleName(env.name, '').length;
      out.report([...path, 'name'], 'schema/invalid',
        `is too long for environment "${env.name}": its schedule name "${scheduleName}" has ${scheduleName.length} characters and EventBridge Scheduler allows ${MAX_SCHEDULE_NAME} (drill names of this environment have at most ${room})`,
        drill.name);
    }
    const shape = DRILL_ARN_SHAPES[drill.resourceType];
    if (!shape.pattern.test(drill.resourceArn)) {
      out.report([...path, 'resourceArn'], 'drill/resource-arn', `a ${drill.resourceType} drill needs an ARN like ${shape.example}`, drill.resourceArn);
    } else if (drill.resourceArn.split(':')[1] !== env.partition) {
      out.report([...path, 'resourceArn'], 'arn/partition', `ARN is not in the ${env.partition} partition`, drill.resourceArn);
    }
    for (const error of schedulerExpressionErrors(drill.schedule)) out.report([...path, 'schedule'], 'drill/schedule', error, drill.schedule);
    if (drill.scheduleTimezone !== undefined && !isIanaTimeZone(drill.scheduleTimezone)) {
      out.report([...path, 'scheduleTimezone'], 'schedule/timezone', 'is not an IANA time zone name (e.g. Europe/Dublin)', drill.scheduleTimezone);
    }
    for (const key of Object.keys(drill.restoreMetadataOverrides ?? {})) {
      if (DRILL_OWNED_METADATA.has(key)) {
        out.report([...path, 'restoreMetadataOverrides', key], 'drill/metadata-override', `${key} names or places the restored resource; drills set it so the clean-up can prove what it deletes`, key);
      }
    }
    if (!inOrchestrationRegion(drill.region ? [...path, 'region'] : path, region)) return;
    if (drill.vault !== undefined && !findVault(env, drill.vault, region)) {
      out.report([...path, 'vault'], 'drill/vault', `no vault "${drill.vault}" in ${region}, where the drill runs`, drill.vault);
    }
  });

  (config.restoreTesting ?? []).forEach((plan, p) => {
    const path = ['orchestration', 'restoreTesting', p];
    const region = plan.region ?? env.regions.primary;
    for (const error of analyseCron(plan.schedule).errors) out.report([...path, 'schedule'], 'schedule/cron-format', error, plan.schedule);
    if (plan.scheduleTimezone !== undefined && !isIanaTimeZone(plan.scheduleTimezone)) {
      out.report([...path, 'scheduleTimezone'], 'schedule/timezone', 'is not an IANA time zone name (e.g. Europe/Dublin)', plan.scheduleTimezone);
    }
    if (inOrchestrationRegion(plan.region ? [...path, 'region'] : path, region)) {
      plan.vaults.forEach((vault, v) => {
        if (!findVault(env, vault, region)) {
          out.report([...path, 'vaults', v], 'restore-testing/vault', `no vault "${vault}" in ${region}, where the restore testing plan runs`, vault);
        }
      });
    }
    plan.selections.forEach((selection, s) => {
      const arns = selection.resourceArns ?? [];
      const explicit = arns.filter((a) => a !== '*');
      if (explicit.length > 0 && arns.includes('*')) {
        out.report([...path, 'selections', s, 'resourceArns'], 'restore-testing/selection', 'use either "*" or explicit ARNs, not both', arns.join(', '));
      }
      if (arns.length > 0 && Object.keys(selection.tags ?? {}).length > 0) {
        out.report([...path, 'selections', s], 'restore-testing/selection', 'resourceArns and tags cannot be combined (API RestoreTestingSelection takes exactly one): drop resourceArns to select by tags', arns.join(', '));
      }
      explicit.forEach((arn, a) => {
        if (!arn.startsWith(`arn:${env.partition}:`)) {
          out.report([...path, 'selections', s, 'resourceArns', a], 'arn/partition', `ARN is not in the ${env.partition} partition`, arn);
        }
      });
    });
  });
}
