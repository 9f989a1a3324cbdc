import type { State, StateMachineDefinition } from './asl-types';
import { startStates, stateMachineDefinition } from './definition-kit';
import { jobWaitBound } from './job-wait-bound';
import { successSummaryState } from './summary-states';
import { tailStates } from './tail-states';
import type { BackupOrchestratorDefinitionProps } from './definition-props';
import { BACKUP_ORCHESTRATOR_MACHINE as MACHINE, orchestratorKit, requestFields } from './backup-orchestrator-context';
import { backupJobStates, copyTargetStates } from './backup-orchestrator-job-states';
import { orchestratorFailureStates } from './backup-orchestrator-failure-states';
import { ruleResolutionStates } from './backup-orchestrator-rule-states';

/*
 * The backup orchestrator, assembled from its parts: the rule resolution (backup-orchestrator-rule-states.ts), the
 * backup job and its copies (backup-orchestrator-job-states.ts) and the failures (backup-orchestrator-failure-states.ts).
 * Their states name each other; the order of the states below is the order of the definition's JSON.
 */

export { BACKUP_ORCHESTRATOR_MACHINE } from './backup-orchestrator-context';

/**
 * On-demand backup of one resource, then the copies its rule asks for, waiting for every job by callback.
 *
 * Input: `{ resourceArn, rule?: "<plan>/<rule>", vaultName?, reason?, requestedBy? }`.
 * Output (Succeed): `{ outcome: "SUCCEEDED", backupJobId, recoveryPointArn, copies: [...], ... }`.
 * Failure outcomes (recorded, notified, then Fail with Error = outcome): INVALID_REQUEST, UNKNOWN_RULE, FAILED
 * (an AWS call failed after its retries), BACKUP_FAILED, TIMED_OUT (backup job still running after its last wait
 * round, see `jobWaitBound`), COPY_FAILED (backup result kept in the summary; a copy still running after its last
 * round is one).
 */
export function backupOrchestratorDefinition(props: BackupOrchestratorDefinitionProps): StateMachineDefinition {
  if (props.rules.length === 0) throw new Error('backupOrchestratorDefinition: at least one rule is required');
  const defaultIndex = props.rules.findIndex((r) => r.key === props.defaultRuleKey);
  if (defaultIndex < 0) throw new Error(`backupOrchestratorDefinition: default rule ${props.defaultRuleKey} is not one of the rules`);
  const k = orchestratorKit(props);
  // The backup's wait rounds, then the copies' (side by side in the Map), plus an hour for everything else.
  const timeoutSeconds = 2 * jobWaitBound(props).seconds + 3600;

  const states: Record<string, State> = {
    ...startStates(props, { comment: 'Keeps the request under $.request.', parameters: { 'request.$': '$' }, timeoutSeconds, next: 'ValidateRequest' }),
    ...ruleResolutionStates(props, defaultIndex),
    ...backupJobStates(k),
    ...copyTargetStates(k),
    BackupSucceeded: successSummaryState(MACHINE, 'SUCCEEDED', {
      ...requestFields,
      'rule.$': '$.settings.key',
      'vaultName.$': '$.settings.vaultName',
      'backupJobId.$': '$.backup.backupJobId',
      'recoveryPointArn.$': '$.backup.recoveryPointArn',
      'backup.$': '$.backup',
      'copies.$': '$.copies',
    }),
    ...orchestratorFailureStates(k),
    ...tailStates(props, MACHINE),
  };

  return stateMachineDefinition(
    'On-demand AWS Backup job of one resource, then the copies of its rule; waits by callback (no polling), records and notifies every outcome.',
    timeoutSeconds,
    states,
  );
}
