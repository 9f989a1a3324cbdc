import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentFile } from '../../config/schema';

/** The JSON Schema of an environment file, generated from the zod schema (the single source of truth). */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(EnvironmentFile, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...schema, $id: 'environment.schema.json', title: 'cdktf-aws-backup environment' }, null, 2)}\n`;
}

/** The copy beside the user's environment files (editors resolve `$schema=./environment.schema.json`). */
export const SCHEMA_PATH = join(__dirname, '..', '..', 'environments', 'environment.schema.json');
/** The copy beside the tests' own example estate, which the tests check. */
export const FIXTURE_SCHEMA_PATH = join(__dirname, '..', '..', '__tests__', 'fixtures', 'environments', 'environment.schema.json');

if (require.main === module) {
  for (const file of [SCHEMA_PATH, FIXTURE_SCHEMA_PATH]) {
    writeFileSync(file, environmentJsonSchema());
    process.stdout.write(`wrote ${file}\n`);
  }
}
