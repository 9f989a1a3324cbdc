import { blockOf, isTrue, resourcesOfType, type SecurityRule } from '../security-finding';

/**
 * Recoverability of the data the stack itself keeps. DynamoDB tables hold task tokens, audit records and idempotency
 * keys; point-in-time recovery lets an operator restore any second of the last 35 days after a bad write or delete.
 */
export const RECOVERY_RULES: readonly SecurityRule[] = [
  {
    id: 'SEC-REC-DYNAMODB-PITR',
    severity: 'error',
    rationale: 'Every DynamoDB table has point-in-time recovery (point_in_time_recovery { enabled = true }).',
    check: (stack) =>
      resourcesOfType(stack, 'aws_dynamodb_table')
        .filter((r) => !isTrue(blockOf(r.body, 'point_in_time_recovery')?.enabled))
        .map((resource) => ({
          resource,
          message: 'a DynamoDB table must have point_in_time_recovery { enabled = true }',
          received: resource.body.point_in_time_recovery,
        })),
  },
];
