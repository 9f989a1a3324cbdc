import { runProcess } from '../terraform/process';

/** What the converter needs of a block schema: which nested keys are blocks (everything else is an attribute). */
export interface BlockShape {
  readonly blocks: Readonly<Record<string, { readonly nesting: string; readonly shape: BlockShape }>>;
}

/** The block shapes of one provider: its own configuration block and each resource type. */
export interface ProviderShapes {
  readonly provider: BlockShape;
  readonly resources: Readonly<Record<string, BlockShape>>;
}

interface RawBlock {
  block_types?: Record<string, { nesting_mode: string; block: RawBlock }>;
}

interface RawSchemas {
  provider_schemas?: Record<string, { provider?: { block: RawBlock }; resource_schemas?: Record<string, { block: RawBlock }> }>;
}

function shapeOf(block: RawBlock | undefined): BlockShape {
  const blocks: Record<string, { nesting: string; shape: BlockShape }> = {};
  for (const [name, type] of Object.entries(block?.block_types ?? {})) {
    blocks[name] = { nesting: type.nesting_mode, shape: shapeOf(type.block) };
  }
  return { blocks };
}

/** Extracts one provider's block shapes from `terraform providers schema -json` output. */
export function providerShapes(schemaJson: string, providerAddress: string): ProviderShapes {
  const schemas = (JSON.parse(schemaJson) as RawSchemas).provider_schemas ?? {};
  const provider = schemas[providerAddress];
  if (!provider) {
    throw new Error(`terraform printed no schema for ${providerAddress} (has: ${Object.keys(schemas).join(', ') || 'none'})`);
  }
  const resources: Record<string, BlockShape> = {};
  for (const [type, schema] of Object.entries(provider.resource_schemas ?? {})) resources[type] = shapeOf(schema.block);
  return { provider: shapeOf(provider.provider?.block), resources };
}

/** Runs `terraform providers schema -json` in an initialized directory. */
export async function readProviderShapes(dir: string, env: NodeJS.ProcessEnv, providerAddress: string): Promise<ProviderShapes> {
  const result = await runProcess('terraform', ['providers', 'schema', '-json'], { cwd: dir, env });
  if (result.code !== 0) throw new Error(`terraform providers schema failed in ${dir}:\n${result.stderr || result.stdout}`);
  return providerShapes(result.stdout, providerAddress);
}
