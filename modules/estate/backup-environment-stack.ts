import { FunctionParameter } from '../../config/function-contract/parameter-names';
import { terraformRequirement } from '../core/terraform-requirements';
import { S3Backend, TerraformElement, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct, Node } from 'constructs';
import type { EnvironmentModel } from '../../config/model';
import { IDENTIFYING_TAG_KEYS } from '../../config/tag-names';
import { AccessRoles } from '../access/access-roles';
import { BackupOrchestration } from '../orchestration/backup-orchestration';
import { BackupPlan } from '../backup/backup-plan';
import { BackupRegionSettings } from '../backup/backup-region-settings';
import { BackupServiceRole, type CopyDestinationKey } from '../backup/backup-service-role';
import { BackupVault } from '../backup/backup-vault';
import { bundleFunction, type FunctionCode } from '../functions/function-bundle';
import type { OrchestrationFunctionName } from '../orchestration/orchestration-functions';
import { NotificationTopic } from '../backup/notification-topic';
import type { EstateAccess } from '../access/operator-permissions';
import { ParameterPublisher } from '../core/parameter-publisher';
import type { PermissionsBoundary } from '../iam/permissions-boundary';
import { ReadableAddresses } from '../core/readable-addresses';
import { RegionProviders } from '../core/region-providers';
import { breakGlassAlertRuleName, notificationTopicName, topicArnOf, vaultKeyAliasName } from '../core/resource-names';
import { BreakGlassAlert } from '../access/break-glass-alert';
import { iamRoleArn } from '../core/aws-partition';
import { applyRoleBoundaries, type BoundaryKind } from '../iam/role-boundaries';
import { SecurityRulesAspect } from '../security/security-aspect';
import { StartApi, type StartApiFunctionName } from '../start-api/start-api';
import { startCatalogOf, startCatalogText } from '../start-api/start-catalog';

/* Longer than 300 lines because it is the composition root of one environment: it wires every construct (each in its own file) and publishes the SSM parameters, a few lines per construct. Splitting it by concept (vaults and plans, orchestration, access) is part of the layout issue (15). */

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
 * plans and selections, the backup and restore roles, and the SSM parameters that publish them.
 * Stack name = environment name; state in the configured S3 backend.
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
  public readonly parameters = new Map<string, ParameterPublisher>();
  /** AWS Backup Region settings, keyed by region; empty when the config leaves them to the account. */
  public readonly regionSettings = new Map<string, BackupRegionSettings>();
  /** Keyed by region; only the orchestration regions. */
  public readonly orchestration = new Map<string, BackupOrchestration>();
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
    const backend = new S3Backend(this, {
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
    this.addOverride('terraform.required_version', `>= ${terraformRequirement(!env.state.lockTable).minimum}`);

    this.deploymentRoleArn = new TerraformVariable(this, 'deployment_role_arn', {
      type: 'string',
      default: env.deployment.roleArn,
      nullable: false,
      description: 'Role the AWS providers assume. Empty: no role is assumed (the CI plan role plans with its own read-only credentials).',
    });
    this.providers = new RegionProviders(this, 'aws', {
      regions: env.regions,
      roleArn: this.deploymentRoleArn.stringValue,
      sessionName: env.deployment.sessionName,
      externalId: env.deployment.externalId,
      defaultTags: env.tags,
    });
    const location = (region: string) => ({ partition: env.partition, region, accountId: env.accountId });

    for (const region of env.regions) {
      this.topics.set(region, new NotificationTopic(this, `notifications-${region}`, {
        provider: this.providers.forRegion(region),
        location: location(region),
        topicName: notificationTopicName(env.name),
        alertRuleName: breakGlassAlertRuleName(env.name),
      }));
      // Whether or not this file creates the role: the vault policies let a role of that name empty the vaults.
      this.breakGlassAlerts.set(region, new BreakGlassAlert(this, `break-glass-alert-${region}`, {
        provider: this.providers.forRegion(region),
        ruleName: breakGlassAlertRuleName(env.name),
        roleArn: iamRoleArn(env.partition, env.accountId, env.breakGlassRoleName),
        topicArn: topicArnOf(location(region), notificationTopicName(env.name)),
      }));
      this.parameters.set(region, new ParameterPublisher(this, `parameters-${region}`, {
        provider: this.providers.forRegion(region),
        root: `${env.ssmParameterPrefix}/${env.name}`,
      }));
    }

    for (const settings of env.regionSettings) {
      this.regionSettings.set(settings.region, new BackupRegionSettings(this, `region-settings-${settings.region}`, {
        provider: this.providers.forRegion(settings.region),
        optIn: settings.optIn,
        fullManagement: settings.fullManagement,
      }));
    }

    for (const vault of env.vaults) {
      const topic = this.topics.get(vault.region) as NotificationTopic;
      this.vaults.set(`${vault.region}/${vault.name}`, new BackupVault(this, `vault-${vault.region}-${vault.name}`, {
        provider: this.providers.forRegion(vault.region),
        location: location(vault.region),
        vaultName: vault.name,
        encryption: vault.encryption.kind === 'create'
          ? { ...vault.encryption, keyAliasName: vaultKeyAliasName(env.name, vault.name) }
          : vault.encryption,
        airGapped: vault.airGapped && vault.retention
          ? { minRetentionDays: vault.retention.minDays, maxRetentionDays: vault.retention.maxDays }
          : undefined,
        breakGlassRoleName: env.breakGlassRoleName,
        lock: vault.lock,
        notifications: vault.notificationEvents.length > 0 ? { topicArn: topic.topicArn, events: vault.notificationEvents } : undefined,
        copySources: vault.copySources,
        copyDestinationAccountIds: vault.copyDestinationAccountIds,
      }));
    }

    const vaultKeys = [...this.vaults.entries()]
      .filter(([, v]) => v.keyArn !== undefined)
      .map(([key, v]) => ({ region: key.split('/')[0], keyArn: v.keyArn as string }));
    const iam = { provider: this.providers.primary, partition: env.partition, accountId: env.accountId, vaultKeys };
    this.backupRole = new BackupServiceRole(this, 'backup-role', {
      ...iam, roleName: `${env.name}-backup-service`, purpose: 'backup', copyDestinationKeys: copyDestinationKeys(env),
    });
    this.restoreRole = new BackupServiceRole(this, 'restore-role', { ...iam, roleName: `${env.name}-backup-restore`, purpose: 'restore' });

    for (const plan of env.plans) {
      const regionVaults = new Map(
        [...this.vaults.entries()].filter(([key]) => key.startsWith(`${plan.region}/`)).map(([, v]) => [v.vaultName, v.resource] as const),
      );
      this.plans.set(`${plan.region}/${plan.name}`, new BackupPlan(this, `plan-${plan.region}-${plan.name}`, {
        provider: this.providers.forRegion(plan.region),
        name: plan.name,
        vaults: regionVaults,
        rules: plan.rules.map((rule) => ({
          ...rule,
          copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: c.lifecycle })),
        })),
        selections: plan.selections.map((s) => ({ ...s, iamRoleArn: this.backupRole.role.arn })),
      }));
    }

    const functionCode = options.functionCode ?? ((name) => bundleFunction(name));
    this.addOrchestration(env, functionCode);
    this.startApi = this.addStartApi(env, functionCode);
    this.access = this.addAccessRoles(env);
    // Last role created: every role gets its boundary now.
    this.boundaries = applyRoleBoundaries(this, {
      provider: this.providers.primary,
      partition: env.partition,
      accountId: env.accountId,
      environmentName: env.name,
      copyDestinationAccountIds: [...new Set(env.vaults.flatMap((v) => v.copyDestinationAccountIds))],
      serviceRoles: { backup: this.backupRole, restore: this.restoreRole },
      boundaryArn: env.access.permissionsBoundaryArn,
    });
    this.publishParameters(env);
  }

  private addStartApi(env: EnvironmentModel, functionCode: (name: StartApiFunctionName) => FunctionCode): StartApi | undefined {
    const api = env.access.api;
    if (!api || !env.orchestration) return undefined;
    const orchestration = this.orchestration.get(api.region);
    if (!orchestration?.orchestrator) throw new Error(`BackupEnvironmentStack: the start endpoint needs an orchestrator in ${api.region}; config rule access/api-orchestration should have refused this`);
    return new StartApi(this, `start-api-${api.region}`, {
      provider: this.providers.forRegion(api.region),
      location: { partition: env.partition, region: api.region, accountId: env.accountId },
      environmentName: env.name,
      jwt: { issuer: api.issuer, audiences: api.audiences },
      scopes: { start: api.startScope, read: api.readScope },
      throttling: api.throttling,
      orchestratorStateMachineArn: orchestration.orchestrator.stateMachineArn,
      drillStateMachineArn: orchestration.drDrill.stateMachineArn,
      kmsKeyArn: orchestration.key.key.arn,
      logRetentionDays: env.orchestration.logRetentionDays,
      code: functionCode('execution-status'),
      startCode: functionCode('start-execution'),
      deadLetterQueueArn: orchestration.functionsDeadLetterQueue.queue.arn,
      parameterRoot: `${env.ssmParameterPrefix}/${env.name}`,
    });
  }

  private addAccessRoles(env: EnvironmentModel): AccessRoles {
    const estate: EstateAccess = {
      partition: env.partition,
      accountId: env.accountId,
      regions: env.regions,
      parameterRoot: `${env.ssmParameterPrefix}/${env.name}`,
      orchestration: [...this.orchestration.entries()].map(([region, o]) => ({
        region,
        startableMachineArns: [o.orchestrator, o.drDrill].flatMap((m) => (m ? [m.stateMachineArn] : [])),
        machineArns: [o.orchestrator, o.jobRecovery, o.drDrill].flatMap((m) => (m ? [m.stateMachineArn] : [])),
        auditTableArn: o.auditTable.table.arn,
        keyArn: o.key.key.arn,
      })),
    };
    const github = env.access.ci;
    return new AccessRoles(this, 'access', {
      provider: this.providers.primary,
      environmentName: env.name,
      maxSessionSeconds: env.access.maxSessionSeconds,
      oidcProvidersToCreate: env.access.oidcProvidersToCreate,
      humanRoles: env.access.humanRoles,
      estate,
      ci: github && {
        github,
        state: { partition: env.partition, accountId: env.accountId, ...env.state },
        deploymentRoleArn: env.deployment.roleArn,
        // Created after this point: the OIDC providers (by AccessRoles), boundaries and parameters. A test checks
        // the final stack against this list.
        resourceTypes: [...new Set([
          ...this.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource).map((r) => r.terraformResourceType),
          ...(env.access.oidcProvidersToCreate.length > 0 ? ['aws_iam_openid_connect_provider'] : []),
          'aws_iam_policy',
          'aws_ssm_parameter',
        ])].filter((t) => t.startsWith('aws_')).sort(),
      },
    });
  }

  private addOrchestration(env: EnvironmentModel, functionCode: (name: OrchestrationFunctionName) => FunctionCode): void {
    const orchestration = env.orchestration;
    if (!orchestration) return;
    for (const region of orchestration.regions) {
      const topic = this.topics.get(region) as NotificationTopic;
      const plans = env.plans.filter((p) => p.region === region);
      this.orchestration.set(region, new BackupOrchestration(this, `orchestration-${region}`, {
        provider: this.providers.forRegion(region),
        location: { partition: env.partition, region, accountId: env.accountId },
        environmentName: env.name,
        parameterRoot: `${env.ssmParameterPrefix}/${env.name}`,
        topic: { arn: topic.topic.arn, keyArn: topic.key.arn },
        backupRole: { arn: this.backupRole.role.arn },
        restoreRole: { arn: this.restoreRole.role.arn },
        vaultNames: env.vaults.filter((v) => v.region === region && !v.airGapped).map((v) => v.name),
        onDemandRules: plans.flatMap((plan) => plan.rules.map((rule) => ({
          key: `${plan.name}/${rule.name}`,
          vaultName: rule.vaultName,
          lifecycle: rule.lifecycle,
          copies: rule.copies.map((c) => ({ destinationVaultArn: c.destinationVaultArn, lifecycle: c.lifecycle })),
        }))),
        defaultOnDemandRuleKey: orchestration.defaultOnDemandRule[region]?.key,
        planIds: plans.map((p) => (this.plans.get(`${region}/${p.name}`) as BackupPlan).plan.id),
        recoveryPointTags: recoveryPointTags(env),
        recovery: orchestration.recovery,
        drills: orchestration.drills,
        restoreTesting: orchestration.restoreTesting,
        callbackTimeoutSeconds: orchestration.callbackTimeoutSeconds,
        maxJobDurationSeconds: orchestration.maxJobDurationSeconds,
        auditRetentionDays: orchestration.auditRetentionDays,
        logRetentionDays: orchestration.logRetentionDays,
        functionCode,
      }));
    }
  }

  private publishParameters(env: EnvironmentModel): void {
    for (const region of env.regions) {
      const publish = this.parameters.get(region) as ParameterPublisher;
      const topic = this.topics.get(region) as NotificationTopic;
      publish.publish('environment/account-id', env.accountId, 'AWS account of this environment');
      publish.publish('environment/partition', env.partition, 'AWS partition of this environment');
      publish.publish('environment/primary-region', env.primaryRegion, 'Primary region (IAM and global resources)');
      publish.publish('notifications/topic-arn', topic.topic.arn, 'SNS topic for backup notifications in this region');
      publish.publish('notifications/kms-key-arn', topic.key.arn, 'KMS key encrypting the notification topic');
      publish.publish('roles/backup-service/arn', this.backupRole.role.arn, 'Role AWS Backup assumes to take backups');
      publish.publish('roles/restore/arn', this.restoreRole.role.arn, 'Role AWS Backup assumes to restore');
      for (const [kind, role] of this.access.humanRoles) publish.publish(`roles/${kind}/arn`, role.role.arn, `The ${kind} role people assume`);
      if (this.access.ciPlanRole) publish.publish('roles/ci-plan/arn', this.access.ciPlanRole.role.arn, 'Read-only role CI assumes to plan');
      if (this.access.ciDeployRole) publish.publish('roles/ci-deploy/arn', this.access.ciDeployRole.role.arn, 'Role CI assumes to deploy');
      for (const [kind, boundary] of this.boundaries) {
        publish.publish(`permissions-boundaries/${kind}/arn`, boundary.arn, `Permissions boundary of the ${kind} roles`);
      }
      for (const [key, vault] of this.vaults) {
        if (!key.startsWith(`${region}/`)) continue;
        publish.publish(`vaults/${vault.vaultName}/arn`, vault.resource.arn, `ARN of backup vault ${vault.vaultName}`);
        publish.publish(`vaults/${vault.vaultName}/name`, vault.resource.name, `Name of backup vault ${vault.vaultName}`);
        if (vault.keyArn) publish.publish(`vaults/${vault.vaultName}/kms-key-arn`, vault.keyArn, `KMS key of backup vault ${vault.vaultName}`);
      }
      this.publishOrchestration(env, region, publish);
      for (const [key, plan] of this.plans) {
        if (!key.startsWith(`${region}/`)) continue;
        const name = key.slice(region.length + 1);
        publish.publish(`${FunctionParameter.plans}/${name}/id`, plan.plan.id, `ID of backup plan ${name}`);
        publish.publish(`${FunctionParameter.plans}/${name}/arn`, plan.plan.arn, `ARN of backup plan ${name}`);
      }
    }
  }

  private publishOrchestration(env: EnvironmentModel, region: string, publish: ParameterPublisher): void {
    if (this.startApi && env.access.api?.region === region) {
      publish.publish('start-api/endpoint', this.startApi.endpoint, 'Base URL of the start endpoint (HTTP API, JWT)');
      publish.publish('start-api/id', this.startApi.api.id, 'ID of the start endpoint HTTP API');
      publish.publish('functions/execution-status/arn', this.startApi.statusFunction.function.arn, 'ARN of the execution-status function');
      publish.publish('functions/start-execution/arn', this.startApi.startFunction.function.arn, 'ARN of the start-execution function');
      const catalog = startCatalogOf(env, region, { drills: this.startApi.routes.has('POST /drills') });
      publish.publish(FunctionParameter.startCatalog, startCatalogText(catalog), 'What the start endpoint may start: on-demand rules and drills (JSON)');
    }
    const orchestration = this.orchestration.get(region);
    if (!orchestration || !env.orchestration) return;
    publish.publish(FunctionParameter.environmentName, env.name, 'Environment name');
    publish.publish(FunctionParameter.recoveryPointTags, JSON.stringify(recoveryPointTags(env)), 'Tags every recovery point of this environment gets (JSON)');
    publish.publish('orchestration/kms-key-arn', orchestration.key.key.arn, 'KMS key of the orchestration tables, queues and logs');
    publish.publish(FunctionParameter.taskTokenTable, orchestration.taskTokenTable.table.name, 'DynamoDB table of task tokens, keyed by job ID');
    publish.publish(FunctionParameter.auditTable, orchestration.auditTable.table.name, 'DynamoDB audit table of every backup, copy and restore job');
    publish.publish('orchestration/audit-table/arn', orchestration.auditTable.table.arn, 'ARN of the audit table');
    publish.publish(FunctionParameter.idempotencyTable, orchestration.idempotencyTable.table.name, 'Powertools idempotency table');
    publish.publish(FunctionParameter.auditRetentionDays, String(env.orchestration.auditRetentionDays), 'Days audit records are kept');
    const machines = { 'backup-orchestrator': orchestration.orchestrator, 'job-recovery': orchestration.jobRecovery, 'dr-drill': orchestration.drDrill };
    for (const [name, machine] of Object.entries(machines)) {
      if (machine) publish.publish(`orchestration/${name}/arn`, machine.stateMachine.arn, `ARN of the ${name} state machine`);
    }
    for (const [name, fn] of orchestration.functions.functions) {
      publish.publish(`functions/${name}/arn`, fn.function.arn, `ARN of the ${name} function`);
    }
  }
}

/** Keys of other accounts' vaults this environment's copies land in (AWS-owned keys of air-gapped vaults need no grant). */
function copyDestinationKeys(env: EnvironmentModel): CopyDestinationKey[] {
  const keys = env.plans.flatMap((plan) => plan.rules.flatMap((rule) => rule.copies))
    .filter((c) => c.destinationAccountId !== env.accountId && c.destinationEncryption.kind !== 'aws-owned')
    .map((c): CopyDestinationKey => ({
      region: c.destinationRegion,
      accountId: c.destinationAccountId,
      ...(c.destinationEncryption.kind === 'existing'
        ? { keyArn: c.destinationEncryption.keyArn }
        : { aliasName: vaultKeyAliasName(c.destinationEnvironment, c.destinationVaultName) }),
    }));
  return [...new Map(keys.map((k) => [JSON.stringify(k), k])).values()];
}

/** Tags every recovery point gets: the environment's identifying tags, not its free ones. */
function recoveryPointTags(env: EnvironmentModel): Record<string, string> {
  return Object.fromEntries(IDENTIFYING_TAG_KEYS.filter((k) => env.tags[k] !== undefined).map((k) => [k, env.tags[k]]));
}
