import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { GitHubCiModel, HumanRoleKind, HumanRoleModel, OidcProviderModel } from '../../config/model';
import { lambdaFunctionName } from '../core/resource-names';
import { deployRoleStatements, planRoleStatements, type TerraformStateLocation } from './ci-permissions';
import { oidcTrustStatement, proxyTrustStatements } from './identity-trust';
import { LeastPrivilegeRole } from '../iam/least-privilege-role';
import type { PublishedParameter } from '../core/published-parameter';
import { humanRoleStatements, type EstateAccess } from './operator-permissions';

export interface AccessRolesProps {
  /** IAM is global: the primary region's provider. */
  readonly provider: AwsProvider;
  readonly environmentName: string;
  /** Of every role created here (3600-43200). */
  readonly maxSessionSeconds: number;
  /** OIDC providers to create in the account; the others are referenced by their ARN. */
  readonly oidcProvidersToCreate: readonly OidcProviderModel[];
  /** Operator, auditor and break-glass roles and who may assume them. @default none */
  readonly humanRoles?: readonly HumanRoleModel[];
  /** What the human roles may reach. */
  readonly estate: EstateAccess;
  /** GitHub Actions plan and deploy roles. @default none */
  readonly ci?: {
    readonly github: GitHubCiModel;
    readonly state: TerraformStateLocation;
    /** The role the providers assume to change the account; the deploy role may assume it. */
    readonly deploymentRoleArn: string;
    /** Terraform resource types of the stack, whose refresh the plan role may read. */
    readonly resourceTypes: readonly string[];
  };
}

const HUMAN_ROLE_PURPOSE: Readonly<Record<HumanRoleKind, string>> = {
  operator: 'Operator: starts backups and drills, reads their status',
  auditor: 'Auditor: reads jobs, recovery points and the audit table',
  'break-glass': 'Break-glass: the only role the vault policies let delete or shorten recovery points',
};

/**
 * The roles people and CI assume, and the OIDC providers they trust: humans only through an identity-aware proxy
 * (source identity required, fixed session tag keys) or an OIDC provider (audience and subject conditions),
 * CI only through GitHub Actions tokens of the configured repository. Every role has a maximum session
 * duration; the stack gives each a permissions boundary.
 */
export class AccessRoles extends Construct {
  /** By provider name; created here or referenced. */
  public readonly oidcProviderArns = new Map<string, string>();
  public readonly oidcProviders = new Map<string, IamOpenidConnectProvider>();
  public readonly humanRoles = new Map<HumanRoleKind, LeastPrivilegeRole>();
  public readonly ciPlanRole?: LeastPrivilegeRole;
  public readonly ciDeployRole?: LeastPrivilegeRole;
  /** Every role's ARN, for the environment's SSM hierarchy (IAM is global: the stack writes them in each region). */
  public readonly publishedParameters: readonly PublishedParameter[];

  constructor(scope: Construct, id: string, props: AccessRolesProps) {
    super(scope, id);
    for (const provider of props.oidcProvidersToCreate) {
      const created = new IamOpenidConnectProvider(this, `oidc-${provider.name}`, {
        provider: props.provider,
        url: provider.issuerUrl,
        clientIdList: [...provider.audiences],
      });
      this.oidcProviders.set(provider.name, created);
      this.oidcProviderArns.set(provider.name, created.arn);
    }
    const providerArn = (provider: OidcProviderModel): string => {
      const arn = provider.existingArn ?? this.oidcProviderArns.get(provider.name);
      if (!arn) throw new Error(`AccessRoles: OIDC provider "${provider.name}" is neither created here nor given by ARN`);
      return arn;
    };
    const oidcTrust = (provider: OidcProviderModel, subjects: readonly string[]) => oidcTrustStatement({
      name: provider.name,
      providerArn: providerArn(provider),
      conditionKeyPrefix: provider.conditionKeyPrefix,
      audiences: provider.audiences,
      subjects,
    });

    for (const human of props.humanRoles ?? []) {
      if (this.humanRoles.has(human.kind)) throw new Error(`AccessRoles: one ${human.kind} role per environment; got a second (${human.roleName})`);
      this.humanRoles.set(human.kind, new LeastPrivilegeRole(this, human.kind, {
        provider: props.provider,
        roleName: human.roleName,
        description: `${HUMAN_ROLE_PURPOSE[human.kind]} (${props.environmentName}, managed by cdktf-aws-backup)`,
        maxSessionSeconds: props.maxSessionSeconds,
        trustStatements: [
          ...human.proxies.flatMap(proxyTrustStatements),
          ...human.oidc.map((o) => oidcTrust(o.provider, o.subjects)),
        ],
        statements: humanRoleStatements(human.kind, props.estate),
      }));
    }

    if (props.ci) {
      const { github } = props.ci;
      this.ciPlanRole = new LeastPrivilegeRole(this, 'ci-plan', {
        provider: props.provider,
        roleName: github.planRoleName,
        description: `CI plan (read-only) for ${github.repository} pull requests (${props.environmentName}, managed by cdktf-aws-backup)`,
        maxSessionSeconds: props.maxSessionSeconds,
        trustStatements: [oidcTrust(github.provider, github.planSubjects)],
        statements: planRoleStatements({
          state: props.ci.state,
          partition: props.estate.partition,
          accountId: props.estate.accountId,
          regions: props.estate.regions,
          resourceTypes: props.ci.resourceTypes,
          names: { functionNamePrefix: lambdaFunctionName(props.environmentName, ''), parameterRoot: props.estate.parameterRoot },
        }),
      });
      this.ciDeployRole = new LeastPrivilegeRole(this, 'ci-deploy', {
        provider: props.provider,
        roleName: github.deployRoleName,
        description: `CI deploy for ${github.repository} (${github.deploySubjects.join(', ')}) (${props.environmentName}, managed by cdktf-aws-backup)`,
        maxSessionSeconds: props.maxSessionSeconds,
        trustStatements: [oidcTrust(github.provider, github.deploySubjects)],
        statements: deployRoleStatements({ state: props.ci.state, deploymentRoleArn: props.ci.deploymentRoleArn }),
      });
    }
    this.publishedParameters = [
      ...[...this.humanRoles].map(([kind, role]) => ({ path: `roles/${kind}/arn`, value: role.role.arn, description: `The ${kind} role people assume` })),
      ...(this.ciPlanRole ? [{ path: 'roles/ci-plan/arn', value: this.ciPlanRole.role.arn, description: 'Read-only role CI assumes to plan' }] : []),
      ...(this.ciDeployRole ? [{ path: 'roles/ci-deploy/arn', value: this.ciDeployRole.role.arn, description: 'Role CI assumes to deploy' }] : []),
    ];
  }
}
