import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from './policy-document';

export interface ServiceRoleProps {
  /** IAM is global; any of the environment's providers. */
  readonly provider: AwsProvider;
  /** 1-64 characters; include the region when the role is created per region. */
  readonly roleName: string;
  readonly description: string;
  /** Service principal that assumes the role, e.g. states.amazonaws.com. */
  readonly servicePrincipal: string;
  /**
   * Conditions on the trust (confused deputy): `aws:SourceAccount`, and `aws:SourceArn` where the service sets it.
   * @default none (only for services that do not send them)
   */
  readonly trustConditions?: PolicyStatement['Condition'];
  /** The inline policy: exactly what the code or states of this role call. At least one statement. */
  readonly statements: readonly PolicyStatement[];
}

/** An execution role for one service resource (a function, a state machine, a rule target, a schedule). */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
      throw new Error(`ServiceRole: IAM role names are 1-64 of letters, digits and +=,.@_-; got "${props.roleName}"`);
    }
    if (props.statements.length === 0) throw new Error(`ServiceRole: role ${props.roleName} needs at least one policy statement; got none`);
    const wildcard = props.statements.flatMap((s) => [s.Action].flat()).find((a) => a === '*' || a.endsWith(':*'));
    if (wildcard) throw new Error(`ServiceRole: wildcard actions are not allowed (list the calls); got "${wildcard}" in ${props.roleName}`);
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      description: props.description,
      maxSessionDuration: 3600,
      assumeRolePolicy: policyJson([
        {
          Sid: 'ServiceAssumesRole',
          Effect: 'Allow',
          Principal: { Service: props.servicePrincipal },
          Action: 'sts:AssumeRole',
          ...(props.trustConditions ? { Condition: props.trustConditions } : {}),
        },
      ]),
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      provider: props.provider,
      role: this.role.name,
      name: 'least-privilege',
      policy: policyJson(props.statements),
    });
  }
}
