import type { ValidateStateMachineDefinitionOutput } from '@aws-sdk/client-sfn';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { BackupEnvironmentStack } from '../../../modules/estate/backup-environment-stack';
import { writeEndpointsOverride } from '../../../tools/bench/endpoints-override';
import { prepareTerraformCli } from '../../../tools/lib/terraform/cli-config';
import { readManifest } from '../../../tools/lib/terraform/manifest';
import { writeOfflineOverride } from '../../../tools/lib/terraform/offline-override';
import { runProcess } from '../../../tools/lib/terraform/process';
import { terraformInit, terraformPlanChanges, type PlanChanges } from '../../../tools/lib/terraform/runner';
import { exampleModel } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';
import { terraformToolchain } from '../../support/terraform';

/*
 * An estate applied with cdktf's hashed addresses plans only moves against the readable ones. The proof, offline with
 * the real provider: plan `dev` with hashed addresses, turn that plan's values into a state at the hashed addresses
 * (what an apply would have recorded, computed values aside), then plan both configurations against that state.
 * The hashed configuration then plans no change, and the readable one must move every resource from its hashed address
 * and plan nothing else: no resource is created, changed, destroyed or replaced by the renaming, so each keeps exactly
 * the values it has at its hashed address. Those two last plans need no values, only actions and moves: they read
 * terraform's own plan stream (no saved plan, no `terraform show`).
 */

jest.setTimeout(300_000);

type PlannedResource = { address: string; mode: string; type: string; name: string; schema_version: number; values: Record<string, unknown>; sensitive_values?: Record<string, unknown> };

const dev = exampleModel('dev');
const scratch = tempDirMaker()('readable-addresses-');
const { mirror } = terraformToolchain();
const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(scratch, '.terraformrc'), mirror, offline: true });

/*
 * With every ARN known, the provider asks Step Functions to validate each state machine definition at plan time.
 * Offline, a local endpoint answers that one call as AWS does for a valid definition (the definitions themselves are
 * checked by asl-validator in the state machine tests); any other call is refused and recorded.
 */
const VALID_DEFINITION = { result: 'OK', diagnostics: [] } satisfies ValidateStateMachineDefinitionOutput;
const unexpectedCalls: string[] = [];
const endpoint = http.createServer((request, response) => {
  const target = String(request.headers['x-amz-target'] ?? `${request.method} ${request.url}`);
  request.resume();
  if (target === 'AWSStepFunctions.ValidateStateMachineDefinition') {
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(VALID_DEFINITION));
  } else {
    unexpectedCalls.push(target);
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify({ __type: 'UnknownOperationException' }));
  }
});
let endpointUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  endpointUrl = `http://127.0.0.1:${(endpoint.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => endpoint.close(() => resolve())));

async function synthesized(addresses: 'hashed' | 'readable'): Promise<string> {
  const outdir = path.join(scratch, addresses);
  const app = new App({ outdir });
  new BackupEnvironmentStack(app, dev, { addresses });
  app.synth();
  const { dir } = readManifest(outdir).find((s) => s.name === dev.name)!;
  writeOfflineOverride(dir);
  writeEndpointsOverride(dir, endpointUrl);
  await terraformInit(dir, cli.env);
  return dir;
}

async function planJson(dir: string, refresh: boolean): Promise<any> {
  const args = ['plan', '-input=false', '-no-color', '-lock=false', '-out=p.tfplan', ...(refresh ? [] : ['-refresh=false'])];
  const plan = await runProcess('terraform', args, { cwd: dir, env: cli.env });
  if (plan.code !== 0) throw new Error(`terraform plan in ${dir} failed:\n${plan.stderr}`);
  const show = await runProcess('terraform', ['show', '-json', 'p.tfplan'], { cwd: dir, env: cli.env });
  return JSON.parse(show.stdout);
}

/**
 * Plans whose values make the state: the first plan's values leave unresolved what refers to made-up identifiers
 * inside nested blocks and JSON documents (a policy naming a key's ARN); the second plan, against that state, knows
 * them. Should a change to the stack need a third, the no-change test below fails and says so.
 */
const STATE_ROUNDS = 2;

/** Each resource type's attributes and their types, from the provider's schema. */
async function attributeTypes(dir: string): Promise<Map<string, Map<string, unknown>>> {
  const result = await runProcess('terraform', ['providers', 'schema', '-json'], { cwd: dir, env: cli.env });
  const schemas = JSON.parse(result.stdout).provider_schemas['registry.terraform.io/hashicorp/aws'].resource_schemas as Record<string, { block: { attributes?: Record<string, { type: unknown }> } }>;
  return new Map(Object.entries(schemas).map(([type, schema]) => [type, new Map(Object.entries(schema.block.attributes ?? {}).map(([name, a]) => [name, a.type]))]));
}

type ConfiguredResource = { address: string; provider_config_key: string; expressions?: Record<string, { references?: string[] }> };

/** `type.name.attribute` references of an expression, in order, without repeats. */
function attributeReferences(references: readonly string[] = []): string[] {
  return [...new Set(references.filter((r) => r.split('.').length === 3))];
}

/**
 * A state holding every resource of a plan at its planned address: the planned values, and for what only AWS would
 * know (computed strings such as `arn`, `id`, `url`) a value of the right shape naming the resource, so that the
 * resources referring to it plan with a known value. An unknown argument that refers to such values gets them (one
 * reference: the value; a list: the values in order), which saves the rounds of plans that would otherwise resolve one
 * level of references each; where that guess is wrong, the next round corrects it, and only a no-op plan ends the loop.
 */
function stateFrom(plan: any, types: Map<string, Map<string, unknown>>): string {
  const configured = new Map<string, ConfiguredResource>((plan.configuration.root_module.resources as ConfiguredResource[]).map((r) => [r.address, r]));
  const unknownOf = new Map<string, Record<string, unknown>>((plan.resource_changes as { address: string; change: { after_unknown?: Record<string, unknown> } }[])
    .map((c) => [c.address, c.change.after_unknown ?? {}]));
  const planned = plan.planned_values.root_module.resources as PlannedResource[];
  // The provider alias of a resource is its Region (one aws provider per Region).
  const aliasOf = (r: PlannedResource): string | undefined => (configured.get(r.address)?.provider_config_key ?? 'aws').split('.')[1];
  const attributes = new Map(planned.map((r) => {
    // What AWS would return: identifiers other resources refer to (a made-up value elsewhere, such as a FIFO scope on a
    // standard topic, is refused), and empty collections for computed lists, sets and maps.
    const computed = Object.entries(unknownOf.get(r.address) ?? {}).flatMap(([key, unknown]) => {
      const type = types.get(r.type)?.get(key);
      if (unknown !== true || type === undefined) return [];
      if (type === 'string' && /(^|_)(arn|id|url|endpoint)$/.test(key)) {
        return [[key, /arn$/.test(key) ? `arn:${dev.partition}:fake:${aliasOf(r) ?? dev.primaryRegion}:${dev.accountId}:${r.type}/${r.name}` : `${r.type}-${r.name}-${key}`]];
      }
      if (Array.isArray(type) && (type[0] === 'set' || type[0] === 'list')) return [[key, []]];
      if (Array.isArray(type) && type[0] === 'map') return [[key, {}]];
      return [];
    });
    return [r.address, { ...Object.fromEntries(computed), ...r.values } as Record<string, unknown>];
  }));
  const valueOf = (reference: string) => {
    const [type, name, key] = reference.split('.');
    return attributes.get(`${type}.${name}`)?.[key];
  };
  // References to references: a few passes settle the chains this stack has.
  for (let pass = 0; pass < 3; pass++) {
    for (const r of planned) {
      for (const [key, unknown] of Object.entries(unknownOf.get(r.address) ?? {})) {
        const references = attributeReferences(configured.get(r.address)?.expressions?.[key]?.references);
        const values = references.map(valueOf);
        if (unknown !== true || references.length === 0 || !values.every((v) => typeof v === 'string')) continue;
        const type = types.get(r.type)?.get(key);
        if (type === 'string' && values.length === 1) attributes.get(r.address)![key] = values[0];
        if (Array.isArray(type) && (type[0] === 'set' || type[0] === 'list') && type[1] === 'string') attributes.get(r.address)![key] = values;
      }
    }
  }
  const resources = planned.map((r) => {
    const alias = aliasOf(r);
    return {
      mode: r.mode, type: r.type, name: r.name,
      provider: `provider["registry.terraform.io/hashicorp/aws"]${alias ? `.${alias}` : ''}`,
      // Sensitivity is part of the state: a value recorded without its mark plans an update.
      instances: [{
        schema_version: r.schema_version,
        attributes: attributes.get(r.address),
        sensitive_attributes: Object.entries(r.sensitive_values ?? {}).filter(([, marked]) => marked === true).map(([key]) => [{ type: 'get_attr', value: key }]),
      }],
    };
  });
  return JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'readable-addresses-test', outputs: {}, resources });
}

describe('readable addresses against a state made with the hashed ones', () => {
  let hashedAddresses: string[];
  let hashedChanges: PlanChanges;
  let readableChanges: PlanChanges;
  let moved: { from: string; to: string }[];

  beforeAll(async () => {
    const [hashedDir, readableDir] = [await synthesized('hashed'), await synthesized('readable')];
    const types = await attributeTypes(hashedDir);
    // Apply-free: the state becomes what the hashed configuration plans, round by round (STATE_ROUNDS).
    let plan = await planJson(hashedDir, false);
    for (let round = 1; round <= STATE_ROUNDS; round++) {
      fs.writeFileSync(path.join(hashedDir, 'terraform.tfstate'), stateFrom(plan, types));
      if (round < STATE_ROUNDS) plan = await planJson(hashedDir, false);
    }
    hashedAddresses = (plan.resource_changes as { address: string }[]).map((c) => c.address);
    fs.copyFileSync(path.join(hashedDir, 'terraform.tfstate'), path.join(readableDir, 'terraform.tfstate'));
    hashedChanges = await terraformPlanChanges(hashedDir, cli.env, { refresh: false });
    readableChanges = await terraformPlanChanges(readableDir, cli.env, { refresh: false });
    moved = JSON.parse(fs.readFileSync(path.join(readableDir, 'cdk.tf.json'), 'utf8')).moved;
  });

  it('GIVEN the readable configuration THEN every address is its construct path, without a hash', () => {
    expect(unexpectedCalls).toEqual([]);
    const addresses = Object.keys(readableChanges.moved);
    expect(addresses.length).toBe(hashedAddresses.length);
    for (const address of addresses) expect(address).not.toMatch(/_[0-9A-F]{8}$/);
    const [plan] = dev.plans;
    expect(addresses).toContain(`aws_backup_plan.plan-${plan.region}-${plan.name}_plan`);
  });

  it('GIVEN the state of the hashed addresses WHEN planned with the readable ones THEN every resource is moved from its hashed address', () => {
    expect(moved).toHaveLength(hashedAddresses.length);
    expect(Object.values(readableChanges.moved).sort()).toEqual([...hashedAddresses].sort());
  });

  it('GIVEN the converged state THEN the hashed configuration plans no change at all', () => {
    expect(hashedChanges).toEqual({ add: 0, change: 0, destroy: 0, created: {}, moved: {} });
  });

  it('THEN the readable configuration plans moves only: nothing created, changed or destroyed, so each resource keeps the values it has at its hashed address', () => {
    expect({ ...readableChanges, moved: {} }).toEqual({ add: 0, change: 0, destroy: 0, created: {}, moved: {} });
  });
});
