import { QUOTAS } from '../aws-facts';
import { DEFAULT_CALLBACK_TIMEOUT_HOURS, DEFAULT_COMPLETION_WINDOW_MINUTES, DEFAULT_RECOVERY_ATTEMPTS } from '../defaults';
import { maxJobDurationSeconds, waitRounds, worstCaseHistoryEvents } from '../orchestration-limits';
import type { EnvironmentFile } from '../schema';
import type { Findings } from './finding';

/**
 * One Step Functions execution holds at most QUOTAS.executionHistoryEvents events, Map iterations included. Every
 * job a machine waits for may take all its callback rounds (enough to cover the file's longest completion window):
 * job recovery waits for up to maxAttempts re-started backups and then, for a recovered backup, for each copy of its
 * rule; the orchestrator for one backup and its copies. A rule with that many copies would make an execution fail
 * part way, so the file is refused before plan, at the rule with the most copies.
 */
export function checkExecutionHistory(env: EnvironmentFile, out: Findings): void {
  const config = env.orchestration;
  if (!config) return;
  const rules = (env.plans ?? []).flatMap((plan, p) => plan.rules.map((rule, r) => ({ p, r, rule })));
  if (rules.length === 0) return;
  const windows = rules.map(({ rule }) => rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES);
  const callbackSeconds = (config.callbackTimeoutHours ?? DEFAULT_CALLBACK_TIMEOUT_HOURS) * 3600;
  const rounds = waitRounds(maxJobDurationSeconds(windows), callbackSeconds);
  const attempts = config.recovery?.enabled === false ? 1 : config.recovery?.maxAttempts ?? DEFAULT_RECOVERY_ATTEMPTS;
  const widest = rules.reduce((a, b) => ((b.rule.copyTo ?? []).length > (a.rule.copyTo ?? []).length ? b : a));
  const copies = (widest.rule.copyTo ?? []).length;
  const jobs = Math.max(1, attempts) + copies;
  const events = worstCaseHistoryEvents(jobs, rounds);
  const quota = QUOTAS.executionHistoryEvents;
  if (events > quota.value) {
    out.report(['plans', widest.p, 'rules', widest.r, 'copyTo'], 'orchestration/execution-history',
      `${copies} copies after up to ${Math.max(1, attempts)} backup attempts are ${jobs} jobs of up to ${rounds} callback waits each (${callbackSeconds / 3600} h waits over a ${Math.max(...windows)}-minute window): up to ${events} execution history events, and Step Functions allows ${quota.value} ${quota.what}: raise orchestration.callbackTimeoutHours, lower orchestration.recovery.maxAttempts or copy to fewer vaults`,
      copies);
  }
}
