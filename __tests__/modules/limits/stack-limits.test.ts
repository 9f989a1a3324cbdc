import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { QUOTAS } from '../../../config/aws-facts';
import { parseEnvironments } from '../../../config/load';
import type { EnvironmentModel } from '../../../config/model';
import { BackupEnvironmentStack } from '../../../modules/estate/backup-environment-stack';
import { limitFindingsOf, resolvedPolicyLength, stackLimitFindings, type SynthesizedJson } from '../../../modules/limits';
import { examples, type EnvironmentSet } from '../../support/environment-fixtures';
import { exampleModels, testingApp } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

/*
 * AWS limits only the synthesized stack shows (modules/limits): sized as IAM and SSM count them, with every Terraform
 * reference counted as the ARN it becomes, and refused by main.ts before anything is written.
 */

const ROOT = path.join(__dirname, '..', '..', '..');
const tempDir = tempDirMaker();

const stackOf = (model: EnvironmentModel) => new BackupEnvironmentStack(testingApp(), model);
const modelOf = (set: EnvironmentSet, name: string) => parseEnvironments(set.sources()).find((m) => m.name === name) as EnvironmentModel;

/** Okta user IDs are 20 characters (00u + 17): exact subjects, as a real operator group would list them. */
const oktaUsers = (count: number) => Array.from({ length: count }, (_, i) => `00u${String(i).padStart(17, '0')}`);
const withOperators = (count: number) => examples().edit('prod', (d) => { d.access.operator.oidc[0].subjects = oktaUsers(count); });

describe('policy sizes as IAM counts them', () => {
  it('GIVEN a policy naming a key by reference WHEN sized THEN the reference counts as the key ARN it becomes (AWS KMS documentation example ARN)', () => {
    // GIVEN a stack JSON with one key in eu-west-1 and a policy naming it
    const json: SynthesizedJson = { provider: { aws: [{ alias: 'eu-west-1', region: 'eu-west-1' }] }, resource: { aws_kms_key: { key: { provider: 'aws.eu-west-1' } } } };
    const policy = (resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: resource }] }, null, 2);
    // WHEN
    const sized = resolvedPolicyLength(policy('${aws_kms_key.key.arn}'), json, { partition: 'aws', accountId: '111122223333' });
    // THEN it is the length of the same policy with a real key ARN, white space not counted
    const real = JSON.stringify(JSON.parse(policy('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab')));
    expect(sized).toEqual({ length: real.length, unknownReferences: [] });
  });

  it.each(exampleModels().map((m) => [m.name, m] as const))('GIVEN the %s example WHEN its limits are checked THEN none is exceeded, and every reference in a policy is sized by its ARN format', (_name, model) => {
    const json = stackOf(model).toTerraform() as SynthesizedJson & { resource: Record<string, Record<string, Record<string, unknown>>> };
    expect(stackLimitFindings(json, model)).toEqual([]);
    const policies = [
      ...Object.values(json.resource.aws_iam_role ?? {}).map((r) => r.assume_role_policy),
      ...Object.values(json.resource.aws_iam_role_policy ?? {}).map((p) => p.policy),
      ...Object.values(json.resource.aws_iam_policy ?? {}).map((p) => p.policy),
    ];
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.flatMap((p) => resolvedPolicyLength(String(p), json, model).unknownReferences)).toEqual([]);
  });
});

describe('limits refused before anything is written', () => {
  it('GIVEN an operator role trusting 100 Okta users WHEN checked THEN its trust policy is over the IAM quota, blamed on access.operator', () => {
    const model = modelOf(withOperators(100), 'prod');
    const findings = limitFindingsOf(stackOf(model), model);
    expect(findings).toEqual([expect.objectContaining({
      path: ['access', 'operator'], rule: 'limits/iam-trust-policy', received: expect.any(Number),
      message: expect.stringMatching(/^the trust policy of role prod-backup-operator would have [\d,]+ characters; AWS allows 2,048 .* It grows with the proxies and OIDC subjects/),
    })]);
    expect(findings[0].received).toBeGreaterThan(QUOTAS.iamTrustPolicyLength.value);
  });

  it('GIVEN an SSM prefix of 14 levels WHEN checked THEN every deeper parameter name is refused, blamed on ssmParameterPrefix', () => {
    const set = examples().edit('dev', (d) => { d.ssmParameterPrefix = `/${Array.from({ length: 14 }, (_, i) => `l${i}`).join('/')}`; });
    const model = modelOf(set, 'dev');
    const findings = limitFindingsOf(stackOf(model), model);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === 'limits/ssm-parameter-name' && f.path.join('.') === 'ssmParameterPrefix')).toBe(true);
    expect(findings.map((f) => f.received)).toContain(17); // prefix 14 + dev + vaults/<vault>/arn
  });

  it('GIVEN inline policies of one role adding up past 10,240 characters, and a boundary past 6,144 WHEN checked THEN one finding each, blamed on what sizes it', () => {
    const statement = (n: number) => ({ Effect: 'Allow', Action: 'backup:StartBackupJob', Resource: `arn:aws:backup:eu-west-1:111122223333:backup-vault:${'v'.repeat(n)}` });
    const policy = (count: number) => JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: count }, () => statement(40)) });
    const json: SynthesizedJson = {
      provider: { aws: [{ alias: 'eu-west-1', region: 'eu-west-1' }] },
      resource: {
        aws_iam_role: { 'backup-role_1': { name: 'x-backup-service', assume_role_policy: '{"Statement":[]}' } },
        aws_iam_role_policy: {
          a: { role: '${aws_iam_role.backup-role_1.name}', policy: policy(60) },
          b: { role: '${aws_iam_role.backup-role_1.name}', policy: policy(10) },
        },
        aws_iam_policy: { 'boundary-backup_policy_1': { name: 'x-boundary-backup', policy: policy(40) } },
      },
    };
    const sized = [policy(60), policy(10)].reduce((n, p) => n + p.length, 0);
    expect(sized).toBeGreaterThan(QUOTAS.iamInlinePoliciesPerRole.value);
    expect(stackLimitFindings(json, { partition: 'aws', accountId: '111122223333' })).toEqual([
      expect.objectContaining({ path: ['vaults'], rule: 'limits/iam-inline-policies', received: sized }),
      expect.objectContaining({ path: ['regions'], rule: 'limits/iam-managed-policy', received: policy(40).length }),
    ]);
    expect(policy(40).length).toBeGreaterThan(QUOTAS.iamManagedPolicyLength.value);
  });

  it('GIVEN such an estate WHEN main.ts synthesizes THEN exit 1 with file:line, path, rule and value, no stack trace, nothing written', () => {
    // GIVEN the examples with prod's operator trusting 100 users
    const dir = tempDir('limits-');
    for (const { file, text } of withOperators(100).sources()) fs.writeFileSync(path.join(dir, path.basename(file)), text);
    const outdir = path.join(tempDir('limits-out-'), 'cdktf.out');
    // WHEN
    const result = spawnSync(...typescriptCommand(ROOT, 'main.ts'), { cwd: ROOT, env: { ...process.env, BACKUP_ENVIRONMENTS_DIR: dir, CDKTF_OUTDIR: outdir }, encoding: 'utf8' });
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/1 problem in the environment configuration/);
    expect(result.stderr).toMatch(/prod\.yaml:\d+: access\.operator: the trust policy of role prod-backup-operator would have [\d,]+ characters; .* \[limits\/iam-trust-policy\] \(received: \d+\)/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
