/** The tag that marks every resource this project manages. */
export const MANAGED_BY_TAG = { key: 'managed-by', value: 'cdktf-aws-backup' } as const;

/**
 * Tags that identify an environment: every resource carries them (with the file's free tags), and every recovery
 * point carries them (without the free ones). Rules count them against AWS's tag quota; the stack writes them.
 */
export const IDENTIFYING_TAG_KEYS = ['environment', 'owner', 'compliance-code', MANAGED_BY_TAG.key] as const;
