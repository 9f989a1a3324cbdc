import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamSamlProvider } from '@cdktf/provider-aws/lib/iam-saml-provider';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { App, TerraformStack, Testing } from 'cdktf';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupEnvironmentStack } from '../../../modules/estate/backup-environment-stack';
import { policyJson, type PolicyStatement } from '../../../modules/iam/policy-document';
import { SecurityRulesAspect, SecurityRuleViolation } from '../../../modules/security/security-aspect';
import type { SecurityFinding, SecurityRule, TerraformJson } from '../../../modules/security/security-finding';
import { parsePolicyDocument } from '../../../modules/security/security-policy-documents';
import { formatFinding, runSecurityRules, SECURITY_RULES } from '../../../modules/security/security-rules';
import { formatReport, type CheckReport } from '../../../tools/cli/check';
import { constructTestStack, EXAMPLES_DIR, exampleModels, testingApp } from '../../support/synth';
import { tempDirMaker } from '../../support/temp-dirs';
import { typescriptCommand } from '../../../tools/lib/typescript-command';

/** Temporary folders of this file, removed when it has run. */
const tempDir = tempDirMaker();

/*
 * The security rule pack (modules/security/security-rules.ts): every rule fires on a deliberately bad real resource and
 * stays silent on its good counterpart; the synth-time aspect fails the whole app before anything is written; the
 * example environments are clean; `npm run check` reports as JSON.
 */

const ACCOUNT = '123456789012';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/workload-boundary`;

type Build = (stack: TerraformStack, provider: AwsProvider) => void;

/** The Terraform JSON (with construct paths) of a bare stack holding what `build` adds. */
function stackJson(build: Build): TerraformJson {
  const { stack, provider } = constructTestStack();
  build(stack, provider);
  return stack.toTerraform() as TerraformJson;
}

const ruleById = (id: string) => SECURITY_RULES.find((r) => r.id === id) as SecurityRule;
const findingsOf = (id: string, build: Build) => runSecurityRules(stackJson(build), [ruleById(id)]);

const key = (stack: TerraformStack, provider: AwsProvider, id = 'key') => new KmsKey(stack, id, { provider, enableKeyRotation: true });

const trust = (statement: Omit<PolicyStatement, 'Sid' | 'Effect' | 'Action'> & { Federated?: string }) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Sid: 'Trust',
      Effect: 'Allow',
      Action: statement.Federated ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole',
      Principal: statement.Federated ? { Federated: statement.Federated } : statement.Principal,
      ...(statement.Condition ? { Condition: statement.Condition } : {}),
    }],
  });

/** A role that passes every role rule, with the given trust policy. */
const role = (stack: TerraformStack, provider: AwsProvider, assumeRolePolicy: string, extra: Partial<{ permissionsBoundary: string; maxSessionDuration: number }> = { permissionsBoundary: BOUNDARY, maxSessionDuration: 3600 }) =>
  new IamRole(stack, 'role', { provider, name: 'r', assumeRolePolicy, ...extra });

const lambdaTrust = trust({ Principal: { Service: 'lambda.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } });

const stateMachine = (stack: TerraformStack, provider: AwsProvider, extra: Record<string, unknown>) =>
  new SfnStateMachine(stack, 'machine', { provider, name: 'm', roleArn: `arn:aws:iam::${ACCOUNT}:role/m`, definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}', ...extra });

const table = (stack: TerraformStack, provider: AwsProvider, extra: Record<string, unknown>) =>
  new DynamodbTable(stack, 'table', { provider, name: 't', hashKey: 'pk', attribute: [{ name: 'pk', type: 'S' }], billingMode: 'PAY_PER_REQUEST', ...extra });

const githubOidc = (stack: TerraformStack, provider: AwsProvider) =>
  new IamOpenidConnectProvider(stack, 'github', { provider, url: 'https://token.actions.githubusercontent.com', clientIdList: ['sts.amazonaws.com'] });

const httpApi = (stack: TerraformStack, provider: AwsProvider) => new Apigatewayv2Api(stack, 'api', { provider, name: 'api', protocolType: 'HTTP' });

const jwtAuthorizer = (stack: TerraformStack, provider: AwsProvider, api: Apigatewayv2Api) =>
  new Apigatewayv2Authorizer(stack, 'authorizer', {
    provider, apiId: api.id, name: 'jwt', authorizerType: 'JWT', identitySources: ['$request.header.Authorization'],
    jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['backup-api'] },
  });

interface RuleCase {
  readonly rule: string;
  readonly flaw: string;
  readonly bad: Build;
  /** Address of the flawed resource. */
  readonly address: string;
  readonly message: RegExp;
  readonly good: Build;
}

const CASES: RuleCase[] = [
  {
    rule: 'SEC-ENC-VAULT', flaw: 'a backup vault with the default (AWS-managed) key', address: 'aws_backup_vault.vault', message: /kms_key_arn/,
    bad: (s, provider) => new BackupVault(s, 'vault', { provider, name: 'v' }),
    good: (s, provider) => new BackupVault(s, 'vault', { provider, name: 'v', kmsKeyArn: key(s, provider).arn }),
  },
  {
    rule: 'SEC-ENC-SNS', flaw: 'an SNS topic without KMS', address: 'aws_sns_topic.topic', message: /kms_master_key_id/,
    bad: (s, provider) => new SnsTopic(s, 'topic', { provider, name: 't' }),
    good: (s, provider) => new SnsTopic(s, 'topic', { provider, name: 't', kmsMasterKeyId: key(s, provider).arn }),
  },
  {
    rule: 'SEC-ENC-SNS', flaw: 'an SNS topic with the AWS-managed alias/aws/sns key', address: 'aws_sns_topic.topic', message: /customer-managed/,
    bad: (s, provider) => new SnsTopic(s, 'topic', { provider, name: 't', kmsMasterKeyId: 'alias/aws/sns' }),
    good: (s, provider) => new SnsTopic(s, 'topic', { provider, name: 't', kmsMasterKeyId: key(s, provider).keyId }),
  },
  {
    rule: 'SEC-ENC-SQS', flaw: 'an SQS queue with SSE-SQS only', address: 'aws_sqs_queue.queue', message: /sqs_managed_sse_enabled .* does not count/,
    bad: (s, provider) => new SqsQueue(s, 'queue', { provider, name: 'q', sqsManagedSseEnabled: true }),
    good: (s, provider) => new SqsQueue(s, 'queue', { provider, name: 'q', kmsMasterKeyId: key(s, provider).arn }),
  },
  {
    rule: 'SEC-ENC-DYNAMODB', flaw: 'a DynamoDB table with SSE but no customer-managed key', address: 'aws_dynamodb_table.table', message: /kms_key_arn/,
    bad: (s, provider) => table(s, provider, { serverSideEncryption: { enabled: true }, pointInTimeRecovery: { enabled: true } }),
    good: (s, provider) => table(s, provider, { serverSideEncryption: { enabled: true, kmsKeyArn: key(s, provider).arn } }),
  },
  {
    rule: 'SEC-ENC-LOGS', flaw: 'a log group without KMS', address: 'aws_cloudwatch_log_group.logs', message: /kms_key_id/,
    bad: (s, provider) => new CloudwatchLogGroup(s, 'logs', { provider, name: '/x', retentionInDays: 30 }),
    good: (s, provider) => new CloudwatchLogGroup(s, 'logs', { provider, name: '/x', kmsKeyId: key(s, provider).arn }),
  },
  {
    rule: 'SEC-ENC-SFN', flaw: 'a state machine without a customer-managed key', address: 'aws_sfn_state_machine.machine', message: /encryption_configuration/,
    bad: (s, provider) => stateMachine(s, provider, {}),
    good: (s, provider) => stateMachine(s, provider, { encryptionConfiguration: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: key(s, provider).arn } }),
  },
  {
    rule: 'SEC-ENC-KEY-ROTATION', flaw: 'a symmetric KMS key without rotation', address: 'aws_kms_key.key', message: /enable_key_rotation = true/,
    bad: (s, provider) => new KmsKey(s, 'key', { provider }),
    // an asymmetric key cannot rotate: exempt
    good: (s, provider) => { key(s, provider); new KmsKey(s, 'signing', { provider, customerMasterKeySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' }); },
  },
  {
    rule: 'SEC-REC-DYNAMODB-PITR', flaw: 'a DynamoDB table without point-in-time recovery', address: 'aws_dynamodb_table.table', message: /point_in_time_recovery/,
    bad: (s, provider) => table(s, provider, { pointInTimeRecovery: { enabled: false } }),
    good: (s, provider) => table(s, provider, { pointInTimeRecovery: { enabled: true } }),
  },
  {
    rule: 'SEC-LOG-RETENTION', flaw: 'a log group kept forever (retention 0)', address: 'aws_cloudwatch_log_group.logs', message: /retention_in_days/,
    bad: (s, provider) => new CloudwatchLogGroup(s, 'logs', { provider, name: '/x', retentionInDays: 0 }),
    good: (s, provider) => new CloudwatchLogGroup(s, 'logs', { provider, name: '/x', retentionInDays: 30 }),
  },
  {
    rule: 'SEC-LOG-SFN', flaw: 'a state machine logging without execution data', address: 'aws_sfn_state_machine.machine', message: /include_execution_data = true/,
    bad: (s, provider) => stateMachine(s, provider, { loggingConfiguration: { level: 'ALL', logDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/m:*` } }),
    good: (s, provider) => stateMachine(s, provider, { loggingConfiguration: { level: 'ALL', includeExecutionData: true, logDestination: `${new CloudwatchLogGroup(s, 'logs', { provider, name: '/m' }).arn}:*` } }),
  },
  {
    rule: 'SEC-LOG-LAMBDA', flaw: 'a function whose log group Lambda would create', address: 'aws_lambda_function.fn', message: /aws_cloudwatch_log_group of this stack/,
    bad: (s, provider) => new LambdaFunction(s, 'fn', { provider, functionName: 'f', role: 'arn:r', handler: 'index.handler', runtime: 'nodejs22.x', filename: 'f.zip' }),
    good: (s, provider) => {
      const logs = new CloudwatchLogGroup(s, 'logs', { provider, name: '/custom/f' });
      new LambdaFunction(s, 'fn', { provider, functionName: 'f', role: 'arn:r', handler: 'index.handler', runtime: 'nodejs22.x', filename: 'f.zip', loggingConfig: { logFormat: 'JSON', logGroup: logs.name } });
      // the default name /aws/lambda/<name> counts as well
      new CloudwatchLogGroup(s, 'default-logs', { provider, name: '/aws/lambda/g' });
      new LambdaFunction(s, 'fn2', { provider, functionName: 'g', role: 'arn:r', handler: 'index.handler', runtime: 'nodejs22.x', filename: 'g.zip' });
    },
  },
  {
    rule: 'SEC-API-AUTH', flaw: 'a $default route without authorization', address: 'aws_apigatewayv2_route.route', message: /\$default route .* authorization_type/,
    bad: (s, provider) => new Apigatewayv2Route(s, 'route', { provider, apiId: httpApi(s, provider).id, routeKey: '$default' }),
    good: (s, provider) => {
      const api = httpApi(s, provider);
      new Apigatewayv2Route(s, 'route', { provider, apiId: api.id, routeKey: '$default', authorizationType: 'JWT', authorizerId: jwtAuthorizer(s, provider, api).id });
      new Apigatewayv2Route(s, 'iam-route', { provider, apiId: api.id, routeKey: 'POST /backups', authorizationType: 'AWS_IAM' });
    },
  },
  {
    rule: 'SEC-API-AUTH', flaw: 'a JWT route without an authorizer', address: 'aws_apigatewayv2_route.route', message: /JWT but no authorizer_id/,
    bad: (s, provider) => new Apigatewayv2Route(s, 'route', { provider, apiId: httpApi(s, provider).id, routeKey: 'GET /jobs', authorizationType: 'JWT' }),
    good: (s, provider) => {
      const api = httpApi(s, provider);
      new Apigatewayv2Route(s, 'route', { provider, apiId: api.id, routeKey: 'GET /jobs', authorizationType: 'JWT', authorizerId: jwtAuthorizer(s, provider, api).id });
    },
  },
  {
    rule: 'SEC-TRUST-SERVICE', flaw: 'a service trust without the source key AWS documents it sends', address: 'aws_iam_role.role', message: /service lambda\.amazonaws\.com may assume the role without a aws:SourceAccount condition/,
    bad: (s, provider) => role(s, provider, trust({ Principal: { Service: 'lambda.amazonaws.com' } })),
    good: (s, provider) => role(s, provider, lambdaTrust),
  },
  {
    // API Gateway sends no source keys for a credentials role (config/aws-facts/service-principals.ts): alone it is exempt, not beside another service.
    rule: 'SEC-TRUST-SERVICE', flaw: 'an unconditioned trust of API Gateway and another service', address: 'aws_iam_role.role', message: /lambda\.amazonaws\.com may assume the role without a aws:SourceAccount condition/,
    bad: (s, provider) => role(s, provider, trust({ Principal: { Service: ['apigateway.amazonaws.com', 'lambda.amazonaws.com'] } })),
    good: (s, provider) => role(s, provider, trust({ Principal: { Service: 'apigateway.amazonaws.com' } })),
  },
  {
    // AWS documents no source keys for AWS Backup assuming a role: a condition on one would fail every job.
    rule: 'SEC-TRUST-SERVICE', flaw: 'a trust conditioned on a source key the service does not send', address: 'aws_iam_role.role', message: /service backup\.amazonaws\.com is conditioned on aws:SourceAccount, which AWS does not document/,
    bad: (s, provider) => role(s, provider, trust({ Principal: { Service: 'backup.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } })),
    good: (s, provider) => role(s, provider, trust({ Principal: { Service: 'backup.amazonaws.com' } })),
  },
  {
    // EventBridge Scheduler sends the schedule GROUP's ARN as aws:SourceArn, never a schedule's (Scheduler confused deputy page).
    rule: 'SEC-TRUST-SERVICE', flaw: 'a scheduler trust pinned to a schedule-name prefix', address: 'aws_iam_role.role', message: /service scheduler\.amazonaws\.com is conditioned on aws:SourceArn .*schedule\/default\/drill-\*, but AWS sends the schedule group/,
    bad: (s, provider) => role(s, provider, trust({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnLike: { 'aws:SourceArn': `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule/default/drill-*` } } })),
    good: (s, provider) => role(s, provider, trust({ Principal: { Service: 'scheduler.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT }, ArnEquals: { 'aws:SourceArn': `arn:aws:scheduler:eu-west-1:${ACCOUNT}:schedule-group/drills` } } })),
  },
  {
    // EventBridge sends no source keys to KMS when it delivers to an encrypted queue (Amazon SNS, key management).
    rule: 'SEC-TRUST-SOURCE-KEYS', flaw: 'a key policy that conditions EventBridge on aws:SourceAccount', address: 'aws_kms_key.key', message: /service events\.amazonaws\.com is conditioned on aws:SourceAccount, which AWS does not document it sends for kms/,
    bad: (s, provider) => new KmsKey(s, 'key', { provider, enableKeyRotation: true, policy: policyJson([{ Sid: 'Events', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey'], Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }]) }),
    good: (s, provider) => new KmsKey(s, 'key', { provider, enableKeyRotation: true, policy: policyJson([{ Sid: 'Events', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: ['kms:GenerateDataKey'], Resource: '*' }]) }),
  },
  {
    rule: 'SEC-TRUST-OIDC', flaw: 'an OIDC trust without sub', address: 'aws_iam_role.role', message: /token\.actions\.githubusercontent\.com:sub/,
    bad: (s, provider) => role(s, provider, trust({ Federated: githubOidc(s, provider).arn, Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } })),
    good: (s, provider) => role(s, provider, trust({
      Federated: githubOidc(s, provider).arn,
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com', 'token.actions.githubusercontent.com:sub': 'repo:acme/backup:environment:prod' } },
    })),
  },
  {
    rule: 'SEC-TRUST-OIDC', flaw: "an OIDC trust whose sub is '*' (by ARN)", address: 'aws_iam_role.role', message: /oidc\.example\.com:sub/,
    bad: (s, provider) => role(s, provider, trust({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com`, Condition: { StringEquals: { 'oidc.example.com:aud': 'x' }, StringLike: { 'oidc.example.com:sub': '*' } } })),
    good: (s, provider) => role(s, provider, trust({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com`, Condition: { StringEquals: { 'oidc.example.com:aud': 'x' }, StringLike: { 'oidc.example.com:sub': 'system:serviceaccount:backup:*' } } })),
  },
  {
    rule: 'SEC-TRUST-SAML', flaw: 'a SAML trust without SAML:aud', address: 'aws_iam_role.role', message: /SAML:aud/,
    bad: (s, provider) => role(s, provider, trust({ Federated: new IamSamlProvider(s, 'idp', { provider, name: 'idp', samlMetadataDocument: '<x/>' }).arn })),
    good: (s, provider) => role(s, provider, JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithSAML', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:saml-provider/idp` }, Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }],
    })),
  },
  {
    rule: 'SEC-TRUST-AWS', flaw: 'an account trust without a condition', address: 'aws_iam_role.role', message: /AWS principal arn:aws:iam::123456789012:root/,
    bad: (s, provider) => role(s, provider, trust({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })),
    good: (s, provider) => role(s, provider, trust({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/deployer` } } })),
  },
  {
    rule: 'SEC-TRUST-AWS', flaw: 'Principal "*" with a condition that only tests presence', address: 'aws_iam_role.role', message: /AWS principal \*/,
    bad: (s, provider) => role(s, provider, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Condition: { Null: { 'sts:ExternalId': 'false' } } }] })),
    good: (s, provider) => role(s, provider, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'partner-4711' } } }] })),
  },
  {
    rule: 'SEC-TRUST-AWS', flaw: 'a named role whose only condition tests that an external ID is present', address: 'aws_iam_role.role', message: /identity-aware-proxy/,
    bad: (s, provider) => role(s, provider, trust({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/identity-aware-proxy` }, Condition: { Null: { 'sts:ExternalId': 'false' } } })),
    // a named principal that must set a source identity (the human, in CloudTrail for the whole session); the
    // statement allowing only sts:TagSession grants no assumption by itself
    good: (s, provider) => role(s, provider, policyJson([
      { Sid: 'Assume', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/identity-aware-proxy` }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { Null: { 'sts:SourceIdentity': 'false' } } },
      { Sid: 'Tags', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/identity-aware-proxy` }, Action: ['sts:TagSession'], Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['email'] } } },
    ])),
  },
  {
    rule: 'SEC-IAM-WILDCARD-ACTION', flaw: 'a partial wildcard (kms:ReEncrypt*) in an inline policy', address: 'aws_iam_role_policy.policy', message: /allows a wildcard action/,
    bad: (s, provider) => new IamRolePolicy(s, 'policy', { provider, role: 'r', policy: policyJson([{ Sid: 'Keys', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ReEncrypt*'], Resource: '*' }]) }),
    good: (s, provider) => new IamRolePolicy(s, 'policy', { provider, role: 'r', policy: policyJson([
      { Sid: 'Keys', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'], Resource: '*' },
      // a wildcard in a Deny only widens the denial
      { Sid: 'NoDelete', Effect: 'Deny', Action: ['kms:Schedule*'], Resource: '*' },
    ]) }),
  },
  {
    rule: 'SEC-IAM-WILDCARD-ACTION', flaw: 'kms:* in a key policy', address: 'aws_kms_key.key', message: /aws_kms_key\.key policy statement "Admin" allows a wildcard/,
    bad: (s, provider) => new KmsKey(s, 'key', { provider, enableKeyRotation: true, policy: policyJson([{ Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }]) }),
    good: (s, provider) => new KmsKey(s, 'key', { provider, enableKeyRotation: true, policy: policyJson([{ Sid: 'Admin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: ['kms:DescribeKey'], Resource: '*' }]) }),
  },
  {
    rule: 'SEC-IAM-WILDCARD-ACTION', flaw: 'NotAction in an Allow statement', address: 'aws_iam_policy.policy', message: /NotAction in an Allow statement/,
    bad: (s, provider) => new IamPolicy(s, 'policy', { provider, name: 'p', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }) }),
    good: (s, provider) => new IamPolicy(s, 'policy', { provider, name: 'p', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotAction: 'iam:GetRole', Resource: '*' }] }) }),
  },
  {
    rule: 'SEC-IAM-UNVERIFIABLE-DOC', flaw: 'a policy that is a data source expression', address: 'aws_iam_policy.policy', message: /is a Terraform expression/,
    bad: (s, provider) => {
      const doc = new DataAwsIamPolicyDocument(s, 'doc', { provider, statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] });
      new IamPolicy(s, 'policy', { provider, name: 'p', policy: doc.json });
    },
    good: (s, provider) => new IamPolicy(s, 'policy', { provider, name: 'p', policy: policyJson([{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) }),
  },
  {
    rule: 'SEC-IAM-BOUNDARY', flaw: 'an IAM role without a permissions boundary', address: 'aws_iam_role.role', message: /permissions_boundary/,
    bad: (s, provider) => role(s, provider, lambdaTrust, { maxSessionDuration: 3600 }),
    good: (s, provider) => role(s, provider, lambdaTrust),
  },
  {
    rule: 'SEC-IAM-SESSION-DURATION', flaw: 'an IAM role without max_session_duration', address: 'aws_iam_role.role', message: /max_session_duration/,
    bad: (s, provider) => role(s, provider, lambdaTrust, { permissionsBoundary: BOUNDARY }),
    good: (s, provider) => role(s, provider, lambdaTrust),
  },
];

describe('every rule of the catalog', () => {
  it('has an ID of the form SEC-<AREA>-<SUBJECT>, a one-line rationale, a severity, and at least one test case below', () => {
    for (const rule of SECURITY_RULES) {
      expect(rule.id).toMatch(/^SEC-(ENC|REC|LOG|API|TRUST|IAM)-[A-Z0-9-]+$/);
      expect(rule.rationale).toMatch(/^[^\n]{20,200}$/);
      expect(['error', 'warning']).toContain(rule.severity);
    }
    expect([...new Set(CASES.map((c) => c.rule))].sort()).toEqual(SECURITY_RULES.map((r) => r.id).sort());
  });
});

describe.each(CASES)('$rule: $flaw', ({ rule, bad, good, address, message }) => {
  it('fires on the flawed resource, naming the rule, the address, the construct path and what is wrong', () => {
    // GIVEN a stack holding the flaw, WHEN the rule runs
    const findings = findingsOf(rule, bad);
    // THEN
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule, address, severity: ruleById(rule).severity, path: `test/${address.split('.')[1]}` });
    expect(findings[0].message).toMatch(message);
    expect(formatFinding(findings[0])).toContain(`[${rule}]`);
  });

  it('stays silent on the good counterpart', () => {
    expect(findingsOf(rule, good)).toEqual([]);
  });
});

describe('policy documents the rules cannot read', () => {
  it.each([
    ['a Terraform expression', '${data.aws_iam_policy_document.x.json}', /Terraform expression/],
    ['JSON with an expression spliced in', '{"Statement": ${local.statements}}', /not valid JSON/],
    ['JSON without Statement', '{"Version":"2012-10-17"}', /no Statement/],
  ])('%s is reported as unverifiable, never thrown', (_name, document, reason) => {
    expect(parsePolicyDocument(document)).toEqual({ reason: expect.stringMatching(reason) });
  });

  it('an unverifiable document makes every other rule skip it, not crash', () => {
    const json = stackJson((s, provider) => new IamRole(s, 'role', { provider, name: 'r', assumeRolePolicy: '${var.trust}', permissionsBoundary: BOUNDARY, maxSessionDuration: 3600 }));
    expect(runSecurityRules(json).map((f) => f.rule)).toEqual(['SEC-IAM-UNVERIFIABLE-DOC']);
  });

  it('a single Statement object (not a list) and references inside strings parse', () => {
    const parsed = parsePolicyDocument('{"Statement":{"Effect":"Allow","Action":"sns:Publish","Resource":"${aws_sns_topic.t.arn}"}}');
    expect(parsed).toMatchObject({ statements: [{ effect: 'Allow', actions: ['sns:Publish'] }] });
  });
});

function tempOutdir(): string {
  return path.join(tempDir('security-aspect-'), 'cdktf.out');
}

/** A stack of `app` under the aspect, with its provider; constructs added later are still checked. */
function checkedStack(app: App, name: string): { stack: TerraformStack; provider: AwsProvider } {
  const stack = new TerraformStack(app, name);
  SecurityRulesAspect.applyTo(stack);
  return { stack, provider: new AwsProvider(stack, 'aws', { region: 'eu-west-1' }) };
}

/** What app.synth() throws (undefined: nothing), for the test to assert on. */
function synthError(app: App): unknown {
  try {
    app.synth();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('SecurityRulesAspect at synth', () => {
  it('makes app.synth() throw one SecurityRuleViolation listing every error of every stack, and writes no stack', () => {
    // GIVEN an app whose first stack is clean and two later stacks are not; the flaws are added after the aspect
    const outdir = tempOutdir();
    const app = new App({ outdir, skipValidation: true });
    const stacks = ['clean', 'flawed', 'also-flawed'].map((name) => checkedStack(app, name));
    new SnsTopic(stacks[0].stack, 'topic', { provider: stacks[0].provider, name: 't', kmsMasterKeyId: key(stacks[0].stack, stacks[0].provider).arn });
    new SnsTopic(stacks[1].stack, 'topic', { provider: stacks[1].provider, name: 't' });
    role(stacks[1].stack, stacks[1].provider, lambdaTrust, { maxSessionDuration: 3600 });
    new KmsKey(stacks[2].stack, 'key', { provider: stacks[2].provider });
    // WHEN it synthesizes
    const thrown = synthError(app);
    // THEN every error at once, each with stack, rule, address and message
    expect(thrown).toBeInstanceOf(SecurityRuleViolation);
    const violation = thrown as SecurityRuleViolation;
    expect(violation.name).toBe('SecurityRuleViolation');
    expect(violation.findings.map((f) => `${f.stack} ${f.rule} ${f.address}`).sort()).toEqual([
      'also-flawed SEC-ENC-KEY-ROTATION aws_kms_key.key',
      'flawed SEC-ENC-SNS aws_sns_topic.topic',
      'flawed SEC-IAM-BOUNDARY aws_iam_role.role',
    ]);
    expect(violation.message).toMatch(/^3 security rule violations in 2 stacks \(nothing was synthesized\):\n/);
    expect(violation.message).toContain('  - flawed: aws_sns_topic.topic (flawed/topic): an SNS topic must set kms_master_key_id');
    // AND nothing of any stack was written, not even the clean one synthesized first
    const written = fs.readdirSync(outdir, { recursive: true, encoding: 'utf8' });
    expect(written.filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'clean'))).toBe(false);
  });

  it('GIVEN an app synthesized once clean WHEN a flawed stack is added and it synthesizes again THEN the new stack is caught and nothing more is written', () => {
    // GIVEN two clean stacks, synthesized (the aspect scans the app once per synth, not once per stack)
    const outdir = tempOutdir();
    const app = new App({ outdir, skipValidation: true });
    for (const name of ['first', 'second']) {
      const { stack, provider } = checkedStack(app, name);
      new SnsTopic(stack, 'topic', { provider, name: 't', kmsMasterKeyId: key(stack, provider).arn });
    }
    app.synth();
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['first', 'second']);
    // WHEN a flawed stack joins and the app synthesizes again
    const late = checkedStack(app, 'late');
    new SnsTopic(late.stack, 'topic', { provider: late.provider, name: 't' });
    const thrown = synthError(app);
    // THEN the late stack's flaw stops the synth, and it was not written
    expect(thrown).toBeInstanceOf(SecurityRuleViolation);
    expect((thrown as SecurityRuleViolation).findings.map((f) => `${f.stack} ${f.rule}`)).toEqual(['late SEC-ENC-SNS']);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'late'))).toBe(false);
  });

  it('reads the stack with tokens resolved (references read ${aws_x.y.arn})', () => {
    // GIVEN a custom rule that records the JSON it is given
    const seen: TerraformJson[] = [];
    const probe: SecurityRule = { id: 'SEC-TEST-PROBE', severity: 'warning', rationale: 'records its input', check: (json) => { seen.push(json); return []; } };
    const { app, stack, provider } = constructTestStack();
    SecurityRulesAspect.applyTo(stack, [probe]);
    new SnsTopic(stack, 'topic', { provider, name: 't', kmsMasterKeyId: key(stack, provider).arn });
    // WHEN it synthesizes
    Testing.synth(stack);
    app.synth();
    // THEN the rule saw the resolved reference, once (results are kept per stack)
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen[0])).not.toMatch(/TfToken|\$\{Token/);
    expect((seen[0].resource as any).aws_sns_topic.topic.kms_master_key_id).toBe('${aws_kms_key.key.arn}');
  });

  it('keeps warnings on the aspect and lets the stack synthesize', () => {
    // GIVEN a stack whose only finding is a warning
    const outdir = tempOutdir();
    const app = new App({ outdir, skipValidation: true });
    const stack = new TerraformStack(app, 'warned');
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const aspect = SecurityRulesAspect.applyTo(stack);
    stateMachine(stack, provider, { loggingConfiguration: { level: 'ALL', includeExecutionData: true, logDestination: `${new CloudwatchLogGroup(stack, 'logs', { provider, name: '/m', retentionInDays: 30, kmsKeyId: key(stack, provider).arn }).arn}:*` } });
    // WHEN it synthesizes THEN it is written, and the warning is kept
    app.synth();
    expect(fs.existsSync(path.join(outdir, 'stacks', 'warned', 'cdk.tf.json'))).toBe(true);
    expect(aspect.findings.map((f: SecurityFinding) => `${f.stack} ${f.rule} ${f.address}`)).toEqual(['warned SEC-ENC-SFN aws_sfn_state_machine.machine']);
  });
});

describe('the example environments', () => {
  let reports: { name: string; findings: SecurityFinding[] }[];
  beforeAll(() => {
    // toTerraform() keeps construct paths and invokes no aspect (Testing.synth would run one the stack applies)
    reports = exampleModels().map((model) => ({
      name: model.name,
      findings: runSecurityRules(new BackupEnvironmentStack(testingApp(), model).toTerraform() as TerraformJson),
    }));
  });

  it('have no error-severity finding (per-rule counts printed)', () => {
    const counts = reports.map(({ name, findings }) =>
      `${name}: ${SECURITY_RULES.map((r) => [r.id, findings.filter((f) => f.rule === r.id).length] as const).filter(([, n]) => n > 0).map(([id, n]) => `${id}=${n}`).join(', ') || 'clean'}`);
    console.log(`security findings of the examples:\n${counts.join('\n')}`);
    const errors = reports.flatMap(({ name, findings }) => findings.filter((f) => f.severity === 'error').map((f) => `${name}: ${formatFinding(f)}`));
    expect(errors).toEqual([]);
  });
});

describe('npm run check (tools/cli/check.ts)', () => {
  const ROOT = path.join(__dirname, '..', '..', '..');
  const run = (dir: string, ...args: string[]) =>
    spawnSync(...typescriptCommand(ROOT, 'tools/cli/check.ts', args), { cwd: ROOT, env: { ...process.env, BACKUP_ENVIRONMENTS_DIR: dir }, encoding: 'utf8' });

  it('--json prints a machine-readable report and exits 1 exactly when there are errors', () => {
    // GIVEN a folder holding one copied example
    const dir = tempDir('check-envs-');
    fs.copyFileSync(path.join(EXAMPLES_DIR, 'dev.yaml'), path.join(dir, 'dev.yaml'));
    // WHEN the check runs
    const { status, stdout, stderr } = run(dir, '--json');
    // THEN
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.rules.map((r) => r.id)).toEqual(SECURITY_RULES.map((r) => r.id));
    expect(report.stacks.map((s) => s.stack)).toEqual(['dev']);
    expect(Object.keys(report.stacks[0].counts)).toEqual(SECURITY_RULES.map((r) => r.id));
    expect(report.errors).toBe(report.stacks[0].findings.filter((f) => f.severity === 'error').length);
    expect(report.stacks[0].findings.every((f) => f.stack === 'dev' && f.address && f.path?.startsWith('dev/'))).toBe(true);
    expect(status).toBe(report.ok ? 0 : 1);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('prints config errors like main.ts: no stack trace, exit 1', () => {
    const dir = tempDir('check-envs-');
    fs.writeFileSync(path.join(dir, 'dev.yaml'), fs.readFileSync(path.join(EXAMPLES_DIR, 'dev.yaml'), 'utf8').replace(/^accountId:/m, 'acountId:'));
    const { status, stdout, stderr } = run(dir);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/problems? in the environment configuration/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses an unknown argument with the usage, exit 2, before building anything', () => {
    // GIVEN a misspelt flag WHEN the check runs THEN it says so instead of printing the text report
    const { status, stdout, stderr } = run(EXAMPLES_DIR, '--jsn');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("Unknown option '--jsn'\n\nUsage: npm run check [-- --json]\n");
  });

  it('the text report lists findings per stack and rule, then a rules x stacks summary', () => {
    const finding = { rule: 'SEC-IAM-BOUNDARY', severity: 'error' as const, stack: 'a', address: 'aws_iam_role.r', path: 'a/r', message: 'an IAM role must set permissions_boundary' };
    const counts = (n: number) => Object.fromEntries(SECURITY_RULES.map((r) => [r.id, r.id === 'SEC-IAM-BOUNDARY' ? n : 0]));
    const text = formatReport({
      rules: SECURITY_RULES.map(({ id, severity, rationale }) => ({ id, severity, rationale })),
      stacks: [{ stack: 'a', findings: [finding], counts: counts(1) }, { stack: 'b', findings: [], counts: counts(0) }],
      errors: 1, warnings: 0, ok: false,
    });
    expect(text).toContain('== a: 1 error, 0 warnings\n  SEC-IAM-BOUNDARY (error): 1 finding\n    - aws_iam_role.r (a/r): an IAM role must set permissions_boundary [SEC-IAM-BOUNDARY] (received: nothing)');
    expect(text).toMatch(/^SEC-IAM-BOUNDARY\s+error\s+FAIL 1\s+pass\s+1\s+1$/m);
    expect(text).toMatch(/^SEC-ENC-VAULT\s+error\s+pass\s+pass\s+2\s+0$/m);
    expect(text).toContain(`${SECURITY_RULES.length} rules x 2 stacks: ${SECURITY_RULES.length - 1} rules pass everywhere; 1 error, 0 warnings (failing: errors must be fixed)`);
  });

});
