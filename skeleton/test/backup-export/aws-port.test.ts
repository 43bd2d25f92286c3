import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeExportTasksCommand,
  ExportTaskAlreadyExistsFault,
  RDSClient,
  StartExportTaskCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { awsPort } from '../../lambda/backup-export/aws-port';
import { BUCKET, CLUSTER, PREFIX, utc } from './fixtures';

const client = new RDSClient({ region: 'us-east-1' });
const rds = mockClient(client);
const port = awsPort(client);
const SNAPSHOT_ARN = `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:${CLUSTER}-2026-11-23-03-12`;

beforeEach(() => rds.reset());

describe('awsPort (RDS mocked)', () => {
  it('lists the automated snapshots of the cluster over every page, skipping entries without ARN or time', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand, { DBClusterIdentifier: CLUSTER, SnapshotType: 'automated' })
      .resolvesOnce({ DBClusterSnapshots: [{ DBClusterSnapshotArn: SNAPSHOT_ARN, SnapshotCreateTime: utc('2026-11-23 03:12:45'), Status: 'available' }], Marker: 'page-2' })
      .resolvesOnce({ DBClusterSnapshots: [{ DBClusterSnapshotArn: `${SNAPSHOT_ARN}x`, SnapshotCreateTime: utc('2026-11-22 03:12:45') }, { DBClusterSnapshotArn: 'no-time' }], Marker: 'page-3' })
      .resolvesOnce({});
    expect(await port.automatedSnapshots(CLUSTER)).toEqual([
      { arn: SNAPSHOT_ARN, createdAt: utc('2026-11-23 03:12:45'), status: 'available' },
      { arn: `${SNAPSHOT_ARN}x`, createdAt: utc('2026-11-22 03:12:45'), status: 'unknown' },
    ]);
    // One call per page, until a page carries no Marker (the paginator reuses one input object, so the
    // calls cannot be told apart by it afterwards).
    expect(rds.commandCalls(DescribeDBClusterSnapshotsCommand)).toHaveLength(3);
  });

  it('lists the export tasks into the bucket, over every page', async () => {
    rds.on(DescribeExportTasksCommand)
      .resolvesOnce({ ExportTasks: [{ ExportTaskIdentifier: 'a', SourceArn: SNAPSHOT_ARN, Status: 'COMPLETE', S3Bucket: BUCKET, S3Prefix: `${PREFIX}/2026-11-23`, SnapshotTime: utc('2026-11-23 03:12:45') }], Marker: 'm' })
      .resolvesOnce({ ExportTasks: [{ ExportTaskIdentifier: 'b', Status: 'FAILED', FailureCause: 'KMS key check failed.' }, {}], Marker: 'n' })
      .resolvesOnce({});
    expect(await port.exportTasks(BUCKET)).toEqual([
      { id: 'a', sourceArn: SNAPSHOT_ARN, status: 'COMPLETE', bucket: BUCKET, prefix: `${PREFIX}/2026-11-23`, snapshotTime: utc('2026-11-23 03:12:45') },
      { id: 'b', sourceArn: '', status: 'FAILED', bucket: '', prefix: '', failureCause: 'KMS key check failed.' },
      { id: '', sourceArn: '', status: 'unknown', bucket: '', prefix: '' },
    ]);
    expect(rds.commandCalls(DescribeExportTasksCommand).map((call) => call.args[0].input.Filters)).toEqual(Array(3).fill([{ Name: 's3-bucket', Values: [BUCKET] }]));
  });

  it('reads when the cluster was created, and says so when RDS does not tell', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: CLUSTER }).resolves({ DBClusters: [{ ClusterCreateTime: utc('2026-11-20 12:00:00') }] });
    expect(await port.clusterCreatedAt(CLUSTER)).toEqual(utc('2026-11-20 12:00:00'));
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: CLUSTER }).resolves({});
    await expect(port.clusterCreatedAt(CLUSTER)).rejects.toThrow(`DescribeDBClusters returned no creation time for ${CLUSTER}`);
  });

  it('starts an export with every parameter StartExportTask requires, and the prefix', async () => {
    rds.on(StartExportTaskCommand).resolves({ Status: 'STARTING' });
    const input = { taskId: 'backup-20261123-0312-1a2b3c4d-1', snapshotArn: SNAPSHOT_ARN, bucket: BUCKET, s3Prefix: `${PREFIX}/2026-11-23`, roleArn: 'arn:aws:iam::123456789012:role/export', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' };
    expect(await port.startExport(input)).toBe(true);
    expect(rds.commandCalls(StartExportTaskCommand)[0]?.args[0].input).toEqual({
      ExportTaskIdentifier: input.taskId, SourceArn: SNAPSHOT_ARN, S3BucketName: BUCKET, S3Prefix: input.s3Prefix, IamRoleArn: input.roleArn, KmsKeyId: input.kmsKeyArn,
    });
  });

  it('returns false when the identifier exists (another run started it), and throws anything else', async () => {
    const input = { taskId: 't', snapshotArn: SNAPSHOT_ARN, bucket: BUCKET, s3Prefix: PREFIX, roleArn: 'r', kmsKeyArn: 'k' };
    rds.on(StartExportTaskCommand).rejects(new ExportTaskAlreadyExistsFault({ message: 'The export task with the ID t already exists', $metadata: {} }));
    expect(await port.startExport(input)).toBe(false);
    rds.on(StartExportTaskCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(port.startExport(input)).rejects.toThrow('Rate exceeded');
  });
});
