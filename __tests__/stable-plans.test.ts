import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLES_DIR, type SynthesizedStack } from './support/synth';
import { typescriptCommand } from '../tools/lib/typescript-command';

/*
 * Stable plans: the same config always gives the same Terraform, byte for byte (function zips and asset hashes
 * included), every stack keeps its state in an encrypted, locked S3 backend of its own, and none of the shapes known
 * to make the AWS provider report a change on every plan is synthesized.
 */

const ROOT = path.join(__dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stable-plans-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs the real cdktf app in a fresh process; returns the output folder. */
function synthesize(label: string, environmentsDir: string): string {
  const outdir = path.join(scratch, label, 'cdktf.out');
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const result = spawnSync(...typescriptCommand(ROOT, 'main.ts'), {
    cwd: ROOT,
    env: { ...process.env, BACKUP_ENVIRONMENTS_DIR: environmentsDir, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`synth ${label} failed (${result.status}):\n${result.stderr}`);
  return outdir;
}

/** Every file under `dir` (relative path, sorted) with the SHA-256 of its bytes. */
function fingerprint(dir: string): [string, string][] {
  const files: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dir);
  return files
    .map((f) => [path.relative(dir, f), createHash('sha256').update(fs.readFileSync(f)).digest('hex')] as [string, string])
    .sort(([a], [b]) => a.localeCompare(b));
}

function stacksIn(outdir: string): [string, SynthesizedStack][] {
  const stacksDir = path.join(outdir, 'stacks');
  return fs
    .readdirSync(stacksDir)
    .sort()
    .map((name) => [name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as SynthesizedStack]);
}

function resources(stack: SynthesizedStack, type: string): [string, Record<string, any>][] {
  return Object.entries(stack.resource[type] ?? {});
}

describe('stable plans', () => {
  let first: string;
  let second: string;
  let stacks: [string, SynthesizedStack][];

  beforeAll(() => {
    // The second run reads a copy of the environments from another folder: no input path may leak into the output.
    const copy = path.join(scratch, 'environments-copy');
    fs.cpSync(EXAMPLES_DIR, copy, { recursive: true });
    first = synthesize('first', EXAMPLES_DIR);
    second = synthesize('second', copy);
    stacks = stacksIn(first);
  });

  it('GIVEN the example estate WHEN synthesized twice in separate processes THEN every file, function zips and asset hashes included, is byte-identical', () => {
    const a = fingerprint(first);
    const b = fingerprint(second);
    expect(a.map(([file]) => file)).toContain('stacks/prod/cdk.tf.json');
    expect(a.filter(([file]) => file.endsWith('.zip')).length).toBeGreaterThanOrEqual(6 * 4);
    expect(b).toEqual(a);
  });

  it('GIVEN the synthesized stacks WHEN searched for machine paths THEN neither the project, the environments nor the output folder appears', () => {
    for (const [name, stack] of stacks) {
      const text = JSON.stringify(stack);
      expect({ name, project: text.includes(ROOT), scratch: text.includes(scratch), home: text.includes(os.homedir()) }).toEqual({
        name, project: false, scratch: false, home: false,
      });
    }
  });

  it('GIVEN every stack WHEN its backend is read THEN state is in S3, encrypted, locked, and no two stacks share a state object', () => {
    const keys = stacks.map(([name, stack]) => {
      const s3 = (stack.terraform.backend as { s3?: Record<string, unknown> }).s3;
      expect({ name, encrypt: s3?.encrypt, locked: s3?.use_lockfile === true || typeof s3?.dynamodb_table === 'string' }).toEqual({ name, encrypt: true, locked: true });
      expect(s3?.region).toEqual(expect.any(String));
      return `${s3?.bucket}/${s3?.key}`;
    });
    expect(new Set(keys).size).toBe(stacks.length);
  });

  it('GIVEN every function WHEN its code is compared with the zip it names THEN source_code_hash is the SHA-256 Lambda reports, and the path is relative to the stack', () => {
    let checked = 0;
    for (const [name, stack] of stacks) {
      for (const [id, fn] of resources(stack, 'aws_lambda_function')) {
        expect(path.isAbsolute(fn.filename)).toBe(false);
        const zip = fs.readFileSync(path.join(first, 'stacks', name, fn.filename));
        expect({ id, hash: fn.source_code_hash }).toEqual({ id, hash: createHash('sha256').update(zip).digest('base64') });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6 * 4);
  });

  it('GIVEN JSON logs WHEN a function is synthesized THEN both log levels are set, as Lambda reports them (hashicorp/terraform-provider-aws#42181)', () => {
    for (const [, stack] of stacks) {
      for (const [id, fn] of resources(stack, 'aws_lambda_function')) {
        expect({ id, logging: fn.logging_config }).toEqual({
          id, logging: expect.objectContaining({ log_format: 'JSON', application_log_level: 'INFO', system_log_level: 'INFO' }),
        });
      }
    }
  });

  it('GIVEN every backup selection WHEN synthesized THEN it has one shape: resources and not_resources set, one condition block, sorted lists (#22595, #38114)', () => {
    let checked = 0;
    for (const [, stack] of stacks) {
      for (const [id, selection] of resources(stack, 'aws_backup_selection')) {
        expect({ id, resources: Array.isArray(selection.resources), notResources: Array.isArray(selection.not_resources) }).toEqual({ id, resources: true, notResources: true });
        const conditions = [selection.condition].flat();
        expect({ id, conditions: conditions.length }).toEqual({ id, conditions: 1 });
        for (const list of [selection.resources, selection.not_resources] as string[][]) expect(list).toEqual([...new Set(list)].sort());
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('GIVEN every backup rule WHEN synthesized THEN it has a schedule (continuous backup without one diffs forever, #22627) and every copy carries its own lifecycle (#37862)', () => {
    let copies = 0;
    for (const [, stack] of stacks) {
      for (const [id, plan] of resources(stack, 'aws_backup_plan')) {
        for (const rule of [plan.rule].flat()) {
          expect({ id, rule: rule.rule_name, schedule: typeof rule.schedule }).toEqual({ id, rule: rule.rule_name, schedule: 'string' });
          for (const copy of [rule.copy_action ?? []].flat()) {
            expect({ id, to: copy.destination_vault_arn, lifecycle: copy.lifecycle }).toEqual({ id, to: copy.destination_vault_arn, lifecycle: expect.objectContaining({ delete_after: expect.any(Number) }) });
            copies++;
          }
        }
      }
    }
    expect(copies).toBeGreaterThan(0);
  });

  it('GIVEN every policy document WHEN read THEN actions, resources, principals and condition values are each sorted and unique (literals first, references after)', () => {
    const isToken = (v: string) => v.includes('${');
    const canonical = (list: string[]) => [...[...new Set(list)].filter((v) => !isToken(v)).sort(), ...[...new Set(list)].filter(isToken)];
    let lists = 0;
    for (const [name, stack] of stacks) {
      for (const [type, byId] of Object.entries(stack.resource)) {
        for (const [id, body] of Object.entries(byId)) {
          for (const attribute of ['policy', 'assume_role_policy']) {
            const text = body[attribute];
            if (typeof text !== 'string' || !text.startsWith('{')) continue;
            for (const statement of JSON.parse(text).Statement as Record<string, any>[]) {
              const principalLists = statement.Principal && statement.Principal !== '*' ? Object.values(statement.Principal) : [];
              const conditionLists = Object.values(statement.Condition ?? {}).flatMap((keys) => Object.values(keys as Record<string, unknown>));
              for (const list of [statement.Action, statement.Resource, ...principalLists, ...conditionLists].filter(Array.isArray) as string[][]) {
                expect({ at: `${name} ${type}.${id} ${statement.Sid}`, list }).toEqual({ at: `${name} ${type}.${id} ${statement.Sid}`, list: canonical(list) });
                lists++;
              }
            }
          }
        }
      }
    }
    expect(lists).toBeGreaterThan(500);
  });

  it('GIVEN every IAM role WHEN synthesized THEN its policies live in separate resources only (inline_policy or managed_policy_arns on the role would fight them)', () => {
    for (const [, stack] of stacks) {
      for (const [id, role] of resources(stack, 'aws_iam_role')) {
        expect({ id, inline: role.inline_policy, managed: role.managed_policy_arns }).toEqual({ id, inline: undefined, managed: undefined });
      }
    }
  });
});
