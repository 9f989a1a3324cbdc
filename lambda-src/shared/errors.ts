/**
 * Errors a state machine tells apart: Lambda reports `error.name` as the error type, which Retry / Catch match on.
 */
export class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The name an AWS SDK v3 error carries (`ResourceNotFoundException`, `NoSuchBucket`, ...). */
export function awsErrorName(error: unknown): string | undefined {
  if (error && typeof error === 'object') {
    const { name, Code } = error as { name?: unknown; Code?: unknown };
    if (typeof Code === 'string' && name === 'Error') return Code;
    if (typeof name === 'string') return name;
  }
  return undefined;
}

export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsErrorName(error);
  return name !== undefined && names.includes(name);
}
