import { MAX_ATTEMPTS, exportPrefix, exportTaskId, newestCompleteExport, newestSnapshot, ownTasks, planExport } from '../../lambda/backup-export/plan';
import { SNAPSHOT_EXPORT } from '../../lib/config/aws-facts';
import { BUCKET, PREFIX, snapshot, task } from './fixtures';

const monday = snapshot('2026-11-23 03:12:45');
const sunday = snapshot('2026-11-22 03:09:05');
const saturday = snapshot('2026-11-21 03:40:00');

describe('exportTaskId: the same snapshot always gets the same identifier', () => {
  it('is readable (time of the snapshot), unique per snapshot ARN and attempt, and of the RDS identifier shape', () => {
    const id = exportTaskId(monday, 1);
    expect(id).toMatch(/^backup-20261123-0312-[0-9a-f]{8}-1$/);
    expect(exportTaskId(monday, 1)).toBe(id);
    expect(exportTaskId(monday, 2)).toBe(id.replace(/-1$/, '-2'));
    expect(exportTaskId({ ...monday, arn: monday.arn.replace('prod', 'test') }, 1)).not.toBe(id);
    expect(id).toMatch(/^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/);
    expect(id.length).toBeLessThanOrEqual(SNAPSHOT_EXPORT.maxTaskIdentifierLength);
  });

  it('puts each export under the cluster prefix and the snapshot\'s day (no ":" in it: exports refuse that)', () => {
    expect(exportPrefix(PREFIX, monday)).toBe(`${PREFIX}/2026-11-23`);
    expect(exportPrefix(PREFIX, monday)).not.toContain(':');
  });
});

describe('newestSnapshot', () => {
  it('takes the newest available one: a snapshot still being created cannot be exported', () => {
    expect(newestSnapshot([saturday, monday, sunday])).toBe(monday);
    expect(newestSnapshot([sunday, snapshot('2026-11-23 03:12:45', 'creating')])).toBe(sunday);
    expect(newestSnapshot([])).toBeUndefined();
  });
});

describe('ownTasks', () => {
  it('keeps the tasks into this bucket under this cluster\'s prefix', () => {
    const mine = task(monday, 'a', 'COMPLETE');
    const otherBucket = { ...mine, id: 'b', bucket: 'someone-else' };
    const otherCluster = { ...mine, id: 'c', prefix: 'exports/aurora-cluster-us-east-1-prodx/2026-11-23' };
    expect(ownTasks([mine, otherBucket, otherCluster], BUCKET, PREFIX)).toEqual([mine]);
  });
});

describe('planExport', () => {
  it('starts the first export of the newest snapshot, under its day', () => {
    expect(planExport(monday, [], 1, PREFIX)).toEqual({ action: 'start', snapshot: monday, taskId: exportTaskId(monday, 1), s3Prefix: `${PREFIX}/2026-11-23` });
  });

  it('says when there is no snapshot yet', () => {
    expect(planExport(undefined, [], 1, PREFIX)).toMatchObject({ action: 'none', outcome: 'no-snapshot' });
  });

  it('is idempotent: a snapshot with a running or complete export is not exported again', () => {
    for (const status of ['STARTING', 'IN_PROGRESS']) {
      expect(planExport(monday, [task(monday, 'backup-x-1', status)], 1, PREFIX)).toMatchObject({ action: 'none', outcome: 'in-progress', reason: expect.stringContaining(status) });
    }
    expect(planExport(monday, [task(monday, 'backup-x-1', 'COMPLETE')], 1, PREFIX)).toMatchObject({ action: 'none', outcome: 'exported' });
  });

  it('retries a failed or canceled export under the next attempt\'s identifier, and names the failure', () => {
    const failed = task(monday, exportTaskId(monday, 1), 'FAILED', { failureCause: 'The S3 bucket isn\'t located in the current AWS Region.' });
    const plan = planExport(monday, [failed], 1, PREFIX);
    expect(plan).toMatchObject({ action: 'start', taskId: exportTaskId(monday, 2), previousFailure: failed });
    const canceled = task(monday, exportTaskId(monday, 2), 'CANCELED');
    expect(planExport(monday, [failed, canceled], 1, PREFIX)).toMatchObject({ action: 'start', taskId: exportTaskId(monday, 3) });
  });

  it(`gives up on a snapshot after ${MAX_ATTEMPTS} failed attempts, naming the last cause`, () => {
    const attempts = [1, 2, 3].map((n) => task(monday, exportTaskId(monday, n), 'FAILED', n === 3 ? { failureCause: 'KMS key check failed.' } : {}));
    expect(planExport(monday, attempts, 1, PREFIX)).toMatchObject({ action: 'give-up', reason: expect.stringContaining(`${exportTaskId(monday, 3)}: KMS key check failed.`) });
    const noCause = attempts.map((t) => ({ ...t, failureCause: undefined }));
    expect(planExport(monday, noCause, 1, PREFIX)).toMatchObject({ action: 'give-up', reason: expect.stringContaining(`${exportTaskId(monday, 3)}: FAILED`) });
  });

  it('exports every daily snapshot with an interval of 1 day', () => {
    expect(planExport(monday, [task(sunday, 's', 'COMPLETE')], 1, PREFIX)).toMatchObject({ action: 'start' });
  });

  it('waits until the interval has passed since the last exported snapshot, counting UTC days', () => {
    // The newest exported snapshot counts, whatever order RDS lists the tasks in.
    const exportedSunday = [task(sunday, 's', 'COMPLETE'), task(saturday, 'sat', 'COMPLETE')];
    expect(planExport(monday, exportedSunday, 2, PREFIX)).toMatchObject({ action: 'none', outcome: 'not-due', reason: expect.stringContaining('2026-11-22') });
    expect(planExport(snapshot('2026-11-24 03:01:00'), exportedSunday, 2, PREFIX)).toMatchObject({ action: 'start' });
    // An export still running counts as exported; a failed one does not.
    expect(planExport(monday, [task(sunday, 's', 'IN_PROGRESS')], 2, PREFIX)).toMatchObject({ outcome: 'not-due' });
    expect(planExport(monday, [task(sunday, 's', 'FAILED')], 2, PREFIX)).toMatchObject({ action: 'start' });
    // A task RDS reports without a snapshot time does not hold the interval back.
    expect(planExport(monday, [{ ...task(sunday, 's', 'COMPLETE'), snapshotTime: undefined }], 2, PREFIX)).toMatchObject({ action: 'start' });
  });
});

describe('newestCompleteExport', () => {
  it('is the snapshot time of the newest complete export, ignoring running and failed ones', () => {
    expect(newestCompleteExport([task(saturday, 'a', 'COMPLETE'), task(sunday, 'b', 'COMPLETE'), task(monday, 'c', 'IN_PROGRESS'), task(monday, 'd', 'FAILED')])).toEqual(sunday.createdAt);
    expect(newestCompleteExport([task(sunday, 'b', 'COMPLETE'), task(saturday, 'a', 'COMPLETE')])).toEqual(sunday.createdAt);
    expect(newestCompleteExport([{ ...task(sunday, 'b', 'COMPLETE'), snapshotTime: undefined }])).toBeUndefined();
    expect(newestCompleteExport([])).toBeUndefined();
  });
});
