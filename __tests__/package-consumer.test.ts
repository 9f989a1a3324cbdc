import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleFunction } from '../modules/functions/function-bundle';

/**
 * The package as another cdktf app uses it: `npm pack` (which runs `prepack`: the build), then a consumer app in a
 * temporary folder, with no environments/ folder, that installs the tarball offline, imports only the package
 * name, type-checks against the package's .d.ts and synthesizes.
 *
 * The consumer installs with `npm ci --offline` from a lockfile derived from ours: the tarball, plus exactly the
 * versions our package-lock.json pins for cdktf, constructs, @cdktf/provider-aws and the package's own
 * dependencies (and their dependencies). Our `npm ci` has put every one of them in the npm cache, so nothing is
 * fetched; resolving version ranges instead (a plain `npm install`) could pick a version the cache lacks. This is a
 * full, real install of @cdktf/provider-aws (about 400 MB unpacked; a few seconds from the cache), not a link to
 * our node_modules.
 */

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string; version: string; license: string;
  dependencies: Record<string, string>; peerDependencies: Record<string, string>; devDependencies: Record<string, string>;
  engines: Record<string, string>;
};
const FUNCTIONS = ['audit-recorder', 'execution-status', 'job-callback', 'recovery-point-tagger', 'restore-cleanup', 'restore-planner', 'restore-validator', 'start-execution'];
/** A tarball bigger than this means something unintended got in (the seven function bundles are about 2.6 MB). */
const MAX_TARBALL_BYTES = 6 * 1024 * 1024;

interface Run { stdout: string; stderr: string; status: number | null; seconds: number }

function run(command: string, args: readonly string[], cwd: string, check = true): Run {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
  const out: Run = { stdout: result.stdout ?? '', stderr: result.stderr ?? '', status: result.status, seconds: (Date.now() - started) / 1000 };
  if (check && (result.error || result.status !== 0)) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${result.error?.message ?? `exit ${result.status}`}\n${out.stdout}\n${out.stderr}`);
  }
  return out;
}

type LockEntry = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/**
 * The entries of our package-lock.json that `roots` need, at the same paths (node resolution from each entry's
 * place in our tree), with the dev/peer flags dropped: for the consumer they are plain dependencies.
 */
function lockClosure(roots: readonly string[]): Record<string, LockEntry> {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages = lock.packages;
  const resolveFrom = (from: string, name: string): string | undefined => {
    for (let base = from; ; ) {
      const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!base) return undefined;
      const parent = base.lastIndexOf('/node_modules/');
      base = parent < 0 ? '' : base.slice(0, parent);
    }
  };
  const found = new Set<string>();
  const queue: string[] = [];
  const need = (from: string, name: string, optional: boolean) => {
    const at = resolveFrom(from, name);
    if (!at) {
      if (optional) return;
      throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}`);
    }
    if (!found.has(at)) found.add(at), queue.push(at);
  };
  for (const name of roots) need('', name, false);
  while (queue.length > 0) {
    const at = queue.shift() as string;
    const entry = packages[at];
    for (const name of Object.keys(entry.dependencies ?? {})) need(at, name, false);
    for (const name of Object.keys(entry.optionalDependencies ?? {})) need(at, name, true);
    for (const name of Object.keys(entry.peerDependencies ?? {})) need(at, name, entry.peerDependenciesMeta?.[name]?.optional === true);
  }
  return Object.fromEntries([...found].sort().map((at) => {
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[at];
    return [at, entry];
  }));
}

/** Two accounts of the consumer's own estate, written inline: a workload account copying to a central one. */
const CONSUMER_MAIN = `
import { App } from 'cdktf';
import { BackupEnvironmentStack, buildEnvironmentModels, type EnvironmentConfig, type EnvironmentModel } from '${PACKAGE.name}';

/** One organization, region and state bucket for both accounts. */
function account(name: string, accountId: string, tags: EnvironmentConfig['tags']): EnvironmentConfig {
  return {
    name,
    accountId,
    partition: 'aws',
    organizationId: 'o-consumer01',
    regions: { primary: 'eu-north-1' },
    deployment: { roleArn: \`arn:aws:iam::\${accountId}:role/terraform-deploy\` },
    state: { bucket: 'consumer-terraform-state', region: 'eu-north-1' },
    tags,
  };
}

const workload: EnvironmentConfig = {
  ...account('shop', '210987654321', { environment: 'shop', owner: 'shop-team', complianceCode: 'NONE' }),
  vaults: [{ name: 'shop' }],
  plans: [{
    name: 'daily',
    rules: [{
      name: 'daily-30d',
      vault: 'shop',
      schedule: 'cron(0 3 * * ? *)',
      lifecycle: { deleteAfterDays: 30 },
      copyTo: [{ environment: 'vault-account', region: 'eu-north-1', vault: 'central' }],
    }],
    selections: [{ name: 'tagged', anyOfTags: { backup: 'daily' } }],
  }],
};

const central: EnvironmentConfig = {
  ...account('vault-account', '109876543210', { environment: 'backup', owner: 'platform', complianceCode: 'NONE' }),
  vaults: [{ name: 'central', acceptCopiesFrom: { environments: ['shop'] } }],
};

const models: EnvironmentModel[] = buildEnvironmentModels([workload, central]);
const app = new App({ outdir: 'cdktf.out' });
for (const model of models) new BackupEnvironmentStack(app, model);
app.synth();
console.log(JSON.stringify(models.map((m) => m.name)));
`;

/** A configuration with mistakes, as it might come from JSON: the package reports them as the YAML loader does. */
const CONSUMER_INVALID = `
import { buildEnvironmentModel, ConfigError } from '${PACKAGE.name}';

const config = JSON.parse(process.argv[2]);
try {
  buildEnvironmentModel(config);
  console.log(JSON.stringify({ thrown: false }));
} catch (error) {
  console.log(JSON.stringify({ thrown: true, configError: error instanceof ConfigError, message: (error as Error).message }));
}
`;

describe(`the ${PACKAGE.name} package, used from another cdktf app`, () => {
  let work: string;
  let tarball: string;
  let tarballFiles: string[];
  let consumer: string;
  let installed: string;
  const timings: Record<string, number> = {};

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'package-consumer-'));
    const packDir = path.join(work, 'pack');
    fs.mkdirSync(packDir);
    // npm pack runs prepack (npm run build): dist/ is rebuilt from the sources.
    timings.pack = run('npm', ['pack', '--pack-destination', packDir, '--silent'], ROOT).seconds;
    const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
    expect(tarballs).toEqual([`${PACKAGE.name}-${PACKAGE.version}.tgz`]);
    tarball = path.join(packDir, tarballs[0]);
    tarballFiles = run('tar', ['-tzf', tarball], work).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, '')).sort();

    consumer = path.join(work, 'consumer');
    fs.mkdirSync(path.join(consumer, 'src'), { recursive: true });
    const spec = `file:../pack/${path.basename(tarball)}`;
    const dependencies = {
      [PACKAGE.name]: spec,
      cdktf: PACKAGE.devDependencies.cdktf,
      constructs: PACKAGE.devDependencies.constructs,
      '@cdktf/provider-aws': PACKAGE.devDependencies['@cdktf/provider-aws'],
    };
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'backup-consumer', version: '1.0.0', private: true, dependencies }, null, 2));
    const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
    const lock = {
      name: 'backup-consumer',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'backup-consumer', version: '1.0.0', dependencies },
        [`node_modules/${PACKAGE.name}`]: {
          version: PACKAGE.version, resolved: spec, integrity, license: PACKAGE.license,
          dependencies: PACKAGE.dependencies, peerDependencies: PACKAGE.peerDependencies, engines: PACKAGE.engines,
        },
        ...lockClosure([...Object.keys(PACKAGE.dependencies), 'cdktf', 'constructs', '@cdktf/provider-aws']),
      },
    };
    fs.writeFileSync(path.join(consumer, 'package-lock.json'), JSON.stringify(lock, null, 2));
    timings.install = run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], consumer).seconds;
    installed = path.join(consumer, 'node_modules', ...PACKAGE.name.split('/'));

    fs.writeFileSync(path.join(consumer, 'src', 'main.ts'), CONSUMER_MAIN);
    fs.writeFileSync(path.join(consumer, 'src', 'invalid.ts'), CONSUMER_INVALID);
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', lib: ['ES2022'], module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true,
        rootDir: 'src', outDir: 'build', types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      },
      include: ['src'],
    }, null, 2));
    // TypeScript is a tool here (from our node_modules); node16 resolution reads the package's "exports" types.
    timings.tsc = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], consumer).seconds;
  }, 600_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('packs only what a consumer needs: compiled library, prebuilt functions, OpenAPI, README', () => {
    const size = fs.statSync(tarball).size;
    console.log(`${path.basename(tarball)}: ${(size / 1024 / 1024).toFixed(2)} MiB, ${tarballFiles.length} files; ` +
      `seconds: pack (with build) ${timings.pack}, offline install ${timings.install}, consumer tsc ${timings.tsc}`);
    expect(size).toBeLessThan(MAX_TARBALL_BYTES);
    expect(tarballFiles).toEqual(expect.arrayContaining([
      'package.json', 'README.md', 'dist/modules/index.js', 'dist/modules/index.d.ts', 'dist/start-api.openapi.json',
      'dist/functions/manifest.json', ...FUNCTIONS.map((f) => `dist/functions/${f}.zip`),
    ]));
    const allowed = /^(package\.json|README\.md|LICENSE|dist\/(modules|config)\/.+\.(js|d\.ts)|dist\/functions\/([a-z-]+\.zip|manifest\.json)|dist\/start-api\.openapi\.json)$/;
    expect(tarballFiles.filter((f) => !allowed.test(f))).toEqual([]);
    const unwanted = /(^|\/)(__tests__|environments|lambda-src|tools|node_modules|cdktf\.out|\.build|\.terraform)\/|\.test\.|(^|\/)main\.(js|d\.ts)$|\.tfstate|\.env|\.npmrc|\.pem$/;
    expect(tarballFiles.filter((f) => unwanted.test(f))).toEqual([]);
  });

  it('holds no credentials or private keys', () => {
    const texts = tarballFiles.filter((f) => !f.endsWith('.zip')).map((f) => [f, fs.readFileSync(path.join(installed, f), 'utf8')] as const);
    const secrets = /AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|npm_[A-Za-z0-9]{36}/;
    expect(texts.filter(([, text]) => secrets.test(text)).map(([f]) => f)).toEqual([]);
  });

  it('installs without esbuild or the AWS SDK clients: the functions come prebuilt', () => {
    const modules = path.join(consumer, 'node_modules');
    expect(fs.existsSync(path.join(modules, 'esbuild'))).toBe(false);
    expect(fs.existsSync(path.join(modules, 'fflate'))).toBe(false);
    expect(fs.readdirSync(path.join(modules, '@aws-sdk')).filter((d) => d.startsWith('client-'))).toEqual([]);
    expect(fs.existsSync(path.join(modules, '@aws-lambda-powertools'))).toBe(false);
    // One copy of each construct library: the package uses the consumer's (peer dependencies).
    for (const peer of Object.keys(PACKAGE.peerDependencies)) {
      expect(fs.existsSync(path.join(installed, 'node_modules', ...peer.split('/')))).toBe(false);
    }
  });

  it('type-checks the consumer against the package declarations, and synthesizes its own estate', () => {
    const before = run('find', ['.'], installed).stdout;
    const userEstate = path.join(ROOT, 'environments');
    const userEstateBefore = fs.existsSync(userEstate) ? fs.readdirSync(userEstate).sort() : [];
    const synth = run(process.execPath, ['build/main.js'], consumer);
    expect(JSON.parse(synth.stdout.trim().split('\n').pop() as string)).toEqual(['shop', 'vault-account']);
    expect(run('find', ['.'], installed).stdout).toBe(before); // nothing written inside node_modules
    expect(fs.existsSync(userEstate) ? fs.readdirSync(userEstate).sort() : []).toEqual(userEstateBefore); // nor in this project's estate

    const stackDir = path.join(consumer, 'cdktf.out', 'stacks', 'shop');
    const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { resource: Record<string, Record<string, Record<string, any>>> };
    const bodies = (type: string) => Object.values(stack.resource[type] ?? {});
    expect(bodies('aws_backup_vault').map((v) => v.name)).toEqual(['shop']);
    expect(bodies('aws_backup_plan').map((p) => p.name)).toEqual(['daily']);
    expect(bodies('aws_backup_plan')[0].rule[0].copy_action[0].destination_vault_arn).toBe('arn:aws:backup:eu-north-1:109876543210:backup-vault:central');
    expect(bodies('aws_backup_selection')).toHaveLength(1);

    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'dist', 'functions', 'manifest.json'), 'utf8')) as {
      functions: Record<string, { sha256Base64: string }>;
    };
    const functions = bodies('aws_lambda_function');
    expect(functions.length).toBeGreaterThanOrEqual(5);
    for (const fn of functions) {
      // The asset cdktf copied into the consumer's own output is the prebuilt zip, byte for byte.
      const zip = fs.readFileSync(path.join(stackDir, fn.filename));
      const sha = createHash('sha256').update(zip).digest('base64');
      expect(fn.source_code_hash).toBe(sha);
      expect(Object.values(manifest.functions).map((f) => f.sha256Base64)).toContain(sha);
    }

    const central = JSON.parse(fs.readFileSync(path.join(consumer, 'cdktf.out', 'stacks', 'vault-account', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(central.resource.aws_backup_vault).map((v: any) => v.name)).toEqual(['central']);
  });

  it('gives the same bundles as synth from source: the same code makes no Terraform diff', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'dist', 'functions', 'manifest.json'), 'utf8')) as {
      functions: Record<string, { sha256Base64: string }>;
    };
    expect(Object.keys(manifest.functions).sort()).toEqual(FUNCTIONS);
    // The bundles synth from source deploys, where synth keeps them (.build/functions, rebuilt whenever their inputs
    // change): built apart from the package's, which `npm run build` bundled afresh into an emptied dist/.
    for (const name of FUNCTIONS) {
      expect(bundleFunction(name).sha256Base64).toBe(manifest.functions[name].sha256Base64);
    }
  });

  it('reports configuration mistakes with ConfigError and the loader messages', () => {
    const broken = {
      name: 'shop', accountId: '12345', partition: 'aws', regions: { primary: 'eu-north-1' },
      deployment: { roleArn: 'arn:aws:iam::210987654321:role/terraform-deploy' },
      state: { bucket: 'consumer-terraform-state', region: 'eu-north-1' },
      tags: { environment: 'shop', owner: 'shop-team', complianceCode: 'NONE' },
      vaultz: [],
    };
    const result = JSON.parse(run(process.execPath, ['build/invalid.js', JSON.stringify(broken)], consumer).stdout);
    expect(result).toMatchObject({ thrown: true, configError: true });
    expect(result.message).toMatch(/^2 problems in the environment configuration:/);
    expect(result.message).toContain('environment "shop": accountId: ');
    expect(result.message).toContain('environment "shop": vaultz: unknown key "vaultz" (check the spelling; see environment.schema.json) [schema/invalid] (received: [])');
  });

  it('refuses deep imports outside the exports map', () => {
    for (const deep of ['modules/backup-vault', 'dist/modules/backup-vault', 'dist/config/load']) {
      const attempt = run(process.execPath, ['-e', `require(${JSON.stringify(`${PACKAGE.name}/${deep}`)})`], consumer, false);
      expect(attempt.status).not.toBe(0);
      expect(attempt.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    }
    const allowed = run(process.execPath, ['-e', `console.log(require('${PACKAGE.name}/package.json').version, typeof require('${PACKAGE.name}').BackupEnvironmentStack)`], consumer);
    expect(allowed.stdout.trim()).toBe(`${PACKAGE.version} function`);
    // ES modules import it too (the "default" condition; Node finds the named exports of the CommonJS build).
    const esm = run(process.execPath, ['--input-type=module', '-e', `import { BackupEnvironmentStack, buildEnvironmentModels } from '${PACKAGE.name}'; console.log(typeof BackupEnvironmentStack, typeof buildEnvironmentModels);`], consumer);
    expect(esm.stdout.trim()).toBe('function function');
  });
});
