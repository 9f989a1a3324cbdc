import { BACKUP_SERVICE_LINKED_ROLE, serviceLinkedRoleArn } from '../../config/aws-facts';
import type { HumanRoleKind } from '../../config/model';
import { recoveryPointArnPatterns, regionalArn, serviceEndpoint } from '../core/aws-partition';
import { PROTECTED_RECOVERY_POINT_ACTIONS } from '../backup/backup-vault';
import type { PolicyStatement } from '../iam/policy-document';

/** What one orchestration region offers the people who operate and audit it. */
export interface OrchestrationAccess {
  readonly region: string;
  /** State machines a human may start: the orchestrator (when the region has one) and the drill. */
  readonly startableMachineArns: readonly string[];
  /** Every state machine of the region, whose executions may be read. */
  readonly machineArns: readonly string[];
  readonly auditTableArn: string;
  /** Key of the audit table (used only through DynamoDB). */
  readonly keyArn: string;
}

/** The backup estate of one environment, as the operator, auditor and break-glass roles see it. */
export interface EstateAccess {
  readonly partition: string;
  readonly accountId: string;
  /** Every region of the environment (vaults, plans and parameters live in each). */
  readonly regions: readonly string[];
  /** SSM path root the project publishes under, e.g. /backup-estate/prod. */
  readonly parameterRoot: string;
  readonly orchestration: readonly OrchestrationAccess[];
}

const executionsOf = (machineArn: string) => `${machineArn.replace(':stateMachine:', ':execution:')}:*`;

/** Jobs carry no resource type in IAM: only "*" names them. */
const READ_JOBS: PolicyStatement = {
  Sid: 'ReadBackupCopyAndRestoreJobs',
  Effect: 'Allow',
  Action: ['backup:DescribeBackupJob', 'backup:DescribeCopyJob', 'backup:DescribeRestoreJob', 'backup:ListBackupJobs', 'backup:ListCopyJobs', 'backup:ListRestoreJobs'],
  Resource: '*',
};

function readStatements(estate: EstateAccess): PolicyStatement[] {
  const { partition, accountId } = estate;
  const statements: PolicyStatement[] = [
    READ_JOBS,
    {
      Sid: 'ReadPublishedParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      Resource: estate.regions.flatMap((region) => {
        const location = { partition, region, accountId };
        return [regionalArn(location, 'ssm', `parameter${estate.parameterRoot}`), regionalArn(location, 'ssm', `parameter${estate.parameterRoot}/*`)];
      }),
    },
  ];
  if (estate.orchestration.length > 0) {
    statements.push(
      {
        Sid: 'ReadOrchestrationExecutions',
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:GetExecutionHistory'],
        Resource: estate.orchestration.flatMap((o) => o.machineArns.map(executionsOf)),
      },
      {
        Sid: 'ListOrchestrationExecutions',
        Effect: 'Allow',
        Action: ['states:DescribeStateMachine', 'states:ListExecutions'],
        Resource: estate.orchestration.flatMap((o) => o.machineArns),
      },
      {
        Sid: 'ReadAuditTable',
        Effect: 'Allow',
        Action: ['dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:Query'],
        Resource: estate.orchestration.flatMap((o) => [o.auditTableArn, `${o.auditTableArn}/index/*`]),
      },
      {
        Sid: 'DecryptAuditTableThroughDynamoDb',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey'],
        Resource: estate.orchestration.map((o) => o.keyArn),
        Condition: { StringEquals: { 'kms:ViaService': estate.orchestration.map((o) => serviceEndpoint('dynamodb', o.region)) } },
      },
    );
  }
  return statements;
}

function vaultReadStatements(estate: EstateAccess): PolicyStatement[] {
  const { partition, accountId } = estate;
  const inEachRegion = (resource: string) => estate.regions.map((region) => regionalArn({ partition, region, accountId }, 'backup', resource));
  return [
    {
      Sid: 'ListVaultsPlansAndProtectedResources',
      Effect: 'Allow',
      Action: ['backup:ListBackupPlans', 'backup:ListBackupVaults', 'backup:ListProtectedResources'],
      Resource: '*',
    },
    {
      Sid: 'ReadVaults',
      Effect: 'Allow',
      Action: ['backup:DescribeBackupVault', 'backup:GetBackupVaultAccessPolicy', 'backup:GetBackupVaultNotifications', 'backup:ListRecoveryPointsByBackupVault'],
      Resource: inEachRegion('backup-vault:*'),
    },
    {
      Sid: 'ReadPlansAndSelections',
      Effect: 'Allow',
      Action: ['backup:GetBackupPlan', 'backup:GetBackupSelection', 'backup:ListBackupSelections'],
      Resource: inEachRegion('backup-plan:*'),
    },
    {
      Sid: 'ReadRecoveryPoints',
      Effect: 'Allow',
      Action: ['backup:DescribeRecoveryPoint'],
      Resource: estate.regions.flatMap((region) => recoveryPointArnPatterns(partition, region, accountId)),
    },
  ];
}

/**
 * What each human role may do, and nothing more:
 * - operator: start the orchestrator and drills, read executions, jobs and the audit table;
 * - auditor: read-only: jobs, vaults, plans, recovery points, executions, the audit table;
 * - break-glass: the auditor's reads plus deleting or shortening recovery points, which the vault policies
 *   refuse to every other principal. None of them may change vault policies, locks or keys.
 */
export function humanRoleStatements(kind: HumanRoleKind, estate: EstateAccess): PolicyStatement[] {
  const reads = readStatements(estate);
  switch (kind) {
    case 'operator': {
      const startable = estate.orchestration.flatMap((o) => o.startableMachineArns);
      return startable.length === 0
        ? reads
        : [...reads, { Sid: 'StartBackupsAndDrills', Effect: 'Allow', Action: ['states:StartExecution'], Resource: startable }];
    }
    case 'auditor':
      return [...reads, ...vaultReadStatements(estate)];
    case 'break-glass':
      return [
        ...reads,
        ...vaultReadStatements(estate),
        {
          Sid: 'DeleteOrShortenRecoveryPoints',
          Effect: 'Allow',
          Action: PROTECTED_RECOVERY_POINT_ACTIONS,
          Resource: estate.regions.flatMap((region) => recoveryPointArnPatterns(estate.partition, region, estate.accountId)),
        },
        {
          // Without AWS Backup's service-linked role a deletion answers 200 and leaves the point EXPIRED (ledger).
          Sid: 'CreateBackupServiceLinkedRole',
          Effect: 'Allow',
          Action: ['iam:CreateServiceLinkedRole'],
          Resource: [serviceLinkedRoleArn(BACKUP_SERVICE_LINKED_ROLE, estate.partition, estate.accountId)],
          Condition: { StringEquals: { 'iam:AWSServiceName': BACKUP_SERVICE_LINKED_ROLE.serviceName } },
        },
      ];
  }
}
