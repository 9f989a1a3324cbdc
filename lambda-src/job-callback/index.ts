import type { Context } from 'aws-lambda';
import { type BackupJobEvent, isTerminalState, normalizeJobEvent } from '../shared/events';
import { idempotentOnEventId } from '../shared/idempotency';
import { createLogger } from '../shared/logger';
import { Parameter, readParameter } from '../shared/parameters';
import { outcomeOf } from './outcome';
import { type Release, releaseToken } from './release';
import { recordOutcome } from './token-store';

const logger = createLogger('job-callback');

export interface CallbackResult {
  jobId: string;
  state: string;
  /** IGNORED: not a terminal state; NO_TOKEN: outcome stored for a state machine that has not stored its token yet. */
  release: Release | 'NO_TOKEN' | 'IGNORED';
}

async function handleJobEvent(event: BackupJobEvent, _context: Context): Promise<CallbackResult> {
  const job = normalizeJobEvent(event);
  logger.resetKeys();
  logger.appendKeys({ jobId: job.jobId, jobType: job.jobType, state: job.state, eventId: job.eventId });

  if (!isTerminalState(job.state)) {
    logger.info('Job is not in a terminal state; nothing to release');
    return { jobId: job.jobId, state: job.state, release: 'IGNORED' };
  }

  const outcome = outcomeOf(job);
  const tableName = await readParameter(Parameter.taskTokenTable);
  const item = await recordOutcome(tableName, outcome, new Date());

  if (!item.taskToken) {
    logger.info('No task token stored yet; outcome kept for the state machine to find');
    return { jobId: job.jobId, state: job.state, release: 'NO_TOKEN' };
  }

  const release = await releaseToken(item.taskToken, outcome);
  if (release === 'TOKEN_GONE') {
    logger.warn('The waiting execution has already moved on; outcome recorded only', { executionArn: item.executionArn });
  } else {
    logger.info('Task token released', { release, executionArn: item.executionArn, completedWithIssues: outcome.completedWithIssues });
  }
  return { jobId: job.jobId, state: job.state, release };
}

export const handler = idempotentOnEventId(handleJobEvent);
