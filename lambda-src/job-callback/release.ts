import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../shared/clients/sfn';
import { isAwsError } from '../shared/errors';
import { FAILURE_ERRORS, isSuccess, type JobOutcome } from './outcome';

/** The execution has already left the waiting state (timed out and described the job, or stopped). */
const TOKEN_GONE_ERRORS = ['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'];

export type Release = 'SUCCESS_SENT' | 'FAILURE_SENT' | 'TOKEN_GONE';

export async function releaseToken(taskToken: string, outcome: JobOutcome): Promise<Release> {
  try {
    if (isSuccess(outcome)) {
      await sfnClient().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(outcome) }));
      return 'SUCCESS_SENT';
    }
    await sfnClient().send(
      new SendTaskFailureCommand({
        taskToken,
        error: FAILURE_ERRORS[outcome.jobType],
        cause: JSON.stringify(outcome),
      }),
    );
    return 'FAILURE_SENT';
  } catch (error) {
    if (isAwsError(error, ...TOKEN_GONE_ERRORS)) return 'TOKEN_GONE';
    throw error;
  }
}
