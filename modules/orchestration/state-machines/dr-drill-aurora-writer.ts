import type { JsonObject, State } from './asl-types';
import { DRILL_TAG_KEY } from '../../../config/function-contract/drill-tag';

/*
 * AWS Backup restores an Aurora cluster without any DB instance ("AWS Backup restores your Aurora cluster; it does
 * not create or attach an Amazon RDS instance to your cluster", https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html),
 * and a cluster without an instance serves no query: a drill that stopped there would prove nothing. So the drill adds a
 * writer instance (rds:CreateDBInstance into the restored cluster, as the same page does with the CLI; the validator function makes
 * the call, so its answer is read with the SDK's types), named and tagged as the drill's; the validator waits until it is available (RestoredResourceNotReady, retried), so its time is
 * part of the measured recovery time, and the clean-up deletes it before the cluster.
 */

export interface AuroraWriterStates {
  /** The Task that invokes the validator (Lambda invoke with its retries). */
  readonly invokeValidator: (payload: JsonObject) => State;
  /** Where a drill of any other type, and an Aurora drill once its writer is asked for, goes next (the validation). */
  readonly next: string;
  /** Where a failed creation goes: the cluster exists, so it must still be cleaned up. */
  readonly failed: string;
}

/** The Choice after a restore (Aurora or not), the writer's creation and what a failed creation records. */
export function auroraWriterStates(o: AuroraWriterStates): Record<string, State> {
  return {
    RestoredClusterNeedsWriter: {
      Type: 'Choice',
      Comment: 'AWS Backup restores an Aurora cluster without instances: the drill adds a writer before validating.',
      Choices: [{ Variable: '$.request.resourceType', StringEquals: 'Aurora', Next: 'CreateAuroraWriter' }],
      Default: o.next,
    },
    CreateAuroraWriter: {
      ...o.invokeValidator({
        'mode': 'aurora-writer',
        'createdResourceArn.$': '$.restore.createdResourceArn',
        'sourceResourceArn.$': '$.request.resourceArn',
        'overrides.$': '$.request.restoreMetadataOverrides',
        'drillId.$': '$$.Execution.Name',
      }),
      Comment: `rds:CreateDBInstance into the restored cluster, named like it and tagged ${DRILL_TAG_KEY}=<drill ID>; the validation waits until it is available.`,
      ResultSelector: { 'dbInstanceArn.$': '$.Payload.dbInstanceArn' },
      ResultPath: '$.auroraWriter',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.writerError', Next: 'AuroraWriterNotCreated' }],
      Next: o.next,
    },
    AuroraWriterNotCreated: {
      Type: 'Pass',
      Comment: 'Without a writer the restored cluster cannot be validated: FAILED, and the cluster is cleaned up all the same.',
      Parameters: {
        'validationStatus': 'FAILED',
        'message.$': "States.Format('The drill could not add a writer instance to the restored Aurora cluster: {}: {}', $.writerError.Error, $.writerError.Cause)",
        'readyAt': null,
        'writerError.$': '$.writerError',
      },
      ResultPath: '$.validation',
      Next: o.failed,
    },
  };
}
