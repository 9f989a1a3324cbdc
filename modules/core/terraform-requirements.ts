/*
 * The Terraform versions the synthesized stacks need, written into each stack's `required_version` so that plain
 * `terraform` (cdktf is archived upstream) refuses an older binary up front instead of failing half-way.
 */

export interface TerraformRequirement {
  /** Oldest Terraform release that runs the stack. */
  readonly minimum: string;
  /** Why, with where it is documented. */
  readonly why: string;
  readonly source: string;
}

/** S3 native state locking (`use_lockfile`): experimental in 1.10, generally available from 1.11. */
export const TERRAFORM_FOR_S3_LOCKFILE: TerraformRequirement = {
  minimum: '1.11.0',
  why: 'the S3 backend locks the state with use_lockfile (S3 native state locking), generally available from Terraform 1.11',
  source: 'https://developer.hashicorp.com/terraform/language/v1.11.x/upgrade-guides',
};

/** Everything else the stacks use (cdktf 0.21 output, hashicorp/aws 5.x). */
export const TERRAFORM_BASELINE: TerraformRequirement = {
  minimum: '1.5.0',
  why: 'cdktf 0.21 output and hashicorp/aws 5.x',
  source: 'https://developer.hashicorp.com/terraform/cdktf',
};

/** The requirement of a stack: whichever of its features needs the newest Terraform. */
export function terraformRequirement(usesS3Lockfile: boolean): TerraformRequirement {
  return usesS3Lockfile ? TERRAFORM_FOR_S3_LOCKFILE : TERRAFORM_BASELINE;
}

/** `a >= b` for dotted release numbers (pre-release suffixes ignored). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string) => v.replace(/^v/, '').split(/[-+]/)[0].split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
