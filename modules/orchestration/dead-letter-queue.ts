import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Construct } from 'constructs';
import { regionalArn, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import { policyJson, type PolicyStatement } from '../iam/policy-document';
import { documentedSourceConditions } from '../iam/service-source-keys';

export interface DeadLetterQueueProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  readonly queueName: string;
  /** Customer-managed key ARN. */
  readonly kmsKeyArn: string;
  /** Topic the alarm notifies when a message lands here. */
  readonly alarmTopicArn: string;
  /**
   * EventBridge rule name prefix allowed to send (aws:SourceArn). @default no EventBridge access (the senders'
   * roles send, e.g. Lambda async invocations or schedules)
   */
  readonly eventRuleNamePrefix?: string;
}

/**
 * An encrypted SQS dead-letter queue kept 14 days, that refuses plain-text transport, and an alarm that fires as
 * soon as one message is in it: nothing that fails lands silently.
 */
export class DeadLetterQueue extends Construct {
  public readonly queue: SqsQueue;
  public readonly alarm: CloudwatchMetricAlarm;
  /** Built from config, for policies written before the queue exists. */
  public readonly queueArn: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9_-]{1,80}$/.test(props.queueName)) {
      throw new Error(`DeadLetterQueue: queue names are 1-80 letters, digits, "-" or "_"; got "${props.queueName}"`);
    }
    this.queueArn = regionalArn(props.location, 'sqs', props.queueName);
    this.queue = new SqsQueue(this, 'queue', {
      provider: props.provider,
      name: props.queueName,
      messageRetentionSeconds: 14 * 24 * 3600,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    const statements: PolicyStatement[] = [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:SendMessage',
        Resource: this.queueArn,
        Condition: { Bool: { 'aws:SecureTransport': false } },
      },
    ];
    if (props.eventRuleNamePrefix) {
      // EventBridge names the rule in aws:SourceArn (Amazon EventBridge, "Using dead-letter queues"); the rule ARN
      // carries the account.
      const condition = documentedSourceConditions(servicePrincipal('events'), 'sqs:SendMessage', {
        account: props.location.accountId,
        arn: regionalArn(props.location, 'events', `rule/${props.eventRuleNamePrefix}*`),
      });
      statements.push({
        Sid: 'EventBridgeRulesOfThisEnvironment',
        Effect: 'Allow',
        Principal: { Service: servicePrincipal('events') },
        Action: 'sqs:SendMessage',
        Resource: this.queueArn,
        ...(condition ? { Condition: condition } : {}),
      });
    }
    new SqsQueuePolicy(this, 'policy', { provider: props.provider, queueUrl: this.queue.url, policy: policyJson(statements) });
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider: props.provider,
      alarmName: `${props.queueName}-not-empty`,
      alarmDescription: `Messages in ${props.queueName}: events or invocations that failed after their retries. Inspect and redrive.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: props.queueName },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
    });
  }
}
