import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { LeastPrivilegeRole } from './least-privilege-role';
import type { PolicyStatement } from './policy-document';
import { sourceKeysUnavailableReason } from './service-source-keys';

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
   * it. Required, except for a service that sends neither key (config/aws-facts/service-principals.ts), where it must be
   * left out: conditions on keys the service does not send would deny it every time.
   * @default none, only for those services
   */
  readonly trustConditions?: NonNullable<PolicyStatement['Condition']>;
  /** The inline policy: exactly what the code or states of this role call. At least one statement. */
  readonly statements: readonly PolicyStatement[];
}

/** An execution role for one service resource (a function, a state machine, a rule target, a schedule, an API). */
export class ServiceRole extends LeastPrivilegeRole {
  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    const withoutSourceKeys = sourceKeysUnavailableReason(props.servicePrincipal) !== undefined;
    if (props.trustConditions === undefined && !withoutSourceKeys) {
      throw new Error(`ServiceRole: role ${props.roleName}: ${props.servicePrincipal} sends aws:SourceAccount / aws:SourceArn, so its trust needs trustConditions; got none`);
    }
    if (props.trustConditions !== undefined && withoutSourceKeys) {
      throw new Error(`ServiceRole: role ${props.roleName}: ${props.servicePrincipal} sends no source keys, so trustConditions would deny it every time; got ${JSON.stringify(props.trustConditions)}`);
    }
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
        ...(props.trustConditions === undefined ? {} : { Condition: props.trustConditions }),
      }],
    });
  }
}
