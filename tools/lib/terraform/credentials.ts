import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Whether AWS credentials look available, and the first hint found. */
export interface CredentialDetection {
  present: boolean;
  /** e.g. "AWS_PROFILE", "~/.aws/credentials"; undefined when none. */
  source?: string;
}

const CREDENTIAL_ENV_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE'] as const;
const CONTAINER_PREFIX = 'AWS_CONTAINER_CREDENTIALS_';

/**
 * Detects AWS credentials: any of AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_WEB_IDENTITY_TOKEN_FILE,
 * AWS_CONTAINER_CREDENTIALS_* set (non-empty), or a shared credentials/config file
 * (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, default ~/.aws/credentials and ~/.aws/config) existing.
 */
export function detectAwsCredentials(env: NodeJS.ProcessEnv, homeDir: string): CredentialDetection {
  for (const name of CREDENTIAL_ENV_VARS) if (env[name]) return { present: true, source: name };
  const container = Object.keys(env).find((k) => k.startsWith(CONTAINER_PREFIX) && env[k]);
  if (container) return { present: true, source: container };
  const files: Array<[string, string]> = [
    [env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir, '.aws', 'credentials'), env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_SHARED_CREDENTIALS_FILE' : '~/.aws/credentials'],
    [env.AWS_CONFIG_FILE || path.join(homeDir, '.aws', 'config'), env.AWS_CONFIG_FILE ? 'AWS_CONFIG_FILE' : '~/.aws/config'],
  ];
  for (const [file, label] of files) if (fs.existsSync(file)) return { present: true, source: label };
  return { present: false };
}

/** Planning mode: online (real backend, real credentials) or offline (local backend, mock credentials). */
export type PlanMode = 'online' | 'offline';

/** The chosen mode and a one-line human-readable reason. */
export interface PlanModeDecision {
  mode: PlanMode;
  reason: string;
}

/**
 * Chooses the planning mode: `--offline` / `--online` force it (both → error); otherwise online
 * iff {@link detectAwsCredentials} finds something.
 */
export function resolvePlanMode(flags: { offline?: boolean; online?: boolean }, env: NodeJS.ProcessEnv, homeDir: string): PlanModeDecision {
  if (flags.offline && flags.online) throw new Error('--offline and --online are mutually exclusive.');
  if (flags.offline) return { mode: 'offline', reason: '--offline given' };
  if (flags.online) return { mode: 'online', reason: '--online given' };
  const found = detectAwsCredentials(env, homeDir);
  return found.present
    ? { mode: 'online', reason: `AWS credentials found (${found.source})` }
    : { mode: 'offline', reason: 'No AWS credentials found' };
}

/**
 * Copy of `env` with every AWS credential/profile source removed, so an offline plan can neither
 * pick up a (possibly broken) local profile nor reach AWS: shared files point at the null device
 * and the EC2 metadata service is disabled. Region and CA settings are kept.
 */
export function offlineAwsEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const key of Object.keys(out)) {
    if (key.startsWith(CONTAINER_PREFIX)) delete out[key];
  }
  for (const key of [
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN',
    'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME',
  ]) {
    delete out[key];
  }
  out.AWS_SHARED_CREDENTIALS_FILE = os.devNull;
  out.AWS_CONFIG_FILE = os.devNull;
  out.AWS_EC2_METADATA_DISABLED = 'true';
  return out;
}
