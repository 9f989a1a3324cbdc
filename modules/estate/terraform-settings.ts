import { S3Backend, TerraformVariable, type TerraformStack } from 'cdktf';
import type { EnvironmentModel } from '../../config/model';
import { terraformRequirement } from '../core/terraform-requirements';

/**
 * Where the environment's state lives (the configured S3 backend, encrypted, locked in DynamoDB or with S3's own
 * lock file) and the Terraform version that backend needs.
 */
export function configureStateBackend(stack: TerraformStack, env: EnvironmentModel): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: env.state.bucket,
    key: env.state.key,
    region: env.state.region,
    encrypt: true,
    kmsKeyId: env.state.kmsKeyArn,
    dynamodbTable: env.state.lockTable,
    assumeRole: env.state.roleArn ? { roleArn: env.state.roleArn } : undefined,
  });
  // S3 native locking; cdktf 0.21's S3Backend type predates the flag.
  if (!env.state.lockTable) backend.addOverride('use_lockfile', true);
  stack.addOverride('terraform.required_version', `>= ${terraformRequirement(!env.state.lockTable).minimum}`);
  return backend;
}

/** Role the providers assume; `-var deployment_role_arn=` (empty) plans with the caller's own credentials. */
export function deploymentRoleVariable(stack: TerraformStack, env: EnvironmentModel): TerraformVariable {
  return new TerraformVariable(stack, 'deployment_role_arn', {
    type: 'string',
    default: env.deployment.roleArn,
    nullable: false,
    description: 'Role the AWS providers assume. Empty: no role is assumed (the CI plan role plans with its own read-only credentials).',
  });
}
