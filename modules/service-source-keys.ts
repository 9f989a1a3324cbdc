/**
 * Services that send neither `aws:SourceAccount` nor `aws:SourceArn` when they assume a role, with the evidence.
 *
 * A trust conditioned on a key the service does not send denies every assumption (a positive condition on a
 * missing key is false), so for these services the confused-deputy conditions would not protect the role, they
 * would break it. Their trusts stay unconditioned, and the role's own permissions are the guard. Everything not
 * listed here must carry the conditions (ServiceRole, LeastPrivilegeRole and rule SEC-TRUST-SERVICE refuse it).
 */
export const SERVICES_WITHOUT_SOURCE_KEYS: Readonly<Record<string, string>> = {
  apigateway:
    'API Gateway assumes an integration credentials role without aws:SourceAccount or aws:SourceArn in the request: '
    + 'a trust conditioned on them fails every request with "API Gateway does not have permission to assume the provided role" '
    + '(observed with test-invoke-method, aws-solutions-library-samples/accelerated-intelligent-document-processing-on-aws#479; '
    + 'AWS\'s own CDK integrations trust apigateway.amazonaws.com unconditioned). Another account cannot point its API at the '
    + 'role: attaching a credentials role needs iam:PassRole on it, which IAM grants only within this account.',
};

/** The service of a service principal: `apigateway` for `apigateway.amazonaws.com`. */
function serviceOf(principal: string): string {
  return principal.split('.')[0].toLowerCase();
}

/** Why `principal` may trust without source keys, or undefined when it must carry them. */
export function sourceKeysUnavailableReason(principal: string): string | undefined {
  return SERVICES_WITHOUT_SOURCE_KEYS[serviceOf(principal)];
}
