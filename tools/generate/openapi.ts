import { join } from 'node:path';
import { startApiOpenApiText } from '../../modules/start-api/start-api-openapi';
import { PROJECT_ROOT, runGeneratorCommand, writeOrCompare, type Generator } from '../lib/generator';

const OPENAPI_FILE = 'modules/start-api/start-api.openapi.json';
/** The OpenAPI document of the start API, generated from the route table (modules/start-api/start-api-routes.ts). */
export const OPENAPI_PATH = join(PROJECT_ROOT, OPENAPI_FILE);

export const openApiGenerator: Generator = {
  name: 'openapi',
  derivedFrom: 'project',
  command: 'npm run openapi',
  run: ({ root, check }) => writeOrCompare(root, [{ path: OPENAPI_FILE, content: startApiOpenApiText() }], check),
};

if (require.main === module) void runGeneratorCommand(openApiGenerator);
