/**
 * Decisions of the backup integration checks (see checks.ts for the pattern): the newest export is
 * complete and young enough, it has a replica, and both buckets keep backups exactly as configured.
 * Inputs are the fields of the AWS SDK v3 responses the tests use.
 */
import { S3_LIFECYCLE, S3_OBJECT_LOCK } from '../../lib/config/aws-facts';
import { BACKUP_EXPORT_GRACE_HOURS } from '../../lib/config/timings';

export interface ExportTaskFields {
  readonly ExportTaskIdentifier?: string;
  readonly Status?: string;
  readonly S3Bucket?: string;
  readonly S3Prefix?: string;
  readonly SnapshotTime?: Date | string;
}

/** The newest complete export of `prefix` in `bucket`, by the time of the snapshot it holds. */
export function newestExport(tasks: readonly ExportTaskFields[] | undefined, bucket: string, prefix: string): ExportTaskFields | undefined {
  return (tasks ?? [])
    .filter((t) => t.Status === 'COMPLETE' && t.S3Bucket === bucket && (t.S3Prefix ?? '').startsWith(`${prefix}/`) && t.SnapshotTime)
    .reduce<ExportTaskFields | undefined>((a, b) => (!a || new Date(b.SnapshotTime as Date) > new Date(a.SnapshotTime as Date) ? b : a), undefined);
}

/** The newest export exists and holds a snapshot younger than the interval allows (plus the grace the alarm gives). */
export function exportAgeProblems(newest: ExportTaskFields | undefined, now: Date, intervalDays: number): string[] {
  if (!newest) return ['no complete export of the primary cluster in the primary backup bucket yet'];
  const ageHours = (now.getTime() - new Date(newest.SnapshotTime as Date).getTime()) / 3_600_000;
  const allowed = intervalDays * 24 + BACKUP_EXPORT_GRACE_HOURS;
  return ageHours > allowed ? [`the newest export ${newest.ExportTaskIdentifier} holds a snapshot ${Math.round(ageHours)} h old, more than the ${allowed} h the ${intervalDays}-day interval allows`] : [];
}

/** The folder an export's files are in: `<S3Prefix>/<ExportTaskIdentifier>/`. */
export const exportFolder = (task: ExportTaskFields) => `${task.S3Prefix}/${task.ExportTaskIdentifier}/`;

/** S3 GetObjectLockConfiguration: Object Lock on, governance mode, `days` days of default retention. */
export function objectLockProblems(bucket: string, configuration: { ObjectLockEnabled?: string; Rule?: { DefaultRetention?: { Mode?: string; Days?: number } } } | undefined, days: number): string[] {
  if (configuration?.ObjectLockEnabled !== 'Enabled') return [`bucket ${bucket} does not have Object Lock enabled`];
  const retention = configuration.Rule?.DefaultRetention;
  return retention?.Mode === S3_OBJECT_LOCK.mode && retention.Days === days
    ? []
    : [`bucket ${bucket} keeps new objects ${retention?.Mode ?? 'without a default retention'} ${retention?.Days ?? '-'} days, not ${S3_OBJECT_LOCK.mode} ${days}`];
}

export interface LifecycleRuleFields {
  readonly Status?: string;
  readonly Expiration?: { readonly Days?: number; readonly ExpiredObjectDeleteMarker?: boolean };
  readonly NoncurrentVersionExpiration?: { readonly NoncurrentDays?: number };
  readonly AbortIncompleteMultipartUpload?: { readonly DaysAfterInitiation?: number };
}

/** S3 GetBucketLifecycleConfiguration of a backup bucket: expiry after `days`, old versions gone a day later, markers and uploads cleaned up. */
export function backupLifecycleProblems(bucket: string, rules: readonly LifecycleRuleFields[] | undefined, days: number): string[] {
  const enabled = (rules ?? []).filter((r) => r.Status === 'Enabled');
  const problems: string[] = [];
  if (!enabled.some((r) => r.Expiration?.Days === days)) problems.push(`bucket ${bucket} does not expire current versions after ${days} days`);
  if (!enabled.some((r) => r.NoncurrentVersionExpiration?.NoncurrentDays === S3_LIFECYCLE.noncurrentExpiryDays)) problems.push(`bucket ${bucket} does not remove noncurrent versions after ${S3_LIFECYCLE.noncurrentExpiryDays} day`);
  if (!enabled.some((r) => r.Expiration?.ExpiredObjectDeleteMarker === true)) problems.push(`bucket ${bucket} does not remove expired delete markers`);
  if (!enabled.some((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined)) problems.push(`bucket ${bucket} does not clean up incomplete multipart uploads`);
  return problems;
}
