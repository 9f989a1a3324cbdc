import { z } from 'zod';
import {
  DEFAULT_API_THROTTLING,
  DEFAULT_DEPLOY_BRANCH,
  DEFAULT_MAX_SESSION_HOURS,
  DEFAULT_OIDC_AUDIENCES,
  DEFAULT_READ_SCOPE,
  DEFAULT_SESSION_TAG_KEYS,
  DEFAULT_START_SCOPE,
} from '../defaults';

/*
 * The `access` section of an environment file: who may reach the backup automation, and how. Humans come only
 * through an identity-aware proxy or an OIDC provider (never long-lived keys); CI comes through GitHub Actions
 * OIDC. Cross-field rules (names resolve, ARNs in the partition, OIDC subjects not wide open) live in
 * ../checks/check-access.ts.
 */

/** The issuer of GitHub Actions' OIDC tokens (the `iss` claim); the CI roles trust only a provider of this issuer. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

const RoleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)');

const EntryName = (what: string) =>
  z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, `${what} names are 2-32 lowercase letters, digits or "-", starting with a letter`);

/** STS session tag keys: 1-128 characters of letters, digits, spaces and _.:/=+-@ (TagSession). */
const SessionTagKey = z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, 'session tag keys are 1-128 letters, digits, spaces or _.:/=+-@');

export const IdentityProxy = z
  .strictObject({
    name: EntryName('Identity proxy').describe('Name the role trusts refer to.'),
    roleArns: z
      .array(RoleArn)
      .min(1, 'list at least one proxy role ARN')
      .describe('Roles the identity-aware proxy itself runs as; only they may assume the operator roles for a human.'),
    sessionTagKeys: z
      .array(SessionTagKey)
      .min(1)
      .max(50)
      .optional()
      .describe(`The only session tag keys the proxy may set (the human's attributes, e.g. email, team). @default [${DEFAULT_SESSION_TAG_KEYS.join(', ')}]`),
  })
  .describe(
    'An identity-aware proxy: it assumes a role for an authenticated human, always setting the source identity (the human, kept in CloudTrail for the whole session and any role chain) and session tags.',
  );

export const OidcProvider = z
  .strictObject({
    name: EntryName('OIDC provider').describe('Name the role trusts refer to.'),
    issuerUrl: z
      .string()
      .regex(/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[\w.~/-]*)?$/, 'must be the https issuer URL without a trailing "/" (e.g. https://token.actions.githubusercontent.com)')
      .refine((url) => !url.endsWith('/'), 'must not end with "/" (IAM condition keys are the URL without https://)')
      .describe('Issuer URL (the `iss` claim).'),
    audiences: z
      .array(z.string().min(1).max(255))
      .min(1)
      .optional()
      .describe(`Accepted \`aud\` values (client IDs); roles trust only tokens for them. @default [${DEFAULT_OIDC_AUDIENCES.join(', ')}]`),
    providerArn: z
      .string()
      .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/[\w.~/:-]+$/, 'must be an IAM OIDC provider ARN (arn:<partition>:iam::<account>:oidc-provider/<host/path>)')
      .optional()
      .describe('An IAM OIDC provider that already exists in this account (one per issuer and account). @default created by this stack'),
  })
  .describe('An OpenID Connect identity provider (Okta, Azure AD, GitHub Actions) that roles can trust.');

const OidcTrust = z
  .strictObject({
    provider: z.string().describe('Name of an entry in access.oidcProviders.'),
    subjects: z
      .array(z.string().min(1).max(255))
      .min(1, 'list at least one subject')
      .describe('Accepted `sub` claims (IAM StringLike patterns; a lone "*" is refused).'),
  })
  .describe('Trust an OIDC provider for these subjects.');

export const HumanRoleTrust = z
  .strictObject({
    proxies: z.array(z.string()).optional().describe('Names of entries in access.identityProxies. @default none'),
    oidc: z.array(OidcTrust).optional().describe('OIDC providers and subjects. @default none'),
  })
  .describe('Who may assume the role: at least one proxy or OIDC trust.');

export const GitHubCi = z
  .strictObject({
    oidcProvider: z.string().describe(`Name of the access.oidcProviders entry for ${GITHUB_ACTIONS_ISSUER}.`),
    repository: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/, 'must be <owner>/<repository>')
      .describe('The GitHub repository whose workflows plan and deploy this environment.'),
    deployBranch: z.string().regex(/^[\w./-]{1,255}$/).optional().describe(`Branch whose workflow may deploy. @default ${DEFAULT_DEPLOY_BRANCH}`),
    deployEnvironment: z
      .string()
      .regex(/^[\w.-]{1,255}$/, 'GitHub environment names are letters, digits, ".", "_" or "-"')
      .optional()
      .describe('Protected GitHub environment whose jobs may deploy. Its token subject carries no branch: limit the environment to the deploy branch and require reviewers in GitHub (see README). @default none: the branch'),
  })
  .describe('GitHub Actions: a read-only plan role for pull requests and a deploy role for the main branch or a protected environment.');

export const StartApi = z
  .strictObject({
    issuer: z.string().regex(/^https:\/\/\S+$/, 'must be the https issuer URL of the JWTs').describe('JWT issuer (`iss`).'),
    audiences: z.array(z.string().min(1)).min(1).describe('Accepted JWT audiences (`aud`).'),
    startScope: z.string().regex(/^\S{1,255}$/).optional().describe(`OAuth scope the start routes require. @default ${DEFAULT_START_SCOPE}`),
    readScope: z.string().regex(/^\S{1,255}$/).optional().describe(`OAuth scope the status route requires. @default ${DEFAULT_READ_SCOPE}`),
    throttling: z
      .strictObject({
        burstLimit: z.number().int().min(1).max(5000).describe('Requests in a burst.'),
        rateLimit: z.number().min(1).max(10000).describe('Requests per second, steady.'),
      })
      .optional()
      .describe(`Stage throttling. @default burst ${DEFAULT_API_THROTTLING.burstLimit}, rate ${DEFAULT_API_THROTTLING.rateLimit} per second`),
  })
  .describe('The authenticated HTTP API (in the primary region) that starts backups and drills and reports their status.');

export const Access = z
  .strictObject({
    permissionsBoundaryArn: z
      .string()
      .regex(/^arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,512}$/, 'must be an IAM managed policy ARN')
      .optional()
      .describe('A permissions boundary (e.g. your organization\'s) for every role this project creates. @default the boundaries this project defines'),
    maxSessionHours: z
      .number()
      .int('must be a whole number of hours')
      .min(1)
      .max(12)
      .optional()
      .describe(`Maximum session duration of the human and CI roles (1-12 hours). @default ${DEFAULT_MAX_SESSION_HOURS}`),
    identityProxies: z.array(IdentityProxy).optional().describe('Identity-aware proxies. @default none'),
    oidcProviders: z.array(OidcProvider).optional().describe('OIDC providers. @default none'),
    operator: HumanRoleTrust.optional().describe('Operator role: starts backups and drills, reads their status. @default not created'),
    auditor: HumanRoleTrust.optional().describe('Auditor role: reads jobs, recovery points and the audit table. @default not created'),
    breakGlass: HumanRoleTrust.optional()
      .describe('Break-glass role (named breakGlassRoleName): the only principal the vault policies let delete or shorten recovery points. @default not created'),
    ci: z.strictObject({ github: GitHubCi }).optional().describe('CI roles. @default none'),
    api: StartApi.optional().describe('Start endpoint; needs orchestration in the primary region. @default none'),
  })
  .describe('Operator, auditor, break-glass and CI roles, the identities they trust, their boundaries, and the start endpoint.');

export type AccessConfig = z.infer<typeof Access>;
export type HumanRoleTrustConfig = z.infer<typeof HumanRoleTrust>;
