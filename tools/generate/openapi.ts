import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApiOpenApiText } from '../../modules/start-api/start-api-openapi';

/** The OpenAPI document of the start API, generated from the route table (modules/start-api/start-api-routes.ts). */
export const OPENAPI_PATH = join(__dirname, '..', '..', 'modules', 'start-api', 'start-api.openapi.json');

if (require.main === module) {
  writeFileSync(OPENAPI_PATH, startApiOpenApiText());
  process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
}
