import type { APIGatewayEventRequestContextJWTAuthorizer } from 'aws-lambda';

type Claims = APIGatewayEventRequestContextJWTAuthorizer['jwt']['claims'];

/**
 * Every scope the token grants. Issuers put them in `scope` (a space-separated string, RFC 8693; Cognito) or `scp`
 * (an array; Okta, Entra ID). API Gateway hands array claims to payload 2.0 as text like `[a b]`, so both shapes are
 * read, and the authorizer's own `scopes` list too.
 */
export function grantedScopes(jwt: APIGatewayEventRequestContextJWTAuthorizer['jwt'] | undefined): Set<string> {
  const scopes = new Set<string>(jwt?.scopes ?? []);
  const claims: Claims = jwt?.claims ?? {};
  for (const claim of [claims.scope, claims.scp]) {
    const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
    for (const value of values) if (value) scopes.add(value);
  }
  return scopes;
}
