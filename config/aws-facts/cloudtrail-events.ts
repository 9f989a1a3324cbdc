import { SOURCES, type Source } from './sources';

/*
 * How AWS API calls reach EventBridge through CloudTrail: what an alert on a role's use can and cannot see. The
 * break-glass alert (modules/access/break-glass-alert.ts) is built from these facts and its limits are stated from
 * them, not from our idea of CloudTrail.
 */

/** `detail-type` of every event CloudTrail delivers to EventBridge. */
export const CLOUDTRAIL_API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The STS calls that start a role session (CloudTrail `eventName`; `requestParameters.roleArn` names the role). */
export const STS_ASSUME_ROLE_EVENT_NAMES = ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'] as const;

export interface CloudTrailDeliveryFact {
  readonly fact: string;
  readonly sources: readonly Source[];
}

export const CLOUDTRAIL_DELIVERY_FACTS = {
  trailRequired: {
    fact: 'EventBridge receives "AWS API Call via CloudTrail" events only when a CloudTrail trail with logging enabled records them; they are delivered to the account that made the call.',
    sources: [SOURCES.eventBridgeCloudTrailEvents],
  },
  rulePerRegion: {
    fact: 'A rule sees only the calls recorded in its own Region; calls whose name starts with List, Get or Describe are not delivered (AssumeRole* are).',
    sources: [SOURCES.eventBridgeCloudTrailRules],
  },
  stsRecordedWhereServed: {
    fact: 'An STS call is recorded in the Region that served it: a Regional endpoint in its Region, the global endpoint in us-east-1 or (in Regions enabled by default) in the caller\'s own Region. An assumption served in a Region the environment does not list raises no alert there.',
    sources: [SOURCES.stsCloudTrailLogging, SOURCES.stsGlobalEndpointServedLocally],
  },
  sessionIssuer: {
    fact: 'Every call made with a role session carries the role\'s ARN in userIdentity.sessionContext.sessionIssuer.arn, in the Region of the call: using break-glass power on a vault is recorded in the vault\'s Region.',
    sources: [SOURCES.cloudTrailUserIdentity],
  },
  orMatching: {
    fact: 'An event pattern may match any of several shapes with "$or".',
    sources: [SOURCES.eventBridgeOrPatterns],
  },
} as const satisfies Record<string, CloudTrailDeliveryFact>;
