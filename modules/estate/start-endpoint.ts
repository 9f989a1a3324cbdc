import type { Construct } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import type { RegionProviders } from '../core/region-providers';
import type { FunctionCode } from '../functions/function-bundle';
import type { BackupOrchestration } from '../orchestration/backup-orchestration';
import { StartApi, type StartApiFunctionName } from '../start-api/start-api';
import { parameterRootOf } from './region-resources';

export interface StartEndpointInput {
  readonly providers: RegionProviders;
  /** The orchestration of each region: the endpoint starts the one of its own region. */
  readonly orchestration: ReadonlyMap<string, BackupOrchestration>;
  readonly functionCode: (name: StartApiFunctionName) => FunctionCode;
}

/** The start endpoint in the region the config names (`access.api`), when it asks for one and has orchestration. */
export function addStartEndpoint(scope: Construct, env: EnvironmentModel, input: StartEndpointInput): StartApi | undefined {
  const api = env.access.api;
  if (!api || !env.orchestration) return undefined;
  const orchestration = input.orchestration.get(api.region);
  if (!orchestration?.orchestrator) throw new Error(`BackupEnvironmentStack: the start endpoint needs an orchestrator in ${api.region}; config rule access/api-orchestration should have refused this`);
  return new StartApi(scope, `start-api-${api.region}`, {
    provider: input.providers.forRegion(api.region),
    location: { partition: env.partition, region: api.region, accountId: env.accountId },
    environmentName: env.name,
    jwt: { issuer: api.issuer, audiences: api.audiences },
    scopes: { start: api.startScope, read: api.readScope },
    throttling: api.throttling,
    orchestratorStateMachineArn: orchestration.orchestrator.stateMachineArn,
    drillStateMachineArn: orchestration.drDrill.stateMachineArn,
    kmsKeyArn: orchestration.key.key.arn,
    logRetentionDays: env.orchestration.logRetentionDays,
    code: input.functionCode('execution-status'),
    startCode: input.functionCode('start-execution'),
    deadLetterQueueArn: orchestration.functionsDeadLetterQueue.queue.arn,
    parameterRoot: parameterRootOf(env),
  });
}
