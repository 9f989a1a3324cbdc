import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentFile } from '../config/schema';

/** The JSON Schema of an environment file, generated from the zod schema (the single source of truth). */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(EnvironmentFile, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...schema, $id: 'environment.schema.json', title: 'cdktf-aws-backup environment' }, null, 2)}\n`;
}

export const SCHEMA_PATH = join(__dirname, '..', 'environments', 'environment.schema.json');

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, environmentJsonSchema());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
