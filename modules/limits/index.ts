import type { TerraformStack } from 'cdktf';
import { stackLimitFindings, type LimitFinding } from './stack-limits';
import type { ArnContext, SynthesizedJson } from './reference-lengths';

export * from './reference-lengths';
export * from './stack-limits';

/** The limits a built (not yet synthesized) stack exceeds; nothing is written. */
export function limitFindingsOf(stack: TerraformStack, context: ArnContext): LimitFinding[] {
  return stackLimitFindings(stack.toTerraform() as SynthesizedJson, context);
}
