import type { PolicyStatement } from '../iam/policy-document';
import { TERRAFORM_READS } from './terraform-read-actions';

/** Where Terraform keeps the environment's state (the S3 backend). */
export interface TerraformStateLocation {
  readonly partition: string;
  /** Account of the lock table when there is one (the state bucket's account). */
  readonly accountId: string;
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  readonly lockTable?: string;
  readonly kmsKeyArn?: string;
  /** The backend assumes this role for the state; then CI needs only to assume it. */
  readonly roleArn?: string;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function stateStatements(state: TerraformStateLocation, mode: 'read' | 'write'): PolicyStatement[] {
  if (state.roleArn) {
    return [{ Sid: 'AssumeStateRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [state.roleArn] }];
  }
  const bucketArn = `arn:${state.partition}:s3:::${state.bucket}`;
  const statements: PolicyStatement[] = [
    { Sid: 'ListStateBucket', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucketArn] },
    mode === 'read'
      ? { Sid: 'ReadState', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${bucketArn}/${state.key}`] }
      : { Sid: 'WriteState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [`${bucketArn}/${state.key}`] },
  ];
  if (mode === 'write') {
    if (state.lockTable) {
      statements.push({
        Sid: 'LockStateInTable',
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: [`arn:${state.partition}:dynamodb:${state.region}:${state.accountId}:table/${state.lockTable}`],
      });
    } else {
      // S3 native locking writes and removes <key>.tflock next to the state.
      statements.push({
        Sid: 'LockStateWithLockFile',
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: [`${bucketArn}/${state.key}.tflock`],
      });
    }
  }
  if (state.kmsKeyArn) {
    statements.push({
      Sid: mode === 'read' ? 'DecryptState' : 'EncryptAndDecryptState',
      Effect: 'Allow',
      Action: mode === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: [state.kmsKeyArn],
    });
  }
  return statements;
}

/** Names the stack gives the resources of services whose reads would otherwise reach the whole account. */
export interface StackNameScope {
  /** Every function of the stack is named `<prefix><folder>` (resource-names.ts lambdaFunctionName), e.g. `prod-`. */
  readonly functionNamePrefix: string;
  /** Every parameter of the stack is below this SSM path (ParameterPublisher root), e.g. /backup-estate/prod. */
  readonly parameterRoot: string;
}

/**
 * ARNs of this account's resources of one service, in the environment's regions. Functions and parameters are
 * further limited to the stack's own names: their configuration and values are the account's other teams' too
 * (environment variables, parameter values), and Terraform reads only those in its state.
 */
function serviceResources(service: string, partition: string, accountId: string, regions: readonly string[], names: StackNameScope): string[] {
  // lambda: arn:<p>:lambda:<region>:<account>:function:<name>; ssm: arn:<p>:ssm:<region>:<account>:parameter/<path>
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html#awslambda-resources-for-iam-policies,
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html#awssystemsmanager-resources-for-iam-policies).
  if (service === 'lambda') return regions.map((r) => `arn:${partition}:lambda:${r}:${accountId}:function:${names.functionNamePrefix}*`);
  if (service === 'ssm') return regions.map((r) => `arn:${partition}:ssm:${r}:${accountId}:parameter${names.parameterRoot}/*`);
  if (service === 'iam') return [`arn:${partition}:iam::${accountId}:*`];
  // API Gateway ARNs carry no account: the API paths of the region are the narrowest form.
  if (service === 'apigateway') return regions.flatMap((r) => [`arn:${partition}:apigateway:${r}::/apis/*`, `arn:${partition}:apigateway:${r}::/tags/*`]);
  return regions.map((r) => `arn:${partition}:${service}:${r}:${accountId}:*`);
}

/**
 * The read-only plan role: read the state (no lock: pull-request plans run with -lock=false) and refresh every
 * resource type the stack holds, in this account only. No data-plane reads (items, objects, messages, secrets).
 */
export function planRoleStatements(props: {
  readonly state: TerraformStateLocation;
  readonly partition: string;
  readonly accountId: string;
  readonly regions: readonly string[];
  /** Terraform resource types of the stack. */
  readonly resourceTypes: readonly string[];
  readonly names: StackNameScope;
}): PolicyStatement[] {
  if (!/^[A-Za-z0-9_-]+-$/.test(props.names.functionNamePrefix)) {
    throw new Error(`planRoleStatements: names.functionNamePrefix must be letters, digits, "_" or "-" ending in "-"; got "${props.names.functionNamePrefix}"`);
  }
  if (!/^(\/[a-zA-Z0-9_.-]+)+$/.test(props.names.parameterRoot)) {
    throw new Error(`planRoleStatements: names.parameterRoot must be an SSM path like /backup-estate/prod; got "${props.names.parameterRoot}"`);
  }
  const missing = props.resourceTypes.filter((t) => !TERRAFORM_READS[t]);
  if (missing.length > 0) throw new Error(`planRoleStatements: no refresh permissions known for ${missing.join(', ')}; add them to TERRAFORM_READS`);
  const scoped = new Map<string, Set<string>>();
  const unscoped = new Set<string>();
  for (const type of props.resourceTypes) {
    const reads = TERRAFORM_READS[type];
    const actions = scoped.get(reads.service) ?? new Set<string>();
    reads.scoped.forEach((a) => actions.add(a));
    scoped.set(reads.service, actions);
    (reads.unscoped ?? []).forEach((a) => unscoped.add(a));
  }
  const statements: PolicyStatement[] = [...scoped.entries()]
    .filter(([, actions]) => actions.size > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, actions]) => ({
      Sid: `Refresh${capitalized(service)}`,
      Effect: 'Allow',
      Action: [...actions],
      Resource: serviceResources(service, props.partition, props.accountId, props.regions, props.names),
    }));
  if (unscoped.size > 0) statements.push({ Sid: 'RefreshListsWithoutResourceTypes', Effect: 'Allow', Action: [...unscoped], Resource: '*' });
  return [...stateStatements(props.state, 'read'), ...statements];
}

/**
 * The deploy role: write and lock the state, and assume the deployment role (configured for the providers),
 * which holds the rights to change the account. The deploy role itself can change nothing else.
 */
export function deployRoleStatements(props: { readonly state: TerraformStateLocation; readonly deploymentRoleArn: string }): PolicyStatement[] {
  return [
    ...stateStatements(props.state, 'write'),
    { Sid: 'AssumeDeploymentRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [props.deploymentRoleArn] },
  ];
}
