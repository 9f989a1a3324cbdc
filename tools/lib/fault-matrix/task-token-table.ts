import { awsError } from './local-state-machine';

/*
 * The task-token table as the callback waits and the job-callback function share it (lambda-src/README.md,
 * "Tables"), in memory: the waits' conditional puts are evaluated as DynamoDB would, so a test proves the protocol
 * (a re-wait's second put accepted, a recorded outcome refusing it) rather than assuming it.
 */

type AttributeValue = { S?: string; N?: string };

export interface TokenPut {
  readonly Item: Record<string, AttributeValue>;
  readonly ConditionExpression?: string;
}

export class TaskTokenTable {
  readonly items = new Map<string, Record<string, unknown>>();
  /** Every put, in order, and whether its condition held. */
  readonly puts: { jobId: string; accepted: boolean }[] = [];

  /**
   * The wait's `putItem`: the item replaces any stored one (PutItem semantics) when the condition holds, else the
   * aws-sdk integration's ConditionalCheckFailed. Only `attribute_not_exists(<attribute>)` is understood.
   */
  put(input: TokenPut): void {
    const jobId = input.Item.jobId?.S;
    if (!jobId) throw new Error('task-token put without a jobId');
    const condition = /^attribute_not_exists\((\w+)\)$/.exec(input.ConditionExpression ?? '');
    if (!condition) throw new Error(`task-token put: unsupported condition "${input.ConditionExpression}"`);
    const stored = this.items.get(jobId);
    const accepted = !(stored && condition[1] in stored);
    this.puts.push({ jobId, accepted });
    if (!accepted) throw awsError('DynamoDb.ConditionalCheckFailedException', 'The conditional request failed');
    this.items.set(jobId, Object.fromEntries(Object.entries(input.Item).map(([name, value]) => [name, value.S ?? value.N])));
  }

  /** What job-callback's recordOutcome does on a terminal event: the outcome onto the job's item, created if absent. */
  recordOutcome(jobId: string, outcome: Record<string, unknown>): void {
    this.items.set(jobId, { jobId, ...this.items.get(jobId), outcome });
  }
}
