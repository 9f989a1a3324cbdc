/** AWS Backup itself: vaults, plans with their rules and selections, service roles, Region settings, notifications. */
export { BackupVault, type BackupVaultProps, type BackupVaultLockProps } from './backup-vault';
export { BackupPlan, type BackupPlanProps } from './backup-plan';
export { BackupRegionSettings, type BackupRegionSettingsProps } from './backup-region-settings';
export { BackupSelection, type BackupSelectionProps, type TagConditionProps } from './backup-selection';
export { BackupRulePresets, type BackupRuleProps, type BackupLifecycleProps, type BackupCopyProps } from './backup-rule';
export { BackupServiceRole, type BackupServiceRoleProps, type CopyDestinationKey } from './backup-service-role';
export { NotificationTopic, type NotificationTopicProps } from './notification-topic';
export { RestoreTestingPlan, type RestoreTestingPlanProps } from './restore-testing-plan';
