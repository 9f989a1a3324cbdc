import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { Construct } from 'constructs';
import { accountRootArn, regionalArn, serviceEndpoint, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import { KMS_ADMIN_ACTIONS, policyJson } from '../iam/policy-document';
import { eventRuleArnOf, topicArnOf } from '../core/resource-names';
import { documentedSourceConditions } from '../iam/service-source-keys';
import type { PublishedParameter } from '../core/published-parameter';

export interface NotificationTopicProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** Topic name; also the key alias name. */
  readonly topicName: string;
  /** An EventBridge rule of this account and Region allowed to publish (the break-glass alert). @default none */
  readonly alertRuleName?: string;
}

/**
 * The environment's notification topic in one region, encrypted with its own customer-managed key. Only AWS
 * Backup for this account's vaults and CloudWatch alarms of this account may publish (the keys each service sends,
 * config/aws-facts/service-principals.ts: AWS Backup sends none to KMS, so its key statement has no condition and the
 * topic policy does the scoping); AWS-managed SNS keys cannot be used by service principals, which is why the topic
 * has a key of its own.
 */
export class NotificationTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly key: KmsKey;
  /** Built from config, so policies can name the topic before it exists. */
  public readonly topicArn: string;
  /** The topic's and its key's ARNs, for the environment's SSM hierarchy in this region. */
  public readonly publishedParameters: readonly PublishedParameter[];

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const { partition, region, accountId } = props.location;
    const root = accountRootArn(partition, accountId);
    this.topicArn = topicArnOf(props.location, props.topicName);
    const backup = servicePrincipal('backup');
    const alarms = servicePrincipal('cloudwatch');
    const events = servicePrincipal('events');
    const alertRuleArn = props.alertRuleName === undefined ? undefined : eventRuleArnOf(props.location, props.alertRuleName);
    const sources = {
      backupPublish: documentedSourceConditions(backup, 'sns:Publish', { account: accountId, arn: regionalArn(props.location, 'backup', 'backup-vault:*') }),
      backupKey: documentedSourceConditions(backup, 'kms', { account: accountId }),
      alarmsPublish: documentedSourceConditions(alarms, 'sns:Publish', { account: accountId, arn: regionalArn(props.location, 'cloudwatch', 'alarm:*') }),
      alarmsKey: documentedSourceConditions(alarms, 'kms', { account: accountId, arn: regionalArn(props.location, 'cloudwatch', 'alarm:*') }),
      alertPublish: alertRuleArn === undefined ? undefined : documentedSourceConditions(events, 'sns:Publish', { account: accountId, arn: alertRuleArn }),
      alertKey: alertRuleArn === undefined ? undefined : documentedSourceConditions(events, 'kms', { account: accountId, arn: alertRuleArn }),
    };
    const conditioned = (condition: typeof sources.backupKey) => (condition ? { Condition: condition } : {});
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: `Encrypts the ${props.topicName} topic`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson([
        { Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: root }, Action: KMS_ADMIN_ACTIONS, Resource: '*' },
        {
          Sid: 'AccountUsesKeyThroughSns',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('sns', region), 'kms:CallerAccount': accountId } },
        },
        {
          Sid: 'BackupPublishesEncrypted',
          Effect: 'Allow',
          Principal: { Service: backup },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          ...conditioned(sources.backupKey),
        },
        {
          Sid: 'AlarmsPublishEncrypted',
          Effect: 'Allow',
          Principal: { Service: alarms },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          ...conditioned(sources.alarmsKey),
        },
        // AWS documents no source key for EventBridge's use of a topic's key; the topic policy names the rule.
        ...(alertRuleArn ? [{
          Sid: 'AlertRulePublishesEncrypted',
          Effect: 'Allow' as const,
          Principal: { Service: events },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          ...conditioned(sources.alertKey),
        }] : []),
      ]),
    });
    new KmsAlias(this, 'alias', { provider: props.provider, name: `alias/${props.topicName}`, targetKeyId: this.key.keyId });
    this.topic = new SnsTopic(this, 'topic', {
      provider: props.provider,
      name: props.topicName,
      kmsMasterKeyId: this.key.arn,
    });
    new SnsTopicPolicy(this, 'policy', {
      provider: props.provider,
      arn: this.topic.arn,
      policy: policyJson([
        {
          Sid: 'BackupOfThisAccountPublishes',
          Effect: 'Allow',
          Principal: { Service: backup },
          Action: 'sns:Publish',
          Resource: this.topicArn,
          ...conditioned(sources.backupPublish),
        },
        {
          Sid: 'AlarmsOfThisAccountPublish',
          Effect: 'Allow',
          Principal: { Service: alarms },
          Action: 'sns:Publish',
          Resource: this.topicArn,
          ...conditioned(sources.alarmsPublish),
        },
        ...(alertRuleArn ? [{
          Sid: 'AlertRuleOfThisAccountPublishes',
          Effect: 'Allow' as const,
          Principal: { Service: events },
          Action: 'sns:Publish',
          Resource: this.topicArn,
          ...conditioned(sources.alertPublish),
        }] : []),
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: this.topicArn,
          Condition: { Bool: { 'aws:SecureTransport': false } },
        },
      ]),
    });
    this.publishedParameters = [
      { path: 'notifications/topic-arn', value: this.topic.arn, description: 'SNS topic for backup notifications in this region' },
      { path: 'notifications/kms-key-arn', value: this.key.arn, description: 'KMS key encrypting the notification topic' },
    ];
  }
}
