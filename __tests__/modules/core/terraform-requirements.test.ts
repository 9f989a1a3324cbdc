import { TERRAFORM_BASELINE, TERRAFORM_FOR_S3_LOCKFILE, versionAtLeast } from '../../../modules/core/terraform-requirements';
import { examples } from '../../support/environment-fixtures';
import { parseEnvironments } from '../../../config/load';
import { synthEnvironment } from '../../support/synth';

/* Each stack states the Terraform it needs, so plain `terraform` refuses an older binary before it starts. */

const devOf = (lockTable?: string) => parseEnvironments(examples().edit('dev', (d) => { if (lockTable) d.state.lockTable = lockTable; }).sources())
  .find((m) => m.name === 'dev')!;

describe('required_version of the synthesized stacks', () => {
  it('GIVEN S3 native locking (no lock table) THEN the stack requires the Terraform where use_lockfile is generally available', () => {
    const stack = synthEnvironment(devOf());
    expect((stack.terraform.backend as { s3: Record<string, unknown> }).s3.use_lockfile).toBe(true);
    expect(stack.terraform.required_version).toBe(`>= ${TERRAFORM_FOR_S3_LOCKFILE.minimum}`);
  });

  it('GIVEN a DynamoDB lock table THEN only the baseline is required', () => {
    const stack = synthEnvironment(devOf('terraform-locks'));
    expect((stack.terraform.backend as { s3: Record<string, unknown> }).s3.use_lockfile).toBeUndefined();
    expect(stack.terraform.required_version).toBe(`>= ${TERRAFORM_BASELINE.minimum}`);
  });

  it.each([
    ['1.11.4', '1.11.0', true], ['1.10.5', '1.11.0', false], ['1.11.0', '1.11.0', true], ['2.0.0', '1.11.0', true],
    ['1.9.8', '1.10.0', false], ['v1.12.0-beta1', '1.11.0', true], ['1.5', '1.5.0', true],
  ])('versionAtLeast(%s, %s) is %s', (version, minimum, expected) => {
    expect(versionAtLeast(version, minimum)).toBe(expected);
  });
});
