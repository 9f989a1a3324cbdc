import { SOURCES, type Source } from './sources';

/*
 * Which confused-deputy keys (aws:SourceAccount, aws:SourceArn) an AWS service puts in the request context when it
 * calls another service for us, per call, as AWS documents it. A condition on a key the service does not send is
 * false, so a statement conditioned on it denies the service every time: the delivery, the assumption or the
 * encryption silently fails. Policies therefore condition a service principal only on keys listed here, and must
 * use the keys listed here where AWS documents them (rule SEC-TRUST-SOURCE-KEYS checks every synthesized policy).
 */

/** What the service calls: assume a role, publish, send, invoke, or use a KMS key on behalf of its resource. */
export type ServiceCall = 'sts:AssumeRole' | 'sns:Publish' | 'sqs:SendMessage' | 'lambda:InvokeFunction' | 'kms';

export interface ServiceRequestContext {
  /** Service name of the principal (`<service>.amazonaws.com`). */
  readonly service: string;
  readonly call: ServiceCall;
  /** Keys AWS documents for this call; empty when AWS documents none (no condition may use them). */
  readonly sends: readonly ('aws:SourceAccount' | 'aws:SourceArn')[];
  /** What aws:SourceArn holds when sent. */
  readonly sourceArnIs?: string;
  /**
   * The shape of that ARN, as AWS documents it (`<partition>`, `<region>`, `<account>` and `<name>` stand for values):
   * a condition pinning aws:SourceArn to an ARN of another shape (a schedule instead of its group...) denies every call.
   */
  readonly sourceArnShape?: string;
  /** When it sends none: what keeps another account from using the trust instead (the guard the policy relies on). */
  readonly guard?: string;
  readonly source: Source;
}

const PASS_ROLE_GUARD = 'another account cannot make the service use the role: naming a role for it needs iam:PassRole on the role, which IAM grants only within this account';

export const SERVICE_REQUEST_CONTEXTS: readonly ServiceRequestContext[] = [
  { service: 'backup', call: 'sts:AssumeRole', sends: [], guard: PASS_ROLE_GUARD, source: SOURCES.backupRoleTrust },
  { service: 'backup', call: 'sns:Publish', sends: ['aws:SourceAccount', 'aws:SourceArn'], sourceArnIs: 'the backup vault whose event is published', sourceArnShape: 'arn:<partition>:backup:<region>:<account>:backup-vault:<name>', source: SOURCES.backupConfusedDeputy },
  { service: 'backup', call: 'kms', sends: [], source: SOURCES.snsEncryptedTopics },
  { service: 'cloudwatch', call: 'sns:Publish', sends: ['aws:SourceAccount', 'aws:SourceArn'], sourceArnIs: 'the alarm', sourceArnShape: 'arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>', source: SOURCES.cloudWatchAlarmGrants },
  { service: 'cloudwatch', call: 'kms', sends: ['aws:SourceAccount', 'aws:SourceArn'], sourceArnIs: 'the alarm', sourceArnShape: 'arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>', source: SOURCES.cloudWatchAlarmGrants },
  { service: 'events', call: 'sqs:SendMessage', sends: ['aws:SourceArn'], sourceArnIs: 'the rule', sourceArnShape: 'arn:<partition>:events:<region>:<account>:rule/<name>', source: SOURCES.eventBridgeDeadLetterQueue },
  { service: 'events', call: 'sns:Publish', sends: ['aws:SourceArn'], sourceArnIs: 'the rule', sourceArnShape: 'arn:<partition>:events:<region>:<account>:rule/<name>', source: SOURCES.eventBridgeConfusedDeputy },
  { service: 'events', call: 'kms', sends: [], source: SOURCES.eventBridgeEncryptedTargets },
  { service: 'events', call: 'lambda:InvokeFunction', sends: ['aws:SourceArn'], sourceArnIs: 'the rule', sourceArnShape: 'arn:<partition>:events:<region>:<account>:rule/<name>', source: SOURCES.eventBridgeConfusedDeputy },
  { service: 'events', call: 'sts:AssumeRole', sends: ['aws:SourceAccount', 'aws:SourceArn'], sourceArnIs: 'the rule', sourceArnShape: 'arn:<partition>:events:<region>:<account>:rule/<name>', source: SOURCES.eventBridgeConfusedDeputy },
  { service: 'scheduler', call: 'sts:AssumeRole', sends: ['aws:SourceAccount', 'aws:SourceArn'], sourceArnIs: 'the schedule group (not a schedule)', sourceArnShape: 'arn:<partition>:scheduler:<region>:<account>:schedule-group/<name>', source: SOURCES.schedulerConfusedDeputy },
  { service: 'states', call: 'sts:AssumeRole', sends: ['aws:SourceAccount', 'aws:SourceArn'], sourceArnIs: 'the state machine', sourceArnShape: 'arn:<partition>:states:<region>:<account>:stateMachine:<name>', source: SOURCES.stepFunctionsConfusedDeputy },
  { service: 'lambda', call: 'sts:AssumeRole', sends: ['aws:SourceAccount'], source: SOURCES.lambdaExecutionRole },
  { service: 'apigateway', call: 'sts:AssumeRole', sends: [], guard: PASS_ROLE_GUARD, source: SOURCES.apiGatewayCredentialsRole },
];

/** The service of a principal: `backup` for `backup.amazonaws.com`, `logs` for `logs.eu-west-1.amazonaws.com`. */
export function serviceOfPrincipal(principal: string): string {
  return principal.split('.')[0].toLowerCase();
}

/** What AWS documents a service sends for a call, or undefined when the ledger does not know the pair. */
export function requestContextOf(principal: string, call: ServiceCall): ServiceRequestContext | undefined {
  const service = serviceOfPrincipal(principal);
  return SERVICE_REQUEST_CONTEXTS.find((c) => c.service === service && c.call === call);
}

/** Whether an ARN (or ArnLike pattern) has the shape AWS sends as aws:SourceArn for the call; true when the ledger records none. */
export function hasSourceArnShape(context: ServiceRequestContext, arnOrPattern: string): boolean {
  if (!context.sourceArnShape) return true;
  const shape = context.sourceArnShape.split(':');
  const resourcePrefix = `${shape[2]}:${shape.slice(5).join(':').replace(/<name>$/, '')}`;
  const parts = arnOrPattern.split(':');
  // The service is the third field, the resource the sixth on.
  return `${parts[2]}:${parts.slice(5).join(':')}`.startsWith(resourcePrefix);
}
