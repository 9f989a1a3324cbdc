import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';
import type { DrillModel } from '../../config/model';

export interface DrillScheduleProps {
  readonly provider: AwsProvider;
  /** 1-64 characters, unique within the group. */
  readonly scheduleName: string;
  /**
   * The schedule group the schedule belongs to: the target role's trust pins aws:SourceArn to this group's ARN, which is
   * what EventBridge Scheduler sends (never the schedule's ARN), so a schedule outside it could not start the drill.
   */
  readonly scheduleGroupName: string;
  readonly drill: DrillModel;
  readonly stateMachineArn: string;
  /** Role EventBridge Scheduler assumes: states:StartExecution on the drill machine, send to the queue. */
  readonly roleArn: string;
  /** Queue for starts that failed after their retries. */
  readonly deadLetterQueueArn: string;
}

/** The input a drill execution receives; the DR drill state machine's input contract. */
export function drillExecutionInput(drill: DrillModel): Record<string, unknown> {
  return {
    drillName: drill.name,
    resourceArn: drill.resourceArn,
    resourceType: drill.resourceType,
    ...(drill.vaultName ? { vaultName: drill.vaultName } : {}),
    restoreMetadataOverrides: drill.restoreMetadataOverrides,
    // Both units: minutes for people, seconds for the machine's comparison (JSONPath cannot multiply).
    ...(drill.targetRecoveryMinutes ? { targetRecoveryMinutes: drill.targetRecoveryMinutes, targetRecoverySeconds: drill.targetRecoveryMinutes * 60 } : {}),
  };
}

/** An EventBridge Scheduler schedule that starts one DR drill, with retries and a dead-letter queue. */
export class DrillSchedule extends Construct {
  public readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, props: DrillScheduleProps) {
    super(scope, id);
    if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(props.scheduleName)) {
      throw new Error(`DrillSchedule: schedule names are 1-64 letters, digits, "-", "_" or "."; got "${props.scheduleName}"`);
    }
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      provider: props.provider,
      name: props.scheduleName,
      groupName: props.scheduleGroupName,
      description: `DR drill ${props.drill.name}: restore ${props.drill.resourceType} ${props.drill.resourceArn}, validate, clean up`,
      scheduleExpression: props.drill.schedule,
      scheduleExpressionTimezone: props.drill.scheduleTimezone,
      state: props.drill.enabled ? 'ENABLED' : 'DISABLED',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.stateMachineArn,
        roleArn: props.roleArn,
        input: JSON.stringify(drillExecutionInput(props.drill)),
        retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 3600 },
        deadLetterConfig: { arn: props.deadLetterQueueArn },
      },
    });
  }
}
