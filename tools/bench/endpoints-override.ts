import * as fs from 'fs';
import * as path from 'path';
import { STACK_FILE } from '../lib/terraform/offline-override';

/*
 * Points every AWS endpoint a stack could call at one URL (the benchmark's request counter), beside the offline
 * override `npm run plan` writes, so the plan measured is exactly the offline plan users run, with the endpoints as
 * the only addition. Terraform merges override files argument by argument, matching providers by alias.
 */

/** Written beside cdk.tf.json for a benchmark plan; Terraform reads any `*_override.tf.json`. */
export const ENDPOINTS_OVERRIDE_FILE = 'bench_endpoints_override.tf.json';

/**
 * The provider's endpoint key (its `endpoints` block) of each resource type prefix the stacks use; longest prefix
 * first, so `aws_cloudwatch_event_` wins over a shorter one.
 */
const ENDPOINT_OF_RESOURCE_PREFIX: readonly (readonly [string, string])[] = [
  ['aws_cloudwatch_event_', 'events'],
  ['aws_cloudwatch_log_', 'logs'],
  ['aws_cloudwatch_metric_alarm', 'cloudwatch'],
  ['aws_apigatewayv2_', 'apigatewayv2'],
  ['aws_scheduler_', 'scheduler'],
  ['aws_dynamodb_', 'dynamodb'],
  ['aws_backup_', 'backup'],
  ['aws_lambda_', 'lambda'],
  ['aws_iam_', 'iam'],
  ['aws_kms_', 'kms'],
  ['aws_sfn_', 'sfn'],
  ['aws_sns_', 'sns'],
  ['aws_sqs_', 'sqs'],
  ['aws_ssm_', 'ssm'],
];

/** What the provider itself calls when configured without the skip flags: the caller's account (STS, then IAM). */
const PROVIDER_ENDPOINTS = ['sts', 'iam'] as const;

type Json = Record<string, unknown>;

/** The services whose endpoints the stack needs, and resource types no prefix above covers (left to AWS_ENDPOINT_URL). */
export function endpointServicesOf(stack: Json): { services: string[]; unmappedTypes: string[] } {
  const services = new Set<string>(PROVIDER_ENDPOINTS);
  const unmappedTypes: string[] = [];
  for (const type of Object.keys((stack.resource ?? {}) as Json)) {
    const match = ENDPOINT_OF_RESOURCE_PREFIX.find(([prefix]) => type.startsWith(prefix));
    if (match) services.add(match[1]);
    else unmappedTypes.push(type);
  }
  return { services: [...services].sort(), unmappedTypes: unmappedTypes.sort() };
}

function awsAliases(stack: Json): (string | undefined)[] {
  const configured = ((stack.provider ?? {}) as Json).aws;
  const list = Array.isArray(configured) ? configured : configured ? [configured] : [];
  return list.map((p) => (typeof (p as Json).alias === 'string' ? ((p as Json).alias as string) : undefined));
}

/** The override (pure): every `aws` provider configuration of the stack, by alias, sends each service to `url`. */
export function buildEndpointsOverride(stack: Json, url: string): Json {
  const { services } = endpointServicesOf(stack);
  const endpoints = Object.fromEntries(services.map((service) => [service, url]));
  const aws = awsAliases(stack).map((alias) => ({ ...(alias ? { alias } : {}), endpoints: [endpoints] }));
  return aws.length > 0 ? { provider: { aws } } : {};
}

/** Writes {@link ENDPOINTS_OVERRIDE_FILE} into `stackDir` and returns what it covers. */
export function writeEndpointsOverride(stackDir: string, url: string): { file: string; services: string[]; unmappedTypes: string[] } {
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, STACK_FILE), 'utf8')) as Json;
  const file = path.join(stackDir, ENDPOINTS_OVERRIDE_FILE);
  fs.writeFileSync(file, `${JSON.stringify(buildEndpointsOverride(stack, url), null, 2)}\n`);
  return { file, ...endpointServicesOf(stack) };
}

/**
 * Environment that sends whatever the endpoints block does not name to `url` as well: the SDK's global endpoint
 * variable and the instance metadata endpoint (disabled by the offline environment anyway). Proxies are bypassed for
 * the local counter.
 */
export function endpointsEnvironment(url: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_EC2_METADATA_SERVICE_ENDPOINT: url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  };
}
