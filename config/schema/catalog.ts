import { z } from 'zod';
import { DEFAULT_CATALOG_LIFECYCLE, defaultCatalogSystem } from '../defaults';

/* How `npm run catalog` describes an environment in a Backstage catalog. */

/**
 * A Backstage entity name (metadata.name): 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter
 * or digit (@backstage/catalog-model KubernetesValidatorFunctions.isValidObjectName).
 */
const BACKSTAGE_NAME = '(?=[^/]{1,63}$)(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
export const BACKSTAGE_NAME_PATTERN = new RegExp(`^${BACKSTAGE_NAME}$`);

/** `[group:|user:][namespace/]name`: Backstage owners are groups or users; the namespace is a DNS label. */
export const BACKSTAGE_OWNER_PATTERN = new RegExp(`^(?:(?:group|user):)?(?:[a-z0-9]+(?:-+[a-z0-9]+)*/)?${BACKSTAGE_NAME}$`);

export const Catalog = z
  .strictObject({
    owner: z
      .string()
      .regex(BACKSTAGE_OWNER_PATTERN, 'must be a Backstage entity reference to a group or user: [group:|user:][namespace/]name, e.g. group:default/platform-team')
      .optional()
      .describe(
        'Backstage owner of every entity of this environment: a group or user reference, [group:|user:][namespace/]name ' +
          '(kind group and namespace default when left out). @default group:default/<tags.owner>',
      ),
    system: z
      .string()
      .regex(BACKSTAGE_NAME_PATTERN, 'must be a Backstage entity name: 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit')
      .optional()
      .describe(`Name of the Backstage System this environment becomes (namespace default); unique across environments. @default ${defaultCatalogSystem('<name>')}`),
    lifecycle: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a lowercase word such as experimental, production or deprecated')
      .optional()
      .describe(`spec.lifecycle of the environment's Components and API (e.g. experimental, production, deprecated). @default ${DEFAULT_CATALOG_LIFECYCLE}`),
  })
  .describe(
    'How `npm run catalog` describes this environment in a Backstage catalog. ' +
      `@default owner from the owner tag, system ${defaultCatalogSystem('<name>')}, lifecycle ${DEFAULT_CATALOG_LIFECYCLE}`,
  );

export type CatalogConfig = z.infer<typeof Catalog>;
