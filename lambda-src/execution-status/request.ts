import { MachineArnParameter } from '../../config/function-contract/parameter-names';

/** Machines a client names in the path, and where their ARNs are published (below PARAMETER_ROOT). */
export const MACHINE_PARAMETERS = MachineArnParameter;

export type Machine = keyof typeof MACHINE_PARAMETERS;

/** Step Functions execution names as the start API accepts them (modules/start-api/start-api-routes.ts EXECUTION_NAME_PATTERN). */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export type ParsedRequest =
  | { readonly ok: true; readonly machine: Machine; readonly name: string }
  | { readonly ok: false; readonly statusCode: 400 | 404; readonly error: string; readonly message: string };

/**
 * Checks the path parameters before anything is read or called: only a machine this API exposes, and a name that
 * could be an execution name. Nothing else from the request reaches an ARN.
 */
export function parseRequest(pathParameters: Record<string, string | undefined> | undefined, exposed: readonly Machine[]): ParsedRequest {
  const machine = pathParameters?.machine ?? '';
  const name = pathParameters?.name ?? '';
  if (!(exposed as readonly string[]).includes(machine)) {
    return { ok: false, statusCode: 404, error: 'UnknownMachine', message: `Unknown machine "${machine.slice(0, 40)}": use one of ${exposed.join(', ')}` };
  }
  if (!EXECUTION_NAME.test(name)) {
    return { ok: false, statusCode: 400, error: 'InvalidExecutionName', message: 'Execution names are 1-80 letters, digits, "-" or "_"' };
  }
  return { ok: true, machine: machine as Machine, name };
}

/** The machines this deployment exposes (EXPOSED_MACHINES, comma-separated); unknown entries are ignored. */
export function exposedMachines(value: string | undefined): Machine[] {
  return (value ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m): m is Machine => Object.prototype.hasOwnProperty.call(MACHINE_PARAMETERS, m));
}
