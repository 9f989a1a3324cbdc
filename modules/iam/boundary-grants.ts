import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { IConstruct } from 'constructs';

/** Actions granted by inline role policies, split by how they name resources. */
export interface GrantedActions {
  /** Granted on at least one ARN. */
  readonly scoped: readonly string[];
  /** Granted on "*" (the project does that only for actions without resource types; a test proves it). */
  readonly unscoped: readonly string[];
}

/**
 * Every action the inline role policies in these construct trees allow: what a boundary over those roles must
 * let through. Reads the documents as written (before synthesis); ARNs may still be tokens, actions never are.
 */
export function grantedActions(roots: readonly IConstruct[], exclude: readonly IConstruct[] = []): GrantedActions {
  const skipped = new Set(exclude.flatMap((c) => c.node.findAll()));
  const scoped = new Set<string>();
  const unscoped = new Set<string>();
  for (const node of roots.flatMap((root) => root.node.findAll())) {
    if (!(node instanceof IamRolePolicy) || skipped.has(node)) continue;
    const text = node.policyInput;
    if (typeof text !== 'string') throw new Error(`grantedActions: the policy of ${node.node.path} is not a JSON document written by this project`);
    const document = JSON.parse(text) as { Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[] };
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      const resources = [statement.Resource].flat();
      for (const action of [statement.Action].flat()) {
        if (resources.includes('*')) unscoped.add(action);
        if (resources.some((r) => r !== '*')) scoped.add(action);
      }
    }
  }
  return { scoped: [...scoped].sort(), unscoped: [...unscoped].sort() };
}
