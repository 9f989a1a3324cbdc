import { createHash } from 'node:crypto';
import type { SynthesizedStack } from './synth';

/**
 * Replaces `${aws_x.id.attribute}` references of a synthesized stack by the values AWS would give them after
 * apply: names from the configuration, ARNs built from names, region from the resource's provider alias, and a
 * stable made-up ID where AWS generates one (key IDs, plan IDs, API IDs). Throws on a reference it cannot
 * resolve, so a test never runs on a half-resolved policy.
 */
export class ReferenceResolver {
  constructor(
    private readonly stack: SynthesizedStack,
    private readonly partition: string,
    private readonly accountId: string,
  ) {}

  resolve<T>(value: T): T {
    if (typeof value === 'string') return this.resolveText(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)])) as T;
    return value;
  }

  resolveText(text: string): string {
    return text.replace(/\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g, (whole, type: string, id: string, attribute: string) => {
      const value = this.attribute(type, id, attribute);
      if (value === undefined) throw new Error(`ReferenceResolver: cannot resolve ${whole}`);
      return value;
    });
  }

  /** Region of a resource: its provider alias is the region code. */
  regionOf(type: string, id: string): string {
    const provider = this.body(type, id).provider as string;
    return provider.replace(/^aws\./, '');
  }

  private body(type: string, id: string): Record<string, any> {
    const body = this.stack.resource[type]?.[id];
    if (!body) throw new Error(`ReferenceResolver: no resource ${type}.${id}`);
    return body as Record<string, any>;
  }

  private attribute(type: string, id: string, attribute: string): string | undefined {
    const body = this.body(type, id);
    const region = this.regionOf(type, id);
    const arn = (service: string, resource: string, regionPart = region) => `arn:${this.partition}:${service}:${regionPart}:${this.accountId}:${resource}`;
    const madeUpId = createHash('sha256').update(`${type}.${id}`).digest('hex').slice(0, 12);
    const name = typeof body.name === 'string' ? this.resolveText(body.name) : undefined;
    switch (`${type}.${attribute}`) {
      case 'aws_iam_role.arn': return arn('iam', `role/${name}`, '');
      case 'aws_iam_policy.arn': return arn('iam', `policy/${name}`, '');
      case 'aws_iam_openid_connect_provider.arn': return arn('iam', `oidc-provider/${String(body.url).replace(/^https:\/\//, '')}`, '');
      case 'aws_dynamodb_table.arn': return arn('dynamodb', `table/${name}`);
      case 'aws_lambda_function.arn': return arn('lambda', `function:${body.function_name}`);
      case 'aws_lambda_function.function_name': return body.function_name;
      case 'aws_sfn_state_machine.arn': return arn('states', `stateMachine:${name}`);
      case 'aws_sns_topic.arn': return arn('sns', String(name));
      case 'aws_sqs_queue.arn': return arn('sqs', String(name));
      case 'aws_sqs_queue.url': return `https://sqs.${region}.amazonaws.com/${this.accountId}/${name}`;
      case 'aws_kms_key.arn': return arn('kms', `key/${madeUpId}`);
      case 'aws_kms_key.key_id': return madeUpId;
      case 'aws_backup_vault.arn': return arn('backup', `backup-vault:${name}`);
      case 'aws_backup_logically_air_gapped_vault.arn': return arn('backup', `backup-vault:${name}`);
      case 'aws_backup_plan.arn': return arn('backup', `backup-plan:${madeUpId}`);
      case 'aws_backup_plan.id': return madeUpId;
      case 'aws_cloudwatch_event_rule.arn': return arn('events', `rule/${name}`);
      case 'aws_scheduler_schedule_group.arn': return arn('scheduler', `schedule-group/${name}`);
      case 'aws_scheduler_schedule.arn': return arn('scheduler', `schedule/${body.group_name ? this.resolveText(body.group_name) : 'default'}/${name}`);
      case 'aws_cloudwatch_log_group.arn': return arn('logs', `log-group:${name}`);
      case 'aws_apigatewayv2_api.id': return madeUpId;
      case 'aws_apigatewayv2_api.execution_arn': return arn('execute-api', madeUpId);
      case 'aws_apigatewayv2_authorizer.id': return madeUpId;
      case 'aws_apigatewayv2_integration.id': return madeUpId;
      case 'aws_apigatewayv2_stage.invoke_url': return `https://${madeUpId}.execute-api.${region}.amazonaws.com/`;
      default:
        return attribute === 'name' || attribute === 'id' ? name : undefined;
    }
  }
}
