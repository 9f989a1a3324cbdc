/**
 * The GitHub Actions job matrix, computed from the environment models: which environments a pull request plans
 * and which a push to main deploys, with the role each job assumes through GitHub OIDC. Pure.
 */
import type { EnvironmentModel } from '../../../config/model';

export type CiPurpose = 'plan' | 'deploy';

/** One matrix job. */
export interface CiMatrixEntry {
  readonly environment: string;
  /** The region the credentials action talks to STS in: the environment's primary region. */
  readonly region: string;
  /** The role the job assumes with its GitHub OIDC token. */
  readonly roleArn: string;
  /** The GitHub environment a deploy job runs in (its required reviewers gate the apply). */
  readonly githubEnvironment?: string;
  /** Deploy only: the read-only plan role, which the deploy branch's push assumes to plan before the approval. */
  readonly planRoleArn?: string;
}

/** An environment left out of the matrix, and why, so the pull-request comment can say so. */
export interface CiSkip {
  readonly environment: string;
  readonly reason: string;
}

export interface CiMatrix {
  /** `strategy.matrix` of the job: `include` only, so no other key becomes a dimension. */
  readonly matrix: { readonly include: readonly CiMatrixEntry[] };
  readonly skipped: readonly CiSkip[];
}

const ENVIRONMENT_SUBJECT = /:environment:([^:]+)$/;

/**
 * Plan: every environment with `access.ci.github` (its `<env>-backup-ci-plan` role trusts pull requests).
 * Deploy: those whose deploy role trusts a GitHub environment, with the plan role that shows reviewers the plan
 * first. A job that names an environment presents the `environment:<name>` subject, so an environment whose role
 * trusts a branch cannot be deployed behind required reviewers: it is skipped with that reason rather than deployed
 * without them.
 */
export function ciMatrix(models: readonly EnvironmentModel[], purpose: CiPurpose): CiMatrix {
  const include: CiMatrixEntry[] = [];
  const skipped: CiSkip[] = [];
  for (const model of [...models].sort((a, b) => a.name.localeCompare(b.name))) {
    const ci = model.access.ci;
    if (!ci) {
      skipped.push({ environment: model.name, reason: `no access.ci.github in ${model.sourceFile}, so no CI role to assume` });
      continue;
    }
    const roleArn = (name: string) => `arn:${model.partition}:iam::${model.accountId}:role/${name}`;
    if (purpose === 'plan') {
      include.push({ environment: model.name, region: model.primaryRegion, roleArn: roleArn(ci.planRoleName) });
      continue;
    }
    const environments = ci.deploySubjects.map((s) => ENVIRONMENT_SUBJECT.exec(s)?.[1]).filter((e): e is string => e !== undefined);
    if (environments.length === 0) {
      skipped.push({
        environment: model.name,
        reason: `its deploy role trusts ${ci.deploySubjects.join(', ')}, not a GitHub environment with required reviewers (set access.ci.github.deployEnvironment)`,
      });
      continue;
    }
    include.push({
      environment: model.name,
      region: model.primaryRegion,
      roleArn: roleArn(ci.deployRoleName),
      githubEnvironment: environments[0],
      planRoleArn: roleArn(ci.planRoleName),
    });
  }
  return { matrix: { include }, skipped };
}

/** `name=value` lines for `$GITHUB_OUTPUT` (single-line JSON values). */
export function githubOutputLines(result: CiMatrix): string {
  return [
    `matrix=${JSON.stringify(result.matrix)}`,
    `skipped=${JSON.stringify(result.skipped)}`,
    `count=${result.matrix.include.length}`,
  ].join('\n') + '\n';
}
