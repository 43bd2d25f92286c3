import type { ProducerConfig } from '../../lambda/backup-export/config';
import { exportTaskId, type ExportTaskView, type SnapshotView } from '../../lambda/backup-export/plan';
import { produce, type ProducerPort } from '../../lambda/backup-export/produce';
import { BUCKET, CLUSTER, PREFIX, snapshot, task, utc } from './fixtures';

const CONFIG: ProducerConfig = {
  clusterId: CLUSTER, bucket: BUCKET, prefix: PREFIX, exportRoleArn: 'arn:aws:iam::123456789012:role/export',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/primary', intervalDays: 1, region: 'us-east-1',
};
const NOW = utc('2026-11-23 05:00:00');
const monday = snapshot('2026-11-23 03:12:45');
const sunday = snapshot('2026-11-22 03:09:05');

/** A port answering from lists, recording every export it is asked to start. */
function fakePort(snapshots: SnapshotView[], tasks: ExportTaskView[], overrides: Partial<ProducerPort> = {}) {
  const started: Parameters<ProducerPort['startExport']>[0][] = [];
  const port: ProducerPort = {
    automatedSnapshots: async (clusterId) => (clusterId === CLUSTER ? snapshots : []),
    exportTasks: async (bucket) => (bucket === BUCKET ? tasks : []),
    clusterCreatedAt: async () => utc('2026-11-20 12:00:00'),
    startExport: async (input) => {
      started.push(input);
      return true;
    },
    ...overrides,
  };
  return { port, started };
}

describe('produce', () => {
  it('starts the export of the newest snapshot into the bucket, as the export role, with the region key', async () => {
    const { port, started } = fakePort([sunday, monday], [task(sunday, 'backup-sunday', 'COMPLETE')]);
    const result = await produce(port, CONFIG, NOW);
    expect(started).toEqual([{ taskId: exportTaskId(monday, 1), snapshotArn: monday.arn, bucket: BUCKET, s3Prefix: `${PREFIX}/2026-11-23`, roleArn: CONFIG.exportRoleArn, kmsKeyArn: CONFIG.kmsKeyArn }]);
    expect(result).toEqual({
      outcome: 'started',
      message: `started export ${exportTaskId(monday, 1)} of ${monday.arn} into s3://${BUCKET}/${PREFIX}/2026-11-23/${exportTaskId(monday, 1)}/`,
      taskId: exportTaskId(monday, 1),
      snapshotArn: monday.arn,
      // Sunday's export holds the data of 2026-11-22 03:09:05.
      latestExportAgeSeconds: (NOW.getTime() - sunday.createdAt.getTime()) / 1000,
    });
  });

  it('runs twice, exports once: the second run finds the task of the first', async () => {
    const tasks: ExportTaskView[] = [];
    const calls: string[] = [];
    const { port } = fakePort([monday], tasks, {
      startExport: async (input) => {
        calls.push(input.taskId);
        tasks.push(task(monday, input.taskId, 'STARTING'));
        return true;
      },
    });
    expect((await produce(port, CONFIG, NOW)).outcome).toBe('started');
    expect(await produce(port, CONFIG, NOW)).toMatchObject({ outcome: 'in-progress' });
    expect(calls).toEqual([exportTaskId(monday, 1)]);
  });

  it('two runs at once: RDS refuses the second identical task, which is reported as in progress', async () => {
    const { port } = fakePort([monday], [], { startExport: async () => false });
    expect(await produce(port, CONFIG, NOW)).toMatchObject({ outcome: 'in-progress', message: `export ${exportTaskId(monday, 1)} was already started by another run`, taskId: exportTaskId(monday, 1) });
  });

  it('ignores export tasks of other clusters and buckets', async () => {
    const foreign = { ...task(monday, 'other', 'COMPLETE'), prefix: 'exports/another-cluster/2026-11-23' };
    const { port, started } = fakePort([monday], [foreign]);
    expect((await produce(port, CONFIG, NOW)).outcome).toBe('started');
    expect(started).toHaveLength(1);
  });

  it('reports a failed export as failed when it starts the retry, with the cause', async () => {
    const failed = task(monday, exportTaskId(monday, 1), 'FAILED', { failureCause: 'S3 credential check failed.' });
    const { port, started } = fakePort([monday], [failed]);
    const result = await produce(port, CONFIG, NOW);
    expect(started.map((s) => s.taskId)).toEqual([exportTaskId(monday, 2)]);
    expect(result).toMatchObject({ outcome: 'failed', message: expect.stringMatching(new RegExp(`^export ${exportTaskId(monday, 1)} FAILED: S3 credential check failed.; started ${exportTaskId(monday, 2)} into s3://`)) });
    const canceled = task(monday, exportTaskId(monday, 1), 'CANCELED');
    expect((await produce(fakePort([monday], [canceled]).port, CONFIG, NOW)).message).toMatch(/CANCELED: no cause given/);
  });

  it('keeps failing (and alarming) once the attempts at a snapshot are used up, starting nothing', async () => {
    const attempts = [1, 2, 3].map((n) => task(monday, exportTaskId(monday, n), 'FAILED'));
    const { port, started } = fakePort([monday], attempts);
    expect(await produce(port, CONFIG, NOW)).toMatchObject({ outcome: 'failed', message: expect.stringContaining('3 exports of') });
    expect(started).toEqual([]);
  });

  it('reports an exported, not-due or missing snapshot without starting anything', async () => {
    expect(await produce(fakePort([monday], [task(monday, 'm', 'COMPLETE')]).port, CONFIG, NOW)).toMatchObject({ outcome: 'exported', snapshotArn: monday.arn, latestExportAgeSeconds: 6435 });
    expect(await produce(fakePort([monday], [task(sunday, 's', 'COMPLETE')]).port, { ...CONFIG, intervalDays: 2 }, NOW)).toMatchObject({ outcome: 'not-due' });
    expect(await produce(fakePort([], []).port, CONFIG, NOW)).toEqual({
      outcome: 'no-snapshot',
      message: expect.stringContaining('no available automated snapshot'),
      // No export ever completed: as old as the cluster (created 2026-11-20 12:00).
      latestExportAgeSeconds: (NOW.getTime() - utc('2026-11-20 12:00:00').getTime()) / 1000,
    });
  });

  it('turns an AWS error into the outcome failed, keeping the age when it was read', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: rds:StartExportTask'), { name: 'AccessDenied' });
    const start = fakePort([monday], [task(sunday, 's', 'COMPLETE')], { startExport: async () => { throw denied; } });
    expect(await produce(start.port, CONFIG, NOW)).toEqual({ outcome: 'failed', message: 'AccessDenied: User is not authorized to perform: rds:StartExportTask', latestExportAgeSeconds: 93_055 });
    const read = fakePort([], [], { exportTasks: async () => { throw new Error('socket hang up'); } });
    expect(await produce(read.port, CONFIG, NOW)).toEqual({ outcome: 'failed', message: 'Error: socket hang up' });
  });
});
