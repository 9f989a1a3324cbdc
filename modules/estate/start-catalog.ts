import type { StartCatalog } from '../../config/function-contract/start-catalog';
import type { EnvironmentModel } from '../../config/model';

/** SSM standard parameters hold at most 4 KB (https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html). */
const STANDARD_PARAMETER_MAX_BYTES = 4096;

/**
 * What the start endpoint of an environment may start, from its configuration: the on-demand rules of the API
 * region's plans and, when the drill machine is exposed, the drills of that region. Published as JSON below
 * PARAMETER_ROOT (FunctionParameter.startCatalog) for the start-execution function.
 */
export function startCatalogOf(env: EnvironmentModel, region: string, options: { readonly drills: boolean }): StartCatalog {
  const drills = options.drills ? (env.orchestration?.drills ?? []).filter((d) => d.region === region) : [];
  return {
    partition: env.partition,
    accountId: env.accountId,
    region,
    onDemandRules: env.plans.filter((p) => p.region === region).flatMap((p) => p.rules.map((r) => `${p.name}/${r.name}`)),
    drills: Object.fromEntries(drills.map((d) => [d.name, {
      resourceArn: d.resourceArn,
      resourceType: d.resourceType,
      ...(d.vaultName ? { vaultName: d.vaultName } : {}),
      restoreMetadataOverrides: d.restoreMetadataOverrides,
      ...(d.targetRecoveryMinutes ? { targetRecoveryMinutes: d.targetRecoveryMinutes } : {}),
    }])),
  };
}

/** The catalog as published; refused when it would not fit a standard parameter. */
export function startCatalogText(catalog: StartCatalog): string {
  const text = JSON.stringify(catalog);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > STANDARD_PARAMETER_MAX_BYTES) {
    throw new Error(`startCatalogText: the start catalog is ${bytes} bytes, more than the ${STANDARD_PARAMETER_MAX_BYTES} of a standard SSM parameter; configure fewer drills in ${catalog.region}`);
  }
  return text;
}
