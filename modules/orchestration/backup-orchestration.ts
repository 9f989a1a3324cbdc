import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { Construct } from 'constructs';
import { VALIDATED_RESOURCE_TYPES } from '../../config/function-contract/validated-resource-types';
import type { DrillModel, RestoreTestingPlanModel } from '../../config/model';
import { recoveryPointArnPatterns, regionalArn, serviceEndpoint, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import {
  allJobChangesPattern, completedRecoveryPointPattern, failedPlanJobPattern, restoreTestingCompletedPattern, terminalJobPattern,
} from './backup-event-patterns';
import { DeadLetterQueue } from './dead-letter-queue';
import { DrillSchedule } from './drill-schedule';
import { EncryptedTable } from './encrypted-table';
import { EventRoute } from './event-route';
import type { FunctionCode } from '../functions/function-bundle';
import { OrchestrationFunctions, type OrchestrationFunctionName } from './orchestration-functions';
import { OrchestrationKey } from './orchestration-key';
import { OrchestrationStateMachine, type ActionGrant } from './orchestration-state-machine';
import type { PolicyStatement } from '../iam/policy-document';
import { drillScheduleGroupName, drillScheduleName, orchestrationTableName, stateMachineName, vaultArnOf } from '../core/resource-names';
import { RestoreTestingPlan } from '../backup/restore-testing-plan';
import { ServiceRole } from '../iam/service-role';
import { backupOrchestratorDefinition } from './state-machines/backup-orchestrator-definition';
import type { OnDemandRule, OrchestrationResources, RetryPolicy } from './state-machines/definition-props';
import { definitionActions } from './state-machines/definition-actions';
import { drDrillDefinition } from './state-machines/dr-drill-definition';
import { jobRecoveryDefinition } from './state-machines/job-recovery-definition';

/* Longer than 300 lines because it wires one Region's orchestration set (key, tables, queues, functions, three machines, event routes); every part is a construct of its own file, and what is left is the wiring between them. */

/** Throttling and transient errors: 2 s, doubling, at most 60 s apart, 6 attempts, full jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { intervalSeconds: 2, maxAttempts: 6, backoffRate: 2, maxDelaySeconds: 60 };

export interface BackupOrchestrationProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  readonly environmentName: string;
  /** SSM path of the environment (`<prefix>/<env>`); functions read below it. */
  readonly parameterRoot: string;
  readonly topic: { readonly arn: string; readonly keyArn: string };
  readonly backupRole: { readonly arn: string };
  readonly restoreRole: { readonly arn: string };
  /** Names of this environment's vaults in the region. */
  readonly vaultNames: readonly string[];
  /** Rules an on-demand backup may follow in this region; none = no orchestrator here. */
  readonly onDemandRules: readonly OnDemandRule[];
  /** One of onDemandRules' keys, when there are any. */
  readonly defaultOnDemandRuleKey?: string;
  /** Tags recovery points of this environment get (on-demand backups carry them from the start). */
  readonly recoveryPointTags: Readonly<Record<string, string>>;
  /** IDs (tokens) of this environment's plans in the region; none = no job recovery and no tagging here. */
  readonly planIds: readonly string[];
  readonly recovery: { readonly enabled: boolean; readonly maxAttempts: number; readonly initialBackoffSeconds: number };
  readonly drills: readonly DrillModel[];
  readonly restoreTesting: readonly RestoreTestingPlanModel[];
  readonly callbackTimeoutSeconds: number;
  /** How long a job may run before a machine reports it timed out (waits are repeated until then). @default DEFAULT_MAX_JOB_DURATION_SECONDS (7 days) */
  readonly maxJobDurationSeconds?: number;
  readonly auditRetentionDays: number;
  readonly logRetentionDays: number;
  readonly functionCode: (name: OrchestrationFunctionName) => FunctionCode;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
}

/**
 * The event-driven automation of one environment in one region: encrypted tables (task tokens, audit,
 * idempotency), the six functions, the backup orchestrator, job recovery and DR drill state machines, the
 * EventBridge routes that feed them, drill schedules, native restore testing, dead-letter queues and alarms.
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

  constructor(scope: Construct, id: string, props: BackupOrchestrationProps) {
    super(scope, id);
    const { provider, location, environmentName: env } = props;
    const { region, partition, accountId } = location;
    const arn = (service: string, resource: string) => regionalArn(location, service, resource);
    const names = {
      orchestrator: stateMachineName(env, 'backup-orchestrator'),
      recovery: stateMachineName(env, 'job-recovery'),
      drill: stateMachineName(env, 'dr-drill'),
    };
    const ruleNamePrefix = `${env}-backup-`;
    const hasOrchestrator = props.onDemandRules.length > 0;
    const hasRecovery = props.recovery.enabled && props.planIds.length > 0;

    this.key = new OrchestrationKey(this, 'key', { provider, location, aliasName: `${env}-backup-orchestration` });
    const kmsKeyArn = this.key.key.arn;
    this.taskTokenTable = new EncryptedTable(this, 'task-tokens', {
      provider, tableName: orchestrationTableName(env, 'task-tokens'), partitionKey: 'jobId', ttlAttribute: 'expiresAt', kmsKeyArn,
    });
    this.auditTable = new EncryptedTable(this, 'audit', {
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
    this.idempotencyTable = new EncryptedTable(this, 'idempotency', {
      provider, tableName: orchestrationTableName(env, 'idempotency'), partitionKey: 'id', ttlAttribute: 'expiration', kmsKeyArn,
    });
    this.eventsDeadLetterQueue = new DeadLetterQueue(this, 'events-dlq', {
      provider, location, queueName: `${env}-backup-events-dlq`, kmsKeyArn, alarmTopicArn: props.topic.arn, eventRuleNamePrefix: ruleNamePrefix,
    });
    this.functionsDeadLetterQueue = new DeadLetterQueue(this, 'functions-dlq', {
      provider, location, queueName: `${env}-backup-functions-dlq`, kmsKeyArn, alarmTopicArn: props.topic.arn,
    });

    this.functions = new OrchestrationFunctions(this, 'functions', {
      provider,
      location,
      environmentName: env,
      parameterRoot: props.parameterRoot,
      code: props.functionCode,
      tables: { taskTokenArn: this.taskTokenTable.table.arn, auditArn: this.auditTable.table.arn, idempotencyArn: this.idempotencyTable.table.arn },
      kmsKeyArn,
      deadLetterQueueArn: this.functionsDeadLetterQueue.queue.arn,
      logRetentionDays: props.logRetentionDays,
      recoveryPointTagKeys: Object.keys(props.recoveryPointTags),
    });

    const resources: OrchestrationResources = {
      partition,
      taskTokenTableName: this.taskTokenTable.table.name,
      auditTableName: this.auditTable.table.name,
      topicArn: props.topic.arn,
      callbackTimeoutSeconds: props.callbackTimeoutSeconds,
      maxJobDurationSeconds: props.maxJobDurationSeconds,
      auditRetentionDays: props.auditRetentionDays,
      retry: props.retry ?? DEFAULT_RETRY_POLICY,
    };
    const vaultArns = props.vaultNames.map((v) => vaultArnOf(location, v));
    const recoveryPoints = recoveryPointArnPatterns(partition, region, accountId);
    const fn = (name: OrchestrationFunctionName) => this.functions.get(name).function.arn;
    /** Where each action a definition may call acts; the state machine construct takes only what its states call. */
    const grantTable: Record<string, ActionGrant> = {
      'backup:StartBackupJob': { resources: vaultArns },
      'backup:StartCopyJob': { resources: recoveryPoints },
      'backup:StartRestoreJob': { resources: recoveryPoints },
      'backup:GetBackupPlan': { resources: [arn('backup', 'backup-plan:*')] },
      'backup:GetRecoveryPointRestoreMetadata': { resources: recoveryPoints },
      // Describe*Job, ListRecoveryPointsByResource and PutRestoreValidationResult have no resource-level permission.
      'backup:DescribeBackupJob': { resources: ['*'] },
      'backup:DescribeCopyJob': { resources: ['*'] },
      'backup:DescribeRestoreJob': { resources: ['*'] },
      'backup:ListRecoveryPointsByResource': { resources: ['*'] },
      'backup:PutRestoreValidationResult': { resources: ['*'] },
      'dynamodb:PutItem': { resources: [this.taskTokenTable.table.arn, this.auditTable.table.arn] },
      'sns:Publish': { resources: [props.topic.arn] },
      'lambda:InvokeFunction': {
        resources: (['restore-planner', 'restore-validator', 'restore-cleanup'] as const).flatMap((n) => [fn(n), `${fn(n)}:*`]),
      },
    };
    const grantsFor = (definition: { States: Record<string, unknown> }) =>
      Object.fromEntries(definitionActions(definition as never).map((action) => {
        const grant = grantTable[action];
        if (!grant) throw new Error(`BackupOrchestration: no grant known for ${action}; add where it may act to the grant table`);
        return [action, grant];
      }));
    const passRole = (roleArn: string): PolicyStatement => ({
      Sid: 'PassServiceRoleToBackup',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: roleArn,
      Condition: { StringEquals: { 'iam:PassedToService': servicePrincipal('backup') } },
    });
    const supporting: PolicyStatement[] = [
      {
        Sid: 'UseTableKeyThroughDynamoDb',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: kmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('dynamodb', region) } },
      },
      {
        Sid: 'PublishToEncryptedTopic',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: props.topic.keyArn,
        Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('sns', region) } },
      },
    ];
    const machine = (id: string, name: string, roleSuffix: string, definition: { States: Record<string, unknown> }, extra: PolicyStatement[]) =>
      new OrchestrationStateMachine(this, id, {
        provider,
        location,
        stateMachineName: name,
        roleName: `${env}-${roleSuffix}-${region}`,
        definition,
        grants: grantsFor(definition),
        supportingStatements: [...supporting, ...extra],
        logRetentionDays: props.logRetentionDays,
        kmsKeyArn,
        alarmTopicArn: props.topic.arn,
      });

    if (hasOrchestrator) {
      const definition = backupOrchestratorDefinition({
        ...resources,
        backupRoleArn: props.backupRole.arn,
        rules: props.onDemandRules,
        defaultRuleKey: props.defaultOnDemandRuleKey ?? props.onDemandRules[0].key,
        recoveryPointTags: props.recoveryPointTags,
      });
      this.orchestrator = machine('orchestrator', names.orchestrator, 'orchestrator', definition as never, [passRole(props.backupRole.arn)]);
    }
    if (hasRecovery) {
      const definition = jobRecoveryDefinition({
        ...resources,
        backupRoleArn: props.backupRole.arn,
        maxAttempts: props.recovery.maxAttempts,
        initialBackoffSeconds: props.recovery.initialBackoffSeconds,
        recoveryPointTags: props.recoveryPointTags,
      });
      this.jobRecovery = machine('job-recovery', names.recovery, 'recovery', definition as never, [passRole(props.backupRole.arn)]);
    }
    const drillDefinition = drDrillDefinition({
      ...resources,
      restoreRoleArn: props.restoreRole.arn,
      restorePlannerFunctionArn: fn('restore-planner'),
      restoreValidatorFunctionArn: fn('restore-validator'),
      restoreCleanupFunctionArn: fn('restore-cleanup'),
    });
    this.drDrill = machine('dr-drill', names.drill, 'drill', drillDefinition as never, [passRole(props.restoreRole.arn)]);

    const deadLetterQueueArn = this.eventsDeadLetterQueue.queue.arn;
    const route = (suffix: string, description: string, eventPattern: Record<string, unknown>, name: OrchestrationFunctionName) => {
      const target = this.functions.get(name).function;
      this.routes.push(new EventRoute(this, `route-${suffix}`, {
        provider,
        ruleName: `${ruleNamePrefix}${suffix}`,
        description,
        eventPattern,
        target: { kind: 'function', functionName: target.functionName, functionArn: target.arn },
        deadLetterQueueArn,
      }));
    };
    route('job-callback', 'Terminal backup, copy and restore jobs release waiting state machines', terminalJobPattern(), 'job-callback');
    route('audit', 'Every backup, copy and restore job change goes into the audit table', allJobChangesPattern(), 'audit-recorder');
    if (props.planIds.length > 0) {
      route('tag-recovery-points', 'New recovery points of this environment plans get the environment tags', completedRecoveryPointPattern(props.planIds), 'recovery-point-tagger');
    }
    // This Region's restore testing plans first: the validator's rule names them (and the types it checks) so it
    // answers only this environment's restore tests.
    for (const plan of props.restoreTesting.filter((p) => p.region === region)) {
      this.restoreTestingPlans.push(new RestoreTestingPlan(this, `restore-testing-${plan.name}`, { provider, plan, restoreRoleArn: props.restoreRole.arn }));
    }
    const testedTypes = [...new Set(props.restoreTesting.filter((p) => p.region === region).flatMap((p) => p.selections.map((s) => s.resourceType)))]
      .filter((type) => (VALIDATED_RESOURCE_TYPES as readonly string[]).includes(type));
    if (this.restoreTestingPlans.length > 0 && testedTypes.length > 0) {
      route('restore-testing', 'Restore testing jobs of this environment plans are validated and reported',
        restoreTestingCompletedPattern(this.restoreTestingPlans.map((p) => p.plan.arn), testedTypes), 'restore-validator');
    }

    if (this.jobRecovery) {
      const ruleName = `${ruleNamePrefix}job-recovery`;
      const eventsRole = new ServiceRole(this, 'events-role', {
        provider,
        roleName: `${env}-events-${region}`,
        description: 'EventBridge starts the job recovery state machine (managed by cdktf-aws-backup)',
        servicePrincipal: servicePrincipal('events'),
        trustConditions: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': arn('events', `rule/${ruleName}`) },
        },
        statements: [{ Sid: 'StartJobRecovery', Effect: 'Allow', Action: 'states:StartExecution', Resource: this.jobRecovery.stateMachine.arn }],
      });
      this.routes.push(new EventRoute(this, 'route-job-recovery', {
        provider,
        ruleName,
        description: 'Failed backup and copy jobs of this environment plans are re-attempted',
        eventPattern: failedPlanJobPattern(props.planIds),
        target: { kind: 'state-machine', stateMachineArn: this.jobRecovery.stateMachine.arn, roleArn: eventsRole.role.arn },
        deadLetterQueueArn,
      }));
    }

    const drills = props.drills.filter((d) => d.region === region);
    if (drills.length > 0) {
      // EventBridge Scheduler sends the schedule GROUP's ARN as aws:SourceArn when it assumes the role (never the
      // schedule's): the drills get a group of their own so the trust names exactly them (SOURCES.schedulerConfusedDeputy).
      const scheduleGroup = new SchedulerScheduleGroup(this, 'drill-schedule-group', { provider, name: drillScheduleGroupName(env) });
      this.drillScheduleGroup = scheduleGroup;
      const schedulerRole = new ServiceRole(this, 'scheduler-role', {
        provider,
        roleName: `${env}-scheduler-${region}`,
        description: 'EventBridge Scheduler starts DR drills (managed by cdktf-aws-backup)',
        servicePrincipal: servicePrincipal('scheduler'),
        trustConditions: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnEquals: { 'aws:SourceArn': arn('scheduler', `schedule-group/${drillScheduleGroupName(env)}`) },
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
    }
  }
}
