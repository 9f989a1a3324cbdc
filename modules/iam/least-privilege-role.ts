import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { policyJson, type PolicyStatement } from './policy-document';
import { sourceKeysUnavailableReason } from './service-source-keys';

export interface LeastPrivilegeRoleProps {
  /** IAM is global; any of the environment's providers. */
  readonly provider: AwsProvider;
  /** 1-64 characters; include the region when the role is created per region. */
  readonly roleName: string;
  readonly description: string;
  /**
   * Who may assume the role. Every statement carries conditions (confused deputy, audience and subject, source
   * identity), except one whose principals are only services that send no source keys (config/aws-facts/service-principals.ts).
   */
  readonly trustStatements: readonly PolicyStatement[];
  /** 3600-43200 seconds. @default 3600 */
  readonly maxSessionSeconds?: number;
  /** The inline policy: exactly what the role's code, states or people need. At least one statement, no wildcard action. */
  readonly statements: readonly PolicyStatement[];
}

function onlyServicesWithoutSourceKeys(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  if (typeof principal !== 'object' || Object.keys(principal).some((kind) => kind !== 'Service')) return false;
  const services = [principal.Service ?? []].flat();
  return services.length > 0 && services.every((service) => sourceKeysUnavailableReason(service) !== undefined);
}

/**
 * An IAM role with one inline least-privilege policy and a conditional trust. Its permissions boundary is set
 * by the stack for every role at once (see PermissionsBoundary), so no role can be created without one.
 */
export class LeastPrivilegeRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: LeastPrivilegeRoleProps) {
    super(scope, id);
    const where = `${new.target.name}: role ${props.roleName}`;
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
      throw new Error(`${new.target.name}: IAM role names are 1-64 of letters, digits and +=,.@_-; got "${props.roleName}"`);
    }
    if (props.statements.length === 0) throw new Error(`${where} needs at least one policy statement; got none`);
    const wildcard = props.statements.flatMap((s) => [s.Action].flat()).find((a) => a.includes('*'));
    if (wildcard) throw new Error(`${where}: wildcard actions are not allowed (list the calls); got "${wildcard}"`);
    if (props.trustStatements.length === 0) throw new Error(`${where} needs at least one trust statement; got none`);
    const unconditional = props.trustStatements.find((s) => (!s.Condition || Object.keys(s.Condition).length === 0) && !onlyServicesWithoutSourceKeys(s));
    if (unconditional) throw new Error(`${where}: every trust statement needs conditions; "${unconditional.Sid}" has none`);
    const maxSessionSeconds = props.maxSessionSeconds ?? 3600;
    if (!Number.isInteger(maxSessionSeconds) || maxSessionSeconds < 3600 || maxSessionSeconds > 43200) {
      throw new Error(`${where}: maxSessionSeconds must be a whole number from 3600 to 43200; got ${maxSessionSeconds}`);
    }
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      description: props.description,
      maxSessionDuration: maxSessionSeconds,
      assumeRolePolicy: policyJson(props.trustStatements),
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      provider: props.provider,
      role: this.role.name,
      name: 'least-privilege',
      policy: policyJson(props.statements),
    });
  }
}
