/*
 * Why the AWS SDK clients are bundled whole, and the one rewrite that lets esbuild keep only what a function calls.
 *
 * Since the SDK generates schema-based clients, each `@aws-sdk/client-*` package describes every shape of its service
 * in `dist-es/schemas/schemas_0.js`: top-level `export var CreateTagsRequest$ = [3, n0, _CTR, 0, [...], [[64 | 0,
 * { [_xN]: _RIeso }], ...]]`, where `_xN` is a module constant (`const _xN = "xmlName";`). esbuild drops a top-level
 * declaration nobody uses only when it can prove evaluating it has no side effect, and it treats a computed property
 * key that is an identifier as one that may have (converting a key to a string can run code). So every shape with a
 * trait object is kept, and they reference the rest: a function that calls CreateTags on EC2 carried all 3,400 EC2
 * shapes, 540 KiB minified (237 KiB zipped for the client alone, over the 250 KB a function may weigh; BENCHMARKS.md).
 *
 * Replacing such a key by the string its constant holds (`{ "xmlName": _RIeso }`) means exactly the same object,
 * and esbuild then sees a pure literal and keeps only the shapes the imported commands reach. Error shapes stay: the
 * file registers them with `registerError(...)`, a call, which is what maps a service's error code to the error name
 * the functions test (DBInstanceNotFoundFault, InvalidVolume.NotFound...).
 *
 * The rewrite touches only keys written `{ [_x]:` or `, [_x]:` (the only places such text parses, as an object
 * literal's or pattern's computed key) whose constant is a plain string literal of the same file.
 * __tests__/modules/functions/sdk-schema-keys.test.ts checks, for every schema file of the installed clients, that
 * the rewritten module exports structurally the same schemas.
 */

/** Names the rewrite in the bundle cache's key: change it when inlineSchemaKeys changes, so older bundles are not reused. */
export const SCHEMA_KEYS_REWRITE = 'inline-string-constant-keys/1';

/** Schema files of the SDK's clients (including the nested clients its credential providers use). */
export const SDK_SCHEMA_FILE = /[\\/]@aws-sdk[\\/](?:client-[^\\/]+|nested-clients)[\\/]dist-es[\\/](?:.*[\\/])?schemas[\\/]schemas_\d+\.js$/;

/**
 * The schema file's text with each computed key `[_x]` whose constant `_x` is a string literal written as that
 * literal. Self-contained on purpose (no helper, no import): the bundler's worker thread runs its source text.
 */
export function inlineSchemaKeys(text: string): string {
  const constants = new Map<string, string>();
  for (const match of text.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm)) constants.set(match[1], match[2]);
  return text.replace(/([{,]\s*)\[(_\w+)\]:/g, (whole: string, before: string, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? whole : `${before}${literal}:`;
  });
}
