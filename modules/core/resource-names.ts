import { regionalArn, type AwsLocation } from './aws-partition';

/*
 * Names and ARNs of the resources an environment's stack creates, as pure functions of the configuration. The
 * constructs name their resources with these, and the Backstage catalog (tools/lib/catalog/) describes the same
 * resources without building a stack: one definition each, so the catalog cannot drift from what is deployed.
 * ARNs are built from the environment's partition, region and account (never assumed), like every other ARN here.
 */

/** The notification topic of one region (the same name in every region of the environment). */
export function notificationTopicName(environmentName: string): string {
  return `${environmentName}-backup-notifications`;
}

/** The state machines of an orchestration region, by what they do. */
export type StateMachineKind = 'backup-orchestrator' | 'job-recovery' | 'dr-drill';

export function stateMachineName(environmentName: string, kind: StateMachineKind): string {
  return `${environmentName}-${kind}`;
}

/**
 * The EventBridge Scheduler schedule group of an environment's drills in a region. Scheduler puts the group's ARN (not
 * the schedule's) in aws:SourceArn when it assumes the target role, so a group of our own is what lets the role's trust
 * name exactly this environment's schedules (config/aws-facts/service-principals.ts).
 */
export function drillScheduleGroupName(environmentName: string): string {
  return `${environmentName}-dr-drills`;
}

/** A drill's schedule (in the drill schedule group). */
export function drillScheduleName(environmentName: string, drillName: string): string {
  return `${environmentName}-drill-${drillName}`;
}

/** The DynamoDB tables of an orchestration region, by what they hold. */
export type OrchestrationTableKind = 'task-tokens' | 'audit' | 'idempotency';

export function orchestrationTableName(environmentName: string, kind: OrchestrationTableKind): string {
  return `${environmentName}-backup-${kind}`;
}

/** A Lambda function of the environment, by its folder in lambda-src (e.g. `job-callback`, `execution-status`). */
export function lambdaFunctionName(environmentName: string, functionFolder: string): string {
  return `${environmentName}-${functionFolder}`;
}

/** The start endpoint's HTTP API (also the stem of its access log group). */
export function startApiName(environmentName: string): string {
  return `${environmentName}-backup-start`;
}

/** Alias (without `alias/`) of the key the project creates for a vault in each of its regions. */
export function vaultKeyAliasName(environmentName: string, vaultName: string): string {
  return `${environmentName}-backup-${vaultName}`;
}

export function vaultArnOf(location: AwsLocation, vaultName: string): string {
  return regionalArn(location, 'backup', `backup-vault:${vaultName}`);
}

export function stateMachineArnOf(location: AwsLocation, name: string): string {
  return regionalArn(location, 'states', `stateMachine:${name}`);
}

export function tableArnOf(location: AwsLocation, name: string): string {
  return regionalArn(location, 'dynamodb', `table/${name}`);
}

export function topicArnOf(location: AwsLocation, name: string): string {
  return regionalArn(location, 'sns', name);
}

export function functionArnOf(location: AwsLocation, name: string): string {
  return regionalArn(location, 'lambda', `function:${name}`);
}

/** The EventBridge rule alerting on the break-glass role, in every Region of the environment. */
export function breakGlassAlertRuleName(environmentName: string): string {
  return `${environmentName}-break-glass-alert`;
}

export function eventRuleArnOf(location: AwsLocation, name: string): string {
  return regionalArn(location, 'events', `rule/${name}`);
}
