/*
 * AWS answers as a Step Functions SDK integration hands them to the next state: the SDK output shape, with
 * timestamps as strings (JSON). Fixtures standing for an AWS answer are written `satisfies AwsJson<XOutput>`, so a
 * field name the service model does not have (e.g. `CreatedBy.BackupPlanRuleId`, which is `BackupRuleId` in
 * RecoveryPointCreator) fails `tsc` instead of making a test pass against a shape AWS never returns.
 */

/** T with every Date as an ISO string and the SDK's `$metadata` left out (recursively). */
export type AwsJson<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? AwsJson<Item>[]
    : T extends object
      ? { [K in keyof T as K extends '$metadata' ? never : K]: AwsJson<T[K]> }
      : T;
