import { Aspects, TerraformStack, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { SecurityFinding, SecurityRule, TerraformJson } from './security-finding';
import { formatFinding, runSecurityRules, SECURITY_RULES } from './security-rules';

/**
 * Thrown at synth, once, with every error-severity finding of every checked stack of the app. Its message is meant
 * for the user as it is (one line per finding, no stack trace needed): main.ts prints it and exits 1.
 */
export class SecurityRuleViolation extends Error {
  constructor(public readonly findings: readonly SecurityFinding[]) {
    const stacks = [...new Set(findings.map((f) => f.stack))];
    super(
      `${findings.length} security rule violation${findings.length === 1 ? '' : 's'} in ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (nothing was synthesized):\n` +
        findings.map((f) => `  - ${f.stack}: ${formatFinding(f)}`).join('\n'),
    );
    this.name = 'SecurityRuleViolation';
  }
}

/**
 * Per app (its root construct): the stacks the last successful scan checked whose visit has not come yet. Finding the
 * stacks walks every construct of the app; doing it at every stack's visit made synth quadratic in the number of
 * stacks (2 s of 25 s at 101 stacks, and growing with the square). Now one synth scans once: a stack's visit skips
 * the scan when the last scan covered it and it was not visited since. A stack visited again (a second synth of the
 * same app, or a second aspect on it) scans afresh, so stacks added between two synths are still checked before any
 * stack is written.
 */
const uncheckedVisits = new WeakMap<IConstruct, Set<TerraformStack>>();

/**
 * Fails synthesis when a stack breaks an error-severity security rule (modules/security/security-rules.ts); keeps the
 * warnings in `findings`.
 *
 * Use: `SecurityRulesAspect.applyTo(stack)` in the stack's constructor (or on any stack you compose yourself).
 *
 * How it runs (verified against cdktf 0.21 in __tests__/modules/security/security-rules.test.ts): `App.synth()` prepares every
 * stack, then synthesizes them one after another, and for each stack invokes its aspects first and writes its
 * cdk.tf.json after. Aspects therefore see every construct the program added. Checking only the visited stack
 * would leave the stacks synthesized before it written when it fails, so the first visit checks every stack of the
 * app that carries a SecurityRulesAspect (each with its own rules) and throws one SecurityRuleViolation listing
 * every error: nothing of any stack is written (the empty output folder the App constructor creates remains).
 * The rules read each stack's `toTerraform()` (tokens resolved: references read `${aws_x.y.arn}`), computed
 * once per stack and aspect. Aspects that rewrite resources run after this one (cdktf visits a stack before its
 * children), so the rules see the stacks as their constructors built them.
 */
export class SecurityRulesAspect implements IAspect {
  /** Warning-severity findings of the stacks this aspect checked (errors are thrown). */
  public readonly findings: SecurityFinding[] = [];
  private readonly results = new WeakMap<TerraformStack, SecurityFinding[]>();

  constructor(private readonly rules: readonly SecurityRule[] = SECURITY_RULES) {}

  /** Adds a new aspect to the stack and returns it (to read its warnings after synth). */
  public static applyTo(stack: TerraformStack, rules: readonly SecurityRule[] = SECURITY_RULES): SecurityRulesAspect {
    const aspect = new SecurityRulesAspect(rules);
    Aspects.of(stack).add(aspect);
    return aspect;
  }

  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const root = node.node.root;
    // This synth's scan already checked this stack (and found no error, or synth would have stopped).
    if (uncheckedVisits.get(root)?.delete(node)) return;
    const stacks = root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const errors = stacks.flatMap((stack) =>
      Aspects.of(stack).all
        .filter((a): a is SecurityRulesAspect => a instanceof SecurityRulesAspect)
        .flatMap((aspect) => aspect.check(stack)));
    if (errors.length > 0) throw new SecurityRuleViolation(errors);
    uncheckedVisits.set(root, new Set(stacks.filter((stack) => stack !== node)));
  }

  /** Runs this aspect's rules over the stack (once); returns its error findings and keeps its warnings. */
  public check(stack: TerraformStack): SecurityFinding[] {
    let findings = this.results.get(stack);
    if (!findings) {
      const json = stack.toTerraform() as TerraformJson;
      findings = runSecurityRules(json, this.rules).map((f) => ({ ...f, stack: stack.node.id }));
      this.results.set(stack, findings);
      this.findings.push(...findings.filter((f) => f.severity === 'warning'));
    }
    return findings.filter((f) => f.severity === 'error');
  }
}
