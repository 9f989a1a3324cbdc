import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareTerraformCli } from '../../../../tools/lib/terraform/cli-config';
import { planTextOf } from '../../../../tools/lib/terraform/plan-text';
import { runProcess } from '../../../../tools/lib/terraform/process';
import { terraformInit } from '../../../../tools/lib/terraform/runner';
import { tempDirMaker } from '../../../support/temp-dirs';
import { terraformToolchain } from '../../../support/terraform';

/*
 * The plan text taken from `terraform plan`'s own output against what `terraform show -no-color` prints for the same
 * saved plan, with real terraform. Terraform's built-ins only (terraform_data, the terraform_remote_state data source,
 * check blocks): no provider starts, so each command costs a fraction of a second, and every line cut or kept is one
 * terraform printed.
 */

const tempDir = tempDirMaker();
const { mirror } = terraformToolchain();

async function terraform(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const result = await runProcess('terraform', args, { cwd: dir, env });
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

/** A root module holding a terraform_data whose input is `input`, a data source read from a local state, and `extra`. */
function configuration(input: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    resource: { terraform_data: { marker: { input } } },
    data: { terraform_remote_state: { other: { backend: 'local', config: { path: 'other.tfstate' } } } },
    ...extra,
  });
}

describe('plan text from the plan\'s own output', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = tempDir('plan-text-');
    env = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(dir, '.terraformrc'), mirror, offline: true }).env;
    fs.writeFileSync(path.join(dir, 'other.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'plan-text-test', outputs: {}, resources: [] }));
    fs.writeFileSync(path.join(dir, 'main.tf.json'), configuration('one'));
    await terraformInit(dir, env);
    await terraform(dir, env, 'apply', '-auto-approve', '-input=false', '-no-color');
  });

  const planAndShow = async (file: string, planEnv = env) => {
    const printed = await terraform(dir, planEnv, 'plan', '-input=false', '-no-color', `-out=${file}`);
    const shown = await terraform(dir, env, 'show', '-no-color', file);
    return { printed, shown };
  };

  it('GIVEN a change to an applied resource WHEN planned as our commands plan THEN the text is what show prints, without the refresh and read progress', async () => {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), configuration('two'));
    const { printed, shown } = await planAndShow('change.tfplan');
    // What is cut is there to cut
    expect(printed).toMatch(/^terraform_data\.marker: Refreshing state\.\.\. \[id=.+\]$/m);
    expect(printed).toMatch(/^data\.terraform_remote_state\.other: Read complete after \S+$/m);
    expect(shown).toMatch(/Plan: 0 to add, 1 to change, 0 to destroy\.\n$/);
    expect(planTextOf(printed)).toBe(shown);
  });

  it('GIVEN terraform run outside automation (no TF_IN_AUTOMATION) WHEN planned THEN the note on the saved plan is cut too', async () => {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), configuration('two'));
    const { TF_IN_AUTOMATION, ...interactive } = env;
    expect(TF_IN_AUTOMATION).toBe('1');
    const { printed, shown } = await planAndShow('interactive.tfplan', interactive);
    expect(printed).toContain('Saved the plan to: interactive.tfplan');
    expect(planTextOf(printed)).toBe(shown);
  });

  it('GIVEN no change WHEN planned THEN the text is still what show prints', async () => {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), configuration('one'));
    const { printed, shown } = await planAndShow('same.tfplan');
    expect(shown).toMatch(/^\nNo changes\./);
    expect(planTextOf(printed)).toBe(shown);
  });

  it('GIVEN a warning WHEN planned THEN the warning stays after the plan (show leaves it out)', async () => {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), configuration('three', {
      check: { marker_is_one: { assert: [{ condition: '${terraform_data.marker.input == "one"}', error_message: 'The marker is not one.' }] } },
    }));
    const { printed, shown } = await planAndShow('warned.tfplan');
    const text = planTextOf(printed);
    expect(text.startsWith(shown)).toBe(true);
    expect(text.slice(shown.length)).toMatch(/^\nWarning: Check block assertion failed\n[\s\S]*The marker is not one\.\n$/);
  });
});
