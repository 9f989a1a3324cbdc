import type { JsonObject, State } from './asl-types';
import { TAIL_STATES } from './tail-states';

/* The `$.summary` every execution ends with: failure and success summaries (see the conventions in definition-kit.ts). */

/** Fields every summary carries. */
function summaryBase(machine: string, outcome: string): JsonObject {
  return { machine, outcome, 'executionName.$': '$$.Execution.Name', 'executionArn.$': '$$.Execution.Id' };
}

export interface FailureSummary {
  readonly outcome: string;
  /** The step that failed. */
  readonly stage: string;
  /** JSONPath of `{ Error, Cause }` from a Catch; or give error and cause. */
  readonly errorPath?: string;
  readonly error?: string;
  /** Literal cause, or an intrinsic (`States.Format(...)`) when `causeIsExpression`. */
  readonly cause?: string;
  readonly causeIsExpression?: boolean;
  /** Further summary fields (payload template: keys ending in `.$` are paths). */
  readonly fields: JsonObject;
}

/** Pass state writing a failure summary to `$.summary`, then the shared failure tail. */
export function failureSummaryState(machine: string, f: FailureSummary, comment?: string): State {
  const error: JsonObject = f.errorPath
    ? { 'error.$': `${f.errorPath}.Error`, 'cause.$': `${f.errorPath}.Cause` }
    : { error: f.error ?? f.outcome, [f.causeIsExpression ? 'cause.$' : 'cause']: f.cause ?? f.outcome };
  return {
    Type: 'Pass',
    ...(comment ? { Comment: comment } : {}),
    Parameters: { ...summaryBase(machine, f.outcome), stage: f.stage, ...error, ...f.fields },
    ResultPath: '$.summary',
    Next: TAIL_STATES.recordFailure,
  };
}

/** Pass state writing a success summary to `$.summary`, then the shared success tail. */
export function successSummaryState(machine: string, outcome: string, fields: JsonObject): State {
  return {
    Type: 'Pass',
    Parameters: { ...summaryBase(machine, outcome), ...fields },
    ResultPath: '$.summary',
    Next: TAIL_STATES.recordSuccess,
  };
}

/**
 * Pass state ending the execution as a success without the shared tail (nothing recorded, nothing notified):
 * writes the summary to `$.summary` and outputs it.
 */
export function quietSuccessState(machine: string, outcome: string, fields: JsonObject): State {
  return {
    Type: 'Pass',
    Parameters: { ...summaryBase(machine, outcome), ...fields },
    ResultPath: '$.summary',
    OutputPath: '$.summary',
    End: true,
  };
}
