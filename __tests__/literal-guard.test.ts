import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvironmentModel } from '../config/model';
import { exampleModels, synthEnvironment } from './support/synth';

const REGION = /\b[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-\d{1,2}\b/g;
const ACCOUNT = /(?<![\d])\d{12}(?![\d])/g;
const PARTITION = /\barn:([a-z-]+):/g;

/** Every string value anywhere in a JSON document, but function asset paths (a content hash may hold 12 digits). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('assets/') ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Regions, account IDs and partitions in `document` that the configuration did not provide. */
export function foreignLiterals(document: unknown, config: readonly EnvironmentModel[]): string[] {
  const regions = new Set(config.flatMap((e) => [...e.regions, e.state.region]));
  // Accounts the config names in ARNs (identity proxies of another account) count as provided.
  const proxyAccounts = config.flatMap((e) => e.access.humanRoles.flatMap((r) => r.proxies.flatMap((p) => p.roleArns.map((arn) => arn.split(':')[4]))));
  const accounts = new Set([...config.map((e) => e.accountId), ...proxyAccounts]);
  const partitions = new Set<string>(config.map((e) => e.partition));
  const found = new Set<string>();
  for (const text of strings(document)) {
    for (const [m] of text.matchAll(REGION)) if (!regions.has(m)) found.add(`region ${m}`);
    for (const [m] of text.matchAll(ACCOUNT)) if (!accounts.has(m)) found.add(`account ${m}`);
    for (const [, p] of text.matchAll(PARTITION)) if (!partitions.has(p)) found.add(`partition ${p}`);
  }
  return [...found].sort();
}

describe('no region, account or partition that the config did not provide', () => {
  const config = exampleModels();

  it.each(config.map((e) => e.name))('synthesized stack %s contains only configured regions, accounts and partitions', (name) => {
    const stack = synthEnvironment(config.find((e) => e.name === name) as EnvironmentModel);
    expect(foreignLiterals(stack, config)).toEqual([]);
  });

  it('the guard itself catches a stray region, account and partition', () => {
    const tampered = { resource: { x: { y: { arn: 'arn:aws-cn:s3:::b', note: 'us-east-1 999999999999' } } } };
    expect(foreignLiterals(tampered, config)).toEqual(['account 999999999999', 'partition aws-cn', 'region us-east-1']);
  });

  it('library code in modules/ holds no region, account ID or partition literal', () => {
    const dir = path.join(__dirname, '..', 'modules');
    const offenders = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').map((line, i) => ({ where: `modules/${f}:${i + 1}`, line })))
      .filter(({ line }) => new RegExp(REGION.source).test(line) || new RegExp(ACCOUNT.source).test(line) || /arn:aws(-cn|-us-gov)?:/.test(line))
      .map(({ where, line }) => `${where}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });
});
