/**
 * The Backstage software template that starts a DR drill through an environment's start API (`POST /drills`). The
 * form offers the environments that have a start endpoint and drills in its region, then the drills of the chosen
 * environment, and asks for an idempotency key. One `http:backstage:request` step per environment and drill sends
 * `{ drillName }` (the start function takes the rest from the configuration) with the key as the Idempotency-Key header;
 * only the chosen one runs. The request goes through the Backstage proxy endpoint `/backup-estate-<environment>`,
 * which must target the environment's API and add a token the API accepts (see docs/backstage.md). Pure.
 */
import { EXECUTION_NAME_PATTERN, IDEMPOTENCY_HEADER, START_API_ROUTES } from '../../../modules/start-api/start-api-routes';
import type { CatalogEntity } from './entities';
import { CATALOG_TAGS } from './entities';
import type { EnvironmentInventory } from './inventory';

export const TEMPLATE_NAME = 'start-dr-drill';
export const TEMPLATE_API_VERSION = 'scaffolder.backstage.io/v1beta3';
/** The action of @roadiehq/scaffolder-backend-module-http-request: a request to a Backstage backend path (the proxy). */
export const HTTP_REQUEST_ACTION = 'http:backstage:request';

/** Backstage proxy path (app-config `proxy.endpoints`) through which the template reaches an environment's start API. */
export function proxyPath(environmentName: string): string {
  return `/backup-estate-${environmentName}`;
}

const DRILL_ROUTE = START_API_ROUTES.find((r) => r.kind === 'start-execution' && r.machine === 'drills');
if (!DRILL_ROUTE) throw new Error('catalog: the start API route table has no drill route');

/** Step IDs: environment and drill names never contain "_", so the pair cannot be read two ways. */
export const stepId = (environmentName: string, drillName: string): string => `start_${environmentName}_${drillName}`;

/** An environment whose drills the template can start: it has a start API, and drills in the API's region. */
export interface DrillTarget {
  readonly environment: string;
  readonly owner: string;
  readonly drills: readonly { readonly name: string; readonly input: Record<string, unknown> }[];
}

/**
 * Drills run in their own region, and the start API starts the DR drill machine of its region (the primary one), so
 * only drills of that region can be started through it. Environments with no such drill are left out.
 */
export function drillTargets(inventories: readonly EnvironmentInventory[]): DrillTarget[] {
  return inventories.flatMap(({ environment: env, startApi }) => {
    if (!startApi || !env.orchestration) return [];
    const drills = env.orchestration.drills.filter((d) => d.region === startApi.region).map((d) => ({ name: d.name, input: { drillName: d.name } }));
    return drills.length > 0 ? [{ environment: env.name, owner: env.catalog.owner, drills }] : [];
  });
}

/** The template for these targets (see drillTargets), or undefined when there are none. */
export function startDrillTemplate(targets: readonly DrillTarget[]): CatalogEntity | undefined {
  if (targets.length === 0) return undefined;
  // One template serves every environment; its owner is theirs when they agree, otherwise the first one's.
  const owner = targets[0].owner;
  const chosen = (environment: string, drill: string) => `\${{ parameters.environment == "${environment}" and parameters.drill == "${drill}" }}`;
  const route = DRILL_ROUTE as NonNullable<typeof DRILL_ROUTE>;
  return {
    apiVersion: TEMPLATE_API_VERSION,
    kind: 'Template',
    metadata: {
      name: TEMPLATE_NAME,
      title: 'Start a DR drill',
      description: `Starts a configured DR drill of an environment through its start API (${route.method} ${route.path}): restore the ` +
        'latest recovery point under a new name, validate it, clean up, measure the recovery time. Needs the Backstage proxy ' +
        `endpoint /backup-estate-<environment> for each environment (${targets.map((t) => t.environment).join(', ')}).`,
      tags: [...CATALOG_TAGS, 'dr-drill'],
    },
    spec: {
      owner,
      type: 'dr-drill',
      lifecycle: 'production',
      parameters: [{
        title: 'Drill',
        required: ['environment', 'drill', 'idempotencyKey'],
        properties: {
          environment: {
            title: 'Environment',
            type: 'string',
            description: 'Environments with a start endpoint and DR drills in its region.',
            enum: targets.map((t) => t.environment),
          },
          idempotencyKey: {
            title: 'Idempotency key',
            type: 'string',
            description: 'Becomes the execution name and the drill ID: the same key never starts a second drill, so reuse it to retry, ' +
              'and take a new one (e.g. a change ticket) for each drill you mean to run. 1-80 letters, digits, "-" or "_".',
            pattern: EXECUTION_NAME_PATTERN,
            minLength: 1,
            maxLength: 80,
          },
        },
        dependencies: {
          environment: {
            oneOf: targets.map((t) => ({
              properties: {
                environment: { enum: [t.environment] },
                drill: { title: 'Drill', type: 'string', description: `A drill configured in ${t.environment} (orchestration.drills).`, enum: t.drills.map((d) => d.name) },
              },
              required: ['drill'],
            })),
          },
        },
      }],
      steps: targets.flatMap((t) => t.drills.map((d) => ({
        id: stepId(t.environment, d.name),
        name: `Start drill ${d.name} in ${t.environment}`,
        if: chosen(t.environment, d.name),
        action: HTTP_REQUEST_ACTION,
        input: {
          method: route.method,
          path: `/proxy${proxyPath(t.environment)}${route.path}`,
          // The action turns an object body into JSON only when the template itself sets this header.
          headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: '${{ parameters.idempotencyKey }}' },
          body: d.input,
        },
      }))),
      output: {
        text: targets.flatMap((t) => t.drills.map((d) => ({
          title: `Drill ${d.name} in ${t.environment}`,
          if: chosen(t.environment, d.name),
          content: `Started execution \`\${{ steps["${stepId(t.environment, d.name)}"].output.body.executionArn }}\`. Its status: ` +
            `GET /executions/drills/\${{ parameters.idempotencyKey }} on the ${t.environment} start API (read scope).`,
        }))),
      },
    },
  };
}
