import { DescribeDBClusterSnapshotsCommand, DescribeDBClustersCommand, DescribeExportTasksCommand, RDSClient, StartExportTaskCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import type { handler as Handler } from '../../lambda/backup-export/handler';
import { exportTaskId } from '../../lambda/backup-export/plan';
import { captureOutput, lambdaContext, withEnv } from '../canary/support';
import { BUCKET, PREFIX, PRODUCER_ENV, snapshot } from './fixtures';


const rds = mockClient(RDSClient);
let handler: typeof Handler;

beforeAll(async () => {
  // Powertools reads its variables when the module loads, as at a cold start.
  handler = await withEnv(PRODUCER_ENV, async () => (await import('../../lambda/backup-export/handler')).handler);
});

/** A snapshot taken two hours ago, and an export of yesterday's that completed. */
function recentHistory() {
  const today = snapshot(new Date(Date.now() - 2 * 3_600_000).toISOString());
  const yesterday = snapshot(new Date(Date.now() - 26 * 3_600_000).toISOString());
  rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [{ DBClusterSnapshotArn: today.arn, SnapshotCreateTime: today.createdAt, Status: 'available' }] });
  rds.on(DescribeExportTasksCommand).resolves({ ExportTasks: [{ ExportTaskIdentifier: 'y', SourceArn: yesterday.arn, Status: 'COMPLETE', S3Bucket: BUCKET, S3Prefix: `${PREFIX}/x`, SnapshotTime: yesterday.createdAt }] });
  rds.on(StartExportTaskCommand).resolves({ Status: 'STARTING' });
  return today;
}

const invoke = (overrides: Record<string, string | undefined> = {}) => withEnv({ ...PRODUCER_ENV, ...overrides }, () => captureOutput(() => handler({ source: 'aws.events' }, lambdaContext())));

beforeEach(() => rds.reset());

describe('backup producer handler (RDS mocked)', () => {
  it('starts the due export, logs one INFO line, publishes the outcome and the age of the newest export', async () => {
    const today = recentHistory();
    const { result, output } = await invoke();
    expect(result).toEqual({ outcome: 'started', message: expect.stringContaining('started export'), taskId: exportTaskId(today, 1) });
    expect(rds.commandCalls(StartExportTaskCommand)).toHaveLength(1);
    expect(output.metrics.BackupExportRun).toMatchObject({ namespace: 'TapDR/Backups', unit: 'Count', value: 1, dimensionValues: { service: PRODUCER_ENV.POWERTOOLS_SERVICE_NAME, outcome: 'started' } });
    // The age carries the service dimension only, exactly what the overdue alarm watches.
    expect(output.metrics.LatestExportAgeSeconds).toMatchObject({ namespace: 'TapDR/Backups', unit: 'Seconds', dimensions: [['service']] });
    expect(output.metrics.LatestExportAgeSeconds?.value).toBeGreaterThanOrEqual(26 * 3600);
    expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', outcome: 'started', taskId: exportTaskId(today, 1), function_request_id: 'test-request-id' })]);
  });

  it('an RDS error: outcome failed, one ERROR line, no age (the overdue alarm reads that as overdue)', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand).rejects(Object.assign(new Error('not authorized to perform rds:DescribeDBClusterSnapshots'), { name: 'AccessDenied' }));
    rds.on(DescribeExportTasksCommand).resolves({ ExportTasks: [] });
    const { result, output } = await invoke();
    expect(result).toEqual({ outcome: 'failed', message: 'AccessDenied: not authorized to perform rds:DescribeDBClusterSnapshots' });
    expect(output.metrics.BackupExportRun?.dimensionValues.outcome).toBe('failed');
    expect(output.metrics.LatestExportAgeSeconds).toBeUndefined();
    expect(output.logs).toEqual([expect.objectContaining({ level: 'ERROR', outcome: 'failed' })]);
  });

  it('misconfigured: names the variables, counts a failure, touches nothing', async () => {
    const { result, output } = await invoke({ BACKUP_BUCKET: undefined });
    expect(result).toEqual({ outcome: 'failed', message: 'backup producer misconfigured: BACKUP_BUCKET is not set' });
    expect(output.metrics.BackupExportRun?.dimensionValues.outcome).toBe('failed');
    expect(rds.calls()).toHaveLength(0);
  });

  it('no snapshot and no export yet: ages from the cluster\'s creation', async () => {
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [] });
    rds.on(DescribeExportTasksCommand).resolves({ ExportTasks: [] });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ ClusterCreateTime: new Date(Date.now() - 3_600_000) }] });
    const { result, output } = await invoke();
    expect(result).toMatchObject({ outcome: 'no-snapshot' });
    expect(output.metrics.LatestExportAgeSeconds?.value).toBeGreaterThanOrEqual(3600);
    expect(output.metrics.LatestExportAgeSeconds?.value).toBeLessThan(3700);
  });
});
