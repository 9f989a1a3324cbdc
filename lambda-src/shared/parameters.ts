import { getParameter, getParameters, getParametersByName } from '@aws-lambda-powertools/parameters/ssm';

/*
 * Every name a function needs lives below PARAMETER_ROOT (see lambda-src/README.md). Powertools caches each value
 * for 5 minutes, so a warm container reads SSM at most once per parameter in that window.
 */

/** Parameters of the contract, relative to PARAMETER_ROOT (written once, with the stacks that publish them). */
export { FunctionParameter as Parameter } from '../../config/function-contract/parameter-names';

const CACHE_SECONDS = 300;

export function parameterRoot(): string {
  const root = process.env.PARAMETER_ROOT;
  if (!root) throw new Error('PARAMETER_ROOT is not set: it names the SSM path of this environment');
  return `/${root.replace(/^\/+|\/+$/g, '')}`;
}

export function parameterPath(relativeName: string): string {
  return `${parameterRoot()}/${relativeName.replace(/^\/+/, '')}`;
}

export async function readParameter(relativeName: string): Promise<string> {
  const name = parameterPath(relativeName);
  const value = await getParameter(name, { maxAge: CACHE_SECONDS });
  if (value === undefined || value === '') throw new Error(`SSM parameter ${name} is missing or empty`);
  return value;
}

export async function readJsonParameter<T>(relativeName: string): Promise<T> {
  const name = parameterPath(relativeName);
  try {
    return JSON.parse(await readParameter(relativeName)) as T;
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`SSM parameter ${name} is not valid JSON: ${error.message}`);
    throw error;
  }
}

export async function readNumberParameter(relativeName: string): Promise<number> {
  const text = await readParameter(relativeName);
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`SSM parameter ${parameterPath(relativeName)} must be a positive number, got "${text}"`);
  }
  return value;
}

/** Several parameters in one GetParameters call; fails naming every parameter that is missing. */
export async function readParameters<K extends string>(relativeNames: readonly K[]): Promise<Record<K, string>> {
  const byFullName = Object.fromEntries(relativeNames.map((relative) => [parameterPath(relative), {}]));
  const { _errors: missing = [], ...values } = await getParametersByName<string>(byFullName, {
    maxAge: CACHE_SECONDS,
    throwOnError: false,
  });
  if (missing.length > 0) throw new Error(`SSM parameters missing: ${missing.join(', ')}`);
  const result = {} as Record<K, string>;
  for (const relative of relativeNames) result[relative] = String((values as Record<string, unknown>)[parameterPath(relative)]);
  return result;
}

/** Every parameter below a relative path, recursively, keyed by the name relative to that path (`daily/id`). */
export async function readParameterTree(relativePath: string): Promise<Record<string, string>> {
  const values = await getParameters(parameterPath(relativePath), { recursive: true, maxAge: CACHE_SECONDS });
  return (values ?? {}) as Record<string, string>;
}
