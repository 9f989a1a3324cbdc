import * as fs from 'fs';
import * as path from 'path';
import { buildOfflineOverride, OFFLINE_OVERRIDE_FILE, writeOfflineOverride } from '../lib/terraform/offline-override';
import type { AwsRequestCounter, RecordedAwsRequest } from './aws-request-counter';
import { requestsInDebugLog } from './debug-log-requests';
import { terraformPlanOnly } from './stack-terraform-timings';
import type { SampleStack } from './terraform-sample';

/*
 * Why the request count can be trusted. A zero from the counter alone could also mean that requests went elsewhere,
 * so the same plan is run again with TF_LOG=DEBUG (the provider logs every request it sends, wherever it goes), and a
 * control plan that must call AWS (the provider asked to look up its account ID, which the offline override skips)
 * shows that both the counter and the log see the calls when there are some.
 */

export interface RequestWitnesses {
  /** What the counter received during the plan. */
  readonly counted: readonly RecordedAwsRequest[];
  /** What the provider's debug log says it sent (`<service>.<operation>`). */
  readonly logged: readonly string[];
  /** Exit code of the plan (the control plan fails by design: every request is refused). */
  readonly exitCode: number | null;
}

async function debugPlan(stack: SampleStack, env: NodeJS.ProcessEnv, counter: AwsRequestCounter, logFile: string): Promise<RequestWitnesses> {
  fs.rmSync(logFile, { force: true });
  const mark = counter.mark();
  const result = await terraformPlanOnly(stack.dir, { ...env, TF_LOG: 'DEBUG', TF_LOG_PATH: logFile });
  return { counted: counter.since(mark), logged: requestsInDebugLog(logFile), exitCode: result.code };
}

/** The stack's offline plan (prepared and initialized) once more, with the provider's debug log. */
export function debugLoggedPlan(stack: SampleStack, env: NodeJS.ProcessEnv, counter: AwsRequestCounter, scratchDir: string): Promise<RequestWitnesses> {
  return debugPlan(stack, env, counter, path.join(scratchDir, `${stack.name}-plan-debug.log`));
}

/**
 * The same plan with `skip_requesting_account_id = false` in every provider: each provider then asks STS and IAM for
 * its account ID, which the counter refuses. The offline override is restored afterwards.
 */
export async function controlPlan(stack: SampleStack, env: NodeJS.ProcessEnv, counter: AwsRequestCounter, scratchDir: string): Promise<RequestWitnesses> {
  const stackJson = JSON.parse(fs.readFileSync(stack.stackFile, 'utf8')) as Record<string, unknown>;
  const override = buildOfflineOverride(stackJson) as { provider?: { aws?: Record<string, unknown>[] } };
  for (const provider of override.provider?.aws ?? []) provider.skip_requesting_account_id = false;
  fs.writeFileSync(path.join(stack.dir, OFFLINE_OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
  try {
    return await debugPlan(stack, env, counter, path.join(scratchDir, `${stack.name}-control-debug.log`));
  } finally {
    writeOfflineOverride(stack.dir, path.basename(stack.stackFile));
  }
}
