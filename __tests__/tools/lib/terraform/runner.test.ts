import { terraformToolchain } from '../../../support/terraform';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prepareTerraformCli, renderCliConfig } from '../../../../tools/lib/terraform/cli-config';
import { detectAwsCredentials, offlineAwsEnv, resolvePlanMode } from '../../../../tools/lib/terraform/credentials';
import { selectStacks, UnknownStackError } from '../../../../tools/lib/terraform/manifest';
import { findProviderMirror } from '../../../../tools/lib/terraform/mirror';
import { buildOfflineOverride, OFFLINE_OVERRIDE_FILE, removeOfflineOverride, writeOfflineOverride } from '../../../../tools/lib/terraform/offline-override';
import { summarizePlan, summarizePlanStream, terraformInit, terraformPlan, terraformPlanChanges, terraformValidate } from '../../../../tools/lib/terraform/runner';
import { topLevelNames } from '../../../../tools/lib/terraform/user-cli-config';
import { tempDirMaker } from '../../../support/temp-dirs';

const makeTempDir = tempDirMaker();
const tempDir = (prefix: string) => makeTempDir(`tf-runner-${prefix}-`);

const ROLE = 'arn:aws:iam::111111111111:role/backup-deployer';

/** A hand-made stack shaped like the app's output: aliased aws providers in two regions, S3 backend. */
function sampleStack() {
  const provider = (region: string) => ({
    alias: region,
    region,
    assume_role: [{ role_arn: ROLE, session_name: 'backup-plan' }],
    default_tags: [{ tags: { ManagedBy: 'cdktf' } }],
  });
  return {
    terraform: {
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
      backend: { s3: { bucket: 'tf-state-bucket', key: 'backup/dev.tfstate', region: 'eu-west-1' } },
    },
    provider: { aws: [provider('eu-west-1'), provider('us-east-1')] },
    resource: {
      aws_sns_topic: { notifications: { provider: 'aws.eu-west-1', name: 'backup-notifications' } },
      aws_backup_vault: {
        vault_eu: { provider: 'aws.eu-west-1', name: 'backup-vault-eu-west-1' },
        vault_us: { provider: 'aws.us-east-1', name: 'backup-vault-us-east-1' },
      },
    },
  };
}

describe('buildOfflineOverride', () => {
  it('covers each provider alias, keeps its region and mocks credentials', () => {
    // GIVEN a stack with aws providers aliased eu-west-1 and us-east-1
    const stack = sampleStack();
    // WHEN the override is built
    const override = buildOfflineOverride(stack) as { provider: { aws: Array<Record<string, unknown>> } };
    // THEN there is one entry per alias, same region, mock keys, skips and an empty role ARN
    expect(override.provider.aws.map((p) => [p.alias, p.region])).toEqual([
      ['eu-west-1', 'eu-west-1'],
      ['us-east-1', 'us-east-1'],
    ]);
    for (const p of override.provider.aws) {
      expect(p).toMatchObject({
        access_key: 'mock',
        secret_key: 'mock',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        assume_role: [{ role_arn: '' }],
      });
    }
  });

  it('replaces the backend with a local one and leaves the original stack untouched', () => {
    // GIVEN a stack with an S3 backend
    const stack = sampleStack();
    const before = JSON.stringify(stack);
    // WHEN the override is built
    const override = buildOfflineOverride(stack);
    // THEN the override names only a local backend, and the input is unchanged
    expect(override.terraform).toEqual({ backend: { local: { path: 'terraform.tfstate' } } });
    expect(JSON.stringify(stack)).toBe(before);
  });

  it('nulls profile and account allow-lists, which would fail offline', () => {
    // GIVEN a provider with a profile and allowed_account_ids, and one without alias
    const stack = {
      provider: { aws: [{ alias: 'eu-west-1', region: 'eu-west-1', profile: 'prod', allowed_account_ids: ['1'] }, { region: 'eu-central-1' }] },
    };
    // WHEN the override is built
    const [aliased, plain] = (buildOfflineOverride(stack) as { provider: { aws: Array<Record<string, unknown>> } }).provider.aws;
    // THEN those arguments are null in the aliased entry and absent elsewhere; the default provider keeps no alias
    expect(aliased).toMatchObject({ profile: null, allowed_account_ids: null });
    expect(plain).not.toHaveProperty('alias');
    expect(plain).not.toHaveProperty('profile');
    expect(plain.region).toBe('eu-central-1');
  });

  it('writes the override beside cdk.tf.json without touching it, and removes it again', () => {
    // GIVEN a stack directory
    const dir = tempDir('override');
    const stackText = JSON.stringify(sampleStack(), null, 2);
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), stackText);
    // WHEN the override is written and later removed
    const written = writeOfflineOverride(dir);
    const content = JSON.parse(fs.readFileSync(written, 'utf8'));
    const removed = removeOfflineOverride(dir);
    // THEN it was offline_override.tf.json next to the stack, the stack file is byte-identical, and it is gone
    expect(written).toBe(path.join(dir, OFFLINE_OVERRIDE_FILE));
    expect(content.terraform.backend).toHaveProperty('local');
    expect(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8')).toBe(stackText);
    expect(removed).toBe(true);
    expect(fs.existsSync(written)).toBe(false);
    expect(removeOfflineOverride(dir)).toBe(false);
  });
});

describe('selectStacks', () => {
  const stack = (name: string) => ({ name, dir: `/out/stacks/${name}`, stackFile: `/out/stacks/${name}/cdk.tf.json` });
  const all = [stack('dev'), stack('prod'), stack('staging')];

  it('GIVEN no names WHEN selecting THEN every stack comes back in manifest order', () => {
    expect(selectStacks(all, []).map((s) => s.name)).toEqual(['dev', 'prod', 'staging']);
  });

  it('GIVEN names WHEN selecting THEN the stacks come back in the order asked, each once', () => {
    expect(selectStacks(all, ['staging', 'dev', 'staging']).map((s) => s.name)).toEqual(['staging', 'dev']);
  });

  it('GIVEN unknown names WHEN selecting THEN one error names all of them and the known stacks', () => {
    expect(() => selectStacks(all, ['qa', 'dev', 'uat'])).toThrow(new UnknownStackError('Unknown environments: qa, uat. Known: dev, prod, staging.'));
  });
});

describe('findProviderMirror', () => {
  const platform = 'linux_amd64';
  function fakeMirror(version = '5.100.0'): string {
    const dir = tempDir('mirror');
    const pluginDir = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws', version, platform);
    fs.mkdirSync(pluginDir, { recursive: true });
    fs.writeFileSync(path.join(pluginDir, `terraform-provider-aws_v${version}_x5`), '');
    return dir;
  }

  it('auto-detects the first candidate holding hashicorp/aws', () => {
    // GIVEN an empty candidate and a fake unpacked mirror
    const empty = tempDir('empty');
    const mirror = fakeMirror();
    // WHEN detecting without TF_PROVIDER_MIRROR
    const found = findProviderMirror({ env: {}, homeDir: empty, candidates: [empty, mirror], platform });
    // THEN the fake mirror is found with its version
    expect(found).toEqual({ path: mirror, source: 'auto', awsVersions: ['5.100.0'] });
  });

  it('recognizes the packed (.zip) layout', () => {
    // GIVEN a mirror holding a packed provider archive
    const dir = tempDir('packed');
    const typeDir = path.join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
    fs.mkdirSync(typeDir, { recursive: true });
    fs.writeFileSync(path.join(typeDir, `terraform-provider-aws_5.99.0_${platform}.zip`), '');
    // WHEN detecting
    const found = findProviderMirror({ env: {}, homeDir: dir, candidates: [dir], platform });
    // THEN the version is reported
    expect(found?.awsVersions).toEqual(['5.99.0']);
  });

  it('returns undefined (use the registry) when no candidate holds the provider', () => {
    // GIVEN only empty / missing candidates
    const empty = tempDir('none');
    // WHEN detecting
    const found = findProviderMirror({ env: {}, homeDir: empty, candidates: [empty, path.join(empty, 'missing')], platform });
    // THEN nothing is found
    expect(found).toBeUndefined();
  });

  it('uses TF_PROVIDER_MIRROR when it holds the provider, and errors clearly when it does not', () => {
    // GIVEN a valid fake mirror and an empty directory
    const mirror = fakeMirror();
    const empty = tempDir('bad');
    // WHEN TF_PROVIDER_MIRROR names each
    const ok = findProviderMirror({ env: { TF_PROVIDER_MIRROR: mirror }, homeDir: empty, candidates: [], platform });
    const bad = () => findProviderMirror({ env: { TF_PROVIDER_MIRROR: empty }, homeDir: empty, candidates: [mirror], platform });
    // THEN the valid one is used; the empty one throws naming the variable (no fallback to candidates)
    expect(ok).toMatchObject({ path: mirror, source: 'env' });
    expect(bad).toThrow(/TF_PROVIDER_MIRROR=.*does not hold the hashicorp\/aws provider for linux_amd64/);
  });

  it('writes a CLI config that installs the mirrored providers from the mirror only', () => {
    // GIVEN a fake mirror
    const mirror = fakeMirror();
    const out = tempDir('rc');
    // WHEN preparing the terraform CLI
    const cli = prepareTerraformCli({
      env: { PATH: '/usr/bin', TF_CLI_CONFIG_FILE: '/nonexistent/.terraformrc' },
      homeDir: out,
      configFile: path.join(out, '.terraformrc'),
      mirror: { path: mirror, source: 'auto', awsVersions: ['5.100.0'] },
      offline: false,
    });
    // THEN our config file is used, with filesystem_mirror + direct exclude and no plugin cache
    const rc = fs.readFileSync(cli.configFile, 'utf8');
    expect(cli.env.TF_CLI_CONFIG_FILE).toBe(path.join(out, '.terraformrc'));
    expect(rc).toBe(renderCliConfig({ mirror: { path: mirror, providers: ['registry.terraform.io/hashicorp/aws'] } }));
    expect(rc).toMatch(/filesystem_mirror[\s\S]*direct[\s\S]*exclude/);
    expect(cli.pluginCacheDir).toBeUndefined();
  });

  it('carries the user\'s TF_CLI_CONFIG_FILE over (credentials, hosts), and leaves provider_installation and plugin_cache_dir to it when it sets them', () => {
    // GIVEN a user config with registry credentials and a comment mentioning provider_installation
    const home = tempDir('rc-home');
    const userFile = path.join(home, 'corp.tfrc');
    const credentials = 'credentials "registry.example.com" {\n  token = "xyz"  # provider_installation { } in a comment\n}\n';
    fs.writeFileSync(userFile, credentials);
    const prepare = () => prepareTerraformCli({
      env: { PATH: '/usr/bin', TF_CLI_CONFIG_FILE: userFile }, homeDir: home, configFile: path.join(tempDir('rc'), '.terraformrc'),
      mirror: { path: fakeMirror(), source: 'auto', awsVersions: ['5.100.0'] }, offline: true,
    });
    // WHEN prepared THEN their blocks come first, then our mirror (theirs sets none)
    const first = fs.readFileSync(prepare().configFile, 'utf8');
    expect(first).toContain(credentials.trimEnd());
    expect(first.match(/^provider_installation \{/gm)).toHaveLength(1);
    // GIVEN the user config sets its own provider_installation and plugin_cache_dir
    fs.writeFileSync(userFile, `${credentials}provider_installation {\n  network_mirror { url = "https://mirror.example.com/" }\n}\nplugin_cache_dir = "/var/cache/tf"\n`);
    // WHEN prepared THEN theirs stand alone: one of each, both the user's
    const second = fs.readFileSync(prepare().configFile, 'utf8');
    expect(second.match(/^provider_installation \{/gm)).toHaveLength(1);
    expect(second).toContain('network_mirror');
    expect(second).not.toContain('filesystem_mirror');
    expect(second.match(/^plugin_cache_dir/gm)).toHaveLength(1);
  });

  it.each([
    ['credentials "app.terraform.io" {\n  token = "a{b"\n}\nplugin_cache_dir = "/x" # c\n', ['credentials', 'plugin_cache_dir']],
    ['/* provider_installation {} */\nhost "example.com" {\n  services = { "modules.v1" = "https://x/" }\n}\n', ['host']],
    ['# nothing\n', []],
  ])('reads the top-level names of a CLI config: %j', (text, names) => {
    expect([...topLevelNames(text)]).toEqual(names);
  });
});

describe('credential detection', () => {
  const emptyHome = () => tempDir('home');

  it.each([
    ['AWS_ACCESS_KEY_ID', 'AKIA...'],
    ['AWS_PROFILE', 'prod'],
    ['AWS_WEB_IDENTITY_TOKEN_FILE', '/var/run/token'],
    ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '/v2/credentials'],
    ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://169.254.170.23/creds'],
  ])('finds credentials from %s', (name, value) => {
    // GIVEN an empty home and one environment variable
    // WHEN detecting
    const found = detectAwsCredentials({ [name]: value }, emptyHome());
    // THEN it is reported as the source
    expect(found).toEqual({ present: true, source: name });
  });

  it.each(['credentials', 'config'])('finds credentials from ~/.aws/%s', (file) => {
    // GIVEN a home with ~/.aws/<file> and no AWS variables
    const home = emptyHome();
    fs.mkdirSync(path.join(home, '.aws'));
    fs.writeFileSync(path.join(home, '.aws', file), '[default]\n');
    // WHEN detecting
    const found = detectAwsCredentials({}, home);
    // THEN the file is the source
    expect(found).toEqual({ present: true, source: `~/.aws/${file}` });
  });

  it('finds nothing in an empty environment and home (empty values do not count)', () => {
    // GIVEN no variables (one empty) and an empty home
    // WHEN detecting
    const found = detectAwsCredentials({ AWS_PROFILE: '', AWS_REGION: 'eu-west-1' }, emptyHome());
    // THEN no credentials
    expect(found).toEqual({ present: false });
  });

  it('lets --offline / --online override detection', () => {
    // GIVEN credentials present in one env, absent in another
    const home = emptyHome();
    const withCreds = { AWS_PROFILE: 'prod' };
    // WHEN resolving the mode with and without flags
    // THEN flags win; otherwise detection decides; both flags are rejected
    expect(resolvePlanMode({}, withCreds, home).mode).toBe('online');
    expect(resolvePlanMode({}, {}, home)).toEqual({ mode: 'offline', reason: 'No AWS credentials found' });
    expect(resolvePlanMode({ offline: true }, withCreds, home).mode).toBe('offline');
    expect(resolvePlanMode({ online: true }, {}, home).mode).toBe('online');
    expect(() => resolvePlanMode({ offline: true, online: true }, {}, home)).toThrow(/mutually exclusive/);
  });

  it('strips every credential source from the offline environment', () => {
    // GIVEN an environment full of AWS credential settings
    const env = { PATH: '/bin', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'p', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 's', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'u' };
    // WHEN building the offline environment
    const out = offlineAwsEnv(env);
    // THEN no credentials remain, other variables are kept, and the input is untouched
    expect(detectAwsCredentials({ ...out, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined }, tempDir('home'))).toEqual({ present: false });
    expect(out).toMatchObject({ PATH: '/bin', AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' });
    expect(env.AWS_PROFILE).toBe('p');
  });
});

describe('summarizePlanStream', () => {
  // Messages in the shape of terraform's machine-readable UI (developer.hashicorp.com/terraform/internals/machine-readable-ui).
  const message = (body: Record<string, unknown>) => JSON.stringify({ '@level': 'info', '@module': 'terraform.ui', ...body });
  const change = (type: string, name: string, action: string, previousName?: string) =>
    message({
      type: 'planned_change',
      change: {
        resource: { addr: `${type}.${name}`, resource_type: type, resource_name: name },
        ...(previousName ? { previous_resource: { addr: `${type}.${previousName}`, resource_type: type, resource_name: previousName } } : {}),
        action,
      },
    });

  it('GIVEN creates, a replace, an update and a summary THEN counts come from the summary and created types from the changes', () => {
    const stream = [
      message({ type: 'version', terraform: '1.11.4', ui: '1.2' }),
      change('aws_backup_vault', 'a', 'create'),
      change('aws_backup_vault', 'b', 'replace'),
      change('aws_sns_topic', 'c', 'update'),
      change('aws_sns_topic', 'd', 'delete'),
      message({ type: 'change_summary', changes: { add: 2, change: 1, import: 0, remove: 2, operation: 'plan' } }),
      '',
    ].join('\n');
    expect(summarizePlanStream(stream)).toEqual({ add: 2, change: 1, destroy: 2, created: { aws_backup_vault: 2 }, moved: {}, errors: [] });
  });

  it('GIVEN a move alone and a move with an update THEN both are moved, from the address they had', () => {
    const stream = [
      change('aws_backup_vault', 'vault', 'move', 'vault_1A2B3C4D'),
      change('aws_sns_topic', 'topic', 'update', 'topic_5E6F7A8B'),
      change('aws_sns_topic', 'other', 'update'),
      message({ type: 'change_summary', changes: { add: 0, change: 1, import: 0, remove: 0, operation: 'plan' } }),
    ].join('\n');
    expect(summarizePlanStream(stream)).toMatchObject({
      add: 0, change: 1, destroy: 0, created: {},
      moved: { 'aws_backup_vault.vault': 'aws_backup_vault.vault_1A2B3C4D', 'aws_sns_topic.topic': 'aws_sns_topic.topic_5E6F7A8B' },
    });
  });

  it('GIVEN an error diagnostic THEN it is returned, warnings are not', () => {
    const diagnostic = { severity: 'error', summary: 'Invalid name', detail: 'not a valid name' };
    const stream = [
      message({ type: 'diagnostic', '@level': 'warn', diagnostic: { severity: 'warning', summary: 'Deprecated' } }),
      message({ type: 'diagnostic', '@level': 'error', diagnostic }),
    ].join('\n');
    expect(summarizePlanStream(stream).errors).toEqual([diagnostic]);
  });
});

describe('summarizePlan', () => {
  it('counts like terraform (replace = add + destroy, data sources ignored) and walks nested modules', () => {
    // GIVEN show -json output with creates, an update, a replace, a delete, a data read and a child module
    const show = {
      resource_changes: [
        { mode: 'managed', change: { actions: ['create'] } },
        { mode: 'managed', change: { actions: ['update'] } },
        { mode: 'managed', change: { actions: ['delete', 'create'] } },
        { mode: 'managed', change: { actions: ['delete'] } },
        { mode: 'managed', change: { actions: ['no-op'] } },
        { mode: 'data', change: { actions: ['read'] } },
      ],
      planned_values: {
        root_module: {
          resources: [{ mode: 'managed', type: 'aws_sns_topic' }, { mode: 'data', type: 'aws_region' }],
          child_modules: [{ resources: [{ mode: 'managed', type: 'aws_backup_vault' }], child_modules: [{ resources: [{ mode: 'managed', type: 'aws_backup_vault' }] }] }],
        },
      },
    };
    // WHEN summarizing
    // THEN
    expect(summarizePlan(show)).toEqual({ add: 2, change: 1, destroy: 2, resourceCount: 3, resourceTypes: { aws_sns_topic: 1, aws_backup_vault: 2 } });
  });
});

// ---- Real terraform runs (init + offline plan through the real provider; a failing plan without one) ----
const { mirror } = terraformToolchain();

describe('real terraform (offline, provider mirror)', () => {
  // terraformValidate runs on real stacks in config-properties-terraform and in synth:hcl; stacks that are planned rely on
  // the plan's own validation (the last test here).
  it('inits and plans a two-region stack offline', async () => {
    // GIVEN a hand-made stack (two aliased regions, assume_role, S3 backend) with the offline override,
    // and the machine's environment including AWS_PROFILE pointing at a profile that does not exist
    // AND the user's own CLI config (registry credentials), which terraform must accept merged with ours
    const dir = tempDir('real');
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(sampleStack(), null, 2));
    writeOfflineOverride(dir);
    const userConfig = path.join(tempDir('real-home'), 'user.tfrc');
    fs.writeFileSync(userConfig, 'credentials "registry.example.com" {\n  token = "not-a-real-token"\n}\ndisable_checkpoint = true\n');
    const cli = prepareTerraformCli({
      env: { ...process.env, AWS_PROFILE: 'does-not-exist', TF_CLI_CONFIG_FILE: userConfig },
      homeDir: os.homedir(),
      configFile: path.join(dir, '.terraformrc'),
      mirror,
      offline: true,
    });

    // WHEN running init and plan
    await terraformInit(dir, cli.env);
    const plan = await terraformPlan(dir, cli.env);

    // THEN the local backend replaced S3, and three resources are to be added
    expect(fs.readFileSync(cli.configFile, 'utf8')).toContain('credentials "registry.example.com"');
    const backend = JSON.parse(fs.readFileSync(path.join(dir, '.terraform', 'terraform.tfstate'), 'utf8')).backend;
    expect(backend.type).toBe('local');
    expect(plan).toEqual({ add: 3, change: 0, destroy: 0, resourceCount: 3, resourceTypes: { aws_backup_vault: 2, aws_sns_topic: 1 } });
    expect(fs.existsSync(path.join(dir, 'plan.tfplan'))).toBe(false);
    // (terraformPlanChanges reads the plan's own stream of real stacks in examples-terraform, against their expected
    // counts per resource type; planning this stack once more for it would only start the provider again.)
  });

  it('reports terraform errors with terraform output in the message', async () => {
    // GIVEN an initialized configuration whose plan fails: a precondition on terraform's built-in terraform_data
    // (no provider to start, so this costs no provider schema load), with its own error message
    const dir = tempDir('real-bad');
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({
      variable: { topic_name: { type: 'string', default: 'not a valid name' } },
      resource: {
        terraform_data: {
          topic: {
            input: '${var.topic_name}',
            lifecycle: { precondition: [{ condition: '${!strcontains(var.topic_name, " ")}', error_message: 'The topic name is not a valid name: it holds spaces.' }] },
          },
        },
      },
    }));
    const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(dir, '.terraformrc'), mirror, offline: true });
    await terraformInit(dir, cli.env);
    // WHEN planning
    // THEN the error names the command and carries terraform's diagnostic
    await expect(terraformPlan(dir, cli.env)).rejects.toThrow(/terraform plan failed in .*\n[\s\S]*Error: Resource precondition failed[\s\S]*not a valid name/);
    await expect(terraformPlanChanges(dir, cli.env)).rejects.toThrow(/terraform plan failed in .*\n[\s\S]*Error: Resource precondition failed[\s\S]*not a valid name/);
  });

  it('GIVEN a configuration terraform validate refuses WHEN planned THEN the plan refuses it with the same diagnostic', async () => {
    // GIVEN an argument terraform_data does not have (terraform's built-in resource: no provider starts)
    const dir = tempDir('real-invalid');
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { topic: { input: 'x', not_an_argument: true } } } }));
    const cli = prepareTerraformCli({ env: process.env, homeDir: os.homedir(), configFile: path.join(dir, '.terraformrc'), mirror, offline: true });
    await terraformInit(dir, cli.env);
    // WHEN validated, and WHEN planned
    const validation = await terraformValidate(dir, cli.env);
    // THEN validate reports the extraneous property, and the plan fails with the same diagnostic
    expect(validation).toMatchObject({ valid: false, errorCount: 1 });
    const [refused] = validation.diagnostics;
    expect(refused).toMatchObject({ severity: 'error', summary: 'Extraneous JSON object property', detail: 'No argument or block type is named "not_an_argument".' });
    await expect(terraformPlanChanges(dir, cli.env)).rejects.toThrow(new RegExp(`terraform plan failed in [\\s\\S]*${refused.summary}[\\s\\S]*not_an_argument`));
  });
});
