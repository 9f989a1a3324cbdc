/*
 * The deployed bundle, not the source: the bundler keeps only the SDK shapes a function's commands reach
 * (modules/functions/sdk-schema-keys.ts), so the bundled restore-validator is run against moto_server for one
 * resource type of each protocol its clients speak (EC2 query, RDS query, JSON for DynamoDB, REST-XML for S3, REST-JSON for EFS): every
 * request must still serialize, every answer and error (InvalidVolume.NotFound) deserialize, as with the whole SDK.
 */
import { CreateVolumeCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateFileSystemCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { CreateTableCommand, DynamoDBClient, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import { CreateDBInstanceCommand, ListTagsForResourceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, GetBucketTaggingCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { unzipSync } from 'fflate';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DRILL_TAG_KEY } from '../../../config/function-contract/drill-tag';
import { bundleFunction, FUNCTION_ENTRY_FILE } from '../../../modules/functions/function-bundle';
import { type MotoServer, startMoto, useEndpoint } from '../../support/moto';
import { arn, REGION } from '../fixtures';

let moto: MotoServer;
let workDir: string;
let entry: string;
const DRILL = 'drill-bundle-test';

/**
 * Like a Lambda cold start: a fresh `node` imports the entry module and calls its handler once (each resource type's
 * client is a chunk imported on first use, which jest's module system cannot load).
 */
const INVOKE = `import(require('url').pathToFileURL(process.argv[1]).href).then((module) => module.handler(JSON.parse(process.argv[2]), {})).then(
  (result) => console.log(JSON.stringify(result)),
  (error) => console.log(JSON.stringify({ thrown: error.name, message: error.message })))`;

function drill(resourceType: string, createdResourceArn: string): Promise<{ validationStatus: string; message: string }> {
  const request = JSON.stringify({ mode: 'drill', resourceType, createdResourceArn, drillId: DRILL });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', INVOKE, entry, request], { env: { ...process.env, NODE_OPTIONS: '' } }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() as string));
    });
  });
}

beforeAll(async () => {
  moto = await startMoto();
  useEndpoint(moto.endpoint, REGION);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundles-against-moto-'));
  // The zip synth deploys, where synth keeps it.
  const code = bundleFunction('restore-validator');
  const root = path.join(workDir, 'restore-validator');
  fs.mkdirSync(root, { recursive: true });
  for (const [file, contents] of Object.entries(unzipSync(fs.readFileSync(code.zipPath)))) fs.writeFileSync(path.join(root, file), contents);
  entry = path.join(root, FUNCTION_ENTRY_FILE);
});

afterAll(async () => {
  await moto?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the bundled restore-validator against moto', () => {
  it('EBS (EC2 query protocol): tags the volume and finds it available', async () => {
    const ec2 = new EC2Client({ region: REGION });
    const { VolumeId } = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 1 }));
    const result = await drill('EBS', arn.volume(VolumeId));
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL' });
    const { Volumes = [] } = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [VolumeId as string] }));
    expect(Volumes[0]?.Tags).toContainEqual({ Key: DRILL_TAG_KEY, Value: DRILL });
  });

  it('EBS: a volume that does not exist is FAILED (the error code EC2 answers is the error name)', async () => {
    const result = await drill('EBS', arn.volume('vol-0000000000000dead'));
    expect(result.validationStatus).toBe('FAILED');
    expect(result.message).toContain('InvalidVolume.NotFound');
  });

  it('RDS (query protocol): tags the instance and finds it available', async () => {
    const rds = new RDSClient({ region: REGION });
    await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: 'drill-bundle-db', DBInstanceClass: 'db.t3.micro', Engine: 'postgres', AllocatedStorage: 20, MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1' }));
    const result = await drill('RDS', arn.db('drill-bundle-db'));
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL' });
    const { TagList = [] } = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn.db('drill-bundle-db') }));
    expect(TagList).toContainEqual({ Key: DRILL_TAG_KEY, Value: DRILL });
  });

  it('RDS: an instance that does not exist is FAILED (a modeled error, registered by the schema file, keeps its name)', async () => {
    const result = await drill('RDS', arn.db('drill-bundle-missing'));
    expect(result.validationStatus).toBe('FAILED');
    expect(result.message).toMatch(/DBInstanceNotFound/);
  });

  it('DynamoDB (JSON protocol): tags the table and finds it ACTIVE', async () => {
    const dynamodb = new DynamoDBClient({ region: REGION });
    await dynamodb.send(new CreateTableCommand({
      TableName: 'drill-bundle-table', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
    const result = await drill('DynamoDB', arn.table('drill-bundle-table'));
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL' });
    const { Tags = [] } = await dynamodb.send(new ListTagsOfResourceCommand({ ResourceArn: arn.table('drill-bundle-table') }));
    expect(Tags).toContainEqual({ Key: DRILL_TAG_KEY, Value: DRILL });
  });

  it('S3 (REST-XML protocol): tags the bucket and finds an object in it', async () => {
    const s3 = new S3Client({ region: REGION, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'drill-bundle-bucket', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(new PutObjectCommand({ Bucket: 'drill-bundle-bucket', Key: 'restored.txt', Body: 'restored' }));
    const result = await drill('S3', arn.bucket('drill-bundle-bucket'));
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL' });
    const { TagSet = [] } = await s3.send(new GetBucketTaggingCommand({ Bucket: 'drill-bundle-bucket' }));
    expect(TagSet).toContainEqual({ Key: DRILL_TAG_KEY, Value: DRILL });
  });

  it('EFS (REST-JSON protocol): tags the file system and finds it available', async () => {
    const efs = new EFSClient({ region: REGION });
    const { FileSystemId } = await efs.send(new CreateFileSystemCommand({ CreationToken: 'drill-bundle-fs' }));
    const result = await drill('EFS', arn.fileSystem(FileSystemId as string));
    expect(result).toMatchObject({ validationStatus: 'SUCCESSFUL' });
    const { FileSystems = [] } = await efs.send(new DescribeFileSystemsCommand({ FileSystemId }));
    expect(FileSystems[0]?.Tags).toContainEqual({ Key: DRILL_TAG_KEY, Value: DRILL });
  });
});
