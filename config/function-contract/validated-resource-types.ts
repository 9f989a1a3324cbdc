/*
 * The AWS Backup resource types the restore validator has a check for (lambda-src/restore-validator/checks). The
 * restore-testing event rule forwards only restore jobs of these types: a job of another type would not be reported
 * (PutRestoreValidationResult is never claimed for what was not checked) and would only cost an invocation. Shared
 * here so the construct and the function read one list (this file imports nothing).
 */
export const VALIDATED_RESOURCE_TYPES = ['EBS', 'RDS', 'Aurora', 'DynamoDB', 'S3', 'EFS'] as const;
