import * as fs from 'fs';
import * as path from 'path';

/** File name of the override written beside `cdk.tf.json` for offline plans. */
export const OFFLINE_OVERRIDE_FILE = 'offline_override.tf.json';

/** Terraform's working data (TF_DATA_DIR) for offline runs, beside the stack's own `.terraform`. */
export const OFFLINE_DATA_DIR = '.terraform-offline';

/** The synthesized stack file name cdktf writes in each stack directory. */
export const STACK_FILE = 'cdk.tf.json';

/** Mock credentials + skips that let the AWS provider plan without talking to AWS. */
const OFFLINE_PROVIDER_SETTINGS = {
  access_key: 'mock',
  secret_key: 'mock',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
} as const;

/** Original provider arguments that would make an offline plan fail; nulled when present. */
const NULLED_IF_PRESENT = [
  'profile',
  'token',
  'shared_credentials_files',
  'shared_config_files',
  'allowed_account_ids', // the account ID is unknown offline → "AWS account ID not allowed"
  'forbidden_account_ids',
] as const;

type Json = Record<string, unknown>;

/** Provider configurations as synthesized: cdktf writes an array, hand-written JSON may use an object. */
function asList(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter((v): v is Json => typeof v === 'object' && v !== null);
  if (typeof value === 'object' && value !== null) return [value as Json];
  return [];
}

/**
 * Builds the offline override for a synthesized stack (pure; the input is not modified):
 * a local backend replacing the stack's backend, and one entry per `aws` provider configuration
 * (matched by alias, region kept) with mock credentials, no role assumption and no account checks.
 */
export function buildOfflineOverride(stack: Json): Json {
  const providers = (stack.provider ?? {}) as Json;
  const aws = asList(providers.aws).map((original) => {
    const entry: Json = {};
    if (typeof original.alias === 'string') entry.alias = original.alias;
    entry.region = original.region ?? 'us-east-1';
    Object.assign(entry, OFFLINE_PROVIDER_SETTINGS);
    // Replaces every assume_role block of the original: an empty ARN means "do not assume a role".
    entry.assume_role = [{ role_arn: '' }];
    for (const key of NULLED_IF_PRESENT) if (key in original) entry[key] = null;
    return entry;
  });
  const override: Json = { terraform: { backend: { local: { path: 'terraform.tfstate' } } } };
  if (aws.length > 0) override.provider = { aws };
  return override;
}

/**
 * Writes {@link OFFLINE_OVERRIDE_FILE} beside the stack file in `stackDir` (the stack file itself is
 * only read) and returns its path.
 */
export function writeOfflineOverride(stackDir: string, stackFile: string = STACK_FILE): string {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, stackFile), 'utf8')) as Json;
  const target = path.join(stackDir, OFFLINE_OVERRIDE_FILE);
  fs.writeFileSync(target, JSON.stringify(buildOfflineOverride(stack), null, 2) + '\n');
  return target;
}

/** Removes the offline override from `stackDir`, if any; returns whether one was removed. */
export function removeOfflineOverride(stackDir: string): boolean {
  const target = path.join(stackDir, OFFLINE_OVERRIDE_FILE);
  if (!fs.existsSync(target)) return false;
  fs.rmSync(target);
  return true;
}
