import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { parseArn } from '../shared/arn';
import { sfnClient } from '../shared/clients/sfn';
import { isAwsError } from '../shared/errors';
import type { Machine } from './request';

export interface ExecutionStatus {
  executionArn: string;
  machine: Machine;
  name: string;
  status: string;
  startDate?: string;
  stopDate?: string;
  /** The execution's output, parsed; the raw text when it is not JSON. */
  output?: unknown;
  error?: string;
  cause?: string;
}

/**
 * The ARN of execution `name` of a state machine: the machine's ARN (from SSM, never from the request) with its
 * resource type changed, plus the validated name.
 */
export function executionArnOf(stateMachineArn: string, name: string): string {
  const { partition, service, region, accountId, resource } = parseArn(stateMachineArn);
  if (service !== 'states' || !resource.startsWith('stateMachine:')) throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  return `arn:${partition}:states:${region}:${accountId}:execution:${resource.slice('stateMachine:'.length)}:${name}`;
}

/** DescribeExecution of one execution; undefined when it does not exist. */
export async function describeExecution(stateMachineArn: string, machine: Machine, name: string): Promise<ExecutionStatus | undefined> {
  const executionArn = executionArnOf(stateMachineArn, name);
  try {
    const described = await sfnClient().send(new DescribeExecutionCommand({ executionArn }));
    const status: ExecutionStatus = {
      executionArn,
      machine,
      name,
      status: described.status ?? 'UNKNOWN',
      startDate: described.startDate?.toISOString(),
      stopDate: described.stopDate?.toISOString(),
      output: parseOutput(described.output),
      error: described.error,
      cause: described.cause,
    };
    // Absent fields stay absent rather than null, as the contract in lambda-src/README.md promises.
    return Object.fromEntries(Object.entries(status).filter(([, value]) => value !== undefined)) as unknown as ExecutionStatus;
  } catch (error) {
    if (isAwsError(error, 'ExecutionDoesNotExist')) return undefined;
    throw error;
  }
}

function parseOutput(output: string | undefined): unknown {
  if (output === undefined || output === '') return undefined;
  try {
    return JSON.parse(output);
  } catch {
    return output;
  }
}
