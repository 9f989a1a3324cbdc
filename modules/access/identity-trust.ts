import type { PolicyStatement } from '../iam/policy-document';

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
}

const statementId = (prefix: string, name: string) => `${prefix}${name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}`;

/**
 * The proxy assumes the role only with a source identity (the human), so it is in CloudTrail for the whole
 * session and survives role chaining: AssumeRole without one matches no statement and is denied. Session tags
 * are a separate authorization (sts:TagSession), which sees the tag keys but not the source identity, so it
 * gets its own statement limited to the fixed keys.
 */
export function proxyTrustStatements(proxy: ProxyTrust): PolicyStatement[] {
  return [
    {
      Sid: statementId('Proxy', `${proxy.name}-with-source-identity`),
      Effect: 'Allow',
      Principal: { AWS: proxy.roleArns },
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Condition: { Null: { 'sts:SourceIdentity': 'false' } },
    },
    {
      Sid: statementId('Proxy', `${proxy.name}-session-tags`),
      Effect: 'Allow',
      Principal: { AWS: proxy.roleArns },
      Action: ['sts:TagSession'],
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': proxy.sessionTagKeys } },
    },
  ];
}

/**
 * Web identity federation: tokens of this provider, for these audiences and subjects only. A source identity
 * may be set from the token (the IdP's https://aws.amazon.com/source_identity claim) so the human's name reaches
 * CloudTrail; session tags from tokens are not accepted.
 */
export function oidcTrustStatement(oidc: OidcTrust): PolicyStatement {
  return {
    Sid: statementId('Oidc', oidc.name),
    Effect: 'Allow',
    Principal: { Federated: oidc.providerArn },
    Action: ['sts:AssumeRoleWithWebIdentity', 'sts:SetSourceIdentity'],
    Condition: {
      StringEquals: { [`${oidc.conditionKeyPrefix}:aud`]: oidc.audiences },
      StringLike: { [`${oidc.conditionKeyPrefix}:sub`]: oidc.subjects },
    },
  };
}
