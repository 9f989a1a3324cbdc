import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentFile } from '../../config/schema';
import { PROJECT_ROOT, runGeneratorCommand, writeOrCompare, type Generator } from '../lib/generator';

/** The JSON Schema of an environment file, generated from the zod schema (the single source of truth). */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(EnvironmentFile, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...schema, $id: 'environment.schema.json', title: 'cdktf-aws-backup environment' }, null, 2)}\n`;
}

/** The copy beside the user's environment files (editors resolve `$schema=./environment.schema.json`), from the root. */
const SCHEMA_FILE = 'environments/environment.schema.json';
/** The copy beside the tests' own example estate, which the tests check, from the root. */
const FIXTURE_SCHEMA_FILE = '__tests__/fixtures/environments/environment.schema.json';
export const SCHEMA_PATH = join(PROJECT_ROOT, SCHEMA_FILE);
export const FIXTURE_SCHEMA_PATH = join(PROJECT_ROOT, FIXTURE_SCHEMA_FILE);

/** Both copies: the schema is derived from the zod schema alone, whatever the estate holds. */
export const schemaGenerator: Generator = {
  name: 'schema',
  derivedFrom: 'project',
  command: 'npm run schema',
  run: ({ root, check }) => writeOrCompare(root, [SCHEMA_FILE, FIXTURE_SCHEMA_FILE].map((path) => ({ path, content: environmentJsonSchema() })), check),
};

if (require.main === module) void runGeneratorCommand(schemaGenerator);
