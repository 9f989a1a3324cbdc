import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CLOUDTRAIL_API_CALL_DETAIL_TYPE } from '../../../config/aws-facts';
import { BreakGlassAlert, breakGlassAlertPattern } from '../../../modules/access/break-glass-alert';
import { ASSUME_ROLE_EXAMPLE, ASSUME_ROLE_WITH_WEB_IDENTITY_EXAMPLE, ROLE_SESSION_CALL_EXAMPLE } from '../../fixtures/cloudtrail-examples';
import { StackIam } from '../../support/iam-simulation';
import { startMoto, type MotoServer } from '../../support/moto';
import { constructTestStack, exampleModel, parsePolicy, resourcesOf, synthEnvironment, synthJson } from '../../support/synth';

/*
 * The break-glass alert: an EventBridge rule per Region on CloudTrail's record of the role being assumed or used,
 * publishing to the Region's notification topic. The pattern is routed by a real event bus (moto) with CloudTrail
 * records as AWS publishes them (values replaced, fields untouched); the topic and key policies are evaluated with
 * the IAM simulator and the context EventBridge sends (aws:SourceArn = the rule).
 */

jest.setTimeout(120_000);

const prod = exampleModel('prod');
const stack = synthEnvironment(prod);
const iam = new StackIam(prod, stack);
const breakGlassArn = `arn:${prod.partition}:iam::${prod.accountId}:role/${prod.breakGlassRoleName}`;
const otherRoleArn = `arn:${prod.partition}:iam::${prod.accountId}:role/${prod.name}-operator`;

describe('BreakGlassAlert in an environment stack', () => {
  it('GIVEN prod WHEN synthesized THEN every Region has one alert rule naming the break-glass role, targeting its topic', () => {
    const rules = resourcesOf(stack, 'aws_cloudwatch_event_rule').filter(([, r]) => r.name === `${prod.name}-break-glass-alert`);
    expect(rules.map(([id]) => iam.resolver.regionOf('aws_cloudwatch_event_rule', id)).sort()).toEqual([...prod.regions].sort());
    for (const [id, rule] of rules) {
      expect(JSON.parse(rule.event_pattern)).toEqual(breakGlassAlertPattern(breakGlassArn));
      const [[, target]] = resourcesOf(stack, 'aws_cloudwatch_event_target').filter(([, t]) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}`);
      const region = iam.resolver.regionOf('aws_cloudwatch_event_rule', id);
      expect(target.arn).toBe(`arn:${prod.partition}:sns:${region}:${prod.accountId}:${prod.name}-backup-notifications`);
      // SNS targets are authorized by the topic's policy: a role on the target would break KMS-encrypted delivery.
      expect(target.role_arn).toBeUndefined();
    }
  });

  it.each([...prod.regions])('GIVEN the %s topic THEN EventBridge may publish for the alert rule only, and use the topic key', async (region) => {
    const topicArn = `arn:${prod.partition}:sns:${region}:${prod.accountId}:${prod.name}-backup-notifications`;
    const ruleArn = `arn:${prod.partition}:events:${region}:${prod.accountId}:rule/${prod.name}-break-glass-alert`;
    expect(await iam.serviceCalls('events.amazonaws.com', 'sns:Publish', topicArn, { 'aws:SourceArn': ruleArn })).toBe('Allowed');
    expect(await iam.serviceCalls('events.amazonaws.com', 'sns:Publish', topicArn, { 'aws:SourceArn': `${ruleArn}-other` })).not.toBe('Allowed');
    expect(await iam.serviceCalls('events.amazonaws.com', 'sns:Publish', topicArn, { 'aws:SourceArn': ruleArn.replace(prod.accountId, '999999999999') })).not.toBe('Allowed');
    const [[topicId]] = resourcesOf(stack, 'aws_sns_topic').filter(([id]) => iam.resolver.regionOf('aws_sns_topic', id) === region);
    const keyArn = iam.resolver.resolveText(String(resourcesOf(stack, 'aws_sns_topic').find(([id]) => id === topicId)![1].kms_master_key_id));
    // SNS documents no source keys for EventBridge's use of a topic key: none may be required.
    expect(await iam.serviceCalls('events.amazonaws.com', 'kms:GenerateDataKey', keyArn, {})).toBe('Allowed');
  });
});

describe('BreakGlassAlert as a construct', () => {
  it('GIVEN two alerts in one stack THEN their resources do not collide', () => {
    const { stack: testStack, provider } = constructTestStack();
    const props = { provider, roleArn: breakGlassArn, topicArn: 'arn:aws:sns:eu-west-1:123456789012:t' };
    const first = new BreakGlassAlert(testStack, 'first', { ...props, ruleName: 'a-break-glass-alert' });
    const second = new BreakGlassAlert(testStack, 'second', { ...props, ruleName: 'b-break-glass-alert' });
    expect(first.rule).not.toBe(second.rule);
    expect(resourcesOf(synthJson(testStack), 'aws_cloudwatch_event_rule')).toHaveLength(2);
  });

  it('GIVEN a rule name EventBridge refuses THEN it is refused with the rule and the value', () => {
    const { stack: testStack, provider } = constructTestStack();
    expect(() => new BreakGlassAlert(testStack, 'bad', { provider, roleArn: breakGlassArn, topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', ruleName: 'has spaces' }))
      .toThrow(/rule names are 1-64 letters.*"has spaces"/);
  });

  it('GIVEN the topic policy THEN the alert statement is conditioned on the rule ARN', () => {
    const [[, policy]] = resourcesOf(stack, 'aws_sns_topic_policy');
    const statement = parsePolicy(policy.policy).Statement.find((s) => s.Sid === 'AlertRuleOfThisAccountPublishes');
    expect(statement?.Condition).toEqual({ ArnLike: { 'aws:SourceArn': expect.stringMatching(/:rule\/prod-break-glass-alert$/) } });
  });
});

describe('the alert pattern, routed by an event bus (moto) with CloudTrail records as AWS publishes them', () => {
  let moto: MotoServer;
  let events: EventBridgeClient;
  let sqs: SQSClient;
  let queueUrl: string;
  beforeAll(async () => {
    moto = await startMoto();
    const config = { endpoint: moto.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    events = new EventBridgeClient(config);
    sqs = new SQSClient(config);
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'alerts' }));
    queueUrl = created.QueueUrl!;
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    await events.send(new PutRuleCommand({ Name: 'break-glass-alert', EventPattern: JSON.stringify(breakGlassAlertPattern(breakGlassArn)) }));
    await events.send(new PutTargetsCommand({ Rule: 'break-glass-alert', Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn! }] }));
  });
  afterAll(async () => {
    events?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  const alerts = async (record: { eventSource: string }) => {
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
    const put = await events.send(new PutEventsCommand({
      Entries: [{ Source: `aws.${record.eventSource.split('.')[0]}`, DetailType: CLOUDTRAIL_API_CALL_DETAIL_TYPE, Detail: JSON.stringify(record) }],
    }));
    expect(put.FailedEntryCount).toBe(0);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    return (received.Messages ?? []).length > 0;
  };
  const assuming = (example: typeof ASSUME_ROLE_EXAMPLE | typeof ASSUME_ROLE_WITH_WEB_IDENTITY_EXAMPLE, roleArn: string) =>
    ({ ...example, requestParameters: { ...example.requestParameters, roleArn } });
  const sessionOf = (roleArn: string) => ({
    ...ROLE_SESSION_CALL_EXAMPLE,
    userIdentity: {
      ...ROLE_SESSION_CALL_EXAMPLE.userIdentity,
      sessionContext: { ...ROLE_SESSION_CALL_EXAMPLE.userIdentity.sessionContext, sessionIssuer: { ...ROLE_SESSION_CALL_EXAMPLE.userIdentity.sessionContext.sessionIssuer, arn: roleArn } },
    },
  });

  it.each([
    ['alerts on AssumeRole of the break-glass role (through the identity proxy)', () => assuming(ASSUME_ROLE_EXAMPLE, breakGlassArn), true],
    ['alerts on AssumeRoleWithWebIdentity of the break-glass role (OIDC)', () => assuming(ASSUME_ROLE_WITH_WEB_IDENTITY_EXAMPLE, breakGlassArn), true],
    ['alerts on a call made with a break-glass session', () => sessionOf(breakGlassArn), true],
    ['stays silent on AssumeRole of another role', () => assuming(ASSUME_ROLE_EXAMPLE, otherRoleArn), false],
    ['stays silent on a call made with another role\'s session', () => sessionOf(otherRoleArn), false],
    ['stays silent on the published AssumeRole example as it is', () => ASSUME_ROLE_EXAMPLE, false],
  ])('%s', async (_name, record, expected) => {
    expect(await alerts(record())).toBe(expected);
  });
});
