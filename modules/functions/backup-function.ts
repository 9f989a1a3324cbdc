import { AssetType, TerraformAsset } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import * as path from 'path';
import { regionalArn, serviceEndpoint, servicePrincipal, type AwsLocation } from '../core/aws-partition';
import { FUNCTION_ENTRY_FILE, type FunctionCode } from './function-bundle';
import type { PolicyStatement } from '../iam/policy-document';
import { functionArnOf } from '../core/resource-names';
import { ServiceRole } from '../iam/service-role';

export interface BackupFunctionProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  /** 1-64 characters. */
  readonly functionName: string;
  /** IAM role name (global): include the region. */
  readonly roleName: string;
  readonly description: string;
  /** The bundled zip (see bundleFunction). */
  readonly code: FunctionCode;
  /** 128-10240 MB. */
  readonly memoryMb: number;
  /** 1-900 seconds. */
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, string>>;
  /** What the function's code calls, nothing more; logs, tracing and the dead-letter queue are added here. */
  readonly statements: readonly PolicyStatement[];
  /** One of the CloudWatch Logs retention values. */
  readonly logRetentionDays: number;
  /** Key of the log group and of the dead-letter queue. */
  readonly kmsKeyArn: string;
  /** Queue receiving asynchronous invocations that failed after their retries. */
  readonly deadLetterQueueArn: string;
}

/**
 * One Lambda function of the orchestration layer: Node.js 22 on arm64, X-Ray tracing, JSON logs into its own
 * encrypted log group with retention, asynchronous failures into an encrypted dead-letter queue after two
 * retries, and its own execution role carrying only what its code calls.
 */
export class BackupFunction extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: ServiceRole;
  public readonly logGroup: CloudwatchLogGroup;
  /** Built from config, for policies written before the function exists. */
  public readonly functionArn: string;

  constructor(scope: Construct, id: string, props: BackupFunctionProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9-_]{1,64}$/.test(props.functionName)) {
      throw new Error(`BackupFunction: function names are 1-64 letters, digits, "-" or "_"; got "${props.functionName}"`);
    }
    if (!Number.isInteger(props.timeoutSeconds) || props.timeoutSeconds < 1 || props.timeoutSeconds > 900) {
      throw new Error(`BackupFunction: timeoutSeconds must be a whole number from 1 to 900; got ${props.timeoutSeconds}`);
    }
    if (!Number.isInteger(props.memoryMb) || props.memoryMb < 128 || props.memoryMb > 10240) {
      throw new Error(`BackupFunction: memoryMb must be a whole number from 128 to 10240; got ${props.memoryMb}`);
    }
    const logGroupName = `/aws/lambda/${props.functionName}`;
    const logGroupArn = regionalArn(props.location, 'logs', `log-group:${logGroupName}`);
    this.functionArn = functionArnOf(props.location, props.functionName);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      provider: props.provider,
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.role = new ServiceRole(this, 'role', {
      provider: props.provider,
      roleName: props.roleName,
      description: `Execution role of the ${props.functionName} function (managed by cdktf-aws-backup)`,
      servicePrincipal: servicePrincipal('lambda'),
      trustConditions: { StringEquals: { 'aws:SourceAccount': props.location.accountId } },
      statements: [
        ...props.statements,
        { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:*` },
        // X-Ray has no resource-level permissions for these calls.
        { Sid: 'SendTraces', Effect: 'Allow', Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Resource: '*' },
        { Sid: 'DeadLetterFailedInvocations', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: props.deadLetterQueueArn },
        {
          Sid: 'EncryptDeadLetters',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: props.kmsKeyArn,
          Condition: { StringEquals: { 'kms:ViaService': serviceEndpoint('sqs', props.location.region) } },
        },
      ],
    });
    const asset = new TerraformAsset(this, 'code', { path: props.code.zipPath, type: AssetType.FILE });
    this.function = new LambdaFunction(this, 'function', {
      provider: props.provider,
      functionName: props.functionName,
      description: props.description,
      role: this.role.role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      // Lambda finds the entry module by its name, whatever its extension (.js, .mjs, .cjs).
      handler: `${path.basename(FUNCTION_ENTRY_FILE, '.mjs')}.handler`,
      filename: asset.path,
      sourceCodeHash: props.code.sha256Base64,
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      environment: { variables: { ...props.environment } },
      tracingConfig: { mode: 'Active' },
      // Both levels explicit: with JSON logs Lambda reports INFO for each, and an omitted level would differ from
      // that on every plan (hashicorp/terraform-provider-aws#42181). INFO matches POWERTOOLS_LOG_LEVEL.
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name, applicationLogLevel: 'INFO', systemLogLevel: 'INFO' },
      deadLetterConfig: { targetArn: props.deadLetterQueueArn },
      dependsOn: [this.logGroup, this.role.policy],
    });
    new LambdaFunctionEventInvokeConfig(this, 'async', {
      provider: props.provider,
      functionName: this.function.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 6 * 3600,
    });
  }
}
