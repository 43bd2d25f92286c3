/** What the producer exports, where to, and how often; set by lib/backup-export.ts. */
export interface ProducerConfig {
  /** The primary cluster whose newest automated snapshot is exported. */
  readonly clusterId: string;
  /** The primary backup bucket, in the function's (and the snapshot's) region. */
  readonly bucket: string;
  /** Key prefix of this cluster's exports (no trailing "/"); each export goes under `<prefix>/<date>/`. */
  readonly prefix: string;
  /** Role that RDS (export.rds.amazonaws.com) assumes to write the export. */
  readonly exportRoleArn: string;
  /** The region's key: RDS encrypts the export with it. */
  readonly kmsKeyArn: string;
  /** Days between exports (`backupExportIntervalDays`). */
  readonly intervalDays: number;
  readonly region: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The function's environment, checked: every problem at once, naming the variable and its value. The
 * Pulumi program sets them all; Lambda sets AWS_REGION.
 */
export function readProducerConfig(env: Env): { config: ProducerConfig } | { problems: string[] } {
  const problems: string[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const config = {
    clusterId: text('CLUSTER_ID'),
    bucket: text('BACKUP_BUCKET'),
    prefix: text('EXPORT_PREFIX').replace(/\/+$/, ''),
    exportRoleArn: text('EXPORT_ROLE_ARN'),
    kmsKeyArn: text('KMS_KEY_ARN'),
    intervalDays: Number(text('EXPORT_INTERVAL_DAYS')),
    region: text('AWS_REGION'),
  };
  const interval = env.EXPORT_INTERVAL_DAYS?.trim();
  if (interval && !(Number.isInteger(config.intervalDays) && config.intervalDays >= 1)) {
    problems.push(`EXPORT_INTERVAL_DAYS "${interval}" is not a whole number of days ≥ 1`);
  }
  // Exports to S3 don't support S3 prefixes containing a colon (aws-facts.ts, SNAPSHOT_EXPORT).
  if (config.prefix.includes(':')) problems.push(`EXPORT_PREFIX "${config.prefix}" contains ":", which snapshot exports do not accept`);
  return problems.length > 0 ? { problems } : { config };
}
