import fc from 'fast-check';
import { Testing } from 'cdktf';
import { parseEnvironments } from '../config/load';
import { resolvedPolicyLength, stackLimitFindings, type SynthesizedJson } from '../modules/limits';
import type { EnvironmentModel } from '../config/model';
import { BackupEnvironmentStack } from '../modules/estate/backup-environment-stack';
import { serviceEndpoint } from '../modules/core/aws-partition';
import { estateArbitrary, estateSources } from './support/config-arbitraries';
import { describeFailure, runMatrix, type Estate, type MatrixResult } from './support/data-path-matrix';
import { StackIam } from './support/iam-simulation';
import { exampleModels, synthEnvironment, testingApp, type SynthesizedStack } from './support/synth';

/*
 * Every data path the config enables, for every resource type AWS Backup protects, authorized the way AWS evaluates
 * it (see support/data-path-matrix.ts): the tests' example estate (__tests__/fixtures/environments) and generated
 * estates. Then the orchestration layer's own key and the notification topic's key, for the calls AWS makes on them.
 */

jest.setTimeout(240_000);

const SEED = 20_261_204;
const GENERATED_ESTATES = 6;
const totals = { estates: 0, pairs: 0, simulations: 0, outside: 0, unsupported: 0, unconfirmed: 0 };

function estateOf(models: readonly EnvironmentModel[], synth: (m: EnvironmentModel) => SynthesizedStack): Estate {
  return { models, iam: new Map(models.map((m) => [m.name, new StackIam(m, synth(m))])) };
}

function record(result: MatrixResult): void {
  totals.estates += 1;
  totals.pairs += result.pairs;
  totals.simulations += result.results.length;
  totals.outside += result.outside;
  totals.unsupported += result.unsupported;
  totals.unconfirmed += result.unconfirmed;
}

afterAll(() => {
  console.log(`data-path matrix: ${totals.estates} estates, ${totals.pairs} (path, resource type) pairs, ${totals.simulations} simulated calls `
    + `all allowed; ${totals.outside} steps on keys outside the stacks (documented requirements), ${totals.unsupported} pairs AWS does not support (refused by config rules), `
    + `${totals.unconfirmed} pairs whose support AWS leaves unconfirmed (not evaluated)`);
});

describe('data paths of the example estate', () => {
  it('GIVEN the synthesized stacks WHEN every step of every enabled path is simulated for every resource type THEN AWS would allow each call', async () => {
    const models = exampleModels();
    const result = await runMatrix(estateOf(models, synthEnvironment));
    record(result);
    expect(result.results.filter((r) => r.decision !== 'Allowed').map(describeFailure)).toEqual([]);
    expect(result.results.length).toBeGreaterThan(0);
  });
});

describe('data paths of generated estates', () => {
  const estates = fc.sample(estateArbitrary(), { seed: SEED, numRuns: GENERATED_ESTATES });
  it.each(estates.map((estate, i) => [i, estate] as const))('generated estate %i: every step of every enabled path is allowed', async (_i, estate) => {
    // GIVEN a generated valid estate, synthesized in one app
    const models = parseEnvironments(estateSources(estate));
    const app = testingApp();
    const stacks = new Map(models.map((m) => [m.name, new BackupEnvironmentStack(app, m)]));
    const synth = (m: EnvironmentModel) => JSON.parse(Testing.synth(stacks.get(m.name) as BackupEnvironmentStack)) as SynthesizedStack;
    // WHEN the matrix runs THEN every call is allowed
    const result = await runMatrix(estateOf(models, synth));
    record(result);
    expect(result.results.filter((r) => r.decision !== 'Allowed').map(describeFailure)).toEqual([]);
    // AND no stack exceeds a limit only the stack shows, every policy reference sized by its ARN format (modules/limits)
    for (const m of models) {
      const json = synth(m) as unknown as SynthesizedJson;
      expect({ env: m.name, findings: stackLimitFindings(json, m) }).toEqual({ env: m.name, findings: [] });
      const policies = Object.values(json.resource?.aws_iam_role_policy ?? {}).map((p) => String(p.policy));
      expect(policies.flatMap((p) => resolvedPolicyLength(p, json, m).unknownReferences)).toEqual([]);
    }
  });
});

describe('the orchestration key and the notification topic key, for the calls AWS makes on them', () => {
  const models = exampleModels().filter((m) => m.orchestration);
  const stacks = new Map(models.map((m) => [m.name, new StackIam(m, synthEnvironment(m))]));

  const keyWhose = (iam: StackIam, region: string, sid: string) => {
    const key = iam.knownArns.filter((a) => a.includes(`:kms:${region}:`)).find((k) => JSON.stringify(iam.resourcePolicyOf('kms:Decrypt', k)).includes(sid));
    if (!key) throw new Error(`no key in ${region} whose policy has ${sid}`);
    return key;
  };
  const cases = models.flatMap((m) => (m.orchestration?.regions ?? []).map((region) => [`${m.name} ${region}`, m, region] as const));

  it.each(cases)('%s: the deploying principal creates the encrypted tables (DynamoDB creates grants on the key for it)', async (_n, model, region) => {
    const iam = stacks.get(model.name) as StackIam;
    const orchestrationKey = keyWhose(iam, region, 'EventBridge');
    // The deployment role is the caller's (Terraform's) own: allowed everything by its identity policy, so the key decides.
    const deployer = { arn: model.deployment.roleArn, policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } };
    const via = { 'kms:ViaService': serviceEndpoint('dynamodb', region), 'kms:CallerAccount': model.accountId };
    for (const action of ['kms:CreateGrant', 'kms:DescribeKey', 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']) {
      const context = action === 'kms:CreateGrant' ? { ...via, 'kms:GrantIsForAWSResource': 'true' } : via;
      expect([action, await iam.decide({ principal: deployer, action, resource: orchestrationKey, context })]).toEqual([action, 'Allowed']);
    }
  });

  it.each(cases)('%s: EventBridge encrypts dead letters with the orchestration key (it sends no source keys to KMS)', async (_n, model, region) => {
    const iam = stacks.get(model.name) as StackIam;
    const key = keyWhose(iam, region, 'EventBridge');
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect([action, await iam.decide({ principal: { arn: 'events.amazonaws.com', policy: { Version: '2012-10-17', Statement: [] } }, action, resource: key })]).toEqual([action, 'Allowed']);
    }
  });

  it.each(cases)('%s: CloudWatch Logs encrypts this account\'s log groups with it, by the encryption context it documents', (_n, model, region) => {
    // The simulator ignores kms:EncryptionContext:<key> (its variable keys are recognised only in the `a/b` form), so
    // this statement is checked against AWS's documented shape (CloudWatch Logs, "Encrypt log data using AWS KMS").
    const iam = stacks.get(model.name) as StackIam;
    const policy = iam.resourcePolicyOf('kms:Decrypt', keyWhose(iam, region, 'EventBridge'));
    const logs = policy?.Statement.find((s) => s.Principal?.Service === serviceEndpoint('logs', region));
    expect(logs?.Condition).toEqual({ ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${model.partition}:logs:${region}:${model.accountId}:log-group:*` } });
    expect(logs?.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']));
  });

  it.each(cases)('%s: AWS Backup publishes vault events to the encrypted topic (KMS without source keys, the topic with the vault as source)', async (_n, model, region) => {
    const iam = stacks.get(model.name) as StackIam;
    const topicKey = keyWhose(iam, region, 'BackupPublishesEncrypted');
    const backup = { arn: 'backup.amazonaws.com', policy: { Version: '2012-10-17', Statement: [] } };
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect([action, await iam.decide({ principal: backup, action, resource: topicKey })]).toEqual([action, 'Allowed']);
    }
    const topic = `arn:${model.partition}:sns:${region}:${model.accountId}:${model.name}-backup-notifications`;
    const vault = `arn:${model.partition}:backup:${region}:${model.accountId}:backup-vault:any`;
    expect(await iam.decide({ principal: backup, action: 'sns:Publish', resource: topic, context: { 'aws:SourceAccount': model.accountId, 'aws:SourceArn': vault } })).toBe('Allowed');
    expect(await iam.decide({ principal: backup, action: 'sns:Publish', resource: topic, context: { 'aws:SourceAccount': '999999999999', 'aws:SourceArn': vault.replace(model.accountId, '999999999999') } })).not.toBe('Allowed');
  });
});
