import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { accountRootArn, regionalArn, serviceEndpoint, serviceEndpoints, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import { KMS_ADMIN_ACTIONS, KMS_USE_ACTIONS, policyJson } from '../iam/policy-document';
import { documentedSourceConditions } from '../iam/service-source-keys';

export interface OrchestrationKeyProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** Alias name without `alias/`. */
  readonly aliasName: string;
}

/**
 * The customer-managed key of the orchestration layer in one region: it encrypts the DynamoDB tables, the
 * dead-letter queues and the log groups. Principals of the account use it only through those services, and let
 * DynamoDB create the grants a table on a customer-managed key needs (Amazon DynamoDB, "Using and managing customer
 * managed keys": kms:CreateGrant and kms:DescribeKey through dynamodb); CloudWatch Logs uses it only for this account's
 * log groups (encryption context); EventBridge to deliver dead letters, with no confused-deputy condition because
 * EventBridge sends none to KMS (config/aws-facts/service-principals.ts): the queues' policies name the rules.
 */
export class OrchestrationKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: OrchestrationKeyProps) {
    super(scope, id);
    const { partition, region, accountId } = props.location;
    const root = accountRootArn(partition, accountId);
    const viaDataServices = serviceEndpoints(['dynamodb', 'sqs'], region);
    const eventBridge = servicePrincipal('events');
    const eventBridgeCondition = documentedSourceConditions(eventBridge, 'kms', { account: accountId });
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: 'Encrypts the backup orchestration tables, queues and logs',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson([
        { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: root }, Action: KMS_ADMIN_ACTIONS, Resource: '*' },
        {
          Sid: 'AccountUsesKeyThroughDataServices',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: KMS_USE_ACTIONS,
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': viaDataServices, 'kms:CallerAccount': accountId } },
        },
        {
          Sid: 'AccountLetsDynamoDbCreateGrants',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: {
            StringEquals: { 'kms:ViaService': serviceEndpoints(['dynamodb'], region), 'kms:CallerAccount': accountId },
            Bool: { 'kms:GrantIsForAWSResource': true },
          },
        },
        {
          Sid: 'LogsEncryptsThisAccountLogGroups',
          Effect: 'Allow',
          Principal: { Service: serviceEndpoint('logs', region) },
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': regionalArn(props.location, 'logs', 'log-group:*') } },
        },
        {
          Sid: 'EventBridgeDeliversToEncryptedQueues',
          Effect: 'Allow',
          Principal: { Service: eventBridge },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          ...(eventBridgeCondition ? { Condition: eventBridgeCondition } : {}),
        },
      ]),
    });
    new KmsAlias(this, 'alias', { provider: props.provider, name: `alias/${props.aliasName}`, targetKeyId: this.key.keyId });
  }
}
