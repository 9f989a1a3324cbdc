import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { Construct } from 'constructs';
import { VALIDATED_RESOURCE_TYPES } from '../../config/function-contract/validated-resource-types';
import { regionalArn, serviceEndpoint, servicePrincipal } from '../core/aws-partition';
import {
  allJobChangesPattern, completedRecoveryPointPattern, failedPlanJobPattern, restoreTestingCompletedPattern, terminalJobPattern,
} from './backup-event-patterns';
import type { BackupOrchestrationProps } from './backup-orchestration-props';
import { DeadLetterQueue } from './dead-letter-queue';
import { DrillSchedule } from './drill-schedule';
import { EncryptedTable } from './encrypted-table';
import { EventRoute } from './event-route';
import { OrchestrationFunctions, type OrchestrationFunctionName } from './orchestration-functions';
import { OrchestrationKey } from './orchestration-key';
import { createOrchestrationMachines } from './orchestration-machines';
import type { OrchestrationStateMachine } from './orchestration-state-machine';
import { drillScheduleGroupName, drillScheduleName, orchestrationTableName } from '../core/resource-names';
import { RestoreTestingPlan } from '../backup/restore-testing-plan';
import { ServiceRole } from '../iam/service-role';

export { DEFAULT_RETRY_POLICY, type BackupOrchestrationProps } from './backup-orchestration-props';

/**
 * The event-driven automation of one environment in one region: encrypted tables (task tokens, audit,
 * idempotency), the six functions, the backup orchestrator, job recovery and DR drill state machines, the
 * EventBridge routes that feed them, drill schedules, native restore testing, dead-letter queues and alarms.
 *
 * Every part is created directly in this construct's scope (the builders below only group the wiring), so the
 * construct ids, and with them the Terraform addresses, are those of one flat construct.
 */
export class BackupOrchestration extends Construct {
  public readonly key: OrchestrationKey;
  public readonly taskTokenTable: EncryptedTable;
  public readonly auditTable: EncryptedTable;
  public readonly idempotencyTable: EncryptedTable;
  public readonly eventsDeadLetterQueue: DeadLetterQueue;
  public readonly functionsDeadLetterQueue: DeadLetterQueue;
  public readonly functions: OrchestrationFunctions;
  /** Absent where the region has no plan to follow. */
  public readonly orchestrator?: OrchestrationStateMachine;
  /** Absent where the region has no plan or recovery is off. */
  public readonly jobRecovery?: OrchestrationStateMachine;
  public readonly drDrill: OrchestrationStateMachine;
  public readonly routes: EventRoute[] = [];
  public readonly drillSchedules: DrillSchedule[] = [];
  /** The group of this environment's drill schedules in the region; absent where the region has no drill. */
  public readonly drillScheduleGroup?: SchedulerScheduleGroup;
  public readonly restoreTestingPlans: RestoreTestingPlan[] = [];

  private readonly props: BackupOrchestrationProps;

  constructor(scope: Construct, id: string, props: BackupOrchestrationProps) {
    super(scope, id);
    this.props = props;
    const { provider, location, environmentName: env } = props;

    this.key = new OrchestrationKey(this, 'key', { provider, location, aliasName: `${env}-backup-orchestration` });
    const tables = this.createTables();
    this.taskTokenTable = tables.taskTokens;
    this.auditTable = tables.audit;
    this.idempotencyTable = tables.idempotency;
    const queues = this.createDeadLetterQueues();
    this.eventsDeadLetterQueue = queues.events;
    this.functionsDeadLetterQueue = queues.functions;
    this.functions = this.createFunctions();

    const machines = createOrchestrationMachines(this, props, {
      kmsKeyArn: this.key.key.arn, taskTokenTable: this.taskTokenTable, auditTable: this.auditTable, functions: this.functions,
    });
    this.orchestrator = machines.orchestrator;
    this.jobRecovery = machines.jobRecovery;
    this.drDrill = machines.drDrill;

    this.createFunctionRoutes();
    this.createRestoreTesting();
    this.createJobRecoveryRoute();
    this.drillScheduleGroup = this.createDrillSchedules();
  }

  /** Prefix of the EventBridge rules: the events dead-letter queue accepts messages of these rules only. */
  private get ruleNamePrefix(): string {
    return `${this.props.environmentName}-backup-`;
  }

  private regionalArn(service: string, resource: string): string {
    return regionalArn(this.props.location, service, resource);
  }

  /** The task-token, audit and idempotency tables, encrypted with the orchestration key. */
  private createTables(): { taskTokens: EncryptedTable; audit: EncryptedTable; idempotency: EncryptedTable } {
    const { provider, environmentName: env } = this.props;
    const kmsKeyArn = this.key.key.arn;
    const taskTokens = new EncryptedTable(this, 'task-tokens', {
      provider, tableName: orchestrationTableName(env, 'task-tokens'), partitionKey: 'jobId', ttlAttribute: 'expiresAt', kmsKeyArn,
    });
    const audit = new EncryptedTable(this, 'audit', {
      provider,
      tableName: orchestrationTableName(env, 'audit'),
      partitionKey: 'pk',
      indexes: [
        { name: 'by-resource', partitionKey: 'resourceArn', sortKey: 'eventTime' },
        { name: 'by-day', partitionKey: 'day', sortKey: 'eventTime' },
      ],
      ttlAttribute: 'expiresAt',
      kmsKeyArn,
    });
    const idempotency = new EncryptedTable(this, 'idempotency', {
      provider, tableName: orchestrationTableName(env, 'idempotency'), partitionKey: 'id', ttlAttribute: 'expiration', kmsKeyArn,
    });
    return { taskTokens, audit, idempotency };
  }

  /** Dead-letter queues of the event rules and of the asynchronously invoked functions. */
  private createDeadLetterQueues(): { events: DeadLetterQueue; functions: DeadLetterQueue } {
    const { provider, location, environmentName: env } = this.props;
    const kmsKeyArn = this.key.key.arn;
    const events = new DeadLetterQueue(this, 'events-dlq', {
      provider, location, queueName: `${env}-backup-events-dlq`, kmsKeyArn, alarmTopicArn: this.props.topic.arn, eventRuleNamePrefix: this.ruleNamePrefix,
    });
    const functions = new DeadLetterQueue(this, 'functions-dlq', {
      provider, location, queueName: `${env}-backup-functions-dlq`, kmsKeyArn, alarmTopicArn: this.props.topic.arn,
    });
    return { events, functions };
  }

  private createFunctions(): OrchestrationFunctions {
    const { props } = this;
    return new OrchestrationFunctions(this, 'functions', {
      provider: props.provider,
      location: props.location,
      environmentName: props.environmentName,
      parameterRoot: props.parameterRoot,
      code: props.functionCode,
      tables: { taskTokenArn: this.taskTokenTable.table.arn, auditArn: this.auditTable.table.arn, idempotencyArn: this.idempotencyTable.table.arn },
      kmsKeyArn: this.key.key.arn,
      deadLetterQueueArn: this.functionsDeadLetterQueue.queue.arn,
      logRetentionDays: props.logRetentionDays,
      recoveryPointTagKeys: Object.keys(props.recoveryPointTags),
    });
  }

  /** An EventBridge rule `<env>-backup-<suffix>` invoking one of the functions. */
  private routeToFunction(suffix: string, description: string, eventPattern: Record<string, unknown>, name: OrchestrationFunctionName): void {
    const target = this.functions.get(name).function;
    this.routes.push(new EventRoute(this, `route-${suffix}`, {
      provider: this.props.provider,
      ruleName: `${this.ruleNamePrefix}${suffix}`,
      description,
      eventPattern,
      target: { kind: 'function', functionName: target.functionName, functionArn: target.arn },
      deadLetterQueueArn: this.eventsDeadLetterQueue.queue.arn,
    }));
  }

  /** Job events to the job-callback and audit functions, new recovery points of the plans to the tagger. */
  private createFunctionRoutes(): void {
    this.routeToFunction('job-callback', 'Terminal backup, copy and restore jobs release waiting state machines', terminalJobPattern(), 'job-callback');
    this.routeToFunction('audit', 'Every backup, copy and restore job change goes into the audit table', allJobChangesPattern(), 'audit-recorder');
    if (this.props.planIds.length > 0) {
      this.routeToFunction('tag-recovery-points', 'New recovery points of this environment plans get the environment tags', completedRecoveryPointPattern(this.props.planIds), 'recovery-point-tagger');
    }
  }

  /**
   * This Region's restore testing plans first: the validator's rule names them (and the types it checks) so it
   * answers only this environment's restore tests.
   */
  private createRestoreTesting(): void {
    const { provider, location: { region } } = this.props;
    for (const plan of this.props.restoreTesting.filter((p) => p.region === region)) {
      this.restoreTestingPlans.push(new RestoreTestingPlan(this, `restore-testing-${plan.name}`, { provider, plan, restoreRoleArn: this.props.restoreRole.arn }));
    }
    const testedTypes = [...new Set(this.props.restoreTesting.filter((p) => p.region === region).flatMap((p) => p.selections.map((s) => s.resourceType)))]
      .filter((type) => (VALIDATED_RESOURCE_TYPES as readonly string[]).includes(type));
    if (this.restoreTestingPlans.length > 0 && testedTypes.length > 0) {
      this.routeToFunction('restore-testing', 'Restore testing jobs of this environment plans are validated and reported',
        restoreTestingCompletedPattern(this.restoreTestingPlans.map((p) => p.plan.arn), testedTypes), 'restore-validator');
    }
  }

  /** Failed jobs of the plans start job recovery, through a role only that rule may use. */
  private createJobRecoveryRoute(): void {
    if (!this.jobRecovery) return;
    const { provider, environmentName: env, location: { region, accountId } } = this.props;
    const ruleName = `${this.ruleNamePrefix}job-recovery`;
    const eventsRole = new ServiceRole(this, 'events-role', {
      provider,
      roleName: `${env}-events-${region}`,
      description: 'EventBridge starts the job recovery state machine (managed by cdktf-aws-backup)',
      servicePrincipal: servicePrincipal('events'),
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': this.regionalArn('events', `rule/${ruleName}`) },
      },
      statements: [{ Sid: 'StartJobRecovery', Effect: 'Allow', Action: 'states:StartExecution', Resource: this.jobRecovery.stateMachine.arn }],
    });
    this.routes.push(new EventRoute(this, 'route-job-recovery', {
      provider,
      ruleName,
      description: 'Failed backup and copy jobs of this environment plans are re-attempted',
      eventPattern: failedPlanJobPattern(this.props.planIds),
      target: { kind: 'state-machine', stateMachineArn: this.jobRecovery.stateMachine.arn, roleArn: eventsRole.role.arn },
      deadLetterQueueArn: this.eventsDeadLetterQueue.queue.arn,
    }));
  }

  /** The schedules of this Region's drills, in a group of their own, and the role Scheduler starts them with; returns the group. */
  private createDrillSchedules(): SchedulerScheduleGroup | undefined {
    const { provider, environmentName: env, location: { region, accountId } } = this.props;
    const drills = this.props.drills.filter((d) => d.region === region);
    if (drills.length === 0) return undefined;
    const deadLetterQueueArn = this.eventsDeadLetterQueue.queue.arn;
    const kmsKeyArn = this.key.key.arn;
    // EventBridge Scheduler sends the schedule GROUP's ARN as aws:SourceArn when it assumes the role (never the
    // schedule's): the drills get a group of their own so the trust names exactly them (SOURCES.schedulerConfusedDeputy).
    const scheduleGroup = new SchedulerScheduleGroup(this, 'drill-schedule-group', { provider, name: drillScheduleGroupName(env) });
    const schedulerRole = new ServiceRole(this, 'scheduler-role', {
      provider,
      roleName: `${env}-scheduler-${region}`,
      description: 'EventBridge Scheduler starts DR drills (managed by cdktf-aws-backup)',
      servicePrincipal: servicePrincipal('scheduler'),
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnEquals: { 'aws:SourceArn': this.regionalArn('scheduler', `schedule-group/${drillScheduleGroupName(env)}`) },
      },
      statements: [
        { Sid: 'StartDrills', Effect: 'Allow', Action: 'states:StartExecution', Resource: this.drDrill.stateMachine.arn },
        { Sid: 'DeadLetterFailedStarts', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: deadLetterQueueArn },
        {
          Sid: 'EncryptDeadLetters',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: kmsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('sqs', region) } },
        },
      ],
    });
    for (const drill of drills) {
      this.drillSchedules.push(new DrillSchedule(this, `drill-${drill.name}`, {
        provider,
        scheduleName: drillScheduleName(env, drill.name),
        scheduleGroupName: scheduleGroup.name,
        drill,
        stateMachineArn: this.drDrill.stateMachine.arn,
        roleArn: schedulerRole.role.arn,
        deadLetterQueueArn,
      }));
    }
    return scheduleGroup;
  }
}
