import * as fs from 'fs';
import * as path from 'path';
import { defaultMirrorCandidates, findProviderMirror, terraformPlatform, type ProviderMirror } from './mirror';
import { runProcess } from './process';
import { TERRAFORM_BASELINE, TERRAFORM_FOR_S3_LOCKFILE, versionAtLeast } from '../../../modules/core/terraform-requirements';

/** A usable terraform: its executable, version and (when found) the provider mirror. */
export interface TerraformInstallation {
  /** Absolute path of the terraform executable found on PATH. */
  path: string;
  /** e.g. "1.11.4" */
  version: string;
  mirror?: ProviderMirror;
}

/** Inputs of {@link requireTerraform}; injectable for tests. */
export interface RequireTerraformOptions {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  /** Offline planning requires a mirror holding hashicorp/aws. */
  offline: boolean;
  /** Mirror candidates (default {@link defaultMirrorCandidates}). */
  candidates?: string[];
}

/** First executable named `name` on `pathVar` (a PATH value), or undefined. */
export function findOnPath(name: string, pathVar: string | undefined): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * Checks that terraform is on PATH and, when `offline`, that a provider mirror holds hashicorp/aws
 * (TF_PROVIDER_MIRROR or auto-detected). Throws an actionable error otherwise.
 */
export async function requireTerraform(options: RequireTerraformOptions): Promise<TerraformInstallation> {
  const bin = findOnPath('terraform', options.env.PATH);
  if (!bin) {
    throw new Error(`terraform was not found on PATH. Install Terraform >= ${TERRAFORM_FOR_S3_LOCKFILE.minimum} (${TERRAFORM_FOR_S3_LOCKFILE.why}; https://developer.hashicorp.com/terraform/install) and retry.`);
  }
  const result = await runProcess(bin, ['version', '-json'], { env: { ...options.env, CHECKPOINT_DISABLE: '1' } });
  let version = 'unknown';
  try {
    version = (JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version ?? version;
  } catch {
    throw new Error(`${bin} does not work: "terraform version -json" failed:\n${result.stderr.trim()}`);
  }
  if (!versionAtLeast(version, TERRAFORM_BASELINE.minimum)) {
    throw new Error(`${bin} is Terraform ${version}; the stacks need >= ${TERRAFORM_BASELINE.minimum} (${TERRAFORM_BASELINE.why}), and >= ${TERRAFORM_FOR_S3_LOCKFILE.minimum} where ${TERRAFORM_FOR_S3_LOCKFILE.why}`);
  }
  const candidates = options.candidates ?? defaultMirrorCandidates(options.homeDir);
  const mirror = findProviderMirror({ env: options.env, homeDir: options.homeDir, candidates });
  if (options.offline && !mirror) {
    throw new Error(
      'Offline planning needs the hashicorp/aws provider in a local filesystem mirror, and none was found in:\n' +
        candidates.map((c) => `  ${c}`).join('\n') +
        `\nSet TF_PROVIDER_MIRROR=<dir> with the layout <dir>/registry.terraform.io/hashicorp/aws/<version>/${terraformPlatform()}/` +
        ' (or provide AWS credentials / pass --online to use the registry).',
    );
  }
  return { path: bin, version, mirror };
}
