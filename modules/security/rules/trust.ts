import {
  policyDocumentsOf, narrowingConditionKeys, statementLabel, type NormalizedStatement, type PolicyDocument,
} from '../security-policy-documents';
import { hasSourceArnShape, requestContextOf } from '../../../config/aws-facts';
import { referencedResource, type SecurityRule, type TerraformJson, type Violation } from '../security-finding';

/**
 * Every Allow statement of every role trust policy (aws_iam_role.assume_role_policy) that lets a principal assume
 * the role is narrowed by a condition that fits its principal type. Deny statements only take access away, and
 * statements allowing only sts:TagSession / sts:SetSourceIdentity add to a session another statement allows;
 * neither is checked. Condition keys compare case-insensitively; `Null` tests and `*` values do not narrow (see
 * narrowingConditionKeys), except the required source identity of a named AWS principal (awsPrincipalKeys).
 */

/** Confused-deputy keys a service sets when it acts on behalf of a resource. */
const SERVICE_SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn'] as const;

/** What a service principal does with a resource whose policy names it. */
const RESOURCE_POLICY_CALLS: Readonly<Record<string, 'kms' | 'sns:Publish' | 'sqs:SendMessage'>> = {
  aws_kms_key: 'kms', aws_sns_topic: 'sns:Publish', aws_sns_topic_policy: 'sns:Publish', aws_sqs_queue: 'sqs:SendMessage', aws_sqs_queue_policy: 'sqs:SendMessage',
};

/** Keys that narrow which AWS principal (account, role, session) may assume the role. */
const AWS_PRINCIPAL_KEYS = [
  'sts:ExternalId', 'sts:SourceIdentity', 'aws:SourceIdentity', 'aws:PrincipalArn', 'aws:PrincipalAccount',
  'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalTag/<key>', 'aws:userid', 'aws:MultiFactorAuthPresent',
];

/**
 * Whether a statement lets its principal assume the role: it allows sts:AssumeRole, sts:AssumeRoleWithWebIdentity
 * or sts:AssumeRoleWithSAML, a wildcard, or uses NotAction. A statement allowing only sts:TagSession or
 * sts:SetSourceIdentity grants nothing by itself: those apply only to a session an assume statement allows.
 */
function grantsAssume(statement: NormalizedStatement): boolean {
  return statement.notActions.length > 0
    || statement.actions.some((a) => a.includes('*') || a.includes('${') || /^sts:AssumeRole(WithWebIdentity|WithSAML)?$/i.test(a));
}

/** The Allow statements of every trust policy that let a principal assume the role. */
function allowStatements(stack: TerraformJson): { document: PolicyDocument; statement: NormalizedStatement; label: string }[] {
  return policyDocumentsOf(stack, ['trust']).flatMap((document) =>
    (document.statements ?? []).flatMap((statement, index) =>
      statement.effect === 'Allow' && grantsAssume(statement) ? [{ document, statement, label: statementLabel(statement, index) }] : []));
}

/** The values a statement compares aws:SourceArn with, under any operator. */
function sourceArnValues(statement: NormalizedStatement): string[] {
  return Object.values(statement.conditions).flatMap((entries) =>
    Object.entries(entries).filter(([key]) => key.toLowerCase() === 'aws:sourcearn').flatMap(([, values]) => values.map(String)));
}

function hasAnyKey(keys: Set<string>, wanted: readonly string[]): boolean {
  return wanted.some((w) => (w.endsWith('/<key>') ? [...keys].some((k) => k.startsWith(w.slice(0, -5).toLowerCase())) : keys.has(w.toLowerCase())));
}

/**
 * Whether a federated principal is a SAML provider: a `saml-provider/` ARN, a reference to an aws_iam_saml_provider
 * of the stack, or (for a principal that cannot be resolved) a statement allowing sts:AssumeRoleWithSAML.
 * Every other federated principal is an OIDC (web identity) provider.
 */
function isSaml(stack: TerraformJson, statement: NormalizedStatement, principal: string): boolean {
  if (/:saml-provider\//.test(principal)) return true;
  const referenced = referencedResource(stack, principal);
  if (referenced) return referenced.type === 'aws_iam_saml_provider';
  return principal.includes('${') && statement.actions.some((a) => a.toLowerCase() === 'sts:assumerolewithsaml');
}

/**
 * Keys that count for an AWS principal: the narrowing keys, and, when every principal is named (no "*"), a Null
 * test requiring sts:SourceIdentity to be set: the named principal may assume the role only on behalf of an
 * identified human, who is then in CloudTrail for the whole session. For "*" a presence test narrows nothing.
 */
function awsPrincipalKeys(statement: NormalizedStatement): Set<string> {
  const keys = narrowingConditionKeys(statement);
  if ((statement.principals.AWS ?? []).includes('*')) return keys;
  for (const [operator, entries] of Object.entries(statement.conditions)) {
    if (!/^Null$/i.test(operator)) continue;
    for (const [key, values] of Object.entries(entries)) {
      if (/^(sts|aws):sourceidentity$/i.test(key) && values.length > 0 && values.every((v) => v === false || v === 'false')) keys.add(key.toLowerCase());
    }
  }
  return keys;
}

/**
 * The condition-key prefix of an OIDC provider: the URL without scheme (`token.actions.githubusercontent.com`),
 * from an `oidc-provider/...` ARN, a bare provider name (`accounts.google.com`) or a reference to an
 * aws_iam_openid_connect_provider of the stack. Undefined when it cannot be known (any `*:aud` / `*:sub` then counts).
 */
function oidcKeyPrefix(stack: TerraformJson, principal: string): string | undefined {
  const provider = referencedResource(stack, principal);
  if (provider?.type === 'aws_iam_openid_connect_provider' && typeof provider.body.url === 'string') {
    return provider.body.url.replace(/^https:\/\//, '');
  }
  if (principal.includes('${')) return undefined;
  const arn = /:oidc-provider\/(.+)$/.exec(principal);
  if (arn) return arn[1];
  return principal.startsWith('arn:') ? undefined : principal;
}

export const TRUST_RULES: readonly SecurityRule[] = [
  {
    id: 'SEC-TRUST-SERVICE',
    severity: 'error',
    rationale: 'A service assumes a role only under the aws:SourceAccount/aws:SourceArn keys AWS documents it sends, and no other (an undocumented key denies it every time).',
    check: (stack) =>
      allowStatements(stack).flatMap(({ document, statement, label }): Violation[] =>
        (statement.principals.Service ?? []).flatMap((service): Violation[] => {
          const used = SERVICE_SOURCE_KEYS.filter((k) => narrowingConditionKeys(statement).has(k.toLowerCase()));
          const context = requestContextOf(service, 'sts:AssumeRole');
          const sends = context?.sends;
          const violation = (message: string): Violation[] => [{ resource: document.resource, message: `${document.where} ${label}: service ${service} ${message}`, received: statement.raw.Condition }];
          if (sends === undefined) {
            return used.length > 0 ? [] : violation(`may assume the role without a ${SERVICE_SOURCE_KEYS.join(' or ')} condition (and the AWS facts ledger does not say which it sends)`);
          }
          const undocumented = used.filter((k) => !sends.includes(k as never));
          if (undocumented.length > 0) return violation(`is conditioned on ${undocumented.join(', ')}, which AWS does not document it sends when it assumes a role (every assumption would be denied)`);
          if (sends.length > 0 && used.length === 0) return violation(`may assume the role without a ${sends.join(' or ')} condition, which AWS documents it sends`);
          const misshapen = sourceArnValues(statement).filter((arn) => context && !arn.includes('${') && !hasSourceArnShape(context, arn));
          if (misshapen.length > 0) return violation(`is conditioned on aws:SourceArn ${misshapen.join(', ')}, but AWS sends ${context?.sourceArnIs} (${context?.sourceArnShape}) there: every assumption would be denied`);
          return [];
        })),
  },
  {
    id: 'SEC-TRUST-SOURCE-KEYS',
    severity: 'error',
    rationale: 'Key, topic and queue policies condition a service only on source keys AWS documents it sends for the call: another key silently drops its deliveries.',
    check: (stack) =>
      policyDocumentsOf(stack, ['resource']).flatMap((document): Violation[] => {
        const call = RESOURCE_POLICY_CALLS[document.resource.type];
        if (!call) return [];
        return (document.statements ?? []).flatMap((statement, index): Violation[] => {
          if (statement.effect !== 'Allow') return [];
          const used = SERVICE_SOURCE_KEYS.filter((k) => narrowingConditionKeys(statement).has(k.toLowerCase()));
          return (statement.principals.Service ?? []).flatMap((service): Violation[] => {
            const sends = requestContextOf(service, call)?.sends;
            const undocumented = sends === undefined ? [] : used.filter((k) => !sends.includes(k as never));
            return undocumented.length === 0 ? [] : [{
              resource: document.resource,
              message: `${document.where} ${statementLabel(statement, index)}: service ${service} is conditioned on ${undocumented.join(', ')}, which AWS does not document it sends for ${call}`,
              received: statement.raw.Condition,
            }];
          });
        });
      }),
  },
  {
    id: 'SEC-TRUST-OIDC',
    severity: 'error',
    rationale:
      "An OIDC (web identity) principal may assume a role only for a named audience and subject: conditions on <provider>:aud AND <provider>:sub, sub not '*'.",
    check: (stack) =>
      allowStatements(stack).flatMap(({ document, statement, label }): Violation[] =>
        (statement.principals.Federated ?? []).filter((p) => !isSaml(stack, statement, p)).flatMap((principal): Violation[] => {
          const keys = narrowingConditionKeys(statement);
          const prefix = oidcKeyPrefix(stack, principal)?.toLowerCase();
          const has = (claim: string) => (prefix ? keys.has(`${prefix}:${claim}`) : [...keys].some((k) => k.endsWith(`:${claim}`)));
          const name = (claim: string) => `${prefix ?? '<provider>'}:${claim}`;
          const missing = ['aud', 'sub'].filter((claim) => !has(claim));
          if (missing.length > 0) {
            return [{
              resource: document.resource,
              message: `${document.where} ${label} lets OIDC provider ${principal} assume the role without a condition on ${missing.map(name).join(' and ')} (a Null test or a value of only "*" does not count)`,
              received: statement.raw.Condition,
            }];
          }
          return [];
        })),
  },
  {
    id: 'SEC-TRUST-SAML',
    severity: 'error',
    rationale: 'A SAML principal may assume a role only for the AWS sign-in endpoint audience: a SAML:aud condition.',
    check: (stack) =>
      allowStatements(stack)
        .filter(({ statement }) => (statement.principals.Federated ?? []).some((p) => isSaml(stack, statement, p)))
        .filter(({ statement }) => !narrowingConditionKeys(statement).has('saml:aud'))
        .map(({ document, statement, label }): Violation => ({
          resource: document.resource,
          message: `${document.where} ${label} lets SAML provider ${statement.principals.Federated.filter((p) => isSaml(stack, statement, p)).join(', ')} assume the role without a SAML:aud condition`,
          received: statement.raw.Condition,
        })),
  },
  {
    id: 'SEC-TRUST-AWS',
    severity: 'error',
    rationale:
      'An AWS principal (account, role, user or "*") may assume a role only under a condition on who: e.g. sts:ExternalId, aws:PrincipalArn, a required sts:SourceIdentity.',
    check: (stack) =>
      allowStatements(stack)
        .filter(({ statement }) => (statement.principals.AWS ?? []).length > 0)
        .filter(({ statement }) => !hasAnyKey(awsPrincipalKeys(statement), AWS_PRINCIPAL_KEYS))
        .map(({ document, statement, label }): Violation => ({
          resource: document.resource,
          message: `${document.where} ${label} lets AWS principal ${statement.principals.AWS.join(', ')} assume the role without a condition on one of ${AWS_PRINCIPAL_KEYS.join(', ')} (for named principals, a Null test requiring sts:SourceIdentity also counts)`,
          received: statement.raw.Condition,
        })),
  },
];

