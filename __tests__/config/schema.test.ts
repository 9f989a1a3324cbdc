import Ajv2020 from 'ajv/dist/2020';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { environmentJsonSchema, FIXTURE_SCHEMA_PATH } from '../../tools/generate/schema';
import { EXAMPLES_DIR } from '../support/synth';

const exampleFiles = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.yaml'));

describe('environment JSON Schema (for editors)', () => {
  it('is committed and current: regenerate with `npm run schema`', () => {
    expect(fs.readFileSync(FIXTURE_SCHEMA_PATH, 'utf8')).toBe(environmentJsonSchema());
  });

  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(environmentJsonSchema()));

  it.each(exampleFiles)('%s references the schema and validates against it', (file) => {
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./environment.schema.json');
    expect([validate(parse(text)), validate.errors]).toEqual([true, null]);
  });

  it('rejects an unknown key, as the zod schema does', () => {
    const doc = parse(fs.readFileSync(path.join(EXAMPLES_DIR, 'dev.yaml'), 'utf8'));
    doc.plans[0].rules[0].lifecycle.deleteAfterDay = 7;
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'deleteAfterDay' } });
  });
});
