import { Fn, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { FunctionParameter, MachineArnParameter } from '../../config/function-contract/parameter-names';
import { regionalArn } from '../core/aws-partition';
import { lambdaFunctionName } from '../core/resource-names';
import { BackupFunction } from '../functions/backup-function';
import { START_API_FUNCTION, START_EXECUTION_FUNCTION, type StartApiProps, type StartApiScopes } from './start-api-props';
import type { StartApiMachine } from './start-api-routes';

/** Parameters (below PARAMETER_ROOT) the stack publishes the machine ARNs under; the status function reads them. */
export const MACHINE_PARAMETERS: Readonly<Record<StartApiMachine, string>> = MachineArnParameter;

/**
 * `arn:...:execution:<machine name>:*` for a state machine ARN. A reference to a machine of the same stack (a token)
 * is rewritten by Terraform; a literal ARN here, where it is also checked.
 */
export function executionArnPattern(stateMachineArn: string): string {
  if (Token.isUnresolved(stateMachineArn)) return `${Fn.replace(stateMachineArn, ':stateMachine:', ':execution:')}:*`;
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:*`;
}

/** The two functions behind the routes; each may reach only the machines the API exposes. */
export interface StartApiFunctions {
  /** Behind `GET /executions/{machine}/{name}`. */
  readonly status: BackupFunction;
  /** Behind `POST /backups` and `POST /drills`: the only caller of StartExecution. */
  readonly start: BackupFunction;
}

/**
 * Creates the execution-status and start-execution functions in `scope` (the StartApi), with the environment they
 * read and the least privilege they need: the machine ARNs' parameters (and the start catalog), and DescribeExecution
 * or StartExecution on the exposed machines only.
 */
export function addStartApiFunctions(
  scope: Construct,
  props: StartApiProps,
  scopes: StartApiScopes,
  machines: Partial<Record<StartApiMachine, string>>,
): StartApiFunctions {
  const { provider, location, environmentName: env } = props;
  const machineArns = Object.values(machines);
const status = new BackupFunction(scope, 'status', {
    provider,
    location,
    functionName: lambdaFunctionName(env, START_API_FUNCTION),
    roleName: `${env}-exec-status-${location.region}`,
    description: 'Reports the status of a backup or DR drill execution to the start API',
    code: props.code,
    memoryMb: 256,
    timeoutSeconds: 10,
    environment: {
      PARAMETER_ROOT: props.parameterRoot,
      POWERTOOLS_SERVICE_NAME: START_API_FUNCTION,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // The authorizer already demands it; the function checks it again so a route misconfiguration exposes nothing.
      READ_SCOPE: scopes.read,
      // Machines that this API exposes; the function answers 404 for the other one even if its parameter exists.
      EXPOSED_MACHINES: Object.keys(machines).join(','),
    },
    statements: [
      {
        Sid: 'ReadMachineArns',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: Object.keys(machines).map((m) => regionalArn(location, 'ssm', `parameter${props.parameterRoot}/${MACHINE_PARAMETERS[m as StartApiMachine]}`)),
      },
      // DescribeExecution is checked against the execution's ARN (type "execution"), not the state machine's.
      { Sid: 'DescribeExecutions', Effect: 'Allow', Action: 'states:DescribeExecution', Resource: machineArns.map(executionArnPattern) },
    ],
    logRetentionDays: props.logRetentionDays,
    kmsKeyArn: props.kmsKeyArn,
    deadLetterQueueArn: props.deadLetterQueueArn,
  });

const start = new BackupFunction(scope, 'start', {
    provider,
    location,
    functionName: lambdaFunctionName(env, START_EXECUTION_FUNCTION),
    roleName: `${env}-start-exec-${location.region}`,
    description: 'Starts configured backups and DR drills for the start API',
    code: props.startCode,
    memoryMb: 256,
    timeoutSeconds: 10,
    environment: {
      PARAMETER_ROOT: props.parameterRoot,
      POWERTOOLS_SERVICE_NAME: START_EXECUTION_FUNCTION,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      START_SCOPE: scopes.start,
      EXPOSED_MACHINES: Object.keys(machines).join(','),
    },
    statements: [
      {
        Sid: 'ReadCatalogAndMachineArns',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: [FunctionParameter.startCatalog, ...Object.keys(machines).map((m) => MACHINE_PARAMETERS[m as StartApiMachine])]
          .map((name) => regionalArn(location, 'ssm', `parameter${props.parameterRoot}/${name}`)),
      },
      { Sid: 'StartExposedMachines', Effect: 'Allow', Action: 'states:StartExecution', Resource: machineArns },
    ],
    logRetentionDays: props.logRetentionDays,
    kmsKeyArn: props.kmsKeyArn,
    deadLetterQueueArn: props.deadLetterQueueArn,
  });

  return { status, start };
}
