import { readFileSync } from 'node:fs';
import {
  BACKUP_RESOURCE_TYPES, DRILL_FORCED_KEYS, INTEGRATIONS, RECOVERY_POINT_TAGGING_FACTS, RESOURCE_TYPE_FACTS, RESTORE_METADATA_FACTS, SERVICE_REQUEST_CONTEXTS, SOURCES, vaultKeyServices,
} from '../../config/aws-facts';
import { generatedAwsFactsData, generatedAwsFactsPage } from '../../tools/generate/aws-facts';

/*
 * The AWS facts ledger (config/aws-facts/): its generated parts equal what AWS's models on this machine say, its page
 * is current, and every fact carries a source.
 */

describe('the AWS facts ledger', () => {
  it.each(generatedAwsFactsData().map((f) => [f.path.split('/').slice(-2).join('/'), f] as const))(
    '%s equals what the AWS models on this machine give (regenerate with npm run generate:aws-facts)',
    (_name, { path, text }) => {
      expect(readFileSync(path, 'utf8')).toBe(text);
    },
  );

  it('docs/aws-facts.md is current', () => {
    const { path, text } = generatedAwsFactsPage();
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('every resource type, service request context and integration names at least one source with an address', () => {
    for (const type of BACKUP_RESOURCE_TYPES) {
      expect([type, RESOURCE_TYPE_FACTS[type].sources.length > 0]).toEqual([type, true]);
      expect(RESOURCE_TYPE_FACTS[type].arns.length).toBeGreaterThan(0);
    }
    for (const c of SERVICE_REQUEST_CONTEXTS) expect(c.source.url).toMatch(/^(https:\/\/|npm:|pip:)/);
    for (const n of Object.values(INTEGRATIONS)) expect(n.sources.length).toBeGreaterThan(0);
    for (const source of Object.values(SOURCES)) expect(source.url).toMatch(/^(https:\/\/|npm:|pip:)/);
  });

  it('every restore metadata key a drill forces has its evidence in the ledger', () => {
    expect(DRILL_FORCED_KEYS.length).toBeGreaterThan(0);
    for (const { resourceType, key } of DRILL_FORCED_KEYS) {
      const fact = RESTORE_METADATA_FACTS.find((f) => f.resourceType === resourceType && f.key === key);
      expect([resourceType, key, (fact?.sources ?? []).length > 0]).toEqual([resourceType, key, true]);
    }
  });

  it('every recovery point ARN shape says how it is tagged (or why not) and names a source', () => {
    for (const f of RECOVERY_POINT_TAGGING_FACTS) {
      expect([f.service, f.resourcePrefix, f.sources.length > 0, f.api !== null || Boolean(f.untaggedBecause)]).toEqual([f.service, f.resourcePrefix, true, true]);
    }
    // AWS Backup's TagResource only for backup ARNs (API_TagResource.html).
    expect(RECOVERY_POINT_TAGGING_FACTS.filter((f) => f.api === 'backup:TagResource').map((f) => f.service)).toEqual(['backup']);
  });

  it('vault keys are usable through AWS Backup and through every service that owns a type AWS Backup does not fully manage', () => {
    expect(vaultKeyServices()).toEqual(expect.arrayContaining(['backup', 'ec2', 'fsx', 'rds', 'dynamodb']));
    for (const type of BACKUP_RESOURCE_TYPES) expect(vaultKeyServices()).toContain(RESOURCE_TYPE_FACTS[type].keyService);
  });
});
