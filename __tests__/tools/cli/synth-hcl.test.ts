import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expression, quotedTemplate, soleInterpolation, traversal } from '../../../tools/lib/hcl/hcl-expression';
import { HclConversionError, stackToHcl } from '../../../tools/lib/hcl/json-to-hcl';
import type { ProviderShapes } from '../../../tools/lib/hcl/provider-schema';
import { prepareTerraformCli } from '../../../tools/lib/terraform/cli-config';
import { readManifest } from '../../../tools/lib/terraform/manifest';
import { writeOfflineOverride, buildOfflineOverride } from '../../../tools/lib/terraform/offline-override';
import { runProcess } from '../../../tools/lib/terraform/process';
import { terraformInit } from '../../../tools/lib/terraform/runner';
import { terraformToolchain } from '../../support/terraform';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('JSON strings as HCL templates', () => {
  it('GIVEN a JSON policy holding a reference WHEN quoted THEN literal quotes are escaped and the interpolation is kept as is', () => {
    expect(quotedTemplate('{"Resource":"${aws_kms_key.k.arn}"}')).toBe('"{\\"Resource\\":\\"${aws_kms_key.k.arn}\\"}"');
  });

  it('GIVEN an interpolation whose expression holds quotes and braces WHEN quoted THEN the expression is copied untouched', () => {
    expect(quotedTemplate('a "${jsonencode({ "k" = "}" })}" b')).toBe('"a \\"${jsonencode({ "k" = "}" })}\\" b"');
  });

  it('GIVEN escapes, backslashes and control characters WHEN quoted THEN `$${` stays literal and the rest is escaped', () => {
    expect(quotedTemplate('$${not} %%{nor} C:\\path\n\ttab')).toBe('"$${not} %%{nor} C:\\\\path\\n\\ttab"');
  });

  it('GIVEN a string that is one interpolation THEN it becomes the bare expression; two interpolations stay a template', () => {
    expect(soleInterpolation('${var.role}')).toBe('var.role');
    expect(soleInterpolation('${a}${b}')).toBeUndefined();
    expect(soleInterpolation('$${literal}')).toBeUndefined();
  });

  it('GIVEN nested values THEN objects get quoted keys only where needed and short scalar lists stay on one line', () => {
    expect(expression({ plain: 1, 'aws:SourceAccount': ['a', true, null] })).toBe('{\n  plain = 1\n  "aws:SourceAccount" = ["a", true, null]\n}');
  });

  it('GIVEN something that is not a reference WHEN used where HCL needs a traversal THEN it is refused', () => {
    expect(traversal('${aws_kms_key.k}')).toBe('aws_kms_key.k');
    expect(() => traversal('not a "reference"')).toThrow(/not a reference/);
  });
});

describe('a stack in native syntax', () => {
  const shapes: Record<string, ProviderShapes> = {
    aws: {
      provider: { blocks: { assume_role: { nesting: 'list', shape: { blocks: {} } } } },
      resources: { aws_lambda_function: { blocks: { environment: { nesting: 'list', shape: { blocks: {} } } } } },
    },
  };
  const stack = {
    '//': { metadata: { version: '0.21.0' } },
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } }, backend: { s3: { bucket: 'b', key: 'k', assume_role: { role_arn: 'r' } } } },
    provider: { aws: [{ alias: 'east', region: 'r1', assume_role: [{ role_arn: '${var.role}' }] }] },
    variable: { role: { type: 'string', default: '', description: 'a "role"' } },
    resource: {
      aws_lambda_function: {
        fn: {
          '//': { metadata: { path: 'app/fn' } },
          function_name: 'f',
          environment: { variables: { A: 'x' } },
          tags: { 'team:name': 'y' },
          provider: 'aws.east',
          depends_on: ['aws_iam_role.r'],
          lifecycle: { ignore_changes: ['tags'] },
        },
      },
    },
  };

  it('GIVEN moved blocks WHEN converted THEN they are moved blocks of bare addresses in moved.tf', () => {
    const files = stackToHcl({ ...stack, moved: [{ from: 'aws_lambda_function.fn_AB12CD34', to: 'aws_lambda_function.fn' }] }, shapes);
    expect(files['moved.tf']).toBe('moved {\n  from = aws_lambda_function.fn_AB12CD34\n  to   = aws_lambda_function.fn\n}\n');
    expect(() => stackToHcl({ ...stack, moved: [{ from: 'not an address', to: 'aws_lambda_function.fn' }] }, shapes)).toThrow(/not a reference/);
  });

  it('GIVEN a schema that names blocks WHEN converted THEN blocks are blocks, maps are attributes, meta-arguments are bare references', () => {
    const files = stackToHcl(stack, shapes);
    expect(Object.keys(files).sort()).toEqual(['main.tf', 'providers.tf', 'variables.tf', 'versions.tf']);
    expect(files['main.tf']).toBe(
      [
        '# cdktf construct: app/fn',
        'resource "aws_lambda_function" "fn" {',
        '  function_name = "f"',
        '  environment {',
        '    variables = {\n      A = "x"\n    }',
        '  }',
        '  tags = {\n    "team:name" = "y"\n  }',
        '  provider = aws.east',
        '  depends_on = [aws_iam_role.r]',
        '  lifecycle {',
        '    ignore_changes = [tags]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(files['providers.tf']).toContain('  assume_role {\n    role_arn = var.role\n  }');
    expect(files['variables.tf']).toBe('variable "role" {\n  type = string\n  default = ""\n  description = "a \\"role\\""\n}\n');
    expect(files['versions.tf']).toContain('  backend "s3" {\n    bucket = "b"\n    key = "k"\n    assume_role = {\n      role_arn = "r"\n    }\n  }');
  });

  it('GIVEN policies and a state machine definition WHEN converted THEN policies become jsonencode objects with bare references, the definition stays its string', () => {
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"${aws_kms_key.k.arn}","Condition":{"StringEquals":{"aws:SourceAccount":"1"}}}]}';
    const definition = '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"${aws_lambda_function.f.arn}","End":true}}}';
    const files = stackToHcl(
      {
        resource: {
          aws_iam_role_policy: { p: { policy } },
          aws_sfn_state_machine: { m: { definition } },
          // A reference outside any JSON string: not JSON until Terraform renders it, so it stays a template.
          aws_kms_key: { k: { policy: '{"Statement":${var.statements}}' } },
        },
      },
      { aws: { provider: { blocks: {} }, resources: { aws_iam_role_policy: { blocks: {} }, aws_sfn_state_machine: { blocks: {} }, aws_kms_key: { blocks: {} } } } },
    );
    expect(files['main.tf']).toContain(
      [
        '  policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [',
        '      {',
        '        Effect = "Allow"',
        '        Action = ["kms:Decrypt"]',
        '        Resource = aws_kms_key.k.arn',
        '        Condition = {',
        '          StringEquals = {',
        '            "aws:SourceAccount" = "1"',
        '          }',
        '        }',
        '      },',
        '    ]',
        '  })',
      ].join('\n'),
    );
    expect(files['main.tf']).toContain(`  definition = ${quotedTemplate(definition)}`);
    expect(files['main.tf']).toContain('  policy = "{\\"Statement\\":${var.statements}}"');
  });

  it('GIVEN a resource type the schema does not know, or a dynamic block WHEN converted THEN it fails naming the place, never dropping it', () => {
    expect(() => stackToHcl({ resource: { aws_unknown_thing: { x: {} } } }, shapes)).toThrow(new HclConversionError('resource.aws_unknown_thing: not in the aws provider schema'));
    expect(() => stackToHcl({ resource: { aws_lambda_function: { x: { dynamic: {} } } } }, shapes)).toThrow(/resource\.aws_lambda_function\.x\.dynamic: "dynamic" is not translated/);
    expect(() => stackToHcl({ data: {} }, shapes)).toThrow(/top-level data: not translated/);
  });
});

describe('npm run synth:hcl, for real', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-hcl-'));
  // Our own cdktf.out (other test files synthesize into the project's at the same time), in a folder that does not exist yet.
  const outDir = path.join(out, 'not-yet', 'cdktf.out');
  const env = { ...process.env, CDKTF_OUTDIR: outDir };
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
  let report: { stacks: { environment: string; dir: string; files: string[]; resources: number; valid?: boolean; error?: string }[] };

  beforeAll(() => {
    const result = spawnSync(...typescriptCommand(ROOT, 'tools/cli/synth-hcl.ts', ['prod', 'dev', '--out', path.join(out, 'hcl'), '--json']), { cwd: ROOT, encoding: 'utf8', env });
    if (result.status !== 0) throw new Error(`synth:hcl failed:\n${result.stderr}`);
    report = JSON.parse(result.stdout);
  });

  it('GIVEN prod and dev WHEN written as HCL THEN each, in the order asked, is a root module that terraform validate accepts, with every resource and the function zips', () => {
    expect(report.stacks.map((s) => [s.environment, s.valid, s.resources, s.files])).toEqual([
      ['prod', true, 216, ['main.tf', 'moved.tf', 'providers.tf', 'variables.tf', 'versions.tf']],
      ['dev', true, 115, ['main.tf', 'moved.tf', 'providers.tf', 'variables.tf', 'versions.tf']],
    ]);
    const prod = path.join(out, 'hcl', 'prod');
    const main = fs.readFileSync(path.join(prod, 'main.tf'), 'utf8');
    expect(main.match(/^resource "/gm)).toHaveLength(216);
    const zips = [...main.matchAll(/filename\s+= "([^"]+)"/g)].map(([, zip]) => zip);
    expect(zips.length).toBeGreaterThan(0);
    for (const zip of zips) expect(fs.existsSync(path.join(prod, zip))).toBe(true);
    expect(fs.readdirSync(prod).some((f) => f.endsWith('.json'))).toBe(false);
    // Every policy and event pattern is an HCL object; no JSON document is left as an escaped string but the definitions.
    const documents = [...main.matchAll(/^ {2}(\w+) += (jsonencode\(|"\{)/gm)].map(([, argument, start]) => `${argument} ${start === 'jsonencode(' ? 'object' : 'string'}`);
    expect(new Set(documents)).toEqual(new Set(['policy object', 'assume_role_policy object', 'event_pattern object', 'definition string', 'value string']));
  });

  it('GIVEN the HCL of dev and its cdk.tf.json WHEN both are planned offline THEN terraform plans exactly the same resources with the same values', async () => {
    const { mirror } = terraformToolchain();
    const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(out, '.terraformrc'), mirror, offline: true });
    const jsonStack = readManifest(outDir).find((s) => s.name === 'dev')!;
    const hclDir = path.join(out, 'hcl', 'dev');
    // The HCL folder gets the same offline override (a JSON override file works beside .tf files).
    fs.writeFileSync(path.join(hclDir, 'offline_override.tf.json'), JSON.stringify(buildOfflineOverride(JSON.parse(fs.readFileSync(jsonStack.stackFile, 'utf8')))));
    const jsonDir = fs.mkdtempSync(path.join(out, 'json-'));
    fs.cpSync(jsonStack.dir, jsonDir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.terraform`) && !src.endsWith('.tfplan') });
    writeOfflineOverride(jsonDir);

    const planned = async (dir: string) => {
      await terraformInit(dir, cli.env);
      const plan = await runProcess('terraform', ['plan', '-input=false', '-no-color', '-lock=false', '-out=p.tfplan'], { cwd: dir, env: cli.env });
      expect(plan.stderr).toBe('');
      const show = await runProcess('terraform', ['show', '-json', 'p.tfplan'], { cwd: dir, env: cli.env });
      const changes = (JSON.parse(show.stdout).resource_changes as { address: string; change: { actions: string[]; after: unknown } }[]) ?? [];
      return new Map(changes.map((c) => [c.address, c.change]));
    };
    const [fromHcl, fromJson] = [await planned(hclDir), await planned(jsonDir)];
    expect(fromHcl.size).toBe(115);
    expect([...fromHcl.keys()].sort()).toEqual([...fromJson.keys()].sort());
    for (const [address, change] of fromJson) expect({ address, ...fromHcl.get(address) }).toEqual({ address, ...change });
  });

  it('GIVEN an unknown environment WHEN synth:hcl runs THEN it names the known ones and exits 1 without a stack trace', () => {
    const result = spawnSync(...typescriptCommand(ROOT, 'tools/cli/synth-hcl.ts', ['nope', '--out', path.join(out, 'hcl')]), { cwd: ROOT, encoding: 'utf8', env });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Unknown environment: nope\. Known: backup-central, dev, prod, staging\./);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
