import { BackupRegionSettings as RegionSettingsResource } from '@cdktf/provider-aws/lib/backup-region-settings';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { BACKUP_RESOURCE_TYPES, MANAGEMENT_PREFERENCE_TYPES, OTHER_MANAGEMENT_PREFERENCE_KEYS } from '../../config/aws-facts';

export interface BackupRegionSettingsProps {
  readonly provider: AwsProvider;
  /**
   * Resource type -> whether AWS Backup protects it in the Region (tag-based selections back up only opted-in types).
   * Types left out keep whatever the account has.
   */
  readonly optIn: Readonly<Record<string, boolean>>;
  /** Resource type (DynamoDB, EFS) -> whether AWS Backup fully manages it. @default both fully managed */
  readonly fullManagement?: Readonly<Record<string, boolean>>;
}

/** `resource_type_opt_in_preference["EBS"]`: one key of a map attribute, as `ignore_changes` names it. */
const mapKey = (attribute: string, key: string) => `${attribute}[${JSON.stringify(key)}]`;

/**
 * AWS Backup's Region settings in one Region, managing only the keys the config names.
 *
 * The settings are one object per account and Region: AWS returns every type it knows, and UpdateRegionSettings
 * changes only the keys it is given. A map holding some keys would show the others as removed on every plan, so every
 * other key the ledger knows is left to the account (`ignore_changes`), and deleting the resource changes nothing in
 * AWS (the provider only forgets it).
 */
export class BackupRegionSettings extends Construct {
  public readonly resource: RegionSettingsResource;

  constructor(scope: Construct, id: string, props: BackupRegionSettingsProps) {
    super(scope, id);
    const management = props.fullManagement ?? Object.fromEntries(MANAGEMENT_PREFERENCE_TYPES.map((t) => [t, true]));
    const unmanagedTypes = BACKUP_RESOURCE_TYPES.filter((t) => !(t in props.optIn));
    const unmanagedPreferences = [...MANAGEMENT_PREFERENCE_TYPES, ...OTHER_MANAGEMENT_PREFERENCE_KEYS].filter((k) => !(k in management));
    this.resource = new RegionSettingsResource(this, 'settings', {
      provider: props.provider,
      resourceTypeOptInPreference: { ...props.optIn },
      resourceTypeManagementPreference: { ...management },
      lifecycle: {
        ignoreChanges: [
          ...unmanagedTypes.map((t) => mapKey('resource_type_opt_in_preference', t)),
          ...unmanagedPreferences.map((k) => mapKey('resource_type_management_preference', k)),
        ],
      },
    });
  }
}
