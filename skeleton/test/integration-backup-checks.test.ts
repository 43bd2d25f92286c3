import { backupLifecycleProblems, exportAgeProblems, exportFolder, newestExport, objectLockProblems, type ExportTaskFields, type LifecycleRuleFields } from './integration/backup-checks';
import { fixture } from './integration/fixtures';

/** The backup checks' decisions, against AWS responses in their documented shape (no network). */
const { ExportTasks } = fixture<{ ExportTasks: ExportTaskFields[] }>('describe-export-tasks');
const { ObjectLockConfiguration } = fixture<{ ObjectLockConfiguration: Parameters<typeof objectLockProblems>[1] }>('get-object-lock-configuration');
const { Rules } = fixture<{ Rules: LifecycleRuleFields[] }>('get-bucket-lifecycle-configuration');
const BUCKET = 's3-backups-123456789012-us-east-1-synthj5p6r0e5';
const PREFIX = 'exports/aurora-cluster-us-east-1-synthj5p6r0e5';
/** 2026-11-22 at `hour`:00 UTC; the newest complete export in the fixture holds a snapshot of 2026-11-21 03:12:40. */
const nov22 = (hour: number) => new Date(Date.UTC(2026, 10, 22, hour));

describe('newestExport and exportAgeProblems', () => {
  it('takes the newest complete export of the cluster, not one still running', () => {
    const newest = newestExport(ExportTasks, BUCKET, PREFIX);
    expect(newest?.ExportTaskIdentifier).toBe('backup-20261121-0312-5d2c7a1e-1');
    expect(exportFolder(newest as ExportTaskFields)).toBe(`${PREFIX}/2026-11-21/backup-20261121-0312-5d2c7a1e-1/`);
    expect(newestExport(ExportTasks, 'another-bucket', PREFIX)).toBeUndefined();
    expect(newestExport(ExportTasks, BUCKET, 'exports/another-cluster')).toBeUndefined();
    expect(newestExport(undefined, BUCKET, PREFIX)).toBeUndefined();
    const later = { ...ExportTasks[0], ExportTaskIdentifier: 'later', SnapshotTime: nov22(3).toISOString() };
    expect(newestExport([ExportTasks[0] as ExportTaskFields, later, { ...later, S3Prefix: undefined }], BUCKET, PREFIX)?.ExportTaskIdentifier).toBe('later');
    expect(newestExport([later, ExportTasks[0] as ExportTaskFields], BUCKET, PREFIX)?.ExportTaskIdentifier).toBe('later');
  });

  it('passes an export younger than the interval plus the grace, and fails an older one or none', () => {
    const newest = newestExport(ExportTasks, BUCKET, PREFIX);
    expect(exportAgeProblems(newest, nov22(14), 1)).toEqual([]);
    expect(exportAgeProblems(newest, nov22(16), 1)).toEqual(['the newest export backup-20261121-0312-5d2c7a1e-1 holds a snapshot 37 h old, more than the 36 h the 1-day interval allows']);
    expect(exportAgeProblems(newest, nov22(16), 2)).toEqual([]);
    expect(exportAgeProblems(undefined, new Date(), 1)).toEqual(['no complete export of the primary cluster in the primary backup bucket yet']);
  });
});

describe('objectLockProblems', () => {
  it('passes governance with the configured days, fails anything else', () => {
    expect(objectLockProblems(BUCKET, ObjectLockConfiguration, 30)).toEqual([]);
    expect(objectLockProblems(BUCKET, ObjectLockConfiguration, 45)).toEqual([`bucket ${BUCKET} keeps new objects GOVERNANCE 30 days, not GOVERNANCE 45`]);
    expect(objectLockProblems(BUCKET, { ObjectLockEnabled: 'Enabled' }, 30)).toEqual([`bucket ${BUCKET} keeps new objects without a default retention - days, not GOVERNANCE 30`]);
    expect(objectLockProblems(BUCKET, undefined, 30)).toEqual([`bucket ${BUCKET} does not have Object Lock enabled`]);
  });
});

describe('backupLifecycleProblems', () => {
  it('passes the backup lifecycle, names each missing part', () => {
    expect(backupLifecycleProblems(BUCKET, Rules, 30)).toEqual([]);
    expect(backupLifecycleProblems(BUCKET, Rules.map((r) => ({ ...r, Status: 'Disabled' })), 30)).toEqual([
      `bucket ${BUCKET} does not expire current versions after 30 days`,
      `bucket ${BUCKET} does not remove noncurrent versions after 1 day`,
      `bucket ${BUCKET} does not remove expired delete markers`,
      `bucket ${BUCKET} does not clean up incomplete multipart uploads`,
    ]);
    expect(backupLifecycleProblems(BUCKET, undefined, 30)).toHaveLength(4);
  });
});
