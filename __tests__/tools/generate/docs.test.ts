import * as fs from 'node:fs';
import { REFERENCE_PATH, withCurrentReference } from '../../../tools/generate/docs';
import { RULES } from '../../../config/checks/catalog';

describe('config reference (docs/configuration.md)', () => {
  const readme = fs.readFileSync(REFERENCE_PATH, 'utf8');
  it('is current: regenerate with `npm run docs`', () => {
    expect(readme).toBe(withCurrentReference(readme));
  });
  it('lists every validation rule and the mandatory keys', () => {
    for (const id of Object.keys(RULES)) expect(readme).toContain(`| \`${id}\` |`);
    for (const key of ['accountId', 'plans[].rules[].copyTo[].environment', 'vaults[].acceptCopiesFrom.organizationId']) expect(readme).toContain(`| \`${key}\` |`);
  });
});
