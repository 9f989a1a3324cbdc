import {
  blockOf, isCustomerManagedKey, isTrue, resourcesOfType, type SecurityRule, type TerraformJson, type Violation,
} from '../security-finding';

/**
 * Encryption at rest with customer-managed KMS keys, wherever the resource offers it. A customer-managed key has a
 * key policy this project writes (who may decrypt), logs every use in CloudTrail, and rotates. AWS-owned and
 * AWS-managed keys (`alias/aws/...`) have neither a policy we control nor a revocation path, so they do not count.
 * aws_backup_logically_air_gapped_vault is encrypted with an AWS-owned key by design and is not checked.
 */

/** A rule that one attribute of every resource of a type names a customer-managed key. */
function keyAttributeRule(id: string, type: string, attribute: string, rationale: string, what: string): SecurityRule {
  return {
    id,
    severity: 'error',
    rationale,
    check: (stack: TerraformJson) =>
      resourcesOfType(stack, type)
        .filter((r) => !isCustomerManagedKey(r.body[attribute]))
        .map((resource) => ({
          resource,
          message: `${what} must set ${attribute} to a customer-managed KMS key`,
          received: resource.body[attribute],
        })),
  };
}

export const ENCRYPTION_RULES: readonly SecurityRule[] = [
  keyAttributeRule('SEC-ENC-VAULT', 'aws_backup_vault', 'kms_key_arn',
    'Backup vaults encrypt recovery points with a customer-managed key (the vault default is the AWS-managed aws/backup key).',
    'a backup vault'),
  keyAttributeRule('SEC-ENC-SNS', 'aws_sns_topic', 'kms_master_key_id',
    'SNS topics encrypt messages at rest with a customer-managed key (topics are unencrypted by default).',
    'an SNS topic'),
  {
    id: 'SEC-ENC-SQS',
    severity: 'error',
    rationale:
      'SQS queues encrypt with a customer-managed key; SSE-SQS (sqs_managed_sse_enabled) uses an AWS-owned key with no key policy or CloudTrail record, so it does not count.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_sqs_queue')
        .filter((r) => !isCustomerManagedKey(r.body.kms_master_key_id))
        .map((resource) => ({
          resource,
          message: isTrue(resource.body.sqs_managed_sse_enabled)
            ? 'an SQS queue must set kms_master_key_id to a customer-managed KMS key; sqs_managed_sse_enabled (an AWS-owned key) does not count'
            : 'an SQS queue must set kms_master_key_id to a customer-managed KMS key',
          received: resource.body.kms_master_key_id,
        })),
  },
  {
    id: 'SEC-ENC-DYNAMODB',
    severity: 'error',
    rationale: 'DynamoDB tables use server_side_encryption with a customer-managed key (the default is an AWS-owned key).',
    check: (stack) =>
      resourcesOfType(stack, 'aws_dynamodb_table').flatMap((resource): Violation[] => {
        const sse = blockOf(resource.body, 'server_side_encryption');
        if (sse && isTrue(sse.enabled) && isCustomerManagedKey(sse.kms_key_arn)) return [];
        return [{
          resource,
          message: !sse || !isTrue(sse.enabled)
            ? 'a DynamoDB table must have server_side_encryption { enabled = true, kms_key_arn = <customer-managed key> }'
            : 'a DynamoDB table must set server_side_encryption.kms_key_arn to a customer-managed KMS key (without it DynamoDB uses the AWS-managed key)',
          received: resource.body.server_side_encryption,
        }];
      }),
  },
  keyAttributeRule('SEC-ENC-LOGS', 'aws_cloudwatch_log_group', 'kms_key_id',
    'CloudWatch log groups encrypt their events with a customer-managed key (the default is a service-owned key).',
    'a CloudWatch log group'),
  {
    id: 'SEC-ENC-SFN',
    severity: 'warning',
    rationale:
      'Step Functions state machines can encrypt execution history and data with a customer-managed key (encryption_configuration); the default is an AWS-owned key.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_sfn_state_machine').flatMap((resource): Violation[] => {
        const encryption = blockOf(resource.body, 'encryption_configuration');
        if (encryption?.type === 'CUSTOMER_MANAGED_KMS_KEY' && isCustomerManagedKey(encryption.kms_key_id)) return [];
        return [{
          resource,
          message: 'a state machine should set encryption_configuration { type = "CUSTOMER_MANAGED_KMS_KEY", kms_key_id = <customer-managed key> }',
          received: resource.body.encryption_configuration,
        }];
      }),
  },
  {
    id: 'SEC-ENC-KEY-ROTATION',
    severity: 'error',
    rationale:
      'Symmetric customer-managed KMS keys rotate their key material yearly (enable_key_rotation = true); asymmetric and HMAC keys cannot rotate and are exempt.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_kms_key')
        .filter((r) => (r.body.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT')
        .filter((r) => !isTrue(r.body.enable_key_rotation))
        .map((resource) => ({
          resource,
          message: 'a symmetric KMS key must set enable_key_rotation = true',
          received: resource.body.enable_key_rotation,
        })),
  },
];
