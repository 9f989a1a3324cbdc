import type { PolicyStatement } from './policy-document';

/** An identity-aware proxy as a role trusts it. */
export interface ProxyTrust {
  readonly name: string;
  /** Roles the proxy runs as. */
  readonly roleArns: readonly string[];
  /** The only session tag keys it may pass. */
  readonly sessionTagKeys: readonly string[];
}

/** An OIDC provider and the subjects a role accepts from it. */
export interface OidcTrust {
  readonly name: string;
  /** The provider's IAM ARN (created or existing). */
  readonly providerArn: string;
  /** The issuer URL without `https://`: prefix of the `:aud` and `:sub` condition keys. */
  readonly conditionKeyPrefix: string;
  readonly audiences: readonly string[];
  /** StringLike patterns of the `sub` claim. */
  readonly subjects: readonly string[];
  /**
   * Session tag keys the token may carry (principal tags claim); none means the token may not tag the session.
   * @default none
   */
  readonly sessionTagKeys?: readonly string[];
}

const statementId = (prefix: string, name: string) => `${prefix}${name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`;

/**
 * The proxy assumes the role only together with sts:SetSourceIdentity and sts:TagSession: the source identity
 * (the human) is required, so it is in CloudTrail for the whole session and survives role chaining, and only the
 * fixed tag keys may be set. AssumeRole without a source identity matches no statement and is denied.
 */
export function proxyTrustStatement(proxy: ProxyTrust): PolicyStatement {
  return {
    Sid: statementId('Proxy', proxy.name),
    Effect: 'Allow',
    Principal: { AWS: proxy.roleArns },
    Action: ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'],
    Condition: {
      Null: { 'sts:SourceIdentity': 'false' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': proxy.sessionTagKeys },
    },
  };
}

/**
 * Web identity federation: tokens of this provider, for these audiences and subjects only. Session tags are
 * allowed only with the fixed keys; a source identity may be set from the token (the IdP's
 * https://aws.amazon.com/source_identity claim) so the human's name reaches CloudTrail too.
 */
export function oidcTrustStatement(oidc: OidcTrust): PolicyStatement {
  const tagKeys = oidc.sessionTagKeys ?? [];
  return {
    Sid: statementId('Oidc', oidc.name),
    Effect: 'Allow',
    Principal: { Federated: oidc.providerArn },
    Action: ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity', ...(tagKeys.length > 0 ? ['sts:TagSession'] : [])],
    Condition: {
      StringEquals: { [`${oidc.conditionKeyPrefix}:aud`]: oidc.audiences },
      StringLike: { [`${oidc.conditionKeyPrefix}:sub`]: oidc.subjects },
      ...(tagKeys.length > 0 ? { 'ForAllValues:StringEquals': { 'aws:TagKeys': tagKeys } } : {}),
    },
  };
}
