/**
 * Its own module so that the command-line front end (tools/lib/command-line.ts) can recognise it without loading the
 * whole catalog generator.
 */

/** An expected failure of the generator (e.g. two entities with one name): reported as a message, never a stack trace. */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}
