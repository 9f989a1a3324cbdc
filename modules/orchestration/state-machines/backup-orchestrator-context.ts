import type { JsonObject } from './asl-types';
import { definitionKit, type DefinitionKit } from './definition-kit';
import type { BackupOrchestratorDefinitionProps } from './definition-props';

/* What the pieces of the backup orchestrator share: its name, its kit and the summary fields of the request and the backup job. */

export const BACKUP_ORCHESTRATOR_MACHINE = 'backup-orchestrator';

/** The definition kit of the backup orchestrator, with its props. */
export interface OrchestratorKit extends DefinitionKit {
  readonly props: BackupOrchestratorDefinitionProps;
}

export function orchestratorKit(props: BackupOrchestratorDefinitionProps): OrchestratorKit {
  return { props, ...definitionKit(props, BACKUP_ORCHESTRATOR_MACHINE) };
}

/** Summary fields of the request. */
export const requestFields: JsonObject = { 'resourceArn.$': '$.request.resourceArn', 'request.$': '$.request' };
/** Summary fields of the backup job once started. */
export const jobFields: JsonObject = { ...requestFields, 'backupJobId.$': '$.backupJob.backupJobId', 'vaultName.$': '$.settings.vaultName' };
