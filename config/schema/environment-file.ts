import { z } from 'zod';
import { DEFAULT_BREAK_GLASS_ROLE_NAME, DEFAULT_SSM_PARAMETER_PREFIX, defaultSessionName, defaultStateKey } from '../defaults';
import { PARTITIONS } from '../partitions';
import { Access } from './access';
import { Catalog } from './catalog';
import { Orchestration } from './orchestration';
import { Plan } from './plan';
import { RegionSettings } from './region-settings';
import { AccountId, EnvironmentName, IamRoleArn, IamRoleName, KmsKeyArn, OrganizationId, RegionCode, Tags, text } from './values';
import { Vault } from './vault';

/*
 * The shape of one environment file (`environments/<name>.yaml`): one AWS account.
 * Every object is strict (an unknown key is an error, usually a typo). Each field's description is
 * what editors show through the generated JSON Schema, so it says what the field does and its default.
 * Rules that need more than one field, or more than one file, live in ../checks.
 */

export const EnvironmentFile = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    name: EnvironmentName,
    accountId: AccountId,
    partition: z.enum(PARTITIONS).describe('AWS partition of the account.'),
    organizationId: OrganizationId.optional().describe('The AWS Organization the account belongs to. @default unknown'),
    regions: z
      .strictObject({
        primary: RegionCode.describe('Primary region: global resources (IAM) are managed from here.'),
        additional: z.array(RegionCode).optional().describe('Further regions. @default none'),
      })
      .describe('Regions this account uses; one provider alias each.'),
    deployment: z
      .strictObject({
        roleArn: IamRoleArn.describe('Role in this account that Terraform assumes.'),
        sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, 'session names are 2-64 characters of letters, digits and +=,.@_-').optional()
          .describe(`@default ${defaultSessionName('<environment>')}`),
        externalId: z.string().min(2).max(1224).optional().describe('External ID the role requires. @default none'),
      })
      .describe('How Terraform reaches the account.'),
    state: z
      .strictObject({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').describe('S3 bucket holding the state.'),
        key: z.string().min(1).max(1024).optional().describe(`Object key. @default ${defaultStateKey('<environment>')}`),
        region: RegionCode.describe('Region of the state bucket.'),
        lockTable: z.string().min(3).max(255).optional()
          .describe('DynamoDB table for state locking. @default S3 native locking (use_lockfile)'),
        kmsKeyArn: KmsKeyArn.optional().describe('KMS key encrypting the state object. @default the bucket default (SSE-S3)'),
        roleArn: IamRoleArn.optional().describe('Role to assume for the state bucket. @default the caller credentials'),
      })
      .describe('Where Terraform keeps its state (S3 backend, always encrypted).'),
    tags: z
      .strictObject({
        environment: text('environment tag').describe('Value of the `environment` tag (e.g. prod).'),
        owner: text('owner tag').describe('Value of the `owner` tag: the team accountable for these backups.'),
        complianceCode: text('compliance code tag').describe('Value of the `compliance-code` tag (the control these backups satisfy).'),
        additional: Tags.optional().describe('Free tags. @default none'),
      })
      .describe('Tags on every resource (provider default tags).'),
    breakGlassRoleName: IamRoleName.optional().describe(
      `The only role allowed to delete recovery points or change their lifecycle. @default ${DEFAULT_BREAK_GLASS_ROLE_NAME}`,
    ),
    ssmParameterPrefix: z
      .string()
      .regex(/^(\/[a-zA-Z0-9_.-]+)+$/, 'must be an SSM path such as /backup-estate')
      .refine((path) => !/^\/(aws|ssm)/i.test(path), 'SSM reserves names starting with "aws" or "ssm" (any case); choose another first level')
      .optional()
      .describe(`Root of the SSM parameters this project publishes. @default ${DEFAULT_SSM_PARAMETER_PREFIX}`),
    vaults: z.array(Vault).optional().describe('Backup vaults. @default none'),
    plans: z.array(Plan).optional().describe('Backup plans. @default none'),
    regionSettings: RegionSettings.optional(),
    orchestration: Orchestration.optional(),
    access: Access.optional(),
    catalog: Catalog.optional(),
  })
  .describe('One AWS account managed by cdktf-aws-backup.');

export type EnvironmentFile = z.infer<typeof EnvironmentFile>;
