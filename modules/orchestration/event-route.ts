import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { servicePrincipal } from '../core/aws-partition';

export type EventRouteTarget =
  | { readonly kind: 'function'; readonly functionName: string; readonly functionArn: string }
  /** `roleArn`: a role EventBridge assumes, allowed states:StartExecution on this machine. */
  | { readonly kind: 'state-machine'; readonly stateMachineArn: string; readonly roleArn: string };

export interface EventRouteProps {
  readonly provider: AwsProvider;
  /** 1-64 characters; starts with the environment's rule prefix so the dead-letter queue accepts it. */
  readonly ruleName: string;
  readonly description: string;
  /** EventBridge event pattern (an object; rendered as JSON). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  readonly target: EventRouteTarget;
  /** Queue for events EventBridge could not deliver after its retries. */
  readonly deadLetterQueueArn: string;
  /** Delivery retries. @default 24 */
  readonly maximumRetryAttempts?: number;
  /** Oldest event still delivered, in seconds (60-86400). @default 86400 */
  readonly maximumEventAgeSeconds?: number;
}

/**
 * One EventBridge rule on the default bus with one target, a retry policy and an encrypted dead-letter queue.
 * A function target also gets the resource policy letting exactly this rule invoke it.
 */
export class EventRoute extends Construct {
  public readonly rule: CloudwatchEventRule;
  public readonly target: CloudwatchEventTarget;

  constructor(scope: Construct, id: string, props: EventRouteProps) {
    super(scope, id);
    if (!/^[\w.-]{1,64}$/.test(props.ruleName)) throw new Error(`EventRoute: rule names are 1-64 letters, digits, ".", "-" or "_"; got "${props.ruleName}"`);
    const age = props.maximumEventAgeSeconds ?? 86400;
    if (age < 60 || age > 86400) throw new Error(`EventRoute: maximumEventAgeSeconds must be 60-86400; got ${age}`);
    this.rule = new CloudwatchEventRule(this, 'rule', {
      provider: props.provider,
      name: props.ruleName,
      description: props.description,
      eventPattern: JSON.stringify(props.eventPattern),
    });
    const common = {
      provider: props.provider,
      rule: this.rule.name,
      retryPolicy: { maximumRetryAttempts: props.maximumRetryAttempts ?? 24, maximumEventAgeInSeconds: age },
      deadLetterConfig: { arn: props.deadLetterQueueArn },
    };
    if (props.target.kind === 'function') {
      this.target = new CloudwatchEventTarget(this, 'target', { ...common, targetId: 'function', arn: props.target.functionArn });
      new LambdaPermission(this, 'invoke', {
        provider: props.provider,
        statementId: `events-${props.ruleName}`.slice(0, 100),
        action: 'lambda:InvokeFunction',
        functionName: props.target.functionName,
        principal: servicePrincipal('events'),
        sourceArn: this.rule.arn,
      });
    } else {
      this.target = new CloudwatchEventTarget(this, 'target', {
        ...common,
        targetId: 'state-machine',
        arn: props.target.stateMachineArn,
        roleArn: props.target.roleArn,
      });
    }
  }
}
