import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { AwsLocation } from '../core/aws-partition';
import { BackupFunction } from '../functions/backup-function';
import type { FunctionCode } from '../functions/function-bundle';
import { lambdaFunctionName } from '../core/resource-names';
import { ORCHESTRATION_FUNCTIONS, type OrchestrationFunctionName } from './orchestration-function-names';
import { orchestrationFunctionSpecs } from './orchestration-function-specs';

/** Tag a DR drill puts on what it restored; clean-up deletes only resources carrying it. */
export { DRILL_TAG_KEY } from '../../config/function-contract/drill-tag';
export { ORCHESTRATION_FUNCTIONS, type OrchestrationFunctionName } from './orchestration-function-names';

export interface OrchestrationFunctionsProps {
  readonly provider: AwsProvider;
  readonly location: AwsLocation;
  readonly environmentName: string;
  /** SSM path the functions read their configuration below (PARAMETER_ROOT). */
  readonly parameterRoot: string;
  readonly code: (name: OrchestrationFunctionName) => FunctionCode;
  readonly tables: { readonly taskTokenArn: string; readonly auditArn: string; readonly idempotencyArn: string };
  readonly kmsKeyArn: string;
  readonly deadLetterQueueArn: string;
  readonly logRetentionDays: number;
  /**
   * Keys of the tags every recovery point gets (the tagger adds `source-plan` too): the only keys its role may write.
   * @default none (the tagger may then write `source-plan` only)
   */
  readonly recoveryPointTagKeys?: readonly string[];
}

/** Short role names: IAM names are global and at most 64 characters, with the region in them. */
const ROLE_SUFFIX: Readonly<Record<OrchestrationFunctionName, string>> = {
  'job-callback': 'callback',
  'audit-recorder': 'audit',
  'recovery-point-tagger': 'tagger',
  'restore-planner': 'planner',
  'restore-validator': 'validator',
  'restore-cleanup': 'cleanup',
};

/**
 * The six functions of one orchestration region, each with a role listing only the calls its code makes, on
 * this environment's resources (orchestration-function-specs.ts).
 */
export class OrchestrationFunctions extends Construct {
  public readonly functions = new Map<OrchestrationFunctionName, BackupFunction>();

  constructor(scope: Construct, id: string, props: OrchestrationFunctionsProps) {
    super(scope, id);
    const { location } = props;
    const specs = orchestrationFunctionSpecs(props);

    for (const name of ORCHESTRATION_FUNCTIONS) {
      const spec = specs[name];
      this.functions.set(name, new BackupFunction(this, name, {
        provider: props.provider,
        location,
        functionName: lambdaFunctionName(props.environmentName, name),
        roleName: `${props.environmentName}-${ROLE_SUFFIX[name]}-${location.region}`,
        description: spec.description,
        code: props.code(name),
        memoryMb: spec.memoryMb,
        timeoutSeconds: spec.timeoutSeconds,
        environment: { PARAMETER_ROOT: props.parameterRoot, POWERTOOLS_SERVICE_NAME: name, POWERTOOLS_LOG_LEVEL: 'INFO' },
        statements: spec.statements,
        logRetentionDays: props.logRetentionDays,
        kmsKeyArn: props.kmsKeyArn,
        deadLetterQueueArn: props.deadLetterQueueArn,
      }));
    }
  }

  get(name: OrchestrationFunctionName): BackupFunction {
    return this.functions.get(name) as BackupFunction;
  }
}
