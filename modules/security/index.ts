/** The security rule pack checked at synth, the error it throws, and the rules. */
export { SecurityRulesAspect, SecurityRuleViolation } from './security-aspect';
export { SECURITY_RULES } from './security-rules';
export type { SecurityRule, SecurityFinding, SecuritySeverity } from './security-finding';
