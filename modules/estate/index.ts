/** One Terraform stack per environment (AWS account) and its options. */
export { BackupEnvironmentStack, type BackupEnvironmentStackOptions } from './backup-environment-stack';
/** What an environment's start endpoint may start (its catalog, from the model), and its published JSON. */
export { startCatalogOf, startCatalogText } from './start-catalog';
export type { StartCatalog, StartCatalogDrill } from '../../config/function-contract/start-catalog';
