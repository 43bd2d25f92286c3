// One run of the backup producer: read the newest automated snapshot and the export tasks, start the
// export if it is due, and report what happened and how old the newest complete export is.
import type { ProducerConfig } from './config';
import { newestCompleteExport, newestSnapshot, ownTasks, planExport, type ExportTaskView, type SnapshotView } from './plan';

/** What a run reads from and asks of RDS (aws-port.ts with the AWS SDK; fakes in the tests). */
export interface ProducerPort {
  automatedSnapshots(clusterId: string): Promise<SnapshotView[]>;
  exportTasks(bucket: string): Promise<ExportTaskView[]>;
  clusterCreatedAt(clusterId: string): Promise<Date>;
  /** Starts the task; false when RDS already has a task with this identifier (another run started it). */
  startExport(input: { taskId: string; snapshotArn: string; bucket: string; s3Prefix: string; roleArn: string; kmsKeyArn: string }): Promise<boolean>;
}

export type Outcome = 'started' | 'in-progress' | 'exported' | 'not-due' | 'no-snapshot' | 'failed';

export interface RunResult {
  readonly outcome: Outcome;
  readonly message: string;
  readonly taskId?: string;
  readonly snapshotArn?: string;
  /**
   * Seconds since the snapshot in the newest complete export was taken (without one: since the cluster
   * was created): what a restore from S3 would lose now. Absent when RDS could not be read.
   */
  readonly latestExportAgeSeconds?: number;
}

/** Runs once; never throws: an AWS error is the outcome `failed` with its message. */
export async function produce(port: ProducerPort, config: ProducerConfig, now: Date): Promise<RunResult> {
  let age: number | undefined;
  try {
    const [snapshots, allTasks] = await Promise.all([port.automatedSnapshots(config.clusterId), port.exportTasks(config.bucket)]);
    const tasks = ownTasks(allTasks, config.bucket, config.prefix);
    // Without a complete export yet, the stack has had no backup in S3 since its cluster was created.
    const backedUpTo = newestCompleteExport(tasks) ?? await port.clusterCreatedAt(config.clusterId);
    age = Math.max(0, Math.round((now.getTime() - backedUpTo.getTime()) / 1000));
    const snapshot = newestSnapshot(snapshots);
    const plan = planExport(snapshot, tasks, config.intervalDays, config.prefix);
    const measured = { latestExportAgeSeconds: age };
    if (plan.action === 'none') return { outcome: plan.outcome, message: plan.reason, ...(snapshot ? { snapshotArn: snapshot.arn } : {}), ...measured };
    if (plan.action === 'give-up') return { outcome: 'failed', message: plan.reason, ...measured };

    const started = await port.startExport({
      taskId: plan.taskId,
      snapshotArn: plan.snapshot.arn,
      bucket: config.bucket,
      s3Prefix: plan.s3Prefix,
      roleArn: config.exportRoleArn,
      kmsKeyArn: config.kmsKeyArn,
    });
    const where = `s3://${config.bucket}/${plan.s3Prefix}/${plan.taskId}/`;
    const result = { taskId: plan.taskId, snapshotArn: plan.snapshot.arn, ...measured };
    if (!started) return { outcome: 'in-progress', message: `export ${plan.taskId} was already started by another run`, ...result };
    // A retry still reports the failure it retries, so the failure alarm fires once for it.
    if (plan.previousFailure) {
      const { id, failureCause, status } = plan.previousFailure;
      return { outcome: 'failed', message: `export ${id} ${status}: ${failureCause ?? 'no cause given'}; started ${plan.taskId} into ${where}`, ...result };
    }
    return { outcome: 'started', message: `started export ${plan.taskId} of ${plan.snapshot.arn} into ${where}`, ...result };
  } catch (error) {
    return { outcome: 'failed', message: `${(error as Error).name}: ${(error as Error).message}`, ...(age === undefined ? {} : { latestExportAgeSeconds: age }) };
  }
}
