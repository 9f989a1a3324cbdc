import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DeadLetterQueue } from '../../../modules/orchestration/dead-letter-queue';
import { EncryptedTable } from '../../../modules/orchestration/encrypted-table';
import { bundleFunction, FUNCTION_ENTRY_FILE } from '../../../modules/functions/function-bundle';
import { OrchestrationStateMachine } from '../../../modules/orchestration/orchestration-state-machine';
import { LeastPrivilegeRole } from '../../../modules/iam/least-privilege-role';
import { ServiceRole } from '../../../modules/iam/service-role';
import { iamActionOf } from '../../../modules/orchestration/state-machines/definition-actions';
import { constructTestStack, parsePolicy, resourcesOf, synthJson } from '../../support/synth';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };

describe('ServiceRole', () => {
  const trustConditions = { StringEquals: { 'aws:SourceAccount': '123456789012' } };

  it('rejects wildcard actions with the action in the message', () => {
    const { stack, provider } = constructTestStack();
    expect(() => new ServiceRole(stack, 'role', {
      provider, roleName: 'r', description: 'd', servicePrincipal: 'lambda.amazonaws.com', trustConditions,
      statements: [{ Sid: 'All', Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }],
    })).toThrow('wildcard actions are not allowed (list the calls); got "dynamodb:*"');
  });

  it('rejects a role without statements and a name IAM refuses', () => {
    const { stack, provider } = constructTestStack();
    expect(() => new ServiceRole(stack, 'a', { provider, roleName: 'r', description: 'd', servicePrincipal: 's', trustConditions, statements: [] }))
      .toThrow('needs at least one policy statement');
    expect(() => new ServiceRole(stack, 'b', {
      provider, roleName: 'x'.repeat(65), description: 'd', servicePrincipal: 's', trustConditions, statements: [{ Sid: 'A', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
    })).toThrow('IAM role names are 1-64');
  });

  it('rejects a trust without conditions (confused deputy) and a session IAM refuses', () => {
    const { stack, provider } = constructTestStack();
    const statements = [{ Sid: 'A', Effect: 'Allow' as const, Action: 'sqs:SendMessage', Resource: '*' }];
    expect(() => new ServiceRole(stack, 'a', { provider, roleName: 'r', description: 'd', servicePrincipal: 's', trustConditions: {}, statements }))
      .toThrow('ServiceRole: role r: every trust statement needs conditions; "ServiceAssumesRole" has none');
    expect(() => new LeastPrivilegeRole(stack, 'b', {
      provider, roleName: 'r', description: 'd', statements, maxSessionSeconds: 60,
      trustStatements: [{ Sid: 'T', Effect: 'Allow', Principal: { Service: 's' }, Action: 'sts:AssumeRole', Condition: trustConditions }],
    })).toThrow('maxSessionSeconds must be a whole number from 3600 to 43200; got 60');
  });

  it('GIVEN a service that sends source keys WHEN its trust has no conditions THEN it is refused; GIVEN API Gateway, which sends none, THEN conditions are refused instead', () => {
    const { stack, provider } = constructTestStack();
    const statements = [{ Sid: 'A', Effect: 'Allow' as const, Action: 'states:StartExecution', Resource: '*' }];
    expect(() => new ServiceRole(stack, 'a', { provider, roleName: 'r', description: 'd', servicePrincipal: 'lambda.amazonaws.com', statements }))
      .toThrow('ServiceRole: role r: lambda.amazonaws.com sends aws:SourceAccount / aws:SourceArn, so its trust needs trustConditions; got none');
    expect(() => new ServiceRole(stack, 'b', { provider, roleName: 'r', description: 'd', servicePrincipal: 'apigateway.amazonaws.com', trustConditions, statements }))
      .toThrow(/apigateway\.amazonaws\.com sends no source keys, so trustConditions would deny it every time; got \{"StringEquals"/);
    const api = new ServiceRole(stack, 'c', { provider, roleName: 'api', description: 'd', servicePrincipal: 'apigateway.amazonaws.com', statements });
    expect(parsePolicy(synthJson(stack).resource.aws_iam_role[api.role.friendlyUniqueId].assume_role_policy).Statement)
      .toEqual([{ Sid: 'ServiceAssumesRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    // A mixed statement is not exempt: the other service would be unconditioned.
    expect(() => new LeastPrivilegeRole(stack, 'd', {
      provider, roleName: 'r', description: 'd', statements,
      trustStatements: [{ Sid: 'T', Effect: 'Allow', Principal: { Service: ['apigateway.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
    })).toThrow('every trust statement needs conditions; "T" has none');
  });
});

describe('OrchestrationStateMachine', () => {
  const definition = {
    StartAt: 'Publish',
    States: {
      Publish: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 't', Message: 'm' }, End: true },
    },
  };
  const props = (grants: Record<string, { resources: string[] }>) => ({
    provider: constructTestStack().provider, location, stateMachineName: 'm', roleName: 'm-role', definition, grants,
    supportingStatements: [], logRetentionDays: 30, kmsKeyArn: 'k', alarmTopicArn: 't',
  });

  it('refuses grants that miss an action the states call, or grant one they do not call', () => {
    const { stack } = constructTestStack();
    expect(() => new OrchestrationStateMachine(stack, 'a', props({}))).toThrow('missing ["sns:Publish"], not called []');
    expect(() => new OrchestrationStateMachine(stack, 'b', props({ 'sns:Publish': { resources: ['t'] }, 'backup:StartBackupJob': { resources: ['v'] } })))
      .toThrow('missing [], not called ["backup:StartBackupJob"]');
  });

  it('builds the role from the definition: one statement per called action on the granted resources', () => {
    const { stack, provider } = constructTestStack();
    new OrchestrationStateMachine(stack, 'm', { ...props({ 'sns:Publish': { resources: ['topic-arn'] } }), provider });
    const json = synthJson(stack);
    const [, policy] = resourcesOf(json, 'aws_iam_role_policy')[0];
    expect(parsePolicy(policy.policy).Statement.find((s) => s.Action === 'sns:Publish')).toEqual({ Sid: 'snsPublish', Effect: 'Allow', Action: 'sns:Publish', Resource: ['topic-arn'] });
  });
});

describe('iamActionOf', () => {
  it.each([
    ['arn:aws:states:::aws-sdk:backup:startBackupJob', 'backup:StartBackupJob'],
    ['arn:aws-cn:states:::aws-sdk:dynamodb:putItem.waitForTaskToken', 'dynamodb:PutItem'],
    ['arn:aws:states:::aws-sdk:sfn:sendTaskSuccess', 'states:SendTaskSuccess'],
    ['arn:aws:states:::lambda:invoke', 'lambda:InvokeFunction'],
    ['arn:aws-us-gov:states:::sns:publish', 'sns:Publish'],
  ])('%s calls %s', (resource, action) => expect(iamActionOf(resource)).toBe(action));

  it('refuses what it cannot map', () => {
    expect(() => iamActionOf('arn:aws:states:::glue:startJobRun.sync')).toThrow('unknown optimized integration "glue:startJobRun"');
    expect(() => iamActionOf('arn:aws:lambda:eu-west-1:123456789012:function:f')).toThrow('not a Step Functions integration ARN');
  });
});

describe('EncryptedTable and DeadLetterQueue', () => {
  it('reject names AWS refuses, with the value', () => {
    const { stack, provider } = constructTestStack();
    expect(() => new EncryptedTable(stack, 't', { provider, tableName: 'a b', partitionKey: 'pk', kmsKeyArn: 'k' })).toThrow('got "a b"');
    expect(() => new DeadLetterQueue(stack, 'q', { provider, location, queueName: 'q.fifo.x', kmsKeyArn: 'k', alarmTopicArn: 't' })).toThrow('got "q.fifo.x"');
  });

  it('instantiated twice in one stack, create distinct resources (no id collisions)', () => {
    const { stack, provider } = constructTestStack();
    new EncryptedTable(stack, 'one', { provider, tableName: 'one', partitionKey: 'pk', kmsKeyArn: 'k' });
    new EncryptedTable(stack, 'two', { provider, tableName: 'two', partitionKey: 'pk', kmsKeyArn: 'k' });
    new DeadLetterQueue(stack, 'q1', { provider, location, queueName: 'q1', kmsKeyArn: 'k', alarmTopicArn: 't' });
    new DeadLetterQueue(stack, 'q2', { provider, location, queueName: 'q2', kmsKeyArn: 'k', alarmTopicArn: 't' });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'aws_dynamodb_table')).toHaveLength(2);
    expect(resourcesOf(json, 'aws_sqs_queue')).toHaveLength(2);
    expect(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).toHaveLength(2);
  });
});

describe('bundleFunction', () => {
  it('gives byte-identical zips for the same code (no perpetual Lambda diffs)', () => {
    // A fresh folder (nothing to reuse: bundled now) against the project's own .build/functions (bundled by this or an
    // earlier process, the zip synth deploys): the same code gives the same bytes.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-fresh-'));
    const fresh = bundleFunction('job-callback', { outDir: dir });
    const deployed = bundleFunction('job-callback');
    expect(fresh.zipPath).not.toBe(deployed.zipPath);
    expect(fresh.sha256Base64).toBe(deployed.sha256Base64);
    expect(fs.readFileSync(fresh.zipPath).equals(fs.readFileSync(deployed.zipPath))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bundles a handler that loads and exports handler (the entry module Lambda finds for index.handler, its chunks beside it)', () => {
    const { zipPath } = bundleFunction('audit-recorder');
    const { unzipSync } = require('fflate') as typeof import('fflate');
    const files = unzipSync(fs.readFileSync(zipPath));
    expect(Object.keys(files)).toContain(FUNCTION_ENTRY_FILE);
    expect(Object.keys(files).every((file) => file.endsWith('.mjs'))).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-load-'));
    for (const [file, contents] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), contents);
    // A fresh node: jest's module system does not load ES modules.
    const loaded = execFileSync(process.execPath, ['-e', `import(require('url').pathToFileURL(process.argv[1]).href).then((m) => console.log(typeof m.handler))`, path.join(dir, FUNCTION_ENTRY_FILE)], {
      env: { ...process.env, NODE_OPTIONS: '', AWS_REGION: 'us-east-1' }, encoding: 'utf8',
    });
    expect(loaded.trim()).toBe('function');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the missing entry point', () => {
    expect(() => bundleFunction('no-such-function')).toThrow(/no entry point for function "no-such-function"; expected .*no-such-function\/index.ts/);
  });
});
