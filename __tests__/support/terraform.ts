import * as os from 'node:os';
import { findProviderMirror, terraformPlatform, type ProviderMirror } from '../../tools/lib/terraform/mirror';
import { findOnPath } from '../../tools/lib/terraform/require';

/**
 * The real Terraform toolchain the tests need: terraform on PATH and a mirror holding hashicorp/aws.
 * Missing tools fail the test run (locally and in CI alike): these tests are never skipped.
 */
export function terraformToolchain(): { bin: string; mirror: ProviderMirror } {
  const bin = findOnPath('terraform', process.env.PATH);
  const mirror = findProviderMirror({ env: process.env, homeDir: os.homedir(), platform: terraformPlatform() });
  if (!bin || !mirror) {
    throw new Error(
      `These tests run real Terraform: need terraform on PATH (found: ${bin ?? 'none'}) and a hashicorp/aws provider mirror ` +
        `(found: ${mirror ? mirror.path : 'none'}; set TF_PROVIDER_MIRROR to point at one).`,
    );
  }
  return { bin, mirror };
}
