import { backupOrchestratorDefinition } from '../../modules/orchestration/state-machines/backup-orchestrator-definition';
import { runLocally } from './local-execution';
import { dummyArn } from './neutral-identifiers';
import { orchestratorAnswers } from './orchestrator-answers';
import { orchestratorBenchProps } from './orchestrator-bench-props';
import { pollingBaselineAnswers } from './polling-baseline-answers';
import { POLL_INTERVAL_SECONDS, pollingBaselineDefinition } from './polling-baseline-definition';
import { ServiceActivity, SimulatedBackupService } from './simulated-backup-service';

/*
 * One orchestrated backup-and-copy whose jobs each run `jobSeconds`, executed locally on the simulated clock, in
 * the callback design (the real orchestrator definition) or the polling baseline. The transitions are counted
 * from the run.
 */

export interface TransitionRun {
  readonly transitions: number;
  /** SUCCEEDED, or the Error the execution failed with (e.g. TIMED_OUT). */
  readonly outcome: string;
  /** Whether the simulated execution outlasts the definition's own TimeoutSeconds (it would then be cut short). */
  readonly beyondExecutionTimeout: boolean;
  readonly activity: ServiceActivity;
}

const REQUEST = { resourceArn: dummyArn('dynamodb', 'table/bench-orders') };

async function measured(definition: { States: Record<string, Record<string, unknown>>; TimeoutSeconds?: number }, service: SimulatedBackupService, answers: Parameters<typeof runLocally>[2]): Promise<TransitionRun> {
  const run = await runLocally(definition, REQUEST, answers);
  const activity = service.activity();
  return {
    transitions: run.transitions,
    outcome: run.status === 'SUCCEEDED' ? 'SUCCEEDED' : run.error ?? 'FAILED',
    beyondExecutionTimeout: definition.TimeoutSeconds !== undefined && activity.executionSeconds > definition.TimeoutSeconds,
    activity,
  };
}

export async function runCallbackDesign(jobSeconds: number, callbackTimeoutSeconds: number): Promise<TransitionRun> {
  const definition = backupOrchestratorDefinition(orchestratorBenchProps(callbackTimeoutSeconds));
  const service = new SimulatedBackupService(jobSeconds);
  return measured(definition, service, orchestratorAnswers(service, definition));
}

export async function runPollingDesign(jobSeconds: number, pollSeconds: number = POLL_INTERVAL_SECONDS): Promise<TransitionRun> {
  // The callback timeout plays no part in the baseline; the props only give it the same rule and copies.
  const definition = pollingBaselineDefinition(orchestratorBenchProps(3600), pollSeconds);
  const service = new SimulatedBackupService(jobSeconds);
  return measured(definition, service, pollingBaselineAnswers(service, pollSeconds));
}
