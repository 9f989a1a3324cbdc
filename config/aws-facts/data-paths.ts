import { isFullyManaged, RESOURCE_TYPE_FACTS, supports, type BackupResourceType } from './resource-types';
import { SOURCES, type Source } from './sources';

/*
 * How AWS moves a recovery point along each data path, step by step: which principal acts, in which account, through
 * which service, on which key or vault. The data-path tests evaluate each step against the synthesized key policies,
 * vault access policies and role policies; the key policies are written to allow exactly these steps.
 *
 * Keys: `source-vault` / `destination-vault` are the keys of the vaults on either end (the project's keys when it
 * creates them); `resource` is the protected resource's own key (the user's: outside the stacks, a documented
 * requirement, never simulated).
 */

export const DATA_PATHS = [
  'backup', 'cross-region-copy', 'cross-account-copy', 'air-gapped-copy', 'restore', 'restore-in-copy-account', 'dr-drill', 'restore-test',
] as const;
export type DataPath = (typeof DATA_PATHS)[number];

/** Who acts: the project's backup or restore role, or AWS Backup's service-linked role AWSServiceRoleForBackup. */
export type Actor = 'backup-role' | 'restore-role' | 'service-linked-role';
/** Which end of the path: the account and Region the recovery point comes from, or the one it goes to. */
export type End = 'source' | 'destination';

export interface KeyStep {
  readonly kind: 'key';
  readonly actor: Actor;
  /** The account the actor belongs to. */
  readonly actorEnd: End;
  readonly key: 'source-vault' | 'destination-vault' | 'resource';
  /** Where the key is (account and Region). */
  readonly keyEnd: End;
  /** The service whose kms:ViaService the calls carry. */
  readonly viaService: string;
  /** What the step does with the key: encrypt new data (and grant the service its use), or read what it protects. */
  readonly use: 'encrypt' | 'decrypt';
  readonly source: Source;
}

export interface VaultStep {
  readonly kind: 'vault';
  readonly actor: Actor;
  readonly actorEnd: End;
  readonly action: 'backup:CopyIntoBackupVault';
  readonly vaultEnd: 'destination';
  readonly source: Source;
}

export type Step = KeyStep | VaultStep;

/**
 * The services through which AWS Backup's service-linked role uses keys (its policy grants kms use only through
 * these): it does the destination side of cross-account copies of the types those services own.
 */
export const SERVICE_LINKED_ROLE_KEY_SERVICES = ['ec2', 'fsx', 'rds'] as const;
const slrHandles = (service: string) => (SERVICE_LINKED_ROLE_KEY_SERVICES as readonly string[]).includes(service);

/** Whether AWS supports the type on the path at all (false: a config rule must refuse an estate that needs it). */
export function pathSupported(path: DataPath, type: BackupResourceType, managementPreferenceOn: boolean): boolean | 'unconfirmed' {
  const facts = RESOURCE_TYPE_FACTS[type];
  switch (path) {
    case 'cross-region-copy': return supports(facts.crossRegionCopy, managementPreferenceOn);
    case 'cross-account-copy': return supports(facts.crossAccountCopy, managementPreferenceOn);
    case 'air-gapped-copy': return supports(facts.airGappedCopy, managementPreferenceOn);
    case 'restore-test': return supports(facts.restoreTesting, managementPreferenceOn);
    default: return true;
  }
}

/**
 * The steps of one path for one type. `pointIsCopy`: for the restore paths, whether the recovery point restored is a
 * copy that landed in the vault (then it is encrypted with the vault's key whatever the type).
 */
export function stepsOf(path: DataPath, type: BackupResourceType, managementPreferenceOn: boolean, pointIsCopy = false): Step[] {
  const full = isFullyManaged(type, managementPreferenceOn);
  const service = full ? 'backup' : RESOURCE_TYPE_FACTS[type].keyService;
  const readSource: KeyStep = full
    ? { kind: 'key', actor: 'backup-role', actorEnd: 'source', key: 'source-vault', keyEnd: 'source', viaService: 'backup', use: 'decrypt', source: SOURCES.copyEncryption }
    : { kind: 'key', actor: 'backup-role', actorEnd: 'source', key: 'resource', keyEnd: 'source', viaService: service, use: 'decrypt', source: SOURCES.crossAccountCopy };
  switch (path) {
    case 'backup':
      return [full
        ? { kind: 'key', actor: 'backup-role', actorEnd: 'source', key: 'source-vault', keyEnd: 'source', viaService: 'backup', use: 'encrypt', source: SOURCES.keyPolicyMinimum }
        : { kind: 'key', actor: 'backup-role', actorEnd: 'source', key: 'resource', keyEnd: 'source', viaService: service, use: 'encrypt', source: SOURCES.encryption }];
    case 'cross-region-copy':
      return [
        readSource,
        { kind: 'key', actor: 'backup-role', actorEnd: 'source', key: 'destination-vault', keyEnd: 'destination', viaService: service, use: 'encrypt', source: SOURCES.crossRegionCopy },
        ...(full || !slrHandles(service) ? [] : [{ kind: 'key', actor: 'service-linked-role', actorEnd: 'source', key: 'destination-vault', keyEnd: 'destination', viaService: service, use: 'encrypt', source: SOURCES.serviceLinkedRolePolicy } as const]),
      ];
    case 'cross-account-copy':
      return [
        { kind: 'vault', actor: 'backup-role', actorEnd: 'source', action: 'backup:CopyIntoBackupVault', vaultEnd: 'destination', source: SOURCES.crossAccountCopy },
        readSource,
        // Fully managed: AWS Backup acts with the source copy role on the destination key (shared with the source
        // account). Otherwise the destination account's service-linked role copies, through the owning service.
        full || !slrHandles(service)
          ? { kind: 'key', actor: 'backup-role', actorEnd: 'source', key: 'destination-vault', keyEnd: 'destination', viaService: full ? 'backup' : service, use: 'encrypt', source: SOURCES.airGappedVault }
          : { kind: 'key', actor: 'service-linked-role', actorEnd: 'destination', key: 'destination-vault', keyEnd: 'destination', viaService: service, use: 'encrypt', source: SOURCES.crossAccountCopy },
      ];
    case 'air-gapped-copy':
      return [
        { kind: 'vault', actor: 'backup-role', actorEnd: 'source', action: 'backup:CopyIntoBackupVault', vaultEnd: 'destination', source: SOURCES.airGappedVault },
        readSource,
      ];
    case 'restore':
    case 'restore-in-copy-account':
    case 'dr-drill':
    case 'restore-test': {
      const actorEnd: End = path === 'restore-in-copy-account' ? 'destination' : 'source';
      const key = path === 'restore-in-copy-account' ? 'destination-vault' : 'source-vault';
      const vaultKey = full || pointIsCopy || path === 'restore-in-copy-account';
      return [{
        kind: 'key', actor: 'restore-role', actorEnd, key: vaultKey ? key : 'resource', keyEnd: actorEnd, viaService: service, use: 'decrypt',
        source: vaultKey ? SOURCES.copyEncryption : SOURCES.encryption,
      }];
    }
  }
}
