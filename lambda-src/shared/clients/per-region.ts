/*
 * Clients are created on first use and reused across invocations of a warm container. A client is kept per region
 * because some resources (copied recovery points, restored resources) live in the region their ARN names, not
 * necessarily the function's. Nothing here sets an endpoint: SDK v3 reads AWS_ENDPOINT_URL itself, which is how the
 * integration tests point the real handlers at a local endpoint.
 *
 * Each client lives in its own module beside this one, imported directly by the code that calls it: the
 * `perRegion(...)` calls run at module top level, which esbuild must keep, so a module holding every client put
 * every SDK client into every function's bundle. No index module gathers them again, for the same reason.
 */

type Factory<T> = (region: string | undefined) => T;

export function perRegion<T>(create: Factory<T>): (region?: string) => T {
  const clients = new Map<string, T>();
  return (region?: string) => {
    const key = region || '';
    let client = clients.get(key);
    if (!client) {
      client = create(region || undefined);
      clients.set(key, client);
    }
    return client;
  };
}
