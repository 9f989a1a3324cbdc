/** Tags a recovery point through one service's API. */
export type Tagger = (arn: string, region: string, tags: Record<string, string>) => Promise<void>;
