import type { ExportTaskView, SnapshotView } from '../../lambda/backup-export/plan';

export const CLUSTER = 'aurora-cluster-us-east-1-prod';
export const BUCKET = 's3-backups-123456789012-us-east-1-prod';
export const PREFIX = `exports/${CLUSTER}`;

/** A UTC time written `2026-11-23 03:12:45` (an ISO string with its "T" is accepted too). */
export const utc = (text: string) => new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`);

/** An automated snapshot of the cluster taken at `time` (as RDS names them: rds:<cluster>-<date>-<hh>-<mm>). */
export function snapshot(time: string, status = 'available'): SnapshotView {
  const at = utc(time);
  const iso = at.toISOString();
  const name = `rds:${CLUSTER}-${iso.slice(0, 10)}-${iso.slice(11, 13)}-${iso.slice(14, 16)}`;
  return { arn: `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:${name}`, createdAt: at, status };
}

/** An export task of `of` into the cluster's prefix. */
export function task(of: SnapshotView, id: string, status: string, extra: Partial<ExportTaskView> = {}): ExportTaskView {
  return { id, sourceArn: of.arn, status, bucket: BUCKET, prefix: `${PREFIX}/${of.createdAt.toISOString().slice(0, 10)}`, snapshotTime: of.createdAt, ...extra };
}

/** The environment lib/backup-export.ts gives the function (and Lambda's AWS_REGION), Powertools on. */
export const PRODUCER_ENV = {
  CLUSTER_ID: CLUSTER,
  BACKUP_BUCKET: BUCKET,
  EXPORT_PREFIX: PREFIX,
  EXPORT_ROLE_ARN: 'arn:aws:iam::123456789012:role/iam-snapshot-export-us-east-1-prod',
  KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/primary',
  EXPORT_INTERVAL_DAYS: '1',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'lambda-backup-export-us-east-1-prod',
  POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Backups',
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_METRICS_DISABLED: undefined,
};
