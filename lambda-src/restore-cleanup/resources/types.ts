/** What one run of the clean-up knows beyond the resource. */
export interface CleanupRun {
  /** The drill: what the drill created besides the restored resource (an Aurora writer) carries it as its drill tag. */
  readonly drillId: string;
  /** Milliseconds this run may still spend before it must hand back (and be called again). */
  readonly remainingMs: () => number;
}

/** How a restored resource of one type is inspected and deleted. */
export interface RestoredResource {
  /** Tags of the resource; throws one of `notFoundErrors` when it does not exist. */
  readTags(createdResourceArn: string): Promise<Record<string, string>>;
  /**
   * Returns 'ALREADY_GONE' when the resource turned out to be deleted or deleting already; throws CleanupInProgress
   * when it started work that takes longer than this run (the state machine calls again).
   */
  delete(createdResourceArn: string, run: CleanupRun): Promise<'DELETED' | 'ALREADY_GONE'>;
  readonly notFoundErrors: readonly string[];
}

export function tagMap(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((tag) => tag.Key !== undefined).map((tag) => [tag.Key as string, tag.Value ?? '']));
}
