import { SOURCES, type Source } from './sources';

/*
 * The AWS quotas and name limits the project checks before plan, each once, with its source. Rules, constructs and
 * tests import these numbers; none writes them again.
 */

export interface Quota {
  readonly value: number;
  /** What is counted, in the words of the message that refuses a file. */
  readonly what: string;
  /** Set when AWS raises the quota on request; the value above is then the default. */
  readonly adjustableTo?: number;
  readonly source: Source;
}

export const QUOTAS = {
  /** Characters of a role trust policy, white space not counted. */
  iamTrustPolicyLength: {
    value: 2048, adjustableTo: 4096, what: 'characters in a role trust policy (white space not counted)', source: SOURCES.iamQuotas,
  },
  /** Characters of all inline policies of one role together, white space not counted. */
  iamInlinePoliciesPerRole: {
    value: 10240, what: 'characters in the inline policies of one role together (white space not counted)', source: SOURCES.iamQuotas,
  },
  /** Characters of one customer-managed policy, white space not counted. */
  iamManagedPolicyLength: {
    value: 6144, what: 'characters in a customer-managed policy (white space not counted)', source: SOURCES.iamQuotas,
  },
  iamManagedPoliciesPerRole: {
    value: 10, adjustableTo: 20, what: 'managed policies attached to one role', source: SOURCES.iamQuotas,
  },
  /** Role chaining: a session assumed with another role's session lasts at most one hour. */
  roleChainingSessionSeconds: {
    value: 3600, what: 'seconds of a session assumed by role chaining', source: SOURCES.roleChaining,
  },
  tagsPerResource: { value: 50, what: 'tags on one resource (provider default tags included)', source: SOURCES.tagLimits },
  tagKeyLength: { value: 128, what: 'characters in a tag key', source: SOURCES.tagLimits },
  tagValueLength: { value: 256, what: 'characters in a tag value', source: SOURCES.tagLimits },
  selectionArns: { value: 500, what: 'resource ARNs in one selection', source: SOURCES.backupSelectionModel },
  selectionWildcardArns: { value: 30, what: 'resource ARNs in one selection when any holds a wildcard', source: SOURCES.backupSelectionModel },
  /**
   * Resource assignments (selections) per backup plan. The global quota page says 100; the China page says 10, and
   * no page says which applies where, so the lower one is enforced everywhere.
   */
  selectionsPerPlan: { value: 10, what: 'selections (resource assignments) in one backup plan', source: SOURCES.backupQuotas },
  /** Parameter names count the ARN before the name (`arn:<partition>:ssm:<region>:<account>:parameter`). */
  ssmParameterNameLength: {
    value: 1011, what: 'characters in an SSM parameter ARN (the name counts with the ARN before it)', source: SOURCES.ssmParameterNames,
  },
  /**
   * Events in one Step Functions execution's history (Map iterations included); an execution that would exceed it
   * fails. Not adjustable.
   */
  executionHistoryEvents: { value: 25000, what: 'events in the history of one Step Functions execution', source: SOURCES.stepFunctionsQuotas },
  ssmParameterHierarchyLevels: { value: 15, what: 'levels in an SSM parameter name', source: SOURCES.ssmParameterNames },
} as const satisfies Record<string, Quota>;

export type QuotaId = keyof typeof QUOTAS;

/**
 * Characters AWS accepts in tag keys and values of every service this project tags (letters, digits, spaces and
 * `_ . : / = + - @`): the common pattern of the IAM, Lambda, Step Functions, SSM and CloudWatch Logs service models.
 */
export const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The prefix AWS reserves for its own tags, in keys and values, in any mix of upper and lower case (SOURCES.reservedTagPrefix). */
export const RESERVED_TAG_PREFIX = 'aws:';

/** Matches text that does not start with the reserved prefix in any case (a pattern, so editors check it too). */
export const WITHOUT_RESERVED_TAG_PREFIX = new RegExp(`^(?!${[...RESERVED_TAG_PREFIX].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('')})`);

/** How long an IAM policy is for AWS's quotas: its JSON without white space outside strings. */
export function policyLengthForQuota(policyJson: string): number {
  return JSON.stringify(JSON.parse(policyJson)).length;
}
