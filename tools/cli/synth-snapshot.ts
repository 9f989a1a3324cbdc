import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { parseEnvironments } from '../../config/load';
import { BackupEnvironmentStack } from '../../modules/estate/backup-environment-stack';
import { organizationFiles } from '../bench/organization';

/*
 * The guard for moves that must not change what is synthesized (issue 15's layout refactor): records the
 * `cdk.tf.json` of every stack of the example estate, the tests' estate and two generated organizations, then
 * compares a later synthesis with the record byte for byte. Function code is compared separately: moving a
 * lambda-src file may reorder a bundle without changing what it does, and the report says which it was.
 *
 *   npx tsx tools/cli/synth-snapshot.ts --record <dir>   # before a move
 *   npx tsx tools/cli/synth-snapshot.ts --check <dir>    # after each step: exit 1 on any difference
 */

interface Estate {
  readonly name: string;
  readonly files: ReadonlyMap<string, string>;
}

function filesIn(directory: string): Map<string, string> {
  return new Map(
    fs
      .readdirSync(directory)
      .filter((name) => /^[^.].*\.ya?ml$/.test(name))
      .sort()
      .map((name) => [path.join(directory, name), fs.readFileSync(path.join(directory, name), 'utf8')]),
  );
}

function estates(): Estate[] {
  const organization = (members: number): Estate => ({
    name: `organization-${members}`,
    files: new Map([...organizationFiles(members)].map(([file, text]) => [`organization/${file}`, text])),
  });
  return [
    { name: 'environments', files: filesIn('environments') },
    { name: 'test-fixtures', files: filesIn(path.join('__tests__', 'fixtures', 'environments')) },
    organization(3),
    organization(12),
  ];
}

/** Asset paths carry the bundle's hash: replaced by the function's name so the Terraform is compared on its own. */
function withoutCodeHashes(json: string): { terraform: string; code: Record<string, string> } {
  const code: Record<string, string> = {};
  const terraform = json.replace(/"assets\/([^/"]+)\/([0-9A-F]+)\/([^"]+)"/g, (_all, id: string, hash: string, file: string) => {
    code[id] = hash;
    return `"assets/${id}/<code>/${file}"`;
  }).replace(/"source_code_hash": "[^"]+"/g, '"source_code_hash": "<code>"');
  return { terraform, code };
}

function synthesize(estate: Estate): Map<string, string> {
  const models = parseEnvironments([...estate.files].map(([file, text]) => ({ file, text })));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-snapshot-'));
  const app = new App({ outdir });
  for (const model of models) new BackupEnvironmentStack(app, model);
  app.synth();
  const stacks = new Map<string, string>();
  for (const stack of fs.readdirSync(path.join(outdir, 'stacks')).sort()) {
    stacks.set(stack, fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return stacks;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A stack with readable addresses put back under the addresses its moved blocks come from, and the "//" metadata
 * (construct paths and unique ids) dropped: what a stack synthesized before the readable addresses holds, if the
 * addresses are the only change. Keys are sorted, so the order resources are listed in does not count.
 */
function withMovesUndone(json: string): string {
  const stack = JSON.parse(json) as { moved?: { from: string; to: string }[] };
  const moves = [...(stack.moved ?? [])].sort((a, b) => b.to.length - a.to.length);
  let text = json;
  for (const { from, to } of moves) {
    text = text.split(`"${to}"`).join(`"${from}"`).split(`\${${to}.`).join(`\${${from}.`).split(`\${${to}}`).join(`\${${from}}`);
  }
  const undone = JSON.parse(text) as { moved?: unknown; resource?: Record<string, Record<string, unknown>> };
  delete undone.moved;
  for (const { from, to } of moves) {
    const [type, name] = to.split('.');
    const body = undone.resource?.[type]?.[name];
    if (body === undefined) continue;
    delete undone.resource![type][name];
    undone.resource![type][from.split('.')[1]] = body;
  }
  return canonical(undone);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v) => (key === '//' ? undefined
    : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

function main(): void {
  const [mode, dir] = process.argv.slice(2);
  if ((mode !== '--record' && mode !== '--check' && mode !== '--check-moves') || !dir) {
    process.stderr.write('usage: tsx tools/cli/synth-snapshot.ts --record <dir> | --check <dir> | --check-moves <dir>\n');
    process.exit(2);
  }
  let differences = 0;
  for (const estate of estates()) {
    for (const [stack, json] of synthesize(estate)) {
      const target = path.join(dir, estate.name, `${stack}.tf.json`);
      if (mode === '--record') {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, json);
        continue;
      }
      const recorded = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
      if (recorded === json) continue;
      if (recorded === undefined) {
        process.stdout.write(`${estate.name}/${stack}: not in the record\n`);
        differences++;
        continue;
      }
      const before = withoutCodeHashes(mode === '--check-moves' ? canonical(JSON.parse(recorded)) : recorded);
      const after = withoutCodeHashes(mode === '--check-moves' ? withMovesUndone(json) : json);
      if (before.terraform !== after.terraform) {
        process.stdout.write(`${estate.name}/${stack}: Terraform differs (${sha256(recorded).slice(0, 12)} -> ${sha256(json).slice(0, 12)}); diff ${target} with a fresh synth\n`);
        differences++;
      } else {
        const changed = Object.keys(after.code).filter((fn) => before.code[fn] !== after.code[fn]);
        // --check-moves compares canonical forms: equal Terraform and equal code is no difference.
        if (changed.length === 0) continue;
        process.stdout.write(`${estate.name}/${stack}: Terraform identical; function code differs: ${changed.join(', ')}\n`);
        differences++;
      }
    }
  }
  if (mode === '--record') process.stdout.write(`recorded in ${dir}\n`);
  else if (differences === 0) {
    process.stdout.write(mode === '--check-moves' ? 'every stack identical to the record once its moved blocks are undone\n' : 'every stack byte-identical to the record\n');
  }
  process.exit(differences === 0 ? 0 : 1);
}

main();
