/*
 * The AWS API operations the state machines call through Step Functions integrations, per SDK service. The generator
 * (scripts/generate-aws-facts.ts) reads each one's modeled errors from the AWS SDK; a test checks that every Task
 * state of every definition calls an operation listed here.
 */
export const SDK_OPERATIONS = {
  backup: [
    'DescribeBackupJob', 'DescribeCopyJob', 'DescribeRecoveryPoint', 'DescribeRestoreJob', 'GetBackupPlan', 'GetRecoveryPointRestoreMetadata',
    'ListRecoveryPointsByResource', 'PutRestoreValidationResult', 'StartBackupJob', 'StartCopyJob', 'StartRestoreJob',
  ],
  dynamodb: ['DeleteItem', 'GetItem', 'PutItem', 'UpdateItem'],
  sns: ['Publish'],
  lambda: ['Invoke'],
  sfn: ['SendTaskFailure', 'SendTaskSuccess', 'StartExecution'],
} as const;

export type SdkService = keyof typeof SDK_OPERATIONS;
