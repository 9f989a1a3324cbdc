import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import type { PublishedParameter } from './published-parameter';

export interface ParameterPublisherProps {
  readonly provider: AwsProvider;
  /** `<ssmParameterPrefix>/<environment>`, e.g. /backup-estate/prod. SSM rejects names starting with aws or ssm. */
  readonly root: string;
}

/**
 * Publishes names and ARNs under one hierarchy in one region, so functions and other teams look them up
 * instead of hard-coding them. See README "SSM parameter hierarchy".
 */
export class ParameterPublisher extends Construct {
  public readonly parameters: SsmParameter[] = [];
  private readonly names = new Set<string>();

  constructor(scope: Construct, id: string, private readonly props: ParameterPublisherProps) {
    super(scope, id);
    if (!/^(\/[a-zA-Z0-9_.-]+)+$/.test(props.root) || /^\/(aws|ssm)/i.test(props.root)) {
      throw new Error(`ParameterPublisher: root must be an SSM path like /backup-estate/prod, not starting with "aws" or "ssm" (reserved by SSM); got "${props.root}"`);
    }
  }

  /** Publishes `value` at `<root>/<relativePath>`; a path can be published once. */
  publish(relativePath: string, value: string, description: string): SsmParameter {
    const name = `${this.props.root}/${relativePath}`;
    if (this.names.has(name)) throw new Error(`ParameterPublisher: parameter published twice; got ${name}`);
    this.names.add(name);
    const parameter = new SsmParameter(this, relativePath.replace(/\//g, '--'), {
      provider: this.props.provider,
      name,
      type: 'String',
      value,
      description,
    });
    this.parameters.push(parameter);
    return parameter;
  }

  /** Publishes each declared parameter, in order (a construct's `publishedParameters`). */
  publishAll(parameters: readonly PublishedParameter[]): SsmParameter[] {
    return parameters.map((parameter) => this.publish(parameter.path, parameter.value, parameter.description));
  }
}
