/**
 * The Backstage entities of one environment: a System; a Resource per vault, notification topic, orchestration table
 * and state machine; a Component per Lambda function; and, with a start endpoint, an API entity carrying its OpenAPI
 * document. Every Resource and Component names its full ARN and region in annotations. Pure.
 */
import { basename } from 'node:path';
import { entityName, entityRef } from './entity-names';
import type { AwsFunctionItem, AwsResourceItem, EnvironmentInventory, InventoryKey } from './inventory';

/** The shape of a catalog entity as this generator writes it (a subset of @backstage/catalog-model's Entity). */
export interface CatalogEntity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly title?: string;
    readonly description?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly tags?: readonly string[];
  };
  readonly spec: Readonly<Record<string, unknown>>;
}

export const CATALOG_API_VERSION = 'backstage.io/v1alpha1';

/** Annotation keys: the ARN and region are what AWS plugins and people look a resource up by. */
export const ARN_ANNOTATION = 'aws.amazon.com/arn';
export const REGION_ANNOTATION = 'aws.amazon.com/region';
export const ACCOUNT_ANNOTATION = 'aws.amazon.com/account-id';

/** Tags on every generated entity, so a catalog search finds the estate. */
export const CATALOG_TAGS: readonly string[] = ['aws', 'aws-backup'];

/** spec.type of the Lambda functions' Components. */
export const FUNCTION_COMPONENT_TYPE = 'service';

/** The entity names of one environment's inventory, by inventory key, and its System and API. */
export interface EnvironmentEntityNames {
  readonly system: string;
  readonly byKey: ReadonlyMap<InventoryKey, { readonly kind: 'resource' | 'component'; readonly name: string }>;
  readonly api?: string;
}

export function environmentEntityNames(inventory: EnvironmentInventory): EnvironmentEntityNames {
  const env = inventory.environment;
  const byKey = new Map<InventoryKey, { kind: 'resource' | 'component'; name: string }>();
  for (const r of inventory.resources) {
    // Vault names are the user's, not prefixed with the environment: "vault" keeps them apart from the project's names.
    const name = r.type === 'backup-vault' ? entityName(env.name, 'vault', r.awsName, r.region) : entityName(r.awsName, r.region);
    byKey.set(r.key, { kind: 'resource', name });
  }
  for (const f of inventory.functions) byKey.set(f.key, { kind: 'component', name: entityName(f.awsName, f.region) });
  return { system: env.catalog.system, byKey, api: inventory.startApi ? entityName(inventory.startApi.awsName) : undefined };
}

/**
 * The entities of one environment, System first, then the API, the Components and the Resources (by type, region and
 * name). `openApiDefinition` is the start API's OpenAPI document as committed (modules/start-api/start-api.openapi.json).
 */
export function environmentEntities(inventory: EnvironmentInventory, openApiDefinition: string): CatalogEntity[] {
  const env = inventory.environment;
  const names = environmentEntityNames(inventory);
  const { owner, lifecycle } = env.catalog;
  const system = entityRef('system', names.system);
  const refOf = (key: InventoryKey): string => {
    const target = names.byKey.get(key);
    if (!target) throw new Error(`catalog: ${env.name} has no inventory item ${key} to depend on`);
    return entityRef(target.kind, target.name);
  };
  const located = (item: AwsResourceItem | AwsFunctionItem) => ({
    name: (names.byKey.get(item.key) as { name: string }).name,
    title: `${item.awsName} (${item.region})`,
    description: item.description,
    annotations: { [ARN_ANNOTATION]: item.arn, [REGION_ANNOTATION]: item.region },
    tags: CATALOG_TAGS,
  });
  const dependsOn = (item: AwsResourceItem | AwsFunctionItem) => (item.dependsOn.length > 0 ? { dependsOn: item.dependsOn.map(refOf) } : {});

  const entities: CatalogEntity[] = [{
    apiVersion: CATALOG_API_VERSION,
    kind: 'System',
    metadata: {
      name: names.system,
      title: `${env.name} backups`,
      description: `AWS Backup of account ${env.accountId} (environment ${env.name}, regions ${env.regions.join(', ')}), ` +
        `deployed by cdktf-aws-backup from ${basename(env.sourceFile)}.`,
      annotations: { [ACCOUNT_ANNOTATION]: env.accountId },
      tags: CATALOG_TAGS,
    },
    spec: { owner, type: 'aws-backup' },
  }];
  if (inventory.startApi && names.api) {
    const api = inventory.startApi;
    entities.push({
      apiVersion: CATALOG_API_VERSION,
      kind: 'API',
      metadata: {
        name: names.api,
        title: `${env.name} start API`,
        description: `Starts on-demand backups and DR drills of ${env.name} and reports their status (HTTP API ${api.awsName} ` +
          `in ${api.region}, JWT). Its base URL is in the SSM parameter ${api.endpointParameter}.`,
        annotations: { [REGION_ANNOTATION]: api.region },
        tags: CATALOG_TAGS,
      },
      spec: { type: 'openapi', lifecycle, owner, system, definition: openApiDefinition },
    });
  }
  for (const fn of inventory.functions) {
    entities.push({
      apiVersion: CATALOG_API_VERSION,
      kind: 'Component',
      metadata: located(fn),
      spec: {
        type: FUNCTION_COMPONENT_TYPE,
        lifecycle,
        owner,
        system,
        ...(fn.servesStartApi && names.api ? { providesApis: [entityRef('api', names.api)] } : {}),
        ...dependsOn(fn),
      },
    });
  }
  const order: readonly string[] = ['backup-vault', 'state-machine', 'dynamodb-table', 'sns-topic'];
  const resources = [...inventory.resources].sort((a, b) =>
    order.indexOf(a.type) - order.indexOf(b.type) || env.regions.indexOf(a.region) - env.regions.indexOf(b.region) || a.awsName.localeCompare(b.awsName));
  for (const resource of resources) {
    entities.push({
      apiVersion: CATALOG_API_VERSION,
      kind: 'Resource',
      metadata: located(resource),
      spec: { type: resource.type, owner, system, ...dependsOn(resource) },
    });
  }
  return entities;
}
