import {
  blockOf, isSet, isTrue, referencedResource, resourcesOfType, type SecurityRule, type TerraformJson,
  type TerraformResource, type Violation,
} from '../security-finding';

/**
 * Logs exist, are kept for a known time, and go to log groups the stack manages (so the log group rules apply
 * to them). A log group Lambda creates on first invocation has no retention and no KMS key.
 */

/** retention_in_days as a positive whole number, or undefined (absent, 0 = never expire, or an expression). */
function retentionDays(value: unknown): number | undefined {
  const days = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof days === 'number' && Number.isInteger(days) && days > 0 ? days : undefined;
}

/** The stack's log group a Lambda function writes to, or why it cannot be found. */
function functionLogGroup(stack: TerraformJson, fn: TerraformResource): { group?: TerraformResource; received: unknown } {
  const groups = resourcesOfType(stack, 'aws_cloudwatch_log_group');
  const configured = blockOf(fn.body, 'logging_config')?.log_group;
  if (isSet(configured)) {
    const referenced = referencedResource(stack, configured);
    const group = referenced?.type === 'aws_cloudwatch_log_group'
      ? referenced
      : groups.find((g) => g.body.name === configured);
    return { group, received: configured };
  }
  const defaultName = typeof fn.body.function_name === 'string' ? `/aws/lambda/${fn.body.function_name}` : undefined;
  return { group: groups.find((g) => defaultName !== undefined && g.body.name === defaultName), received: defaultName };
}

export const LOGGING_RULES: readonly SecurityRule[] = [
  {
    id: 'SEC-LOG-RETENTION',
    severity: 'error',
    rationale: 'Every CloudWatch log group sets retention_in_days > 0 (the default keeps logs, and their cost, forever).',
    check: (stack) =>
      resourcesOfType(stack, 'aws_cloudwatch_log_group')
        .filter((r) => retentionDays(r.body.retention_in_days) === undefined)
        .map((resource) => ({
          resource,
          message: 'a CloudWatch log group must set retention_in_days to a positive number of days (0 or absent keeps logs forever)',
          received: resource.body.retention_in_days,
        })),
  },
  {
    id: 'SEC-LOG-SFN',
    severity: 'error',
    rationale:
      'Every state machine logs executions (level ALL, ERROR or FATAL) with their data to a log group, so every run can be audited and debugged.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_sfn_state_machine').flatMap((resource): Violation[] => {
        const logging = blockOf(resource.body, 'logging_configuration');
        const problems = [
          !logging && 'has no logging_configuration',
          logging && !isTrue(logging.include_execution_data) && 'must set logging_configuration.include_execution_data = true',
          logging && !isSet(logging.log_destination) && 'must set logging_configuration.log_destination to a log group ARN (ending in :*)',
          logging && !['ALL', 'ERROR', 'FATAL'].includes(String(logging.level)) && 'must set logging_configuration.level to ALL, ERROR or FATAL (absent means OFF)',
        ].filter((p): p is string => typeof p === 'string');
        return problems.length === 0 ? [] : [{
          resource,
          message: `a state machine ${problems.join('; ')}`,
          received: resource.body.logging_configuration,
        }];
      }),
  },
  {
    id: 'SEC-LOG-LAMBDA',
    severity: 'error',
    rationale:
      'Every Lambda function logs to a log group of this stack (logging_config.log_group, or /aws/lambda/<name>), not one Lambda creates without retention or KMS.',
    check: (stack) =>
      resourcesOfType(stack, 'aws_lambda_function').flatMap((resource): Violation[] => {
        const { group, received } = functionLogGroup(stack, resource);
        return group ? [] : [{
          resource,
          message: 'a Lambda function must write to an aws_cloudwatch_log_group of this stack (logging_config.log_group naming it, or one named /aws/lambda/<function_name>)',
          received,
        }];
      }),
  },
];
