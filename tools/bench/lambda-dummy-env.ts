import * as path from 'path';
import { FUNCTION_NODE_TARGET } from '../../modules/functions/function-bundle';
import { DUMMY_REGION } from './neutral-identifiers';

/*
 * The environment a function's module finds in Lambda, with dummy values: what the runtime sets, and what the stacks
 * set (modules/orchestration/orchestration-functions.ts: PARAMETER_ROOT and Powertools; modules/start-api/start-api-functions.ts adds READ_SCOPE and
 * EXPOSED_MACHINES for execution-status). Module scope reads only POWERTOOLS_SERVICE_NAME (shared/logger.ts); the
 * rest is read per invocation, and given anyway so the module sees what it would in Lambda.
 */

/** Variables only some functions get, by function folder. */
const FUNCTION_SPECIFIC: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'execution-status': { READ_SCOPE: 'bench/read', EXPOSED_MACHINES: 'backups,drills' },
  'start-execution': { START_SCOPE: 'bench/start', EXPOSED_MACHINES: 'backups,drills' },
};

export function lambdaDummyEnv(functionName: string, taskRoot: string, scratchHome: string): Record<string, string> {
  return {
    AWS_REGION: DUMMY_REGION,
    AWS_DEFAULT_REGION: DUMMY_REGION,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${FUNCTION_NODE_TARGET.replace(/^node/, '')}.x`,
    AWS_LAMBDA_FUNCTION_NAME: `bench-${functionName}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/bench-${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'bench/[$LATEST]0000',
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: 'index.handler',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    // Fake credentials in the shape Lambda provides; nothing may use them (the probe blocks the network).
    AWS_ACCESS_KEY_ID: 'BENCHDUMMYACCESSKEY0',
    AWS_SECRET_ACCESS_KEY: 'bench-dummy-secret-access-key',
    AWS_SESSION_TOKEN: 'bench-dummy-session-token',
    // Keeps the SDK away from the profiles and instance metadata of the machine running the benchmark.
    HOME: scratchHome,
    AWS_CONFIG_FILE: path.join(scratchHome, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(scratchHome, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    PARAMETER_ROOT: '/bench/dummy',
    POWERTOOLS_SERVICE_NAME: functionName,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    ...(FUNCTION_SPECIFIC[functionName] ?? {}),
  };
}
