import { grantsFor, orchestrationGrantTable, passRoleToBackup } from '../../../modules/orchestration/orchestration-grants';
import { backupOrchestratorDefinition } from '../../../modules/orchestration/state-machines/backup-orchestrator-definition';
import { definitionActions } from '../../../modules/orchestration/state-machines/definition-actions';
import { drDrillDefinition } from '../../../modules/orchestration/state-machines/dr-drill-definition';
import { jobRecoveryDefinition } from '../../../modules/orchestration/state-machines/job-recovery-definition';
import { drillProps, orchestratorProps, recoveryProps } from '../../../tools/lib/fault-matrix/fixtures';

/*
 * The grant table BackupOrchestration gives its machines' roles: every action a definition calls has a grant, each
 * machine gets exactly the actions its states call, and an action the table does not know stops the synthesis.
 */

const table = orchestrationGrantTable({
  location: { partition: 'aws', region: 'eu-west-1', accountId: '111111111111' },
  vaultNames: ['prod-primary'],
  taskTokenTableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/prod-task-tokens',
  auditTableArn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/prod-audit',
  topicArn: 'arn:aws:sns:eu-west-1:111111111111:prod-backup',
  drillFunctionArns: ['arn:aws:lambda:eu-west-1:111111111111:function:prod-restore-planner'],
});

const definitions = {
  'backup orchestrator': () => backupOrchestratorDefinition(orchestratorProps('plain')),
  'job recovery': () => jobRecoveryDefinition(recoveryProps('plain')),
  'DR drill': () => drDrillDefinition(drillProps('plain')),
};

describe('orchestration grants', () => {
  it.each(Object.entries(definitions))('GIVEN the %s definition WHEN its grants are taken THEN they are exactly the actions its states call', (_name, build) => {
    const definition = build();
    const grants = grantsFor(definition as never, table);
    expect(Object.keys(grants).sort()).toEqual([...definitionActions(definition as never)].sort());
    for (const grant of Object.values(grants)) expect(grant.resources.length).toBeGreaterThan(0);
  });

  it('GIVEN StartBackupJob WHEN granted THEN it acts on the vaults named only', () => {
    expect(table['backup:StartBackupJob'].resources).toEqual(['arn:aws:backup:eu-west-1:111111111111:backup-vault:prod-primary']);
  });

  it('GIVEN a function the drill invokes WHEN granted THEN its versions and aliases are granted too', () => {
    const fn = 'arn:aws:lambda:eu-west-1:111111111111:function:prod-restore-planner';
    expect(table['lambda:InvokeFunction'].resources).toEqual([fn, `${fn}:*`]);
  });

  it('GIVEN a definition calling an action the table does not know WHEN its grants are taken THEN the error names the action', () => {
    const definition = { States: { Tag: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:backup:tagResource', End: true } } };
    expect(() => grantsFor(definition, table)).toThrow(/no grant known for backup:TagResource/);
  });

  it('GIVEN a role WHEN passed THEN only to AWS Backup', () => {
    expect(passRoleToBackup('arn:aws:iam::111111111111:role/prod-backup-service')).toMatchObject({
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    });
  });
});
