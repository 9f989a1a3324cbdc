import { requestContextOf, type ServiceCall } from '../../config/aws-facts';
import type { PolicyStatement } from './policy-document';

/*
 * Confused-deputy conditions for statements whose principal is an AWS service, built from what AWS documents the
 * service sends for the call (config/aws-facts/service-principals.ts). A condition on a key the service does not send
 * is false and denies the service every time, so only documented keys are used; where AWS documents none the
 * statement stays unconditioned and the resource's own scoping is the guard.
 */

/** Why `principal` sends no source keys when it assumes a role (the ledger's evidence), or undefined when it does. */
export function sourceKeysUnavailableReason(principal: string): string | undefined {
  const context = requestContextOf(principal, 'sts:AssumeRole');
  if (!context || context.sends.length > 0) return undefined;
  return `${context.source.title}${context.source.quote ? `: ${context.source.quote}` : ''}${context.guard ? `; ${context.guard}` : ''}`;
}

export interface SourceValues {
  /** The account the service acts for. */
  readonly account: string;
  /** ArnLike pattern of the resources it acts for (a rule, a vault, a state machine, a schedule group...). */
  readonly arn?: string;
}

/**
 * The conditions on aws:SourceAccount / aws:SourceArn that AWS documents for the service and call, with these values;
 * undefined when it documents none. Throws when the ledger does not know the pair: add the evidence first.
 */
export function documentedSourceConditions(principal: string, call: ServiceCall, values: SourceValues): PolicyStatement['Condition'] | undefined {
  const context = requestContextOf(principal, call);
  if (!context) throw new Error(`no evidence in config/aws-facts/service-principals.ts of what ${principal} sends for ${call}: add it before writing a statement for it`);
  const condition: Record<string, Record<string, string>> = {};
  if (context.sends.includes('aws:SourceAccount')) condition.StringEquals = { 'aws:SourceAccount': values.account };
  if (context.sends.includes('aws:SourceArn') && values.arn !== undefined) condition.ArnLike = { 'aws:SourceArn': values.arn };
  return Object.keys(condition).length > 0 ? condition : undefined;
}
