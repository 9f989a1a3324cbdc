import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { LeastPrivilegeRole } from './least-privilege-role';
import type { PolicyStatement } from './policy-document';

export interface ServiceRoleProps {
  /** IAM is global; any of the environment's providers. */
  readonly provider: AwsProvider;
  /** 1-64 characters; include the region when the role is created per region. */
  readonly roleName: string;
  readonly description: string;
  /** Service principal that assumes the role, e.g. states.amazonaws.com. */
  readonly servicePrincipal: string;
  /**
   * Conditions on the trust (confused deputy): `aws:SourceAccount`, and `aws:SourceArn` where the service sets
   * it. Required: a service trust without them lets the service act for any account.
   */
  readonly trustConditions: NonNullable<PolicyStatement['Condition']>;
  /** The inline policy: exactly what the code or states of this role call. At least one statement. */
  readonly statements: readonly PolicyStatement[];
}

/** An execution role for one service resource (a function, a state machine, a rule target, a schedule, an API). */
export class ServiceRole extends LeastPrivilegeRole {
  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id, {
      provider: props.provider,
      roleName: props.roleName,
      description: props.description,
      statements: props.statements,
      trustStatements: [{
        Sid: 'ServiceAssumesRole',
        Effect: 'Allow',
        Principal: { Service: props.servicePrincipal },
        Action: 'sts:AssumeRole',
        Condition: props.trustConditions,
      }],
    });
  }
}
