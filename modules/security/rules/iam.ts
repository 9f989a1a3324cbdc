import { policyDocumentsOf, statementLabel } from '../security-policy-documents';
import { resourcesOfType, type SecurityRule, type Violation } from '../security-finding';

/**
 * Least privilege in every policy document the stack writes, and guard rails on every role. Wildcards are checked
 * in Allow statements only: a wildcard in a Deny widens the denial, which is safe.
 */
export const IAM_RULES: readonly SecurityRule[] = [
  {
    id: 'SEC-IAM-WILDCARD-ACTION',
    severity: 'error',
    rationale:
      'Allow statements list actions one by one: no "*", "service:*" or partial wildcard (kms:ReEncrypt*), and no NotAction (which allows everything else).',
    check: (stack) =>
      policyDocumentsOf(stack).flatMap((document) =>
        (document.statements ?? []).flatMap((statement, index): Violation[] => {
          if (statement.effect !== 'Allow') return [];
          const label = `${document.where} ${statementLabel(statement, index)}`;
          return [
            ...statement.actions.filter((a) => a.includes('*')).map((action) => ({
              resource: document.resource,
              message: `${label} allows a wildcard action; list the actions it needs`,
              received: action,
            })),
            ...(statement.notActions.length > 0
              ? [{
                  resource: document.resource,
                  message: `${label} uses NotAction in an Allow statement, which allows every other action (a wildcard); list the actions with Action`,
                  received: statement.raw.NotAction,
                }]
              : []),
          ];
        })),
  },
  {
    id: 'SEC-IAM-UNVERIFIABLE-DOC',
    severity: 'error',
    rationale:
      'Every policy document is JSON the stack writes, so these rules can read it; a Terraform expression (data source, jsonencode) or an action given as an expression cannot be verified.',
    check: (stack) =>
      policyDocumentsOf(stack).flatMap((document): Violation[] => {
        if (document.unverifiable) {
          return [{
            resource: document.resource,
            message: `${document.where} cannot be verified: ${document.unverifiable.reason}`,
            received: document.unverifiable.received,
          }];
        }
        return (document.statements ?? []).flatMap((statement, index) =>
          [...statement.actions, ...statement.notActions].filter((a) => a.includes('${')).map((action) => ({
            resource: document.resource,
            message: `${document.where} ${statementLabel(statement, index)} names an action by a Terraform expression, which cannot be verified at synth`,
            received: action,
          })));
      }),
  },
  {
    id: 'SEC-IAM-BOUNDARY',
    severity: 'error',
    rationale: 'Every IAM role has a permissions boundary (permissions_boundary), capping what any policy later attached can grant.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_iam_role')
        .filter((r) => typeof r.body.permissions_boundary !== 'string' || r.body.permissions_boundary.trim() === '')
        .map((resource) => ({
          resource,
          message: 'an IAM role must set permissions_boundary to a managed policy ARN',
          received: resource.body.permissions_boundary,
        })),
  },
  {
    id: 'SEC-IAM-SESSION-DURATION',
    severity: 'error',
    rationale: 'Every IAM role states its max_session_duration, so how long a session lives is a reviewed choice, not a default.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_iam_role')
        .filter((r) => r.body.max_session_duration === undefined || r.body.max_session_duration === null)
        .map((resource) => ({
          resource,
          message: 'an IAM role must set max_session_duration (seconds, 3600 to 43200)',
          received: resource.body.max_session_duration,
        })),
  },
];
