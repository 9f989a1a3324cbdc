import { BackupPlan as BackupPlanResource } from '@cdktf/provider-aws/lib/backup-plan';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { FunctionParameter } from '../../config/function-contract/parameter-names';
import type { PublishedParameter } from '../core/published-parameter';
import { toPlanRule, type BackupRuleProps } from './backup-rule';
import { BackupSelection, type BackupSelectionProps } from './backup-selection';

export interface BackupPlanProps {
  readonly provider: AwsProvider;
  readonly name: string;
  readonly rules: readonly BackupRuleProps[];
  /** Selections; each gets the plan ID and the provider. */
  readonly selections: readonly Omit<BackupSelectionProps, 'provider' | 'planId'>[];
  /** Vault resources (by name) the rules target: the plan waits for them. */
  readonly vaults: ReadonlyMap<string, ITerraformDependable & { readonly name: string }>;
}

/** A backup plan with its rules (copy actions included) and its selections. */
export class BackupPlan extends Construct {
  public readonly plan: BackupPlanResource;
  public readonly selections: BackupSelection[];
  /** The plan's ID and ARN where the functions look them up, in the plan's region. */
  public readonly publishedParameters: readonly PublishedParameter[];

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9\-_.]{1,50}$/.test(props.name)) {
      throw new Error(`BackupPlan: names are 1-50 letters, digits, "-", "_" or "."; got "${props.name}"`);
    }
    if (props.rules.length === 0) throw new Error(`BackupPlan ${props.name}: needs at least one rule; got none`);
    const rules = props.rules.map((rule) => {
      const vault = props.vaults.get(rule.vaultName);
      if (!vault) throw new Error(`BackupPlan ${props.name}: rule ${rule.name} targets unknown vault; got "${rule.vaultName}"`);
      return toPlanRule(rule, vault.name);
    });
    this.plan = new BackupPlanResource(this, 'plan', { provider: props.provider, name: props.name, rule: rules });
    this.selections = props.selections.map(
      (selection) => new BackupSelection(this, `selection-${selection.name}`, { ...selection, provider: props.provider, planId: this.plan.id }),
    );
    this.publishedParameters = [
      { path: `${FunctionParameter.plans}/${props.name}/id`, value: this.plan.id, description: `ID of backup plan ${props.name}` },
      { path: `${FunctionParameter.plans}/${props.name}/arn`, value: this.plan.arn, description: `ARN of backup plan ${props.name}` },
    ];
  }
}
