import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupRestoreTestingSelection } from '@cdktf/provider-aws/lib/backup-restore-testing-selection';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { RestoreTestingPlanModel } from '../../config/model';

export interface RestoreTestingPlanProps {
  readonly provider: AwsProvider;
  readonly plan: RestoreTestingPlanModel;
  /** Role AWS Backup assumes to restore. */
  readonly restoreRoleArn: string;
}

/**
 * A native AWS Backup restore testing plan and its selections. The restore jobs it starts are validated by the
 * restore-validator function (EventBridge), which reports PutRestoreValidationResult.
 */
export class RestoreTestingPlan extends Construct {
  public readonly plan: BackupRestoreTestingPlan;
  public readonly selections: BackupRestoreTestingSelection[];

  constructor(scope: Construct, id: string, props: RestoreTestingPlanProps) {
    super(scope, id);
    const model = props.plan;
    if (!/^[a-zA-Z0-9_]{1,50}$/.test(model.name)) {
      throw new Error(`RestoreTestingPlan: names are 1-50 letters, digits or "_" (API RestoreTestingPlanForCreate); got "${model.name}"`);
    }
    if (model.includeVaultArns.length === 0) throw new Error(`RestoreTestingPlan ${model.name}: include at least one vault; got none`);
    this.plan = new BackupRestoreTestingPlan(this, 'plan', {
      provider: props.provider,
      name: model.name,
      scheduleExpression: model.schedule,
      scheduleExpressionTimezone: model.scheduleTimezone,
      startWindowHours: model.startWindowHours,
      recoveryPointSelection: [{
        algorithm: model.algorithm,
        includeVaults: [...model.includeVaultArns],
        recoveryPointTypes: [...model.recoveryPointTypes],
        selectionWindowDays: model.selectionWindowDays,
      }],
    });
    this.selections = model.selections.map((selection) => new BackupRestoreTestingSelection(this, `selection-${selection.name}`, {
      provider: props.provider,
      name: selection.name,
      restoreTestingPlanName: this.plan.name,
      protectedResourceType: selection.resourceType,
      iamRoleArn: props.restoreRoleArn,
      protectedResourceArns: selection.resourceArns.length > 0 ? [...selection.resourceArns] : undefined,
      protectedResourceConditions: selection.tags.length > 0 ? [{ stringEquals: selection.tags.map((t) => ({ ...t })) }] : undefined,
      restoreMetadataOverrides: Object.keys(selection.restoreMetadataOverrides).length > 0 ? { ...selection.restoreMetadataOverrides } : undefined,
      validationWindowHours: selection.validationWindowHours,
    }));
  }
}
