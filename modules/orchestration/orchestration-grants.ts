import { recoveryPointArnPatterns, regionalArn, serviceEndpoint, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import type { PolicyStatement } from '../iam/policy-document';
import { vaultArnOf } from '../core/resource-names';
import type { ActionGrant } from './orchestration-state-machine';
import { definitionActions } from './state-machines/definition-actions';

/*
 * What the orchestration state machines' roles may do: where each action a definition may call acts, and the
 * statements a definition cannot show (KMS use behind DynamoDB and SNS, iam:PassRole).
 */

/** The resources the grants name. */
export interface OrchestrationGrantTargets {
  readonly location: AwsLocation;
  /** Names of the environment's vaults in the region (StartBackupJob). */
  readonly vaultNames: readonly string[];
  /** The tables the machines write (task tokens, audit). */
  readonly taskTokenTableArn: string;
  readonly auditTableArn: string;
  readonly topicArn: string;
  /** ARNs of the functions the DR drill invokes. */
  readonly drillFunctionArns: readonly string[];
}

/** Where each action a definition may call acts; the state machine construct takes only what its states call. */
export function orchestrationGrantTable(t: OrchestrationGrantTargets): Record<string, ActionGrant> {
  const { location } = t;
  const recoveryPoints = recoveryPointArnPatterns(location.partition, location.region, location.accountId);
  return {
    'backup:StartBackupJob': { resources: t.vaultNames.map((v) => vaultArnOf(location, v)) },
    'backup:StartCopyJob': { resources: recoveryPoints },
    'backup:StartRestoreJob': { resources: recoveryPoints },
    'backup:GetBackupPlan': { resources: [regionalArn(location, 'backup', 'backup-plan:*')] },
    'backup:GetRecoveryPointRestoreMetadata': { resources: recoveryPoints },
    // Describe*Job, ListRecoveryPointsByResource and PutRestoreValidationResult have no resource-level permission.
    'backup:DescribeBackupJob': { resources: ['*'] },
    'backup:DescribeCopyJob': { resources: ['*'] },
    'backup:DescribeRestoreJob': { resources: ['*'] },
    'backup:ListRecoveryPointsByResource': { resources: ['*'] },
    'backup:PutRestoreValidationResult': { resources: ['*'] },
    'dynamodb:PutItem': { resources: [t.taskTokenTableArn, t.auditTableArn] },
    'sns:Publish': { resources: [t.topicArn] },
    'lambda:InvokeFunction': { resources: t.drillFunctionArns.flatMap((fn) => [fn, `${fn}:*`]) },
  };
}

/** The grants of the actions `definition` calls, from `table`; an action the table does not know is an error. */
export function grantsFor(definition: { States: Record<string, unknown> }, table: Readonly<Record<string, ActionGrant>>): Record<string, ActionGrant> {
  return Object.fromEntries(definitionActions(definition as never).map((action) => {
    const grant = table[action];
    if (!grant) throw new Error(`BackupOrchestration: no grant known for ${action}; add where it may act to the grant table`);
    return [action, grant];
  }));
}

/** Lets a machine hand `roleArn` to AWS Backup (the role of the jobs it starts). */
export function passRoleToBackup(roleArn: string): PolicyStatement {
  return {
    Sid: 'PassServiceRoleToBackup',
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: roleArn,
    Condition: { StringEquals: { 'iam:PassedToService': servicePrincipal('backup') } },
  };
}

/** The KMS use every machine needs behind DynamoDB (the tables' key) and SNS (the topic's key). */
export function keyUseStatements(region: string, tableKeyArn: string, topicKeyArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'UseTableKeyThroughDynamoDb',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: tableKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('dynamodb', region) } },
    },
    {
      Sid: 'PublishToEncryptedTopic',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: topicKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('sns', region) } },
    },
  ];
}
