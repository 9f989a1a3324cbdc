/**
 * What `terraform plan` calls to refresh each resource type this project creates (hashicorp/aws 5.x read
 * functions), split by whether IAM scopes the action to resources. The read-only CI plan role gets exactly the
 * entries of the types its stack contains; a test fails when a stack holds a type missing here.
 */
export interface TerraformReads {
  /** IAM service prefix of the resource's ARN (its actions are scoped to this account's ARNs of that service). */
  readonly service: string;
  readonly scoped: readonly string[];
  /** Actions with no resource type (IAM matches them only against "*"). */
  readonly unscoped?: readonly string[];
}

const apigatewayv2: TerraformReads = { service: 'apigateway', scoped: ['apigateway:GET'] };
const vault: TerraformReads = { service: 'backup', scoped: ['backup:DescribeBackupVault', 'backup:ListTags'] };

export const TERRAFORM_READS: Readonly<Record<string, TerraformReads>> = {
  aws_apigatewayv2_api: apigatewayv2,
  aws_apigatewayv2_authorizer: apigatewayv2,
  aws_apigatewayv2_integration: apigatewayv2,
  aws_apigatewayv2_route: apigatewayv2,
  aws_apigatewayv2_stage: apigatewayv2,
  aws_backup_logically_air_gapped_vault: vault,
  aws_backup_vault: vault,
  aws_backup_vault_lock_configuration: { service: 'backup', scoped: ['backup:DescribeBackupVault'] },
  aws_backup_vault_notifications: { service: 'backup', scoped: ['backup:GetBackupVaultNotifications'] },
  aws_backup_vault_policy: { service: 'backup', scoped: ['backup:GetBackupVaultAccessPolicy'] },
  // Region settings have no ARN: DescribeRegionSettings has no resource type in IAM.
  aws_backup_region_settings: { service: 'backup', scoped: [], unscoped: ['backup:DescribeRegionSettings'] },
  aws_backup_plan: { service: 'backup', scoped: ['backup:GetBackupPlan', 'backup:ListTags'] },
  aws_backup_selection: { service: 'backup', scoped: ['backup:GetBackupSelection'] },
  aws_backup_restore_testing_plan: { service: 'backup', scoped: ['backup:GetRestoreTestingPlan', 'backup:ListTags'] },
  aws_backup_restore_testing_selection: { service: 'backup', scoped: ['backup:GetRestoreTestingSelection'] },
  aws_cloudwatch_event_rule: { service: 'events', scoped: ['events:DescribeRule', 'events:ListTagsForResource'] },
  aws_cloudwatch_event_target: { service: 'events', scoped: ['events:ListTargetsByRule'] },
  aws_cloudwatch_log_group: { service: 'logs', scoped: ['logs:ListTagsForResource'], unscoped: ['logs:DescribeLogGroups'] },
  aws_cloudwatch_metric_alarm: { service: 'cloudwatch', scoped: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'] },
  aws_dynamodb_table: {
    service: 'dynamodb',
    scoped: ['dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource'],
  },
  aws_iam_openid_connect_provider: { service: 'iam', scoped: ['iam:GetOpenIDConnectProvider'] },
  aws_iam_policy: { service: 'iam', scoped: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions'] },
  aws_iam_role: { service: 'iam', scoped: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'] },
  aws_iam_role_policy: { service: 'iam', scoped: ['iam:GetRolePolicy'] },
  aws_iam_role_policy_attachment: { service: 'iam', scoped: ['iam:ListAttachedRolePolicies'] },
  aws_kms_alias: { service: 'kms', scoped: [], unscoped: ['kms:ListAliases'] },
  aws_kms_key: { service: 'kms', scoped: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'] },
  aws_lambda_function: { service: 'lambda', scoped: ['lambda:GetFunction', 'lambda:GetFunctionCodeSigningConfig', 'lambda:ListVersionsByFunction'] },
  aws_lambda_function_event_invoke_config: { service: 'lambda', scoped: ['lambda:GetFunctionEventInvokeConfig'] },
  aws_lambda_permission: { service: 'lambda', scoped: ['lambda:GetPolicy'] },
  aws_scheduler_schedule: { service: 'scheduler', scoped: ['scheduler:GetSchedule'] },
  aws_scheduler_schedule_group: { service: 'scheduler', scoped: ['scheduler:GetScheduleGroup', 'scheduler:ListTagsForResource'] },
  aws_sfn_state_machine: {
    service: 'states',
    scoped: ['states:DescribeStateMachine', 'states:ListStateMachineVersions', 'states:ListTagsForResource'],
  },
  aws_sns_topic: { service: 'sns', scoped: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'] },
  aws_sns_topic_policy: { service: 'sns', scoped: ['sns:GetTopicAttributes'] },
  aws_sqs_queue: { service: 'sqs', scoped: ['sqs:GetQueueAttributes', 'sqs:ListQueueTags'] },
  aws_sqs_queue_policy: { service: 'sqs', scoped: ['sqs:GetQueueAttributes'] },
  aws_ssm_parameter: { service: 'ssm', scoped: ['ssm:GetParameter', 'ssm:ListTagsForResource'], unscoped: ['ssm:DescribeParameters'] },
};
