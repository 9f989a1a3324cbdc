import type { AccessModel, GitHubCiModel, HumanRoleKind, HumanRoleModel, IdentityProxyModel, OidcProviderModel } from '../model';
import type { EnvironmentFile, HumanRoleTrustConfig } from '../schema';
import {
  DEFAULT_API_THROTTLING,
  DEFAULT_DEPLOY_BRANCH,
  DEFAULT_MAX_SESSION_HOURS,
  DEFAULT_OIDC_AUDIENCES,
  DEFAULT_READ_SCOPE,
  DEFAULT_SESSION_TAG_KEYS,
  DEFAULT_START_SCOPE,
} from '../defaults';

/** Role names of one environment's human and CI roles. */
export const humanRoleName = (envName: string, kind: Exclude<HumanRoleKind, 'break-glass'>) => `${envName}-backup-${kind}`;
export const ciRoleName = (envName: string, purpose: 'plan' | 'deploy') => `${envName}-backup-ci-${purpose}`;

/**
 * The access model of one validated environment file (names already resolve: ../checks/check-access.ts ran).
 * `breakGlassRoleName` is the resolved name the vault policies use.
 */
export function accessModel(env: EnvironmentFile, breakGlassRoleName: string): AccessModel {
  const access = env.access ?? {};
  const proxies = new Map<string, IdentityProxyModel>((access.identityProxies ?? []).map((p) => [p.name, {
    name: p.name,
    roleArns: [...new Set(p.roleArns)].sort(),
    sessionTagKeys: [...new Set(p.sessionTagKeys ?? DEFAULT_SESSION_TAG_KEYS)].sort(),
  }]));
  const providers = new Map<string, OidcProviderModel>((access.oidcProviders ?? []).map((p) => [p.name, {
    name: p.name,
    issuerUrl: p.issuerUrl,
    conditionKeyPrefix: p.issuerUrl.replace(/^https:\/\//, ''),
    audiences: [...new Set(p.audiences ?? DEFAULT_OIDC_AUDIENCES)].sort(),
    existingArn: p.providerArn,
  }]));
  const provider = (name: string) => providers.get(name) as OidcProviderModel;

  const human = (kind: HumanRoleKind, roleName: string, trust: HumanRoleTrustConfig | undefined): HumanRoleModel[] => trust
    ? [{
        kind,
        roleName,
        proxies: (trust.proxies ?? []).map((name) => proxies.get(name) as IdentityProxyModel),
        oidc: (trust.oidc ?? []).map((t) => ({ provider: provider(t.provider), subjects: [...new Set(t.subjects)].sort() })),
      }]
    : [];
  const humanRoles = [
    ...human('operator', humanRoleName(env.name, 'operator'), access.operator),
    ...human('auditor', humanRoleName(env.name, 'auditor'), access.auditor),
    ...human('break-glass', breakGlassRoleName, access.breakGlass),
  ];

  let ci: GitHubCiModel | undefined;
  const github = access.ci?.github;
  if (github) {
    const repo = `repo:${github.repository}`;
    ci = {
      provider: provider(github.oidcProvider),
      repository: github.repository,
      planRoleName: ciRoleName(env.name, 'plan'),
      deployRoleName: ciRoleName(env.name, 'deploy'),
      // GitHub puts the pull_request event in the subject; a job with an environment gets the environment instead.
      // With a deploy environment, a push to the deploy branch plans first (no environment: the branch subject), so
      // the environment's reviewers see the plan of what they approve.
      planSubjects: github.deployEnvironment
        ? [`${repo}:pull_request`, `${repo}:ref:refs/heads/${github.deployBranch ?? DEFAULT_DEPLOY_BRANCH}`]
        : [`${repo}:pull_request`],
      deploySubjects: github.deployEnvironment
        ? [`${repo}:environment:${github.deployEnvironment}`]
        : [`${repo}:ref:refs/heads/${github.deployBranch ?? DEFAULT_DEPLOY_BRANCH}`],
    };
  }

  const used = new Set([...humanRoles.flatMap((r) => r.oidc.map((o) => o.provider.name)), ...(ci ? [ci.provider.name] : [])]);
  const api = access.api;
  return {
    permissionsBoundaryArn: access.permissionsBoundaryArn,
    maxSessionSeconds: (access.maxSessionHours ?? DEFAULT_MAX_SESSION_HOURS) * 3600,
    oidcProvidersToCreate: [...providers.values()].filter((p) => used.has(p.name) && !p.existingArn),
    humanRoles,
    ci,
    api: api && {
      region: env.regions.primary,
      issuer: api.issuer,
      audiences: [...new Set(api.audiences)].sort(),
      startScope: api.startScope ?? DEFAULT_START_SCOPE,
      readScope: api.readScope ?? DEFAULT_READ_SCOPE,
      throttling: api.throttling ?? DEFAULT_API_THROTTLING,
    },
  };
}
