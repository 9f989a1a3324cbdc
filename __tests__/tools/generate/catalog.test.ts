import {
  apiEntityV1alpha1Validator, componentEntityV1alpha1Validator, DefaultNamespaceEntityPolicy, EntityPolicies, FieldFormatEntityPolicy,
  locationEntityV1alpha1Validator, NoForeignRootFieldsEntityPolicy, parseEntityRef, resourceEntityV1alpha1Validator, SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator, type Entity,
} from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseEnvironments } from '../../../config/load';
import type { EnvironmentModel } from '../../../config/model';
import { IDEMPOTENCY_HEADER, START_API_ROUTES } from '../../../modules/start-api/start-api-routes';
import { main, runCatalog, type CatalogOutput } from '../../../tools/generate/catalog';
import { ARN_ANNOTATION, REGION_ANNOTATION, type CatalogEntity } from '../../../tools/lib/catalog/entities';
import { entityName, MAX_ENTITY_NAME_LENGTH } from '../../../tools/lib/catalog/entity-names';
import { compareWithDisk, writeFiles } from '../../../tools/lib/catalog/files';
import { CatalogError } from '../../../tools/lib/catalog/errors';
import { generateCatalog, LOCATION_FILE, TEMPLATE_FILE } from '../../../tools/lib/catalog/generate';
import { HTTP_REQUEST_ACTION, TEMPLATE_API_VERSION } from '../../../tools/lib/catalog/template';
import { OPENAPI_PATH } from '../../../tools/generate/openapi';
import { examples } from '../../support/environment-fixtures';
import { ReferenceResolver } from '../../support/resolve-references';
import { EXAMPLES_DIR, exampleModels, synthEnvironment, type SynthesizedStack } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

/** Temporary folders of this file, removed when it has run. */
const tempDir = tempDirMaker();

/*
 * The Backstage catalog (`npm run catalog`, tools/lib/catalog/): valid for Backstage's own validators, every relation
 * resolvable, every ARN and name the one the stacks create, and the committed catalog/ folder current.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const OPENAPI_TEXT = fs.readFileSync(OPENAPI_PATH, 'utf8');

const models = exampleModels();
const catalog = generateCatalog({ environments: models, openApiDefinition: OPENAPI_TEXT });
const allEntities = catalog.files.flatMap((f) => f.entities);
const fileOf = (environment: string) => catalog.files.find((f) => f.environment === environment)!;
const asEntity = (entity: CatalogEntity) => JSON.parse(JSON.stringify(entity)) as Entity;

/** The policies a Backstage catalog applies to every entity it ingests. */
const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);
const kindValidators = [
  systemEntityV1alpha1Validator, resourceEntityV1alpha1Validator, componentEntityV1alpha1Validator, apiEntityV1alpha1Validator,
  locationEntityV1alpha1Validator, templateEntityV1beta3Validator,
];

/** The entity passes the policies and exactly one kind validator accepts it (a validator throws on its kind's errors). */
async function validate(entity: Entity): Promise<void> {
  await policies.enforce(entity);
  const accepted = await Promise.all(kindValidators.map((v) => v.check(entity)));
  if (accepted.filter(Boolean).length !== 1) throw new Error(`${entity.kind} ${entity.metadata.name}: accepted by ${accepted.filter(Boolean).length} kind validators`);
}

/** `kind:namespace/name`, lower case: how Backstage matches a relation to its target. */
const keyOf = (entity: { kind: string; metadata: { name: string } }) => `${entity.kind}:default/${entity.metadata.name}`.toLowerCase();
const keyOfRef = (ref: string, defaultKind: string) => {
  const { kind, namespace, name } = parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
  return `${kind}:${namespace}/${name}`.toLowerCase();
};

describe('catalog config (catalog section of an environment file)', () => {
  it('takes the owner from the owner tag by default, and resolves every default', () => {
    // GIVEN staging.yaml without a catalog section (owner tag platform-team)
    // WHEN it is loaded
    const staging = models.find((m) => m.name === 'staging')!;
    // THEN its owner is the tag's group, its system <name>-backup, its lifecycle production
    expect(staging.catalog).toEqual({ owner: 'group:default/platform-team', system: 'staging-backup', lifecycle: 'production' });
  });

  it('keeps explicit values and completes short owner references', () => {
    // GIVEN dev.yaml's catalog section, and prod's owner written as "user:jane" and a system of its own
    const dev = models.find((m) => m.name === 'dev')!;
    const set = examples().edit('prod', (d) => { d.catalog = { owner: 'user:jane', system: 'orders-backups' }; });
    // WHEN they are loaded
    const prod = parseEnvironments(set.sources()).find((m) => m.name === 'prod')!;
    // THEN dev keeps its values, and prod's owner becomes a full reference in the default namespace
    expect(dev.catalog).toEqual({ owner: 'group:default/app-team-sydney', system: 'dev-backup', lifecycle: 'experimental' });
    expect(prod.catalog).toEqual({ owner: 'user:default/jane', system: 'orders-backups', lifecycle: 'production' });
  });
});

describe('Backstage catalog of the example environments', () => {
  it('has one file per environment, the template and the Location, with these entities', () => {
    // GIVEN the four example environments WHEN the catalog is generated
    // THEN per environment: a System; a Component per function (six orchestration functions per orchestration region,
    // plus start-execution and execution-status with a start API); Resources for vaults (per region), topics (per region), three tables and
    // the state machines (orchestrator and job recovery only where plans run, dev has recovery off)
    const counts = Object.fromEntries(catalog.files.filter((f) => f.environment).map((f) => [f.environment, countKinds(f.entities)]));
    expect(counts).toEqual({
      // vaults central x2 regions + air-gapped, topics x2, tables x3, dr-drill only (no plans)
      'backup-central': { System: 1, Component: 6, Resource: 9 },
      // vault, topic, tables x3, orchestrator + dr-drill
      dev: { System: 1, Component: 6, Resource: 7 },
      // vault x2 regions, topics x2, tables x3, three machines; the start API and its status function
      prod: { System: 1, API: 1, Component: 8, Resource: 10 },
      // vault, topic, tables x3, three machines
      staging: { System: 1, Component: 6, Resource: 8 },
    });
    expect(catalog.files.map((f) => f.path)).toEqual(['backup-central.yaml', 'dev.yaml', 'prod.yaml', 'staging.yaml', TEMPLATE_FILE, LOCATION_FILE]);
  });

  it.each(catalog.files.map((f) => f.path))('%s: every entity passes its kind validator and the entity policies', async (file) => {
    // GIVEN one generated file, parsed back from its YAML text as Backstage would read it
    const parsed = parseAllDocuments(catalog.files.find((f) => f.path === file)!.text).map((d) => d.toJS() as Entity);
    // THEN it holds exactly the generated entities, one per document
    expect(parsed).toEqual(catalog.files.find((f) => f.path === file)!.entities.map(asEntity));
    // AND each passes Backstage's policies and the validator of its kind
    for (const entity of parsed) await expect(validate(entity)).resolves.toBeUndefined();
  });

  it('the validators reject deliberately broken entities, so the check above can fail', async () => {
    // GIVEN a valid Resource, Component and Template of the catalog
    const resource = asEntity(allEntities.find((e) => e.kind === 'Resource')!);
    const component = asEntity(allEntities.find((e) => e.kind === 'Component')!);
    const template = asEntity(allEntities.find((e) => e.kind === 'Template')!);
    await expect(validate(resource)).resolves.toBeUndefined();
    // WHEN they are broken: a Resource without owner, a name Backstage refuses, an unknown root field, a Template without steps
    const noOwner = { ...resource, spec: { ...resource.spec, owner: undefined } } as unknown as Entity;
    const badName = { ...component, metadata: { ...component.metadata, name: 'prod job callback' } };
    const foreignRoot = { ...component, status: 'deployed' } as unknown as Entity;
    const noSteps = { ...template, spec: { ...template.spec, steps: undefined } } as unknown as Entity;
    // THEN each is rejected
    await expect(resourceEntityV1alpha1Validator.check(JSON.parse(JSON.stringify(noOwner)))).rejects.toThrow(/owner/);
    await expect(validate(badName)).rejects.toThrow(/metadata\.name/);
    await expect(validate(foreignRoot)).rejects.toThrow(/status/);
    await expect(templateEntityV1beta3Validator.check(JSON.parse(JSON.stringify(noSteps)))).rejects.toThrow(/steps/);
  });

  it('every relation target (owner, system, dependsOn, providesApis) resolves to an entity of the catalog or to the owner', () => {
    // GIVEN every entity of the catalog, by kind and name
    const known = new Set(allEntities.map(keyOf));
    const owners = new Set(models.map((m) => keyOfRef(m.catalog.owner, 'group')));
    const unresolved: string[] = [];
    for (const entity of allEntities) {
      const spec = entity.spec as { owner?: string; system?: string; dependsOn?: string[]; providesApis?: string[] };
      const where = `${entity.kind} ${entity.metadata.name}`;
      // THEN its owner is one of the configured owners (Backstage groups or users outside this catalog)
      if (spec.owner !== undefined && !owners.has(keyOfRef(spec.owner, 'group'))) unresolved.push(`${where}: owner ${spec.owner}`);
      // AND its system, dependencies and APIs are entities of the catalog
      const targets = [
        ...(spec.system ? [keyOfRef(spec.system, 'system')] : []),
        ...(spec.dependsOn ?? []).map((ref) => keyOfRef(ref, 'component')),
        ...(spec.providesApis ?? []).map((ref) => keyOfRef(ref, 'api')),
      ];
      for (const target of targets) if (!known.has(target)) unresolved.push(`${where}: ${target}`);
    }
    expect(unresolved).toEqual([]);
  });

  it('each environment\'s entities belong to its System and its configured owner', () => {
    for (const model of models) {
      const entities = fileOf(model.name).entities;
      expect(entities[0]).toMatchObject({ kind: 'System', metadata: { name: model.catalog.system }, spec: { owner: model.catalog.owner } });
      for (const entity of entities.slice(1)) {
        expect([entity.metadata.name, entity.spec.owner, entity.spec.system]).toEqual([entity.metadata.name, model.catalog.owner, `system:default/${model.catalog.system}`]);
      }
    }
  });

  it('entity names are unique per kind across the whole catalog (Backstage ignores case)', () => {
    const keys = allEntities.map(keyOf);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('the API entity carries the committed OpenAPI document of the start endpoint, only where the environment has one', () => {
    // GIVEN the environments with access.api (prod)
    const apis = allEntities.filter((e) => e.kind === 'API');
    expect(apis.map((a) => a.metadata.name)).toEqual(models.filter((m) => m.access.api).map((m) => `${m.name}-backup-start`));
    // THEN the definition is exactly modules/start-api/start-api.openapi.json, and the status function provides the API
    for (const api of apis) {
      expect(api.spec).toMatchObject({ type: 'openapi', definition: OPENAPI_TEXT });
      const providers = allEntities.filter((e) => ((e.spec.providesApis as string[] | undefined) ?? []).includes(`api:default/${api.metadata.name}`));
      expect(providers.map((p) => p.metadata.title).sort()).toEqual(['prod-execution-status (eu-west-1)', 'prod-start-execution (eu-west-1)']);
    }
  });

  it('the Location lists every other file, relative to itself', () => {
    const location = catalog.files.find((f) => f.path === LOCATION_FILE)!.entities[0];
    expect(location.spec).toEqual({ targets: catalog.files.filter((f) => f.path !== LOCATION_FILE).map((f) => `./${f.path}`) });
  });

  it('shortens a name too long for Backstage with a stable hash, keeping it valid and unique', () => {
    // GIVEN the longest names the config allows (32-character environment, 50-character vault)
    const long = entityName('a'.repeat(32), 'vault', 'v'.repeat(50), 'ap-southeast-2');
    const other = entityName('a'.repeat(32), 'vault', `${'v'.repeat(49)}w`, 'ap-southeast-2');
    // THEN they fit, differ, stay the same on every run, and are valid entity names
    expect(long.length).toBeLessThanOrEqual(MAX_ENTITY_NAME_LENGTH);
    expect(long).not.toBe(other);
    expect(entityName('a'.repeat(32), 'vault', 'v'.repeat(50), 'ap-southeast-2')).toBe(long);
    expect(long).toMatch(/^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/);
    expect(entityName('prod', 'vault', 'prod-primary', 'eu-west-1')).toBe('prod-vault-prod-primary-eu-west-1');
  });

  it('refuses to generate two entities with one name', () => {
    // GIVEN a second copy of prod under another file name: it would repeat every entity name of prod
    const prod = models.find((m) => m.name === 'prod')!;
    const twin: EnvironmentModel = { ...prod, sourceFile: 'environments/prod-twin.yaml', catalog: { ...prod.catalog, system: 'prod-twin-backup' } };
    // WHEN the catalog is generated THEN a CatalogError names the clash
    expect(() => generateCatalog({ environments: [prod, twin], openApiDefinition: OPENAPI_TEXT })).toThrow(CatalogError);
    expect(() => generateCatalog({ environments: [prod, twin], openApiDefinition: OPENAPI_TEXT })).toThrow(/Resource "prod-vault-prod-primary-eu-west-1" of environment prod/);
  });
});

describe('the start-drill template', () => {
  const template = catalog.files.find((f) => f.path === TEMPLATE_FILE)!.entities[0];
  const spec = template.spec as {
    parameters: Record<string, unknown>[];
    steps: { id: string; if: string; action: string; input: { method: string; path: string; headers: Record<string, string>; body: unknown } }[];
    output: { text: { if: string; content: string }[] };
  };
  const drillRoute = START_API_ROUTES.find((r) => r.kind === 'start-execution' && r.machine === 'drills')!;
  const ajv = new Ajv({ strict: false, allErrors: true });

  it('is a scaffolder.backstage.io/v1beta3 Template owned by the owner of the environments it serves', () => {
    expect(template).toMatchObject({ apiVersion: TEMPLATE_API_VERSION, kind: 'Template', metadata: { name: 'start-dr-drill' }, spec: { owner: 'group:default/platform-team' } });
  });

  it('offers the environments with a start API and, per environment, its drills; the key must be an execution name', () => {
    // GIVEN the form (a JSON Schema with one dependency branch per environment)
    const form = ajv.compile(spec.parameters[0]);
    // THEN prod (the only example with access.api) is offered, with its drill
    expect((spec.parameters[0] as any).properties.environment.enum).toEqual(models.filter((m) => m.access.api).map((m) => m.name));
    expect([form({ environment: 'prod', drill: 'orders-db-monthly', idempotencyKey: 'change-4711' }), form.errors]).toEqual([true, null]);
    // AND a drill of no environment, a missing drill, a key with a space and an unknown environment are refused
    expect(form({ environment: 'prod', drill: 'payments-db', idempotencyKey: 'change-4711' })).toBe(false);
    expect(form({ environment: 'prod', idempotencyKey: 'change-4711' })).toBe(false);
    expect(form({ environment: 'prod', drill: 'orders-db-monthly', idempotencyKey: 'change 4711' })).toBe(false);
    expect(form({ environment: 'staging', drill: 'orders-db-monthly', idempotencyKey: 'change-4711' })).toBe(false);
  });

  it('starts each drill with POST /drills through the proxy, the key as Idempotency-Key and a body the OpenAPI accepts', () => {
    // GIVEN the OpenAPI request body schema of POST /drills (the committed document)
    const openApi = JSON.parse(OPENAPI_TEXT);
    const bodySchema = openApi.paths[drillRoute.path].post.requestBody.content['application/json'].schema;
    const validBody = ajv.compile(bodySchema);
    const prod = models.find((m) => m.name === 'prod')!;
    // THEN there is one step per drill, run only when it is the chosen one
    expect(spec.steps.map((s) => s.id)).toEqual(prod.orchestration!.drills.map((d) => `start_prod_${d.name}`));
    for (const step of spec.steps) {
      expect(step).toMatchObject({
        action: HTTP_REQUEST_ACTION,
        if: '${{ parameters.environment == "prod" and parameters.drill == "orders-db-monthly" }}',
        input: { method: drillRoute.method, path: `/proxy/backup-estate-prod${drillRoute.path}`, headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: '${{ parameters.idempotencyKey }}' } },
      });
      // AND its body names the configured drill only (the start function takes the rest from the configuration), valid for the API
      expect(step.input.body).toEqual({ drillName: 'orders-db-monthly' });
      expect([validBody(step.input.body), validBody.errors]).toEqual([true, null]);
    }
    // AND the output shows the started execution of the chosen step only
    expect(spec.output.text.map((t) => [t.if, t.content.includes('steps["start_prod_orders-db-monthly"].output.body.executionArn')]))
      .toEqual(spec.steps.map((s) => [s.if, true]));
  });
});

/** The catalog's Resources and Components of one environment, by ARN. */
function catalogArns(environment: string): Map<string, CatalogEntity> {
  return new Map(fileOf(environment).entities.filter((e) => e.metadata.annotations?.[ARN_ANNOTATION]).map((e) => [e.metadata.annotations![ARN_ANNOTATION], e]));
}

/** Every vault, machine, table, topic and function of a synthesized stack: [catalog type, ARN of its name in its region]. */
function stackArns(stack: SynthesizedStack, model: EnvironmentModel): [string, string][] {
  const resolver = new ReferenceResolver(stack, model.partition, model.accountId);
  const types: [string, string][] = [
    ['aws_backup_vault', 'backup-vault'], ['aws_backup_logically_air_gapped_vault', 'backup-vault'], ['aws_sfn_state_machine', 'state-machine'],
    ['aws_dynamodb_table', 'dynamodb-table'], ['aws_sns_topic', 'sns-topic'], ['aws_lambda_function', 'service'],
  ];
  const arn = (service: string, region: string, resource: string) => `arn:${model.partition}:${service}:${region}:${model.accountId}:${resource}`;
  return types.flatMap(([terraformType, catalogType]) => Object.entries(stack.resource[terraformType] ?? {}).map(([id, body]): [string, string] => {
    const region = resolver.regionOf(terraformType, id);
    const name = String(body.name ?? body.function_name);
    const arns: Record<string, string> = {
      'backup-vault': arn('backup', region, `backup-vault:${name}`),
      'state-machine': arn('states', region, `stateMachine:${name}`),
      'dynamodb-table': arn('dynamodb', region, `table/${name}`),
      'sns-topic': arn('sns', region, name),
      service: arn('lambda', region, `function:${name}`),
    };
    return [catalogType, arns[catalogType]];
  }));
}

describe('catalog ARNs and names against the synthesized stacks', () => {
  const stacks = new Map<string, SynthesizedStack>();
  /** Synthesized once per environment (bundling and synthesis take a while). */
  const stackOf = (model: EnvironmentModel) => stacks.get(model.name) ?? stacks.set(model.name, synthEnvironment(model)).get(model.name)!;

  it.each(models.map((m) => m.name))('%s: exactly the vaults, state machines, tables, topics and functions the stack creates', (name) => {
    // GIVEN the synthesized stack of the environment
    const model = models.find((m) => m.name === name)!;
    const stack = stackOf(model);
    // WHEN its resources' ARNs are built from their names and provider regions
    const fromStack = stackArns(stack, model).map(([type, arn]) => `${type} ${arn}`).sort();
    // THEN the catalog lists the same ones, each with that ARN, its region and its AWS name
    const catalogEntries = [...catalogArns(name).entries()];
    expect(catalogEntries.map(([arn, e]) => `${e.spec.type} ${arn}`).sort()).toEqual(fromStack);
    for (const [arn, entity] of catalogEntries) {
      const region = arn.split(':')[3];
      expect([arn, entity.metadata.annotations![REGION_ANNOTATION]]).toEqual([arn, region]);
      expect(entity.metadata.title).toBe(`${arn.split(/[:/]/).pop()} (${region})`);
    }
    // AND an API entity exactly where the stack has an HTTP API, named after it
    const apis = Object.values(stack.resource.aws_apigatewayv2_api ?? {}).map((api) => `${api.name}`);
    expect(fileOf(name).entities.filter((e) => e.kind === 'API').map((e) => e.metadata.name)).toEqual(apis);
  });

  it.each(models.map((m) => m.name))('%s: dependsOn lists exactly the catalog entities its role policy grants use of', (name) => {
    // GIVEN the stack's role policies, references resolved to ARNs
    const model = models.find((m) => m.name === name)!;
    const stack = stackOf(model);
    const resolver = new ReferenceResolver(stack, model.partition, model.accountId);
    const byArn = catalogArns(name);
    const policyOfRole = (roleArnReference: string): string[] => {
      const roleId = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(roleArnReference)![1];
      const policy = Object.values(stack.resource.aws_iam_role_policy).find((p) => p.role === `\${aws_iam_role.${roleId}.name}`)!;
      const statements = JSON.parse(resolver.resolveText(String(policy.policy))).Statement as { Resource: string | string[] }[];
      return statements.flatMap((s) => [s.Resource].flat());
    };
    // Forms in which a policy names a catalog resource: itself, a function's versions, a machine's executions.
    const used = (resources: readonly string[]) => [...byArn.keys()].filter((arn) => resources.some((r) =>
      r === arn || r === `${arn}:*` || r === `${arn.replace(':stateMachine:', ':execution:')}:*`));
    const roles: [string, string][] = [
      ...Object.values(stack.resource.aws_sfn_state_machine).map((m): [string, string] => [resolver.resolveText(`\${aws_sfn_state_machine.${findId(stack, 'aws_sfn_state_machine', m)}.arn}`), String(m.role_arn)]),
      ...Object.values(stack.resource.aws_lambda_function).map((f): [string, string] => [resolver.resolveText(`\${aws_lambda_function.${findId(stack, 'aws_lambda_function', f)}.arn}`), String(f.role)]),
    ];
    // THEN every machine's and function's dependsOn is what its policy uses, by ARN
    const refToArn = new Map([...byArn.entries()].map(([arn, e]) => [`${e.kind.toLowerCase()}:default/${e.metadata.name}`, arn]));
    for (const [arn, roleReference] of roles) {
      const entity = byArn.get(arn)!;
      const dependsOn = ((entity.spec.dependsOn as string[] | undefined) ?? []).map((ref) => refToArn.get(ref));
      expect([arn, [...dependsOn].sort()]).toEqual([arn, used(policyOfRole(roleReference)).sort()]);
    }
  });
});

function findId(stack: SynthesizedStack, type: string, body: unknown): string {
  return Object.entries(stack.resource[type]).find(([, b]) => b === body)![0];
}

describe('the committed catalog/ folder', () => {
  it('--check reports a changed, a missing and an extra file and exits 1 writing nothing; a run without it repairs the folder', () => {
    // GIVEN a generated folder with one file changed, one deleted and one that is not generated
    const out = tempDir('catalog-');
    writeFiles(out, catalog.files);
    fs.appendFileSync(path.join(out, 'prod.yaml'), '# edited\n');
    fs.rmSync(path.join(out, TEMPLATE_FILE));
    fs.writeFileSync(path.join(out, 'retired.yaml'), 'kind: System\n');
    const before = snapshotDir(out);
    // WHEN the command checks it
    const { io, text } = captured();
    const code = main(['--check', '--out', out, '--environments', EXAMPLES_DIR], io);
    // THEN it exits 1, names each stale file and why, and changes nothing
    expect(code).toBe(1);
    expect(text.stderr).toContain(`${out} is stale: run \`npm run catalog\``);
    expect(text.stderr).toContain(`${out}/prod.yaml differs from what would be generated`);
    expect(text.stderr).toContain(`${out}/${TEMPLATE_FILE} is missing`);
    expect(text.stderr).toContain(`${out}/retired.yaml is not generated any more`);
    expect(snapshotDir(out)).toEqual(before);
    // WHEN it runs without --check THEN it writes the two files, leaves the others, and reports the extra one
    const summary = runCatalog({ out, check: false, json: false, environmentsDir: EXAMPLES_DIR });
    expect(summary.files.filter((f) => f.status !== 'unchanged')).toEqual([
      { path: 'prod.yaml', status: 'written' }, { path: TEMPLATE_FILE, status: 'written' }, { path: 'retired.yaml', status: 'extra' },
    ]);
    expect(compareWithDisk(out, catalog.files).filter((f) => f.status !== 'current')).toEqual([{ path: 'retired.yaml', status: 'extra' }]);
  });

  it('--json prints entities per kind per environment as JSON', () => {
    // GIVEN an empty output folder WHEN the command writes it with --json
    const out = path.join(tempDir('catalog-'), 'catalog');
    const { io, text } = captured();
    expect(main(['--json', '--out', out, '--environments', EXAMPLES_DIR], io)).toBe(0);
    // THEN stdout is the summary
    const summary = JSON.parse(text.stdout);
    expect(summary).toMatchObject({ mode: 'write', ok: true, template: { file: TEMPLATE_FILE, environments: ['prod'], drills: 1 }, location: LOCATION_FILE });
    expect(summary.environments.find((e: { name: string }) => e.name === 'prod')).toEqual({
      name: 'prod', file: 'prod.yaml', entities: { System: 1, API: 1, Component: 8, Resource: 10 }, total: 20,
    });
    expect(summary.files.every((f: { status: string }) => f.status === 'written')).toBe(true);
  });

  it('a bad environments folder: a clear message, exit 1, no stack trace, nothing written (tsx subprocess)', () => {
    // GIVEN a copy of the examples where prod's account ID is unquoted and dev's owner tag is no Backstage name
    const dir = tempDir('envs-');
    for (const f of fs.readdirSync(EXAMPLES_DIR)) fs.copyFileSync(path.join(EXAMPLES_DIR, f), path.join(dir, f));
    const edit = (file: string, from: string, to: string) => fs.writeFileSync(path.join(dir, file), fs.readFileSync(path.join(dir, file), 'utf8').replace(from, to));
    edit('prod.yaml', 'accountId: "222222222222"', 'accountId: 222222222222');
    edit('staging.yaml', 'owner: platform-team', 'owner: platform team@acme');
    const out = path.join(tempDir('catalog-'), 'catalog');
    // WHEN `npm run catalog` runs on it
    const result = spawnSync(...typescriptCommand(ROOT, 'tools/generate/catalog.ts', ['--environments', dir, '--out', out]), { cwd: ROOT, encoding: 'utf8' });
    // THEN it exits 1 with every problem, each with file, path and rule, without a stack trace, and writes nothing
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('2 problems in the environment configuration');
    expect(result.stderr).toMatch(/prod\.yaml:\d+: accountId: must be a quoted string of 12 digits/);
    expect(result.stderr).toMatch(/staging\.yaml:\d+: tags\.owner: the owner tag "platform team@acme" is not a Backstage entity name.*\[catalog\/owner\]/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });
});

function countKinds(entities: readonly CatalogEntity[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of entities) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
    .filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** Output streams for `main` that keep what was written. */
function captured(): { io: CatalogOutput; text: { stdout: string; stderr: string } } {
  const text = { stdout: '', stderr: '' };
  return { io: { stdout: (t) => { text.stdout += t; }, stderr: (t) => { text.stderr += t; } }, text };
}
