import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';

export interface TableIndex {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

export interface EncryptedTableProps {
  readonly provider: AwsProvider;
  readonly tableName: string;
  /** String partition key. */
  readonly partitionKey: string;
  /** String sort key. @default none */
  readonly sortKey?: string;
  /** Global secondary indexes over string attributes, projecting everything. @default none */
  readonly indexes?: readonly TableIndex[];
  /** Attribute holding the expiry (epoch seconds) DynamoDB deletes items by. @default no TTL */
  readonly ttlAttribute?: string;
  /** Customer-managed key ARN. */
  readonly kmsKeyArn: string;
  /** Point-in-time recovery (35 days). @default true */
  readonly pointInTimeRecovery?: boolean;
  /** Refuse deletion through the API (Terraform must turn it off first). @default true */
  readonly deletionProtection?: boolean;
}

/**
 * An on-demand DynamoDB table encrypted with a customer-managed key, with point-in-time recovery and deletion
 * protection on unless told otherwise. One construct for every table of the project: toggles, not copies.
 */
export class EncryptedTable extends Construct {
  public readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: EncryptedTableProps) {
    super(scope, id);
    if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(props.tableName)) {
      throw new Error(`EncryptedTable: table names are 3-255 letters, digits, "_", "-" or "."; got "${props.tableName}"`);
    }
    const indexes = props.indexes ?? [];
    const keys = [props.partitionKey, props.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    const attributes = [...new Set(keys.filter((k): k is string => k !== undefined))].sort();
    this.table = new DynamodbTable(this, 'table', {
      provider: props.provider,
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: props.partitionKey,
      rangeKey: props.sortKey,
      attribute: attributes.map((name) => ({ name, type: 'S' })),
      globalSecondaryIndex: indexes.map((i) => ({ name: i.name, hashKey: i.partitionKey, rangeKey: i.sortKey, projectionType: 'ALL' })),
      ttl: props.ttlAttribute ? { enabled: true, attributeName: props.ttlAttribute } : undefined,
      serverSideEncryption: { enabled: true, kmsKeyArn: props.kmsKeyArn },
      pointInTimeRecovery: { enabled: props.pointInTimeRecovery ?? true },
      deletionProtectionEnabled: props.deletionProtection ?? true,
    });
  }
}
