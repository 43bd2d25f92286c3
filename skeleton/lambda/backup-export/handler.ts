// Backup producer of the primary region, run every hour by an EventBridge schedule: exports the
// cluster's newest automated snapshot to the backup bucket when it is due (RDS StartExportTask), and
// publishes how old the newest complete export is. The decision is in plan.ts, the run in produce.ts;
// this file wires the AWS SDK and Powertools.
import { RDSClient } from '@aws-sdk/client-rds';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { awsPort } from './aws-port';
import { readProducerConfig } from './config';
import { produce, type Outcome } from './produce';

/** Defaults for the two Powertools variables, which the Pulumi program sets anyway. */
export const DEFAULT_SERVICE_NAME = 'tap-dr-backup-export';
export const DEFAULT_METRICS_NAMESPACE = 'TapDR/Backups';
/** Count metric of every run, with the dimension `outcome`. */
export const RUN_METRIC = 'BackupExportRun';
/** Seconds since the snapshot in the newest complete export was taken (dimension `service` only). */
export const AGE_METRIC = 'LatestExportAgeSeconds';

const powertools = { POWERTOOLS_SERVICE_NAME: DEFAULT_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE, ...process.env };
const logger = new Logger({ serviceName: powertools.POWERTOOLS_SERVICE_NAME });
const metrics = new Metrics({ serviceName: powertools.POWERTOOLS_SERVICE_NAME, namespace: powertools.POWERTOOLS_METRICS_NAMESPACE });

// Made at the first invocation and kept: the runtime reuses the module between invocations.
let rds: RDSClient | undefined;

function count(outcome: Outcome): void {
  metrics.addDimension('outcome', outcome);
  metrics.addMetric(RUN_METRIC, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

/** Lambda entry point (`index.handler` in the bundle). The scheduled event only starts a run. */
export async function handler(_event: unknown, context: Context): Promise<{ outcome: Outcome; message: string; taskId?: string }> {
  logger.addContext(context);
  const read = readProducerConfig(process.env);
  if ('problems' in read) {
    const message = `backup producer misconfigured: ${read.problems.join('; ')}`;
    logger.error(message, { outcome: 'failed' });
    count('failed');
    return { outcome: 'failed', message };
  }
  const { config } = read;
  rds ??= new RDSClient({ region: config.region });
  const result = await produce(awsPort(rds), config, new Date());

  const fields = { outcome: result.outcome, taskId: result.taskId, snapshotArn: result.snapshotArn, latestExportAgeSeconds: result.latestExportAgeSeconds };
  if (result.outcome === 'failed') logger.error(result.message, fields);
  else logger.info(result.message, fields);
  // The age first, on its own (dimension `service`), so the overdue alarm matches it exactly.
  if (result.latestExportAgeSeconds !== undefined) {
    metrics.addMetric(AGE_METRIC, MetricUnit.Seconds, result.latestExportAgeSeconds);
    metrics.publishStoredMetrics();
  }
  count(result.outcome);
  return { outcome: result.outcome, message: result.message, ...(result.taskId ? { taskId: result.taskId } : {}) };
}
