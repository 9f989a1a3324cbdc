import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger per function. The service name and level come from POWERTOOLS_SERVICE_NAME and
 * POWERTOOLS_LOG_LEVEL; `fallbackServiceName` only names logs where those are unset (tests).
 */
export function createLogger(fallbackServiceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? fallbackServiceName });
}
