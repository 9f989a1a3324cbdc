import { parse } from 'yaml';
import { serviceOffered } from '../../config/aws-facts';
import { parseEnvironments } from '../../config/load';
import { formatPath, type Problem } from '../../config/problems';
import { checkRegionalFeatures } from '../../config/checks/check-regional-features';
import { Findings } from '../../config/checks/finding';
import { selectionTypes } from '../../config/checks/selection-types';
import type { EnvironmentFile } from '../../config/schema';
import { configErrorOf, examples, fileOf, summarize } from '../support/environment-fixtures';

/*
 * The rules that read AWS's facts, where config-rules.test.ts's one-mutation cases cannot show them: the warning,
 * the endpoint-model rule, which resource types a selection names, and "every problem at once" across the schema pass.
 */

const PROD = fileOf('prod');
const DEV = fileOf('dev');

describe('copy/source-resource-key (a warning)', () => {
  it('GIVEN prod copying its RDS databases to the central account WHEN validated THEN it passes with one warning naming RDS and the account', () => {
    const warnings: Problem[] = [];
    const models = parseEnvironments(examples().sources(), { warnings });
    expect(models).toHaveLength(4);
    expect(warnings.map(summarize)).toEqual([{
      rule: 'copy/source-resource-key', file: PROD, path: 'plans[1].rules[0].copyTo[0]', line: expect.any(Number), received: ['RDS'],
      message: expect.stringContaining('RDS recovery points keep the key of the resource they come from: each resource must be encrypted with a customer-managed key shared with account 111111111111'),
    }]);
  });

  it('GIVEN the same plan selecting only DynamoDB tables (fully managed: the vault key encrypts them) WHEN validated THEN there is no warning', () => {
    const set = examples().edit('prod', (d) => { d.plans[1].selections[0].resources = ['arn:aws:dynamodb:eu-west-1:222222222222:table/*']; });
    const warnings: Problem[] = [];
    parseEnvironments(set.sources(), { warnings });
    expect(warnings).toEqual([]);
  });

  it('GIVEN DynamoDB without full AWS Backup management WHEN validated THEN the cross-account copy of tables is refused, saying why', () => {
    const set = examples().edit('prod', (d) => {
      d.plans[1].selections[0].resources = ['arn:aws:dynamodb:eu-west-1:222222222222:table/*'];
      d.regionSettings = { fullManagement: { DynamoDB: false } };
    });
    expect(configErrorOf(set).problems.map(summarize)).toContainEqual(expect.objectContaining({
      rule: 'copy/resource-type', file: PROD, path: 'plans[1].rules[0].copyTo[0]', received: 'DynamoDB',
      message: expect.stringContaining("only with AWS Backup's full management of DynamoDB, which regionSettings.fullManagement turns off"),
    }));
  });
});

describe('region/service (AWS endpoint model)', () => {
  // The example file as the rules see it (the loader validates it first).
  const dev = (): EnvironmentFile => parse(examples().text('dev')) as EnvironmentFile;

  it('GIVEN every Region the SDK publishes WHEN checked against the ledger THEN each offers what the stack creates (the rule has nothing to refuse today)', () => {
    const out = new Findings();
    checkRegionalFeatures(dev(), out);
    expect(out.items).toEqual([]);
  });

  it('GIVEN an endpoint model where Sydney lacks EventBridge Scheduler and Step Functions WHEN dev runs a drill and its orchestration there THEN both are refused with the Region', () => {
    const env = { ...dev(), orchestration: { ...dev().orchestration, drills: [{ name: 'volumes', schedule: 'rate(7 days)', resourceType: 'EBS', resourceArn: 'arn:aws:ec2:ap-southeast-2:444444444444:volume/vol-0abc' }] } } as EnvironmentFile;
    const lacking = new Set(['scheduler', 'states']);
    const out = new Findings();
    checkRegionalFeatures(env, out, (service, partition, region) => !(region === 'ap-southeast-2' && lacking.has(service)) && serviceOffered(service, partition, region));
    expect(out.items.map((f) => [f.rule, formatPath(f.path), f.message])).toEqual([
      ['region/service', 'orchestration', "ap-southeast-2 does not offer states (the orchestration layer), per AWS's endpoint model of the aws partition"],
      ['region/service', 'orchestration.drills[0]', "ap-southeast-2 does not offer scheduler (EventBridge Scheduler starts drills), per AWS's endpoint model of the aws partition"],
    ]);
  });
});

describe('selection types (read from the ARNs a selection names)', () => {
  const types = (selection: object) => {
    const t = selectionTypes({ name: 's', ...selection } as never, '222222222222', 'eu-west-1');
    return { types: [...t.types].sort(), known: t.known };
  };

  it.each([
    [{ resources: ['arn:aws:rds:eu-west-1:222222222222:db:*'] }, { types: ['RDS'], known: true }],
    [{ resources: ['arn:aws:rds:eu-west-1:222222222222:cluster:orders'] }, { types: ['Aurora', 'DocumentDB', 'Neptune'], known: true }],
    [{ resources: ['arn:aws:ec2:eu-west-1:222222222222:volume/*', 'arn:aws:s3:::logs'] }, { types: ['EBS', 'S3'], known: true }],
    [{ resources: ['arn:aws:dynamodb:eu-west-1:222222222222:table/*'], anyOfTags: { backup: 'daily' } }, { types: expect.arrayContaining(['EBS', 'RDS', 'DynamoDB']), known: false }],
  ])('GIVEN %j WHEN read THEN %j', (selection, expected) => {
    expect(types(selection)).toEqual(expected);
  });

  it('GIVEN tags only, excluding every volume of the account WHEN read THEN every type but EBS, not known', () => {
    const t = types({ tags: { backup: 'daily' }, excludeResources: ['arn:aws:ec2:*:222222222222:volume/*'] });
    expect(t.known).toBe(false);
    expect(t.types).not.toContain('EBS');
    expect(t.types).toContain('EC2');
  });

  it('GIVEN an exclusion of one volume WHEN read THEN EBS stays (one volume is not every volume)', () => {
    expect(types({ tags: { a: 'b' }, excludeResources: ['arn:aws:ec2:eu-west-1:222222222222:volume/vol-1'] }).types).toContain('EBS');
  });
});

describe('every problem at once, across the schema pass', () => {
  it('GIVEN dev with a schema error in its plan rule and a rule error in its vault, and prod with a rule error WHEN validated THEN all three are reported', () => {
    const set = examples()
      .edit('dev', (d) => {
        d.plans[0].rules[0].lifecycle.deleteAfterDays = 'seven';
        d.vaults[0].regions = [];
      })
      .edit('prod', (d) => { d.orchestration.restoreTesting[0].selections[0].resourceType = 'EBS'; });
    const problems = configErrorOf(set).problems.map((p) => [p.file, p.rule, formatPath(p.path)]);
    expect(problems).toEqual(expect.arrayContaining([
      [DEV, 'schema/invalid', 'plans[0].rules[0].lifecycle.deleteAfterDays'],
      [DEV, 'region/empty-list', 'vaults[0].regions'],
      [PROD, 'restore-testing/resource-type', 'orchestration.restoreTesting[0].selections[0].resourceType'],
    ]));
  });

  it('GIVEN a schema error in one plan WHEN validated THEN a rule error in another plan of the same file is reported, and nothing about the cut plan cascades', () => {
    const set = examples().edit('prod', (d) => {
      d.plans[0].rules[0].schedule = 42; // schema: the daily plan is cut out
      d.plans[1].rules[0].schedule = 'cron(0 3 ? FOO * *)'; // rule: the monthly plan is still checked
    });
    const problems = configErrorOf(set).problems.map((p) => [p.rule, formatPath(p.path)]);
    expect(problems).toEqual([
      ['schema/invalid', 'plans[0].rules[0].schedule'],
      ['schedule/cron-format', 'plans[1].rules[0].schedule'],
    ]);
  });
});
