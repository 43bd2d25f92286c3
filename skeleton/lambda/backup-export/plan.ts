// What a run of the backup producer does, decided from what RDS reports: the newest automated snapshot
// of the cluster and the export tasks already made for it. Pure: no AWS calls, no clock of its own.
import { createHash } from 'node:crypto';

/** An automated cluster snapshot as DescribeDBClusterSnapshots reports it. */
export interface SnapshotView {
  readonly arn: string;
  readonly createdAt: Date;
  readonly status: string;
}

/** An export task as DescribeExportTasks reports it. */
export interface ExportTaskView {
  readonly id: string;
  readonly sourceArn: string;
  readonly status: string;
  readonly bucket: string;
  readonly prefix: string;
  /** When the exported snapshot was taken. */
  readonly snapshotTime?: Date;
  readonly failureCause?: string;
}

/** Exports of one snapshot that may be started before the producer gives up and keeps alarming. */
export const MAX_ATTEMPTS = 3;
/** Statuses of a task that did not and will not produce an export. */
const DEAD = new Set(['FAILED', 'CANCELED', 'CANCELING']);
const DONE = 'COMPLETE';
const DAY_MS = 86_400_000;

export type Plan =
  | { readonly action: 'start'; readonly snapshot: SnapshotView; readonly taskId: string; readonly s3Prefix: string; readonly previousFailure?: ExportTaskView }
  | { readonly action: 'none'; readonly outcome: 'no-snapshot' | 'exported' | 'in-progress' | 'not-due'; readonly reason: string }
  | { readonly action: 'give-up'; readonly reason: string };

const utcDay = (date: Date) => Math.floor(date.getTime() / DAY_MS);
const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').slice(0, 13).replace('T', '-');

/** `2026-11-22`: the export prefix of a snapshot's day, under the cluster's prefix. */
export const exportPrefix = (prefix: string, snapshot: SnapshotView) => `${prefix}/${snapshot.createdAt.toISOString().slice(0, 10)}`;

/**
 * The export task identifier of attempt `attempt` at exporting `snapshot`: the same snapshot always
 * gets the same identifier, so a second run (or a second invocation at the same time) cannot start a
 * duplicate: RDS refuses the identifier. `backup-20261122-0312-1a2b3c4d-1`: a letter first, the
 * snapshot's time, a hash of its ARN (snapshots of other clusters in the account differ), the attempt.
 */
export function exportTaskId(snapshot: SnapshotView, attempt: number): string {
  const hash = createHash('sha256').update(snapshot.arn).digest('hex').slice(0, 8);
  return `backup-${stamp(snapshot.createdAt)}-${hash}-${attempt}`;
}

/** The newest automated snapshot that is available (one that is still being created cannot be exported). */
export function newestSnapshot(snapshots: readonly SnapshotView[]): SnapshotView | undefined {
  return snapshots
    .filter((s) => s.status === 'available')
    .reduce<SnapshotView | undefined>((newest, s) => (!newest || s.createdAt > newest.createdAt ? s : newest), undefined);
}

/** This cluster's export tasks: into `bucket`, under `prefix/`. */
export const ownTasks = (tasks: readonly ExportTaskView[], bucket: string, prefix: string) =>
  tasks.filter((t) => t.bucket === bucket && t.prefix.startsWith(`${prefix}/`));

/**
 * Whether to export `snapshot` now. Tasks of that snapshot decide first: a running or complete one
 * means it is (being) exported; failed ones are retried up to MAX_ATTEMPTS. Otherwise it is due when
 * it was taken at least `intervalDays` UTC days after the last snapshot exported (Aurora takes one a
 * day, in the backup window).
 */
export function planExport(snapshot: SnapshotView | undefined, tasks: readonly ExportTaskView[], intervalDays: number, prefix: string): Plan {
  if (!snapshot) return { action: 'none', outcome: 'no-snapshot', reason: 'no available automated snapshot yet (Aurora takes the first one in the next backup window)' };
  const ofSnapshot = tasks.filter((t) => t.sourceArn === snapshot.arn);
  const live = ofSnapshot.find((t) => !DEAD.has(t.status));
  if (live) {
    return live.status === DONE
      ? { action: 'none', outcome: 'exported', reason: `the newest snapshot is exported (${live.id})` }
      : { action: 'none', outcome: 'in-progress', reason: `the newest snapshot is being exported (${live.id}, ${live.status})` };
  }
  const failures = ofSnapshot.filter((t) => DEAD.has(t.status));
  const lastFailure = failures.at(-1);
  if (lastFailure && failures.length >= MAX_ATTEMPTS) {
    return { action: 'give-up', reason: `${failures.length} exports of ${snapshot.arn} failed (last: ${lastFailure.id}: ${lastFailure.failureCause ?? lastFailure.status}); no more attempts for this snapshot: fix the cause, the next snapshot is exported as usual` };
  }
  if (!lastFailure) {
    const exported = tasks.filter((t) => !DEAD.has(t.status) && t.snapshotTime).map((t) => t.snapshotTime as Date);
    const last = exported.reduce<Date | undefined>((a, b) => (!a || b > a ? b : a), undefined);
    if (last && utcDay(snapshot.createdAt) - utcDay(last) < intervalDays) {
      return { action: 'none', outcome: 'not-due', reason: `the last export holds the snapshot of ${last.toISOString().slice(0, 10)}; the next is due ${intervalDays} day(s) after it` };
    }
  }
  return {
    action: 'start',
    snapshot,
    taskId: exportTaskId(snapshot, failures.length + 1),
    s3Prefix: exportPrefix(prefix, snapshot),
    ...(lastFailure ? { previousFailure: lastFailure } : {}),
  };
}

/** When the snapshot in the newest complete export was taken: what a restore from S3 gets back to. */
export function newestCompleteExport(tasks: readonly ExportTaskView[]): Date | undefined {
  return tasks
    .filter((t) => t.status === DONE && t.snapshotTime)
    .map((t) => t.snapshotTime as Date)
    .reduce<Date | undefined>((a, b) => (!a || b > a ? b : a), undefined);
}
