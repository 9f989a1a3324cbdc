import { DEFAULT_MAX_SESSION_HOURS, DEFAULT_OIDC_AUDIENCES } from '../defaults';
import { GITHUB_ACTIONS_ISSUER, type EnvironmentFile } from '../schema';
import { orchestrationRegions, planRegions } from './environment-facts';
import type { Findings } from './finding';

type Path = (string | number)[];

/**
 * GitHub's `sub` is `repo:<owner>/<repo>:<context>` (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims):
 * owner and repository spelled out, so no other repository's workflow matches.
 */
const GITHUB_REPOSITORY_SUBJECT = /^repo:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+:/;

/** A subject pattern that only wildcards: it would let every identity of the provider in. */
const isWideOpen = (subject: string) => /^[*?]*$/.test(subject) || /^repo:[*?]*(:|$)/.test(subject);

/** Identity proxies, OIDC providers, the roles that trust them, CI and the start endpoint of one environment file. */
export function checkAccess(env: EnvironmentFile, out: Findings): void {
  const access = env.access;
  if (!access) return;
  const arnPrefix = `arn:${env.partition}:`;
  const checkArn = (path: Path, arn: string | undefined) => {
    if (arn !== undefined && !arn.startsWith(arnPrefix)) {
      out.report(path, 'arn/partition', `ARN must start with "${arnPrefix}" (partition ${env.partition})`, arn);
    }
  };
  checkArn(['access', 'permissionsBoundaryArn'], access.permissionsBoundaryArn);

  const unique = (path: Path, kind: string, values: readonly string[]) => {
    const seen = new Set<string>();
    values.forEach((value, i) => {
      if (seen.has(value)) out.report([...path, i], 'access/unique', `${kind} "${value}" is listed twice`, value);
      seen.add(value);
    });
  };
  const proxies = access.identityProxies ?? [];
  const providers = access.oidcProviders ?? [];
  unique(['access', 'identityProxies'], 'identity proxy name', proxies.map((p) => p.name));
  unique(['access', 'oidcProviders'], 'OIDC provider name', providers.map((p) => p.name));
  // IAM keeps one provider per issuer URL and account.
  unique(['access', 'oidcProviders'], 'issuer URL', providers.map((p) => p.issuerUrl));
  proxies.forEach((proxy, i) => proxy.roleArns.forEach((arn, j) => checkArn(['access', 'identityProxies', i, 'roleArns', j], arn)));
  providers.forEach((provider, i) => {
    const path: Path = ['access', 'oidcProviders', i, 'providerArn'];
    const arn = provider.providerArn;
    if (!arn) return;
    checkArn(path, arn);
    const [, , , , account, resource] = arn.split(':');
    if (account !== env.accountId) out.report(path, 'access/oidc-provider-arn', `the provider must be in account ${env.accountId}, not ${account}`, arn);
    const host = provider.issuerUrl.replace(/^https:\/\//, '');
    if (resource !== `oidc-provider/${host}`) {
      out.report(path, 'access/oidc-provider-arn', `the provider ARN must end with oidc-provider/${host} (its issuer URL)`, arn);
    }
  });

  // A proxy assumes the role with its own role session: role chaining, which AWS caps at one hour
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining).
  const chained = (['operator', 'auditor', 'breakGlass'] as const).filter((role) => (access[role]?.proxies ?? []).length > 0);
  if ((access.maxSessionHours ?? DEFAULT_MAX_SESSION_HOURS) > 1 && chained.length > 0) {
    out.report(['access', 'maxSessionHours'], 'access/role-chaining-session', `roles assumed through an identity proxy (${chained.join(', ')}) are role chaining, which AWS limits to one hour; set maxSessionHours to 1 (got ${access.maxSessionHours})`, access.maxSessionHours);
  }

  const proxyNames = new Set(proxies.map((p) => p.name));
  const providerNames = new Set(providers.map((p) => p.name));
  for (const role of ['operator', 'auditor', 'breakGlass'] as const) {
    const trust = access[role];
    if (!trust) continue;
    if ((trust.proxies ?? []).length === 0 && (trust.oidc ?? []).length === 0) {
      out.report(['access', role], 'access/role-trust', 'a role needs at least one identity proxy or OIDC trust (nobody could assume it)', trust);
    }
    (trust.proxies ?? []).forEach((name, i) => {
      if (!proxyNames.has(name)) {
        out.report(['access', role, 'proxies', i], 'access/unknown-identity', `no identity proxy named "${name}" (known: ${[...proxyNames].join(', ') || 'none'})`, name);
      }
    });
    (trust.oidc ?? []).forEach((oidc, i) => {
      if (!providerNames.has(oidc.provider)) {
        out.report(['access', role, 'oidc', i, 'provider'], 'access/unknown-identity', `no OIDC provider named "${oidc.provider}" (known: ${[...providerNames].join(', ') || 'none'})`, oidc.provider);
      }
      const issuer = providers.find((p) => p.name === oidc.provider)?.issuerUrl;
      oidc.subjects.forEach((subject, j) => {
        const subjectPath: Path = ['access', role, 'oidc', i, 'subjects', j];
        if (isWideOpen(subject)) {
          out.report(subjectPath, 'access/oidc-subject', 'a subject that is only wildcards trusts every identity of the provider; name the users, groups or repositories', subject);
        } else if (issuer === GITHUB_ACTIONS_ISSUER && !GITHUB_REPOSITORY_SUBJECT.test(subject)) {
          out.report(subjectPath, 'access/oidc-subject-anchored', 'a GitHub Actions subject must start with "repo:<owner>/<repo>:" without wildcards in owner or repository (any repository could match otherwise)', subject);
        } else if (/^[*?]/.test(subject)) {
          out.report(subjectPath, 'access/oidc-subject-anchored', 'a subject must not start with a wildcard: it matches every identity whose subject ends the same way; name exact subjects', subject);
        }
      });
    });
  }

  const github = access.ci?.github;
  if (github) {
    const path: Path = ['access', 'ci', 'github', 'oidcProvider'];
    const provider = providers.find((p) => p.name === github.oidcProvider);
    if (!provider) {
      out.report(path, 'access/unknown-identity', `no OIDC provider named "${github.oidcProvider}" (known: ${[...providerNames].join(', ') || 'none'})`, github.oidcProvider);
    } else if (provider.issuerUrl !== GITHUB_ACTIONS_ISSUER) {
      out.report(path, 'access/github-issuer', `GitHub Actions tokens come from ${GITHUB_ACTIONS_ISSUER}; provider "${provider.name}" has ${provider.issuerUrl}`, provider.issuerUrl);
    } else if (!(provider.audiences ?? DEFAULT_OIDC_AUDIENCES).includes('sts.amazonaws.com')) {
      out.report(path, 'access/github-issuer', 'aws-actions/configure-aws-credentials asks for audience sts.amazonaws.com; the provider does not accept it', provider.audiences);
    }
  }

  if (access.api) {
    const primary = env.regions.primary;
    // The orchestrator exists only where a plan runs (an onDemandRule naming a plan of another region does not make one).
    const planInPrimary = (env.plans ?? []).some((plan) => planRegions(env, plan).includes(primary));
    if (!orchestrationRegions(env).includes(primary) || !planInPrimary) {
      out.report(['access', 'api'], 'access/api-orchestration', `the start endpoint lives in the primary region ${primary}, which needs orchestration with a backup plan there (the orchestrator it starts)`, primary);
    }
  }
}
