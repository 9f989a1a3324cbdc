/** The authenticated start endpoint (HTTP API, JWT), its props and the catalog of what it may start. */
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
export { startCatalogOf, startCatalogText } from './start-catalog';
export type { StartCatalog, StartCatalogDrill } from '../../config/function-contract/start-catalog';
