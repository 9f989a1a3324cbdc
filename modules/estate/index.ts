/** One Terraform stack per environment (AWS account) and its options. */
export { BackupEnvironmentStack, type BackupEnvironmentStackOptions } from './backup-environment-stack';
