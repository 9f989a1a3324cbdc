import type { EnvironmentModel } from '../config/model';
import { concreteResource, satisfyingContext, StackIam, type Decision, type PolicyDocument } from './support/iam-simulation';
import { exampleModel, exampleModels, synthEnvironment } from './support/synth';

/*
 * Who may do what, proven by simulation: the synthesized policies of the examples (identity policies, AWS-managed
 * policies, permissions boundaries, vault access policies, key policies, trust policies) evaluated with
 * @cloud-copilot/iam-simulate. Two parts:
 * - a hand-written matrix per role of (action, resource, context) cases that must be allowed or denied;
 * - every grant of every role, asked for as intended, must be allowed: a boundary or key policy that silently
 *   cuts a grant fails here.
 * The simulator does not evaluate OIDC token claims; those trust conditions are asserted structurally below.
 */

jest.setTimeout(240_000);

const prod = exampleModel('prod');
const iam = new StackIam(prod, synthEnvironment(prod));
const P = prod.partition;
const ACCOUNT = prod.accountId;
const CENTRAL = exampleModel('backup-central').accountId;
const REGION = prod.primaryRegion;
const arn = (service: string, resource: string, region = REGION, account = ACCOUNT) => `arn:${P}:${service}:${region}:${account}:${resource}`;
const known = iam.knownArns;
const knownArn = (fragment: string) => {
  const found = known.find((a) => a.includes(fragment));
  if (!found) throw new Error(`no resource of the stack matches ${fragment}`);
  return found;
};

const VAULT = arn('backup', 'backup-vault:prod-primary');
const VAULT_POLICY = iam.vaultPolicy(REGION, 'prod-primary');
const RECOVERY_POINT = arn('backup', 'recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45');
const RDS_RECOVERY_POINT = arn('rds', 'snapshot:awsbackup:job-1234');
const ORCHESTRATOR = arn('states', 'stateMachine:prod-backup-orchestrator');
const DRILL = arn('states', 'stateMachine:prod-dr-drill');
const RECOVERY = arn('states', 'stateMachine:prod-job-recovery');
const AUDIT_TABLE = knownArn('table/prod-backup-audit');
const TOKEN_TABLE = knownArn('table/prod-backup-task-tokens');
/** A key of the primary region, told apart by what its key policy is for. */
const keyWhosePolicyHas = (sid: string) => {
  const key = known.filter((a) => a.includes(`:kms:${REGION}:`)).find((k) => JSON.stringify(iam.resourcePolicyOf('kms:Decrypt', k)).includes(sid));
  if (!key) throw new Error(`no key whose policy has ${sid}`);
  return key;
};
const ORCHESTRATION_KEY = keyWhosePolicyHas('AccountUsesKeyThroughDataServices');
const VAULT_KEY = keyWhosePolicyHas('AccountUsesKeyThroughBackup');
const BACKUP_ROLE = `arn:${P}:iam::${ACCOUNT}:role/prod-backup-service`;
const RESTORE_ROLE = `arn:${P}:iam::${ACCOUNT}:role/prod-backup-restore`;
const DEPLOYMENT_ROLE = prod.deployment.roleArn;
const STATE = `arn:${P}:s3:::${prod.state.bucket}/${prod.state.key}`;
const viaService = (service: string) => ({ 'kms:ViaService': `${service}.${REGION}.amazonaws.com` });

type Expected = 'Allowed' | 'Denied';
interface Case {
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string | string[]>;
  readonly resourcePolicy?: PolicyDocument;
  readonly expected: Expected;
  readonly why: string;
}

const allow = (role: string, action: string, resource: string, why: string, extra: Partial<Case> = {}): Case => ({ role, action, resource, expected: 'Allowed', why, ...extra });
const deny = (role: string, action: string, resource: string, why: string, extra: Partial<Case> = {}): Case => ({ role, action, resource, expected: 'Denied', why, ...extra });
const withVaultPolicy = { resourcePolicy: VAULT_POLICY };
const VAULT_PROTECTION = ['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:PutBackupVaultLockConfiguration', 'backup:DeleteBackupVaultLockConfiguration', 'backup:DeleteBackupVault'];
const KEY_PROTECTION = ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey'];

const ORCHESTRATOR_ROLE = `prod-orchestrator-${REGION}`;
const BACKUP_SLR = `arn:${P}:iam::${ACCOUNT}:role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup`;
const MATRIX: readonly Case[] = [
  // The orchestrator: backups into this environment's vaults, nothing destructive, no other account, no other role.
  allow(ORCHESTRATOR_ROLE, 'backup:StartBackupJob', VAULT, 'on-demand backups into the environment vault'),
  allow(ORCHESTRATOR_ROLE, 'backup:StartCopyJob', RECOVERY_POINT, 'copies of its recovery points'),
  allow(ORCHESTRATOR_ROLE, 'iam:PassRole', BACKUP_ROLE, 'hands the backup role to AWS Backup', { context: { 'iam:PassedToService': 'backup.amazonaws.com' } }),
  allow(ORCHESTRATOR_ROLE, 'dynamodb:PutItem', TOKEN_TABLE, 'parks the task token'),
  deny(ORCHESTRATOR_ROLE, 'backup:DeleteRecoveryPoint', RECOVERY_POINT, 'never deletes a recovery point', withVaultPolicy),
  deny(ORCHESTRATOR_ROLE, 'backup:UpdateRecoveryPointLifecycle', RECOVERY_POINT, 'never shortens retention', withVaultPolicy),
  deny(ORCHESTRATOR_ROLE, 'backup:StartBackupJob', arn('backup', 'backup-vault:central', REGION, CENTRAL), 'not into the central account vault'),
  deny(ORCHESTRATOR_ROLE, 'backup:StartBackupJob', arn('backup', 'backup-vault:prod-primary', REGION, CENTRAL), 'not into a same-named vault of another account'),
  deny(ORCHESTRATOR_ROLE, 'backup:StartBackupJob', arn('backup', 'backup-vault:staging'), 'not into a vault this environment does not own'),
  deny(ORCHESTRATOR_ROLE, 'backup:StartCopyJob', arn('backup', 'recovery-point:abc', REGION, CENTRAL), 'not copying another account\'s recovery points'),
  deny(ORCHESTRATOR_ROLE, 'iam:PassRole', RESTORE_ROLE, 'not the restore role'),
  deny(ORCHESTRATOR_ROLE, 'iam:PassRole', DEPLOYMENT_ROLE, 'not the deployment role'),
  deny(ORCHESTRATOR_ROLE, 'iam:PassRole', BACKUP_ROLE, 'the backup role only to AWS Backup', { context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }),
  deny(ORCHESTRATOR_ROLE, 'kms:Decrypt', ORCHESTRATION_KEY, 'the table key only through DynamoDB', { context: viaService('s3') }),
  ...VAULT_PROTECTION.map((action) => deny(ORCHESTRATOR_ROLE, action, VAULT, 'vault protection is not its business')),

  // The drill: restores under the restore role, never the backup role.
  allow(`prod-drill-${REGION}`, 'backup:StartRestoreJob', RDS_RECOVERY_POINT, 'restores RDS recovery points'),
  allow(`prod-drill-${REGION}`, 'iam:PassRole', RESTORE_ROLE, 'hands the restore role to AWS Backup', { context: { 'iam:PassedToService': 'backup.amazonaws.com' } }),
  deny(`prod-drill-${REGION}`, 'iam:PassRole', BACKUP_ROLE, 'not the backup role'),
  deny(`prod-drill-${REGION}`, 'backup:DeleteRecoveryPoint', RECOVERY_POINT, 'never deletes what it restored from', withVaultPolicy),

  // Clean-up deletes only what a drill restored.
  allow(`prod-cleanup-${REGION}`, 'dynamodb:DeleteTable', arn('dynamodb', 'table/drill-orders-20261124'), 'a drill-tagged restored table', { context: { 'aws:ResourceTag/backup-drill': 'orders-db-monthly' } }),
  deny(`prod-cleanup-${REGION}`, 'dynamodb:DeleteTable', arn('dynamodb', 'table/drill-orders-20261124'), 'not without the drill tag'),
  deny(`prod-cleanup-${REGION}`, 'dynamodb:DeleteTable', arn('dynamodb', 'table/orders'), 'never the source table, tag or not', { context: { 'aws:ResourceTag/backup-drill': 'x' } }),
  deny(`prod-cleanup-${REGION}`, 'rds:DeleteDBInstance', arn('rds', 'db:orders'), 'never the source database', { context: { 'aws:ResourceTag/backup-drill': 'x' } }),

  // The operator: starts and reads, changes nothing that protects backups.
  allow('prod-backup-operator', 'states:StartExecution', ORCHESTRATOR, 'starts a backup'),
  allow('prod-backup-operator', 'states:StartExecution', DRILL, 'starts a drill'),
  allow('prod-backup-operator', 'states:DescribeExecution', arn('states', 'execution:prod-backup-orchestrator:ticket-42'), 'reads the status'),
  allow('prod-backup-operator', 'dynamodb:Query', `${AUDIT_TABLE}/index/by-resource`, 'reads the audit trail'),
  allow('prod-backup-operator', 'kms:Decrypt', ORCHESTRATION_KEY, 'decrypts the audit table through DynamoDB', { context: viaService('dynamodb') }),
  allow('prod-backup-operator', 'ssm:GetParameter', arn('ssm', 'parameter/backup-estate/prod/orchestration/backup-orchestrator/arn'), 'finds the machines'),
  deny('prod-backup-operator', 'states:StartExecution', RECOVERY, 'job recovery is started by events only'),
  deny('prod-backup-operator', 'states:StopExecution', arn('states', 'execution:prod-backup-orchestrator:ticket-42'), 'cannot stop a running backup'),
  deny('prod-backup-operator', 'backup:StartBackupJob', VAULT, 'backups go through the orchestrator'),
  deny('prod-backup-operator', 'backup:DeleteRecoveryPoint', RECOVERY_POINT, 'no deletion', withVaultPolicy),
  deny('prod-backup-operator', 'dynamodb:PutItem', AUDIT_TABLE, 'the audit trail is read-only to people'),
  deny('prod-backup-operator', 'iam:PassRole', BACKUP_ROLE, 'passes no role'),
  deny('prod-backup-operator', 'kms:Decrypt', VAULT_KEY, 'no direct use of a vault key'),
  ...VAULT_PROTECTION.map((action) => deny('prod-backup-operator', action, VAULT, 'vault policies and locks are not the operator\'s')),
  ...KEY_PROTECTION.map((action) => deny('prod-backup-operator', action, VAULT_KEY, 'keys are not the operator\'s')),

  // The auditor: reads everything, starts and changes nothing.
  allow('prod-backup-auditor', 'backup:ListRecoveryPointsByBackupVault', VAULT, 'lists recovery points'),
  allow('prod-backup-auditor', 'backup:DescribeRecoveryPoint', RECOVERY_POINT, 'reads a recovery point'),
  allow('prod-backup-auditor', 'backup:GetBackupVaultAccessPolicy', VAULT, 'reads the vault policy'),
  allow('prod-backup-auditor', 'backup:ListBackupJobs', '*', 'lists jobs'),
  allow('prod-backup-auditor', 'dynamodb:Query', AUDIT_TABLE, 'reads the audit table'),
  deny('prod-backup-auditor', 'states:StartExecution', ORCHESTRATOR, 'starts nothing'),
  deny('prod-backup-auditor', 'backup:DeleteRecoveryPoint', RECOVERY_POINT, 'deletes nothing', withVaultPolicy),
  deny('prod-backup-auditor', 'dynamodb:PutItem', AUDIT_TABLE, 'writes nothing'),
  ...VAULT_PROTECTION.map((action) => deny('prod-backup-auditor', action, VAULT, 'changes no vault')),

  // Break-glass: the one principal that may delete or shorten recovery points; still no vault or key changes.
  allow('aws-backup-break-glass', 'backup:DeleteRecoveryPoint', RECOVERY_POINT, 'deletes a recovery point past the vault policy', withVaultPolicy),
  allow('aws-backup-break-glass', 'backup:UpdateRecoveryPointLifecycle', RDS_RECOVERY_POINT, 'shortens retention past the vault policy', withVaultPolicy),
  deny('aws-backup-break-glass', 'backup:DeleteRecoveryPoint', arn('backup', 'recovery-point:abc', REGION, CENTRAL), 'not in the central account'),
  deny('aws-backup-break-glass', 'states:StartExecution', ORCHESTRATOR, 'not an operator'),
  // DeleteRecoveryPoint deletes nothing (the point turns EXPIRED) unless the caller may create AWS Backup's service-linked role.
  allow('aws-backup-break-glass', 'iam:CreateServiceLinkedRole', BACKUP_SLR, 'creates AWS Backup\'s service-linked role, which deletions need', { context: { 'iam:AWSServiceName': 'backup.amazonaws.com' } }),
  deny('aws-backup-break-glass', 'iam:CreateServiceLinkedRole', BACKUP_SLR, 'for AWS Backup only', { context: { 'iam:AWSServiceName': 'rds.amazonaws.com' } }),
  deny('aws-backup-break-glass', 'iam:CreateServiceLinkedRole', `arn:${P}:iam::${ACCOUNT}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`, 'no other service-linked role', { context: { 'iam:AWSServiceName': 'rds.amazonaws.com' } }),
  deny('prod-backup-operator', 'iam:CreateServiceLinkedRole', BACKUP_SLR, 'only break-glass deletes', { context: { 'iam:AWSServiceName': 'backup.amazonaws.com' } }),
  ...VAULT_PROTECTION.map((action) => deny('aws-backup-break-glass', action, VAULT, 'recovery points only, not the vault\'s protection')),
  ...KEY_PROTECTION.map((action) => deny('aws-backup-break-glass', action, VAULT_KEY, 'no key changes')),

  // CI: plan reads, deploy only reaches the deployment role and the state.
  allow('prod-backup-ci-plan', 's3:GetObject', STATE, 'reads the state'),
  allow('prod-backup-ci-plan', 'backup:DescribeBackupVault', VAULT, 'refreshes a vault'),
  allow('prod-backup-ci-plan', 'iam:GetRole', BACKUP_ROLE, 'refreshes a role'),
  allow('prod-backup-ci-plan', 'kms:GetKeyPolicy', VAULT_KEY, 'refreshes a key policy'),
  deny('prod-backup-ci-plan', 's3:PutObject', STATE, 'never writes the state'),
  deny('prod-backup-ci-plan', 'sts:AssumeRole', DEPLOYMENT_ROLE, 'cannot become the deployment role'),
  deny('prod-backup-ci-plan', 'dynamodb:GetItem', AUDIT_TABLE, 'reads no data'),
  deny('prod-backup-ci-plan', 'kms:Decrypt', VAULT_KEY, 'decrypts nothing'),
  deny('prod-backup-ci-plan', 'states:StartExecution', ORCHESTRATOR, 'starts nothing'),
  allow('prod-backup-ci-deploy', 'sts:AssumeRole', DEPLOYMENT_ROLE, 'becomes the deployment role'),
  allow('prod-backup-ci-deploy', 's3:PutObject', STATE, 'writes the state'),
  allow('prod-backup-ci-deploy', 'dynamodb:PutItem', arn('dynamodb', `table/${prod.state.lockTable}`, prod.state.region), 'locks the state'),
  deny('prod-backup-ci-deploy', 's3:PutObject', `arn:${P}:s3:::${prod.state.bucket}/aws-backup/staging/terraform.tfstate`, 'not another environment\'s state'),
  deny('prod-backup-ci-deploy', 'iam:CreateRole', `arn:${P}:iam::${ACCOUNT}:role/anything`, 'changes nothing itself'),
  ...VAULT_PROTECTION.map((action) => deny('prod-backup-ci-deploy', action, VAULT, 'changes nothing itself')),

  // AWS Backup's own roles: their vault keys through AWS Backup only.
  allow('prod-backup-service', 'kms:GenerateDataKey', VAULT_KEY, 'encrypts backups with the vault key', { context: viaService('backup') }),
  deny('prod-backup-service', 'kms:Decrypt', ORCHESTRATION_KEY, 'not the orchestration key', { context: viaService('backup') }),
  deny('prod-backup-service', 'backup:DeleteRecoveryPoint', RECOVERY_POINT, 'the vault policy stops it too', withVaultPolicy),
  deny('prod-backup-restore', 'backup:StartBackupJob', VAULT, 'a restore role takes no backups'),

  // The start endpoint's start function: starts exactly the two machines, reads only its catalog and their ARNs.
  allow(`prod-start-exec-${REGION}`, 'states:StartExecution', ORCHESTRATOR, 'starts a backup for the API'),
  allow(`prod-start-exec-${REGION}`, 'states:StartExecution', DRILL, 'starts a drill for the API'),
  deny(`prod-start-exec-${REGION}`, 'states:StartExecution', RECOVERY, 'not job recovery'),
  deny(`prod-start-exec-${REGION}`, 'states:StopExecution', arn('states', 'execution:prod-backup-orchestrator:x'), 'stops nothing'),
  allow(`prod-start-exec-${REGION}`, 'ssm:GetParameter', arn('ssm', 'parameter/backup-estate/prod/start-api/catalog'), 'reads what it may start'),
  deny(`prod-start-exec-${REGION}`, 'ssm:GetParameter', arn('ssm', 'parameter/backup-estate/prod/roles/operator/arn'), 'no other parameter'),
];

async function decisionOf(c: Case): Promise<Decision> {
  return iam.decide({ principal: c.role, action: c.action, resource: c.resource, context: c.context, resourcePolicy: c.resourcePolicy });
}
const denied = (decision: Decision) => decision !== 'Allowed';

describe('IAM simulation matrix of prod (hand-written cases per role)', () => {
  it.each(MATRIX.map((c) => [`${c.role} ${c.expected === 'Allowed' ? 'may' : 'may not'} ${c.action} on ${c.resource.split(':').slice(5).join(':') || c.resource}: ${c.why}`, c] as const))(
    '%s',
    async (_title, c) => {
      const decision = await decisionOf(c);
      expect(c.expected === 'Allowed' ? decision : denied(decision) ? 'Denied' : decision).toBe(c.expected);
    },
  );
});

describe('the vault policy keeps recovery points for the break-glass role alone', () => {
  it('of every role of the stack, only break-glass may delete a recovery point, and an account admin may not either', async () => {
    const allowed: string[] = [];
    for (const role of iam.roles.values()) {
      const decision = await iam.decide({ principal: role.name, action: 'backup:DeleteRecoveryPoint', resource: RECOVERY_POINT, resourcePolicy: VAULT_POLICY });
      if (decision === 'Allowed') allowed.push(role.name);
    }
    expect(allowed).toEqual([prod.breakGlassRoleName]);
    // AND a principal of the account allowed everything on recovery points by its own policy is stopped by the vault
    const admin = { arn: `arn:${P}:iam::${ACCOUNT}:role/Admin`, policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['backup:DeleteRecoveryPoint'], Resource: '*' }] } };
    expect(await iam.decide({ principal: admin, action: 'backup:DeleteRecoveryPoint', resource: RECOVERY_POINT, resourcePolicy: VAULT_POLICY })).toBe('ExplicitlyDenied');
  });
});

describe('identity-aware proxy trust', () => {
  const proxy = prod.access.humanRoles[0].proxies[0];
  const proxyCaller = (roleArn: string) => ({
    arn: roleArn,
    policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'], Resource: '*' }] },
  });
  const assume = (action: string, context: Record<string, string | string[]>, caller = proxy.roleArns[0], role = 'prod-backup-operator') =>
    iam.decide({ principal: proxyCaller(caller), action, resource: iam.role(role).arn, context });

  it.each(['prod-backup-operator', 'prod-backup-auditor', 'aws-backup-break-glass'])('%s: the proxy assumes it with a source identity and the fixed tag keys', async (role) => {
    expect(await assume('sts:AssumeRole', { 'sts:SourceIdentity': 'alice@acme.example' }, proxy.roleArns[0], role)).toBe('Allowed');
    expect(await assume('sts:SetSourceIdentity', { 'sts:SourceIdentity': 'alice@acme.example' }, proxy.roleArns[0], role)).toBe('Allowed');
    expect(await assume('sts:TagSession', { 'aws:TagKeys': ['email', 'team'], 'aws:RequestTag/email': 'alice@acme.example', 'aws:RequestTag/team': 'sre' }, proxy.roleArns[0], role)).toBe('Allowed');
  });

  it.each(['prod-backup-operator', 'prod-backup-auditor', 'aws-backup-break-glass'])('%s: an assumption without a source identity is denied', async (role) => {
    expect(denied(await assume('sts:AssumeRole', {}, proxy.roleArns[0], role))).toBe(true);
  });

  it('a session tag key outside the fixed set is denied, and so is any other principal of the proxy account', async () => {
    expect(denied(await assume('sts:TagSession', { 'aws:TagKeys': ['email', 'admin'], 'aws:RequestTag/admin': 'true' }))).toBe(true);
    const other = proxy.roleArns[0].replace(/role\/.*/, 'role/some-other-role');
    expect(denied(await assume('sts:AssumeRole', { 'sts:SourceIdentity': 'alice@acme.example' }, other))).toBe(true);
  });

  it('no role without a proxy trust lets the proxy in (service roles, CI roles)', async () => {
    const letIn: string[] = [];
    for (const role of iam.roles.values()) {
      if (prod.access.humanRoles.some((h) => h.roleName === role.name)) continue;
      const decision = await iam.decide({ principal: proxyCaller(proxy.roleArns[0]), action: 'sts:AssumeRole', resource: role.arn, context: { 'sts:SourceIdentity': 'alice' } });
      if (decision === 'Allowed') letIn.push(role.name);
    }
    expect(letIn).toEqual([]);
  });
});

/** Every grant of every role of one example, asked for as intended, through boundary and resource policies. */
async function grantsThatFail(model: EnvironmentModel): Promise<{ failures: string[]; checked: number; notSimulated: string[] }> {
  const stackIam = model.name === prod.name ? iam : new StackIam(model, synthEnvironment(model));
  const arns = stackIam.knownArns;
  const failures: string[] = [];
  const notSimulated: string[] = [];
  let checked = 0;
  for (const role of stackIam.roles.values()) {
    for (const policy of role.identityPolicies) {
      // AWS-managed policies are AWS's grants; what matters is that the boundary lets ours through.
      if (policy.name.includes('managed')) continue;
      for (const statement of policy.policy.Statement) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of [statement.Action].flat() as string[]) {
          for (const pattern of [statement.Resource].flat() as string[]) {
            const resource = await concreteResource(action, pattern, arns);
            if (resource && resource !== '*' && /^\d{12}$/.test(resource.split(':')[4] ?? '') && resource.split(':')[4] !== model.accountId) {
              // Another account's resource (a copy destination's vault key): its policy is in that account's stack,
              // so the grant is simulated with it by the data-path matrix (data-paths.test.ts).
              notSimulated.push(`${role.name} ${action} ${pattern}: another account's resource, checked by the data-path matrix`);
              continue;
            }
            if (!resource) {
              notSimulated.push(`${role.name} ${action} ${pattern}: no ARN format of the reference data fits`);
              continue;
            }
            try {
              const decision = await stackIam.decide({ principal: role.name, action, resource, context: satisfyingContext(statement.Condition, resource) });
              checked += 1;
              if (decision !== 'Allowed') failures.push(`${role.name} ${statement.Sid} ${action} ${resource}: ${decision}`);
            } catch (error) {
              // backup:ListTags takes plans, vaults and recovery points; a plan ARN also fits the generic
              // recovery-point format, so the simulator cannot tell which type is meant.
              if (!String(error).includes('multiple.resource.types')) throw error;
              notSimulated.push(`${role.name} ${action} ${resource}: fits several resource types`);
            }
          }
        }
      }
    }
  }
  return { failures, checked, notSimulated };
}

describe('every grant is usable: no boundary, key policy or resource policy silently cuts one', () => {
  const totals = { checked: 0, notSimulated: 0 };
  afterAll(() => {
    const handWritten = MATRIX.length;
    console.log(`IAM simulation matrix: ${handWritten} hand-written cases + ${totals.checked} grant cases over ${exampleModels().length} stacks `
      + `(${totals.notSimulated} grant patterns not simulable: ARN formats the reference data cannot express); ${iam.simulations} simulations on prod alone`);
  });

  it.each(exampleModels().map((m) => [m.name, m] as const))('%s', async (_name, model) => {
    const { failures, checked, notSimulated } = await grantsThatFail(model);
    totals.checked += checked;
    totals.notSimulated += notSimulated.length;
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
    // Only the known gaps of the reference data are skipped, never a whole role.
    expect(notSimulated.every((n) => n.includes('fits several resource types') || n.includes('no ARN format') || n.includes('checked by the data-path matrix'))).toBe(true);
  });
});
