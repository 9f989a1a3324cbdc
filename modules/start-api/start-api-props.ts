import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { AwsLocation } from '../core/aws-partition';
import type { FunctionCode } from '../functions/function-bundle';

/** The functions behind the routes: their folders in lambda-src, bundled like the others. */
export type StartApiFunctionName = 'execution-status' | 'start-execution';
/** Behind `GET /executions/{machine}/{name}`. */
export const START_API_FUNCTION = 'execution-status' satisfies StartApiFunctionName;
/** Behind `POST /backups` and `POST /drills`: checks a start against the published catalog, then StartExecution. */
export const START_EXECUTION_FUNCTION = 'start-execution' satisfies StartApiFunctionName;

/** Who issues the bearer tokens the API accepts. */
export interface StartApiJwt {
  /** Token issuer (`iss`), an https URL; API Gateway reads its keys from `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** Accepted audiences: a token passes when its `aud` (or, without `aud`, its `client_id`) is one of them. At least one. */
  readonly audiences: readonly string[];
}

/** OAuth scopes (the token's `scope` or `scp` claim) a caller needs. */
export interface StartApiScopes {
  /** Needed to start backups and drills. @default "backup-estate/start" */
  readonly start: string;
  /** Needed to read an execution's status. @default "backup-estate/read" */
  readonly read: string;
}

/** Throttling of every route (token bucket per route, on top of the account's API Gateway quota). */
export interface StartApiThrottling {
  /** Requests that may arrive at once; whole number from 1 to 5000 (the account's burst quota). @default 20 */
  readonly burstLimit: number;
  /** Steady requests per second; above 0, at most 10000 (the account's rate quota). @default 10 */
  readonly rateLimit: number;
}

/**
 * `<resource server>/<scope>`, the form Amazon Cognito gives custom scopes (and any issuer can); the resource server
 * part keeps them apart from other APIs' scopes in the same user pool.
 */
export const DEFAULT_START_API_SCOPES: StartApiScopes = { start: 'backup-estate/start', read: 'backup-estate/read' };

/**
 * Starts are rare (people and pipelines before changes) and StartExecution has its own account quota, so a small
 * bucket is plenty; status polling fits in it as well. A client that gets 429 retries with the same key.
 */
export const DEFAULT_START_API_THROTTLING: StartApiThrottling = { burstLimit: 20, rateLimit: 10 };

export interface StartApiProps {
  /** Provider of the region the API lives in (provider 5.x has no per-resource region). */
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** Prefix of every name: 3-32 lowercase letters, digits or "-", starting with a letter (as in the config). */
  readonly environmentName: string;
  readonly jwt: StartApiJwt;
  /** @default DEFAULT_START_API_SCOPES */
  readonly scopes?: StartApiScopes;
  /** @default DEFAULT_START_API_THROTTLING */
  readonly throttling?: StartApiThrottling;
  /** The backup orchestrator, started by `POST /backups`; a state machine ARN of this account and region. */
  readonly orchestratorStateMachineArn: string;
  /** The DR drill machine, started by `POST /drills`. @default none: no drill route, and drills are not readable */
  readonly drillStateMachineArn?: string;
  /** The orchestration key: encrypts the access log group and the status function's log group. */
  readonly kmsKeyArn: string;
  /** Retention of the access logs and the status function's logs; one of the CloudWatch Logs values. */
  readonly logRetentionDays: number;
  /** The bundled execution-status function (bundleFunction(START_API_FUNCTION)). */
  readonly code: FunctionCode;
  /** The bundled start-execution function (bundleFunction(START_EXECUTION_FUNCTION)). */
  readonly startCode: FunctionCode;
  /** Required by BackupFunction; API Gateway invokes synchronously, so in practice nothing arrives there. */
  readonly deadLetterQueueArn: string;
  /**
   * SSM path of the environment; the functions read the machine ARNs below it, the start function also the start
   * catalog (FunctionParameter.startCatalog), which the stack publishes in the API's region.
   */
  readonly parameterRoot: string;
}
