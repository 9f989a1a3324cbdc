import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { CLOUDTRAIL_API_CALL_DETAIL_TYPE, STS_ASSUME_ROLE_EVENT_NAMES } from '../../config/aws-facts/cloudtrail-events';

export interface BreakGlassAlertProps {
  readonly provider: AwsProvider;
  /** Rule name (1-64 letters, digits, ".", "-", "_"): see breakGlassAlertRuleName. */
  readonly ruleName: string;
  /** ARN of the break-glass role (the role the vault policies let delete recovery points). */
  readonly roleArn: string;
  /** The Region's notification topic; its policy must let this rule publish (NotificationTopic `alertRuleNames`). */
  readonly topicArn: string;
  /** Delivery retries before the alert is dropped. @default 185 (EventBridge's own default) */
  readonly maximumRetryAttempts?: number;
}

/**
 * The event pattern of a break-glass alert: the role being assumed (any AssumeRole* call naming it) or any call
 * made with one of its sessions. The second shape is what makes the alert dependable: an assumption is recorded
 * only in the Region that served the STS call, while every use of the role's power on a vault is recorded in the
 * vault's Region, which the environment lists (config/aws-facts/cloudtrail-events.ts).
 */
export function breakGlassAlertPattern(roleArn: string): Record<string, unknown> {
  return {
    'detail-type': [CLOUDTRAIL_API_CALL_DETAIL_TYPE],
    detail: {
      $or: [
        { eventSource: ['sts.amazonaws.com'], eventName: [...STS_ASSUME_ROLE_EVENT_NAMES], requestParameters: { roleArn: [roleArn] } },
        { userIdentity: { sessionContext: { sessionIssuer: { arn: [roleArn] } } } },
      ],
    },
  };
}

/**
 * An alert on the environment's notification topic whenever someone assumes or uses the break-glass role in this
 * Region. It relies on a CloudTrail trail recording management events in the account (an organization trail
 * counts): without one EventBridge receives nothing, which this stack cannot see from here.
 */
export class BreakGlassAlert extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: BreakGlassAlertProps) {
    super(scope, id);
    if (!/^[\w.-]{1,64}$/.test(props.ruleName)) throw new Error(`BreakGlassAlert: rule names are 1-64 letters, digits, ".", "-" or "_"; got "${props.ruleName}"`);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      provider: props.provider,
      name: props.ruleName,
      description: 'Break-glass role assumed or used: someone may delete or shorten recovery points',
      eventPattern: JSON.stringify(breakGlassAlertPattern(props.roleArn)),
    });
    this.target = new CloudwatchEventTarget(this, 'target', {
      provider: props.provider,
      rule: this.rule.name,
      targetId: 'notifications',
      arn: props.topicArn,
      retryPolicy: { maximumRetryAttempts: props.maximumRetryAttempts ?? 185, maximumEventAgeInSeconds: 86400 },
    });
  }
}
