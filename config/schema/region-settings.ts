import { z } from 'zod';
import { BACKUP_RESOURCE_TYPES } from '../aws-facts';

/*
 * The `regionSettings` section: AWS Backup's Region settings (service opt-in and full management) in every Region of
 * the environment. Which types the estate needs opted in is worked out from the file (../checks/region-settings-facts.ts);
 * this section adds to it, or opts types out.
 */

const ResourceType = z.enum(BACKUP_RESOURCE_TYPES);

export const RegionSettings = z
  .strictObject({
    manage: z.boolean().optional().describe(
      'false leaves the accounts\' Region settings as they are (nothing is checked against them). @default true: the stack manages them in every Region of the environment',
    ),
    optIn: z.array(ResourceType).optional().describe(
      'Further resource types AWS Backup protects in these Regions (tag-based selections back up only opted-in types). '
        + '@default the types AWS lists for every Region (Aurora, CloudFormation, DynamoDB, EBS, EC2, EFS, RDS, Redshift) and every type the file names (selection ARNs, drills, restore tests)',
    ),
    optOut: z.array(ResourceType).optional().describe('Resource types AWS Backup must not protect in these Regions. @default none'),
    fullManagement: z
      .strictObject({
        DynamoDB: z.boolean().optional().describe('Advanced DynamoDB backup: copies across Regions and accounts, cold storage, the vault key. @default true'),
        EFS: z.boolean().optional().describe('@default true'),
      })
      .optional()
      .describe('Full AWS Backup management per resource type. @default DynamoDB and EFS fully managed'),
  })
  .describe('AWS Backup Region settings: which resource types are protected and fully managed. @default managed: the base types and the types the file names opted in, full management on');

export type RegionSettingsConfig = z.infer<typeof RegionSettings>;
