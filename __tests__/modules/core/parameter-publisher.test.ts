import { BackupVault } from '../../../modules/backup/backup-vault';
import { ParameterPublisher } from '../../../modules/core/parameter-publisher';
import { constructTestStack, resourcesOf, synthJson } from '../../support/synth';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };

/** A stack composed by hand: a vault, and a publisher that writes what the vault declares. */
function publishedVault(encryption: ConstructorParameters<typeof BackupVault>[2]['encryption']) {
  const { stack, provider } = constructTestStack('eu-west-1');
  const vault = new BackupVault(stack, 'vault', { provider, location, vaultName: 'central', encryption, breakGlassRoleName: 'break-glass' });
  const publisher = new ParameterPublisher(stack, 'parameters', { provider, root: '/backup-estate/dev' });
  publisher.publishAll(vault.publishedParameters);
  return { vault, publisher, json: synthJson(stack) };
}

describe('ParameterPublisher.publishAll', () => {
  it("GIVEN a vault with its own key WHEN its declared parameters are published THEN its ARN, name and key ARN are under the root, referencing the vault's resources", () => {
    const { json } = publishedVault({ kind: 'create', keyAliasName: 'dev-backup-central' });
    const parameters = resourcesOf(json, 'aws_ssm_parameter').map(([, p]) => [p.name, p.value]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(parameters).toEqual([
      ['/backup-estate/dev/vaults/central/arn', expect.stringMatching(/^\$\{aws_backup_vault\.[^.]+\.arn\}$/)],
      ['/backup-estate/dev/vaults/central/kms-key-arn', expect.stringMatching(/^\$\{aws_kms_key\.[^.]+\.arn\}$/)],
      ['/backup-estate/dev/vaults/central/name', expect.stringMatching(/^\$\{aws_backup_vault\.[^.]+\.name\}$/)],
    ]);
  });

  it('GIVEN a vault with an AWS-owned key WHEN its declared parameters are published THEN no key ARN is published', () => {
    const { vault } = publishedVault({ kind: 'aws-owned' });
    expect(vault.publishedParameters.map((p) => p.path)).toEqual(['vaults/central/arn', 'vaults/central/name']);
  });

  it('GIVEN a declared parameter published twice WHEN published again THEN the publisher refuses it, naming the parameter', () => {
    const { vault, publisher } = publishedVault({ kind: 'aws-owned' });
    expect(() => publisher.publishAll(vault.publishedParameters)).toThrow('ParameterPublisher: parameter published twice; got /backup-estate/dev/vaults/central/arn');
  });
});
