import { BackupSelection as BackupSelectionResource } from '@cdktf/provider-aws/lib/backup-selection';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

export interface TagConditionProps {
  /** `aws:ResourceTag/<key>` for conditions; the bare tag key for anyOfTags. */
  readonly key: string;
  readonly value: string;
}

export interface BackupSelectionProps {
  readonly provider: AwsProvider;
  readonly planId: string;
  readonly name: string;
  /** Role AWS Backup assumes for this selection's jobs. */
  readonly iamRoleArn: string;
  /** ARNs (wildcards allowed) or "*". At least one of resources / anyOfTags must be non-empty. */
  readonly resources: readonly string[];
  /** @default none */
  readonly notResources?: readonly string[];
  /** Combined with AND. @default none */
  readonly stringEquals?: readonly TagConditionProps[];
  readonly stringNotEquals?: readonly TagConditionProps[];
  readonly stringLike?: readonly TagConditionProps[];
  readonly stringNotLike?: readonly TagConditionProps[];
  /** listOfTags: resources with any of these tags (OR). @default none */
  readonly anyOfTags?: readonly TagConditionProps[];
}

const sortedPairs = (pairs: readonly TagConditionProps[] | undefined) =>
  [...(pairs ?? [])].sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value)).map((p) => ({ key: p.key, value: p.value }));

/**
 * A backup selection in one stable shape: `resources` and `not_resources` always set, exactly one `condition`
 * block holding all four operators, tags sorted. Several condition blocks are known to keep only the first and
 * to force replacement on every apply (hashicorp/terraform-provider-aws#38114), and an absent block or list
 * has caused perpetual replacement before (#22595); one fixed shape avoids both.
 */
export class BackupSelection extends Construct {
  public readonly selection: BackupSelectionResource;

  constructor(scope: Construct, id: string, props: BackupSelectionProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9\-_.]{1,50}$/.test(props.name)) {
      throw new Error(`BackupSelection: names are 1-50 letters, digits, "-", "_" or "."; got "${props.name}"`);
    }
    if (props.resources.length === 0 && (props.anyOfTags ?? []).length === 0) {
      throw new Error(`BackupSelection ${props.name}: AWS needs resources or anyOfTags; got neither (use ["*"] with conditions)`);
    }
    const wildcard = props.resources.some((r) => r.includes('*'));
    if (props.resources.length > (wildcard ? 30 : 500)) {
      throw new Error(`BackupSelection ${props.name}: at most ${wildcard ? 30 : 500} resources; got ${props.resources.length}`);
    }
    this.selection = new BackupSelectionResource(this, 'selection', {
      provider: props.provider,
      name: props.name,
      planId: props.planId,
      iamRoleArn: props.iamRoleArn,
      resources: [...new Set(props.resources)].sort(),
      notResources: [...new Set(props.notResources ?? [])].sort(),
      selectionTag: sortedPairs(props.anyOfTags).map((t) => ({ type: 'STRINGEQUALS', key: t.key, value: t.value })),
      condition: [
        {
          stringEquals: sortedPairs(props.stringEquals),
          stringNotEquals: sortedPairs(props.stringNotEquals),
          stringLike: sortedPairs(props.stringLike),
          stringNotLike: sortedPairs(props.stringNotLike),
        },
      ],
    });
  }
}
