import { DEFAULT_COMPLETION_WINDOW_MINUTES, DEFAULT_START_WINDOW_MINUTES } from '../defaults';
import type { RuleConfig } from '../schema';
import { analyseCron } from './cron';
import type { Findings } from './finding';
import { isIanaTimeZone } from './time-zone';

const MAX_WINDOW_MINUTES = 52_560_000;

/** Schedule syntax and spacing, time zone, and start / completion windows of one rule. */
export function checkSchedule(rule: RuleConfig, path: (string | number)[], out: Findings): void {
  const cron = analyseCron(rule.schedule);
  for (const error of cron.errors) out.report([...path, 'schedule'], 'schedule/cron-format', error, rule.schedule);
  if (cron.minimumGapMinutes !== undefined && cron.minimumGapMinutes < 60) {
    out.report(
      [...path, 'schedule'],
      'schedule/minimum-interval',
      `runs ${cron.minimumGapMinutes} minutes apart; AWS Backup needs at least 60 minutes between jobs of a rule`,
      rule.schedule,
    );
  }
  if (rule.scheduleTimezone !== undefined && !isIanaTimeZone(rule.scheduleTimezone)) {
    out.report([...path, 'scheduleTimezone'], 'schedule/timezone', 'is not an IANA time zone name (e.g. Europe/Dublin)', rule.scheduleTimezone);
  }
  const start = rule.startWindowMinutes;
  if (start !== undefined && (start < 60 || start > MAX_WINDOW_MINUTES)) {
    out.report([...path, 'startWindowMinutes'], 'window/start', `must be between 60 and ${MAX_WINDOW_MINUTES} minutes`, start);
  }
  const completion = rule.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES;
  const effectiveStart = start ?? DEFAULT_START_WINDOW_MINUTES;
  if (completion > MAX_WINDOW_MINUTES || completion <= effectiveStart) {
    const defaulted = rule.completionWindowMinutes === undefined ? ` (it defaults to ${DEFAULT_COMPLETION_WINDOW_MINUTES}; set it)` : '';
    out.report(
      [...path, 'completionWindowMinutes'],
      'window/completion',
      `must be longer than the start window (${effectiveStart}) and at most ${MAX_WINDOW_MINUTES} minutes${defaulted}`,
      rule.completionWindowMinutes,
    );
  }
}
