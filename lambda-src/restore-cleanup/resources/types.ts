/** How a restored resource of one type is inspected and deleted. */
export interface RestoredResource {
  /** Tags of the resource; throws one of `notFoundErrors` when it does not exist. */
  readTags(createdResourceArn: string): Promise<Record<string, string>>;
  /** Returns 'ALREADY_GONE' when the resource turned out to be deleted or deleting already. */
  delete(createdResourceArn: string): Promise<'DELETED' | 'ALREADY_GONE'>;
  readonly notFoundErrors: readonly string[];
}

export function tagMap(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((tag) => tag.Key !== undefined).map((tag) => [tag.Key as string, tag.Value ?? '']));
}
