import { API_RULES } from './rules/api';
import { ENCRYPTION_RULES } from './rules/encryption';
import { IAM_RULES } from './rules/iam';
import { LOGGING_RULES } from './rules/logging';
import { RECOVERY_RULES } from './rules/recovery';
import { TRUST_RULES } from './rules/trust';
import type { SecurityFinding, SecurityRule, TerraformJson } from './security-finding';

/**
 * The security rule pack: every rule, by stable ID (`SEC-<AREA>-<SUBJECT>`; areas ENC encryption at rest, REC
 * recovery, LOG logging, API API Gateway, TRUST role trust policies, IAM permissions), with its rationale and
 * severity. It runs at synth (SecurityRulesAspect, modules/security/security-aspect.ts), as a report (`npm run check`),
 * and in tests, always over one stack's synthesized Terraform JSON.
 */
export const SECURITY_RULES: readonly SecurityRule[] = [
  ...ENCRYPTION_RULES,
  ...RECOVERY_RULES,
  ...LOGGING_RULES,
  ...API_RULES,
  ...TRUST_RULES,
  ...IAM_RULES,
];

const duplicate = SECURITY_RULES.map((r) => r.id).find((id, i, ids) => ids.indexOf(id) !== i);
if (duplicate) throw new Error(`security rules: rule IDs must be unique; got "${duplicate}" twice`);

/** Runs the rules over one stack's Terraform JSON: every finding, in catalog order, then by address. */
export function runSecurityRules(stack: TerraformJson, rules: readonly SecurityRule[] = SECURITY_RULES): SecurityFinding[] {
  return rules.flatMap((rule) =>
    rule.check(stack).map((v) => ({
      rule: rule.id,
      severity: rule.severity,
      address: v.resource.address,
      ...(v.resource.path !== undefined ? { path: v.resource.path } : {}),
      message: v.message,
      ...('received' in v ? { received: v.received } : {}),
    })));
}

function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 160 ? `${json.slice(0, 157)}...` : json;
}

/** One line per finding: `address (construct path): message [RULE-ID] (received: value)`. */
export function formatFinding(finding: SecurityFinding): string {
  const where = finding.path ? `${finding.address} (${finding.path})` : finding.address;
  return `${where}: ${finding.message} [${finding.rule}] (received: ${formatReceived(finding.received)})`;
}
