/** The authenticated start endpoint (HTTP API, JWT) and its props. */
export { StartApi } from './start-api';
export {
  START_API_FUNCTION,
  START_EXECUTION_FUNCTION,
  type StartApiProps,
  type StartApiJwt,
  type StartApiScopes,
  type StartApiThrottling,
  type StartApiFunctionName,
} from './start-api-props';
