import { requestContextOf } from '../../../config/aws-facts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_API_THROTTLING, DEFAULT_READ_SCOPE, DEFAULT_START_SCOPE } from '../../../config/defaults';
import { DEFAULT_START_API_SCOPES, DEFAULT_START_API_THROTTLING } from '../../../modules/start-api/start-api';
import { TERRAFORM_READS } from '../../../modules/access/terraform-read-actions';
import { AccessRoles } from '../../../modules/access/access-roles';
import { MANAGED_POLICY_MAX_CHARACTERS, PermissionsBoundary } from '../../../modules/iam/permissions-boundary';
import { renderManagedPolicyActions } from '../../../tools/generate/managed-policy-actions';
import type { EnvironmentModel } from '../../../config/model';
import { constructTestStack, exampleModel, exampleModels, parsePolicy, resourcesOf, synthEnvironment, synthJson, type SynthesizedStack } from '../../support/synth';

/*
 * The roles people and CI assume, and the boundaries over every role, asserted on the synthesized Terraform.
 * OIDC token conditions are checked here structurally: the IAM simulator does not evaluate token claims.
 */

const stacks = new Map<string, SynthesizedStack>(exampleModels().map((m) => [m.name, synthEnvironment(m)]));
const stackOf = (name: string) => stacks.get(name) as SynthesizedStack;
const roleNamed = (json: SynthesizedStack, name: string) => {
  const found = resourcesOf(json, 'aws_iam_role').find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found[1];
};
const trustOf = (json: SynthesizedStack, name: string) => parsePolicy(roleNamed(json, name).assume_role_policy).Statement;

describe('OIDC trust (asserted structurally: the simulator ignores token claims)', () => {
  it('GIVEN prod (deploys behind a GitHub environment) WHEN the CI plan role is synthesized THEN only pull requests and pushes to main of the repository, audience sts.amazonaws.com, may assume it', () => {
    const [statement, ...others] = trustOf(stackOf('prod'), 'prod-backup-ci-plan');
    expect(others).toEqual([]);
    expect(statement).toEqual({
      Sid: 'OidcGithub',
      Effect: 'Allow',
      Principal: { Federated: expect.stringMatching(/^\$\{aws_iam_openid_connect_provider\.access_oidc-github\.arn\}$/) },
      Action: ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'],
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'] },
        StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/backup-estate:pull_request', 'repo:acme/backup-estate:ref:refs/heads/main'] },
      },
    });
  });

  it('GIVEN staging (its deploy role trusts the branch, so CI does not deploy it) THEN its CI plan role trusts pull requests only', () => {
    const [statement] = trustOf(stackOf('staging'), 'staging-backup-ci-plan');
    expect(statement.Condition.StringLike).toEqual({ 'token.actions.githubusercontent.com:sub': ['repo:acme/backup-estate:pull_request'] });
  });

  it('GIVEN prod with a protected GitHub environment THEN the deploy role trusts only jobs of that environment', () => {
    const [statement] = trustOf(stackOf('prod'), 'prod-backup-ci-deploy');
    expect(statement.Condition).toEqual({
      StringEquals: { 'token.actions.githubusercontent.com:aud': ['sts.amazonaws.com'] },
      StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/backup-estate:environment:prod'] },
    });
  });

  it('GIVEN staging with an existing GitHub provider and a deploy branch THEN the deploy role names that provider and refs/heads/main', () => {
    const [statement] = trustOf(stackOf('staging'), 'staging-backup-ci-deploy');
    expect(statement.Principal).toEqual({ Federated: 'arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com' });
    expect(statement.Condition.StringLike).toEqual({ 'token.actions.githubusercontent.com:sub': ['repo:acme/backup-estate:ref:refs/heads/main'] });
    // AND no provider is created for it, only Okta's
    expect(resourcesOf(stackOf('staging'), 'aws_iam_openid_connect_provider').map(([, p]) => p.url)).toEqual(['https://acme.okta.com/oauth2/default']);
  });

  it('GIVEN the prod operator THEN Okta tokens need the configured audience and one of the configured subjects', () => {
    const oidc = trustOf(stackOf('prod'), 'prod-backup-operator').filter((s) => s.Principal.Federated);
    expect(oidc).toHaveLength(1);
    expect(oidc[0].Condition).toEqual({
      StringEquals: { 'acme.okta.com/oauth2/default:aud': ['backup-estate'] },
      StringLike: { 'acme.okta.com/oauth2/default:sub': ['00u1a2b3c4d5E6f7g8h9', '00u9z8y7x6w5V4u3t2s1'] },
    });
    const okta = resourcesOf(stackOf('prod'), 'aws_iam_openid_connect_provider').find(([, p]) => p.url === 'https://acme.okta.com/oauth2/default')?.[1];
    expect(okta).toMatchObject({ client_id_list: ['backup-estate'] });
  });

  it('every federated statement of every example has an aud and a sub condition, and no subject that is only wildcards', () => {
    let federated = 0;
    for (const [name, json] of stacks) {
      for (const [, role] of resourcesOf(json, 'aws_iam_role')) {
        for (const statement of parsePolicy(role.assume_role_policy).Statement.filter((s) => s.Principal?.Federated)) {
          federated += 1;
          const keys = [...Object.keys(statement.Condition.StringEquals ?? {}), ...Object.keys(statement.Condition.StringLike ?? {})];
          expect([name, role.name, keys.some((k) => k.endsWith(':aud')), keys.some((k) => k.endsWith(':sub'))]).toEqual([name, role.name, true, true]);
          const subjects = Object.entries(statement.Condition.StringLike).filter(([k]) => k.endsWith(':sub')).flatMap(([, v]) => v as string[]);
          expect(subjects.filter((s) => /^[*?]*$/.test(s))).toEqual([]);
        }
      }
    }
    expect(federated).toBe(6); // prod and staging: the Okta operator trust, the CI plan and deploy roles
  });
});

describe('every role: a boundary, a maximum session, a conditional trust', () => {
  it.each([...stacks.keys()])('%s', (name) => {
    const json = stackOf(name);
    const boundaries = new Set(resourcesOf(json, 'aws_iam_policy').map(([id]) => `\${aws_iam_policy.${id}.arn}`));
    for (const [, role] of resourcesOf(json, 'aws_iam_role')) {
      expect([role.name, boundaries.has(role.permissions_boundary)]).toEqual([role.name, true]);
      expect(role.max_session_duration).toBeGreaterThanOrEqual(3600);
      for (const statement of parsePolicy(role.assume_role_policy).Statement) {
        const keys = Object.values((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((c) => Object.keys(c));
        if (statement.Principal.Service) {
          // Service trusts name the source with exactly the keys AWS documents the service sends (the AWS facts
          // ledger): AWS Backup and API Gateway send none, so their trusts carry none.
          const sends = requestContextOf(statement.Principal.Service, 'sts:AssumeRole')?.sends;
          expect([role.name, sends]).toEqual([role.name, expect.any(Array)]);
          const used = keys.filter((k) => k === 'aws:SourceAccount' || k === 'aws:SourceArn');
          expect([role.name, used.every((k) => sends?.includes(k as never)), used.length > 0 || sends?.length === 0]).toEqual([role.name, true, true]);
          continue;
        }
        expect([role.name, statement.Sid, keys.length > 0]).toEqual([role.name, statement.Sid, true]);
      }
    }
  });

  it('the human and CI roles have the configured maximum session (staging: 2 hours)', () => {
    for (const name of ['staging-backup-operator', 'staging-backup-ci-plan', 'staging-backup-ci-deploy']) {
      expect(roleNamed(stackOf('staging'), name).max_session_duration).toBe(7200);
    }
    expect(roleNamed(stackOf('prod'), 'aws-backup-break-glass').max_session_duration).toBe(3600);
  });
});

describe('permissions boundaries', () => {
  it.each([...stacks.keys()])('%s: every boundary fits IAM\'s size limit, lists actions one by one, and uses "*" only for actions without resource types', (name) => {
    const json = stackOf(name);
    const documents = resourcesOf(json, 'aws_iam_policy').map(([, p]) => parsePolicy(p.policy));
    expect(documents).toHaveLength(3);
    for (const document of documents) {
      expect(JSON.stringify(document).replace(/\s/g, '').length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
      for (const statement of document.Statement) {
        expect([statement.Action].flat().filter((a: string) => a.includes('*'))).toEqual([]);
        const resources = [statement.Resource].flat() as string[];
        if (statement.Sid === 'ActionsWithoutResourceTypes') expect(resources).toEqual(['*']);
        // the ceiling: resources of named accounts, or ARNs that carry no account at all
        else for (const r of resources) expect(r).toMatch(/^arn:aws:\*:\*:(\d{12})?:\*$/);
      }
    }
  });

  it('the workload boundary of prod covers exactly what its roles are granted, in its own account only', () => {
    const json = stackOf('prod');
    const boundary = parsePolicy(resourcesOf(json, 'aws_iam_policy').find(([, p]) => p.name === 'prod-backup-estate-boundary')?.[1].policy).Statement;
    const allowed = new Set(boundary.flatMap((s) => [s.Action].flat()));
    const workloadRoles = resourcesOf(json, 'aws_iam_role').filter(([, r]) => String(r.permissions_boundary).includes('boundary-workload'));
    const granted = new Set(resourcesOf(json, 'aws_iam_role_policy')
      .filter(([, p]) => workloadRoles.some(([id]) => p.role === `\${aws_iam_role.${id}.name}`))
      .flatMap(([, p]) => parsePolicy(p.policy).Statement.flatMap((s) => [s.Action].flat())));
    expect([...allowed].sort()).toEqual([...granted].sort());
    expect(boundary.find((s) => s.Sid === 'ActionsOnResourcesOfTheseAccounts')?.Resource).toEqual(['arn:aws:*:*:222222222222:*', 'arn:aws:*:*::*']);
    // AND nothing that changes IAM, keys or vault protection is within the ceiling
    for (const action of ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:DeleteRolePermissionsBoundary', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration']) {
      expect([action, allowed.has(action)]).toEqual([action, false]);
    }
  });

  it('the backup roles\' boundary reaches the copy destination account (cross-account copies) besides their own', () => {
    const boundary = parsePolicy(resourcesOf(stackOf('prod'), 'aws_iam_policy').find(([, p]) => p.name === 'prod-backup-backup-boundary')?.[1].policy).Statement;
    expect(boundary.find((s) => s.Sid === 'ActionsOnResourcesOfTheseAccounts')?.Resource).toEqual(['arn:aws:*:*:111111111111:*', 'arn:aws:*:*:222222222222:*', 'arn:aws:*:*::*']);
  });

  it('GIVEN a config naming its own boundary THEN every role carries it and the project creates none', () => {
    const base = exampleModel('prod');
    const boundaryArn = 'arn:aws:iam::222222222222:policy/org/platform-boundary';
    const model: EnvironmentModel = { ...base, access: { ...base.access, permissionsBoundaryArn: boundaryArn } };
    const json = synthEnvironment(model);
    expect(resourcesOf(json, 'aws_iam_policy')).toEqual([]);
    expect(new Set(resourcesOf(json, 'aws_iam_role').map(([, r]) => r.permissions_boundary))).toEqual(new Set([boundaryArn]));
  });

  it('rejects wildcard actions, an empty ceiling and a document larger than IAM allows, saying which', () => {
    const { stack, provider } = constructTestStack();
    const props = { provider, partition: 'aws', policyName: 'b', description: 'd', accountIds: ['123456789012'], unscopedActions: [] };
    expect(() => new PermissionsBoundary(stack, 'a', { ...props, scopedActions: ['s3:Get*'] })).toThrow('boundaries list actions one by one; got "s3:Get*" in b');
    expect(() => new PermissionsBoundary(stack, 'b', { ...props, scopedActions: [] })).toThrow('allows no action');
    const many = Array.from({ length: 300 }, (_, i) => `dynamodb:SomeLongActionNameNumber${i}`);
    expect(() => new PermissionsBoundary(stack, 'c', { ...props, scopedActions: many })).toThrow(/is \d+ characters; IAM managed policies hold at most 6144/);
  });

  it('the AWS-managed policy actions are current: regenerate with `npm run generate:managed-actions`', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'modules', 'backup', 'aws-backup-managed-policy-actions.ts'), 'utf8');
    expect(committed).toBe(await renderManagedPolicyActions());
  });
});

describe('CI plan role', () => {
  it.each(['prod', 'staging'])('%s: refreshes every resource type of the final stack, and reads the state without writing it', (name) => {
    const json = stackOf(name);
    const types = Object.keys(json.resource).sort();
    expect(types.filter((t) => !TERRAFORM_READS[t])).toEqual([]);
    const statements = parsePolicy(resourcesOf(json, 'aws_iam_role_policy').find(([, p]) => p.role.includes('access_ci-plan'))?.[1].policy).Statement;
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    for (const type of types) {
      for (const action of [...TERRAFORM_READS[type].scoped, ...(TERRAFORM_READS[type].unscoped ?? [])]) expect([type, action, actions.has(action)]).toEqual([type, action, true]);
    }
    // AND only reads: no Put, Create, Delete, Update, Start, Invoke or data-plane read
    expect([...actions].filter((a) => /:(Put|Create|Delete|Update|Start|Invoke|Send|Tag|Untag|Decrypt|Scan|Query|GetItem|BatchGet)/.test(a))).toEqual([]);
  });

  it.each(['prod', 'staging'])('%s: reads functions and parameters of its own stack only (name prefix, SSM path), which cover every one the stack holds', (name) => {
    const json = stackOf(name);
    const statements = parsePolicy(resourcesOf(json, 'aws_iam_role_policy').find(([, p]) => p.role.includes('access_ci-plan'))?.[1].policy).Statement;
    const resourcesOfService = (service: string) => statements.filter((s) => [s.Action].flat().some((a) => a.startsWith(`${service}:`)) && s.Resource !== '*')
      .flatMap((s) => [s.Resource].flat() as string[]);
    const lambda = resourcesOfService('lambda');
    const ssm = resourcesOfService('ssm');
    expect(lambda.length).toBeGreaterThan(0);
    for (const arn of lambda) expect(arn).toMatch(new RegExp(`:function:${name}-\\*$`));
    for (const arn of ssm) expect(arn).toMatch(new RegExp(`:parameter/backup-estate/${name}/\\*$`));
    const matches = (patterns: string[], value: string) => patterns.some((p) => new RegExp(`^${p.replace(/[.+?^()|[\]\\$]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value));
    for (const [, fn] of resourcesOf(json, 'aws_lambda_function')) {
      expect(matches(lambda.map((a) => a.split(':function:')[1]), fn.function_name)).toBe(true);
    }
    for (const [, parameter] of resourcesOf(json, 'aws_ssm_parameter')) {
      expect(matches(ssm.map((a) => a.split(':parameter')[1]), parameter.name)).toBe(true);
    }
  });
});

describe('AccessRoles', () => {
  it('instantiated twice in one stack with different names, gives no id or name collision', () => {
    const { stack, provider } = constructTestStack();
    const model = exampleModel('prod');
    const estate = { partition: 'aws', accountId: model.accountId, regions: model.regions, parameterRoot: '/x/prod', orchestration: [] };
    const rename = (suffix: string) => model.access.humanRoles.map((r) => ({ ...r, roleName: `${r.roleName}-${suffix}`, oidc: [] }));
    for (const suffix of ['a', 'b']) {
      new AccessRoles(stack, `access-${suffix}`, { provider, environmentName: 'prod', maxSessionSeconds: 3600, oidcProvidersToCreate: [], humanRoles: rename(suffix), estate });
    }
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_iam_role')).toHaveLength(6);
    expect(new Set(resourcesOf(json, 'aws_iam_role').map(([, r]) => r.name)).size).toBe(6);
  });
});

describe('defaults stated twice (config for the model, the construct for direct users) agree', () => {
  it('scopes and throttling of the start endpoint', () => {
    expect({ start: DEFAULT_START_SCOPE, read: DEFAULT_READ_SCOPE }).toEqual(DEFAULT_START_API_SCOPES);
    expect(DEFAULT_API_THROTTLING).toEqual(DEFAULT_START_API_THROTTLING);
  });
});
