import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { Construct } from 'constructs';
import { servicePrincipal, type AwsLocation } from '../core/aws-partition';
import type { PolicyStatement } from '../iam/policy-document';
import { stateMachineArnOf } from '../core/resource-names';
import { ServiceRole } from '../iam/service-role';
import { definitionActions } from './state-machines/definition-actions';

/** Where one action of the definition may act, and under which condition. */
export interface ActionGrant {
  readonly resources: readonly string[];
  readonly condition?: PolicyStatement['Condition'];
}

export interface OrchestrationStateMachineProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  readonly stateMachineName: string;
  /** IAM role name (global): include the region. */
  readonly roleName: string;
  readonly definition: { readonly States: Record<string, unknown> };
  /**
   * Resources for every IAM action the definition's Task states call (read from the definition). A missing
   * action, or one the definition does not call, is an error: the role carries exactly what the states use.
   */
  readonly grants: Readonly<Record<string, ActionGrant>>;
  /** Further statements the definition cannot show (KMS use behind DynamoDB and SNS, iam:PassRole). */
  readonly supportingStatements: readonly PolicyStatement[];
  readonly logRetentionDays: number;
  /** Key of the log group. */
  readonly kmsKeyArn: string;
  /** Topic the failed-executions alarm notifies. */
  readonly alarmTopicArn: string;
}

/**
 * A Standard state machine with its own execution role (built from the actions its states call), logs of every
 * execution in an encrypted log group with retention, X-Ray tracing, and an alarm on failed, timed-out or
 * aborted executions.
 */
export class OrchestrationStateMachine extends Construct {
  public readonly stateMachine: SfnStateMachine;
  public readonly role: ServiceRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly alarm: CloudwatchMetricAlarm;
  /** Built from config, for policies written before the machine exists. */
  public readonly stateMachineArn: string;

  constructor(scope: Construct, id: string, props: OrchestrationStateMachineProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9-_]{1,80}$/.test(props.stateMachineName)) {
      throw new Error(`OrchestrationStateMachine: names are 1-80 letters, digits, "-" or "_"; got "${props.stateMachineName}"`);
    }
    const called = definitionActions(props.definition as never);
    const missing = called.filter((action) => !props.grants[action]);
    const unused = Object.keys(props.grants).filter((action) => !called.includes(action));
    if (missing.length > 0 || unused.length > 0) {
      throw new Error(
        `OrchestrationStateMachine ${props.stateMachineName}: grants must match the actions its states call; ` +
          `missing ${JSON.stringify(missing)}, not called ${JSON.stringify(unused)}`,
      );
    }
    this.stateMachineArn = stateMachineArnOf(props.location, props.stateMachineName);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      provider: props.provider,
      name: `/aws/vendedlogs/states/${props.stateMachineName}`,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    const statements: PolicyStatement[] = called.map((action) => ({
      Sid: action.replace(/[^a-zA-Z0-9]/g, ''),
      Effect: 'Allow',
      Action: action,
      Resource: [...props.grants[action].resources],
      ...(props.grants[action].condition ? { Condition: props.grants[action].condition } : {}),
    }));
    this.role = new ServiceRole(this, 'role', {
      provider: props.provider,
      roleName: props.roleName,
      description: `Execution role of the ${props.stateMachineName} state machine (managed by cdktf-aws-backup)`,
      servicePrincipal: servicePrincipal('states'),
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': props.location.accountId },
        ArnLike: { 'aws:SourceArn': this.stateMachineArn },
      },
      statements: [
        ...statements,
        ...props.supportingStatements,
        {
          // CloudWatch Logs delivery for Step Functions has no resource-level permissions (Step Functions guide, "Logging").
          Sid: 'DeliverExecutionLogs',
          Effect: 'Allow',
          Action: [
            'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
            'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
          ],
          Resource: '*',
        },
        {
          Sid: 'SendTraces',
          Effect: 'Allow',
          Action: ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
          Resource: '*',
        },
      ],
    });
    this.stateMachine = new SfnStateMachine(this, 'state-machine', {
      provider: props.provider,
      name: props.stateMachineName,
      type: 'STANDARD',
      roleArn: this.role.role.arn,
      definition: JSON.stringify(props.definition),
      loggingConfiguration: { logDestination: `${this.logGroup.arn}:*`, includeExecutionData: true, level: 'ALL' },
      tracingConfiguration: { enabled: true },
      dependsOn: [this.role.policy],
    });
    const metric = (id: string, name: string) => ({
      id,
      metric: { namespace: 'AWS/States', metricName: name, dimensions: { StateMachineArn: this.stateMachineArn }, period: 300, stat: 'Sum' },
    });
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider: props.provider,
      alarmName: `${props.stateMachineName}-executions-failed`,
      alarmDescription: `Executions of ${props.stateMachineName} failed, timed out or were aborted. Each failure also recorded and notified by the machine itself.`,
      metricQuery: [
        metric('failed', 'ExecutionsFailed'),
        metric('timedout', 'ExecutionsTimedOut'),
        metric('aborted', 'ExecutionsAborted'),
        { id: 'unsuccessful', expression: 'FILL(failed, 0) + FILL(timedout, 0) + FILL(aborted, 0)', label: 'Unsuccessful executions', returnData: true },
      ],
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
    });
  }
}
