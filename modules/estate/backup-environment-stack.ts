import { TerraformElement, TerraformStack, type TerraformVariable } from 'cdktf';
import type { Construct, Node } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import type { AccessRoles } from '../access/access-roles';
import type { BackupPlan } from '../backup/backup-plan';
import type { BackupRegionSettings } from '../backup/backup-region-settings';
import type { BackupServiceRole } from '../backup/backup-service-role';
import type { BackupVault } from '../backup/backup-vault';
import type { NotificationTopic } from '../backup/notification-topic';
import type { ParameterPublisher } from '../core/parameter-publisher';
import { ReadableAddresses } from '../core/readable-addresses';
import { RegionProviders } from '../core/region-providers';
import type { BreakGlassAlert } from '../access/break-glass-alert';
import { bundleFunction, type FunctionCode } from '../functions/function-bundle';
import type { PermissionsBoundary } from '../iam/permissions-boundary';
import { applyRoleBoundaries, type BoundaryKind } from './role-boundaries';
import type { BackupOrchestration } from '../orchestration/backup-orchestration';
import type { OrchestrationFunctionName } from '../orchestration/orchestration-functions';
import { SecurityRulesAspect } from '../security/security-aspect';
import type { StartApi, StartApiFunctionName } from '../start-api/start-api';
import { addAccessRoles } from './access';
import { addBackupResources } from './backup-resources';
import { addOrchestration } from './orchestration';
import { regionParameters } from './parameters';
import { addRegionResources } from './region-resources';
import { addStartEndpoint } from './start-endpoint';
import { configureStateBackend, deploymentRoleVariable } from './terraform-settings';

export interface BackupEnvironmentStackOptions {
  /** Deployment packages of the orchestration functions. @default bundled from lambda-src with esbuild */
  readonly functionCode?: (name: OrchestrationFunctionName | StartApiFunctionName) => FunctionCode;
  /** Check the security rule pack (modules/security/security-rules.ts) at synth; errors fail the synth. @default true */
  readonly securityRules?: boolean;
  /**
   * Resource addresses: `readable` (construct paths, with moved blocks from the hashed ones) or `hashed` (cdktf's
   * default, as stacks were synthesized before; kept to prove the move). @default 'readable'
   */
  readonly addresses?: 'readable' | 'hashed';
}

/**
 * Everything one AWS account gets, in every region its config lists: providers, notification topics, vaults,
 * plans and selections, the backup and restore roles, orchestration, the start endpoint, the people and CI roles,
 * the permissions boundaries over every role, and the SSM parameters that publish them.
 * Stack name = environment name; state in the configured S3 backend.
 *
 * The composition root: each step is a function of this folder that turns the model into one concept's props and
 * returns what it built; later steps receive those results as arguments.
 */
export class BackupEnvironmentStack extends TerraformStack {
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const hashed = super.allocateLogicalId(element);
    return this.addresses && TerraformElement.isTerraformElement(element) ? this.addresses.allocate(element, this, hashed) : hashed;
  }

  public readonly providers: RegionProviders;
  public readonly topics = new Map<string, NotificationTopic>();
  /** Per Region: the alert on the break-glass role's assumption and use. */
  public readonly breakGlassAlerts = new Map<string, BreakGlassAlert>();
  /** Keyed by `<region>/<vault name>`. */
  public readonly vaults = new Map<string, BackupVault>();
  /** Keyed by `<region>/<plan name>`. */
  public readonly plans = new Map<string, BackupPlan>();
  public readonly backupRole: BackupServiceRole;
  public readonly restoreRole: BackupServiceRole;
  /** The publisher of each region. */
  public readonly parameters = new Map<string, ParameterPublisher>();
  /** AWS Backup Region settings, keyed by region; empty when the config leaves them to the account. */
  public readonly regionSettings = new Map<string, BackupRegionSettings>();
  /** Keyed by region; only the orchestration regions. */
  public readonly orchestration: Map<string, BackupOrchestration>;
  /** Role the providers assume; `-var deployment_role_arn=` (empty) plans with the caller's own credentials. */
  public readonly deploymentRoleArn: TerraformVariable;
  public readonly access: AccessRoles;
  /** The project's boundaries, by what they bound; empty when the config names its own boundary. */
  public readonly boundaries: ReadonlyMap<BoundaryKind, PermissionsBoundary>;
  /** The start endpoint (primary region), when the config asks for one. */
  public readonly startApi?: StartApi;
  /** The security rule pack checked at synth (its warnings are in `findings`); undefined when turned off. */
  public readonly securityRules?: SecurityRulesAspect;

  /** Set before the first resource is named (allocateLogicalId runs lazily, at synth). */
  private readonly addresses?: ReadableAddresses;

  constructor(scope: Construct, env: EnvironmentModel, options: BackupEnvironmentStackOptions = {}) {
    super(scope, env.name);
    if (options.addresses !== 'hashed') {
      this.addresses = new ReadableAddresses();
      this.addresses.addLegacyMoves(this);
    }
    if (options.securityRules !== false) this.securityRules = SecurityRulesAspect.applyTo(this);
    configureStateBackend(this, env);
    this.deploymentRoleArn = deploymentRoleVariable(this, env);
    this.providers = new RegionProviders(this, 'aws', {
      regions: env.regions,
      roleArn: this.deploymentRoleArn.stringValue,
      sessionName: env.deployment.sessionName,
      externalId: env.deployment.externalId,
      defaultTags: env.tags,
    });
    const providers = this.providers;

    const regions = addRegionResources(this, env, providers);
    for (const { region, topic, parameters, breakGlassAlert } of regions) {
      this.topics.set(region, topic);
      this.breakGlassAlerts.set(region, breakGlassAlert);
      this.parameters.set(region, parameters);
    }

    const backup = addBackupResources(this, env, { providers, topics: this.topics });
    for (const { region, settings } of backup.regionSettings) this.regionSettings.set(region, settings);
    for (const { model, vault } of backup.vaults) this.vaults.set(`${model.region}/${model.name}`, vault);
    for (const { model, plan } of backup.plans) this.plans.set(`${model.region}/${model.name}`, plan);
    this.backupRole = backup.backupRole;
    this.restoreRole = backup.restoreRole;

    const functionCode = options.functionCode ?? ((name) => bundleFunction(name));
    this.orchestration = addOrchestration(this, env, { ...backup, providers, topics: this.topics, functionCode });
    this.startApi = addStartEndpoint(this, env, { providers, orchestration: this.orchestration, functionCode });

    const workloads = [...this.orchestration.values(), ...(this.startApi ? [this.startApi] : [])];
    this.access = addAccessRoles(this, env, {
      providers,
      orchestration: this.orchestration,
      builtBefore: [
        ...regions.map((r) => r.topic),
        ...backup.regionSettings.map((r) => r.settings),
        ...backup.vaults.map((v) => v.vault),
        backup.backupRole,
        backup.restoreRole,
        ...backup.plans.map((p) => p.plan),
        ...workloads,
      ],
    });

    this.boundaries = applyRoleBoundaries(this, {
      provider: providers.primary,
      partition: env.partition,
      accountId: env.accountId,
      environmentName: env.name,
      copyDestinationAccountIds: [...new Set(env.vaults.flatMap((v) => v.copyDestinationAccountIds))],
      serviceRoles: { backup: backup.backupRole, restore: backup.restoreRole },
      roleOwners: [...workloads, this.access],
      boundaryArn: env.access.permissionsBoundaryArn,
    });

    const sources = {
      ...backup,
      serviceRoles: [backup.backupRole, backup.restoreRole],
      access: this.access,
      boundaries: this.boundaries,
      orchestration: this.orchestration,
      startApi: this.startApi,
    };
    for (const resources of regions) resources.parameters.publishAll(regionParameters(env, resources, sources));
  }
}
