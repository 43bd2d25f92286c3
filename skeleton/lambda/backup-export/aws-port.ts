import {
  DescribeDBClustersCommand,
  RDSClient,
  StartExportTaskCommand,
  paginateDescribeDBClusterSnapshots,
  paginateDescribeExportTasks,
} from '@aws-sdk/client-rds';
import type { ExportTaskView, SnapshotView } from './plan';
import type { ProducerPort } from './produce';

/** The producer's reads and its one action, with the AWS SDK v3 RDS client of the function's region. */
export function awsPort(rds: RDSClient): ProducerPort {
  return {
    async automatedSnapshots(clusterId) {
      const found: SnapshotView[] = [];
      for await (const page of paginateDescribeDBClusterSnapshots({ client: rds }, { DBClusterIdentifier: clusterId, SnapshotType: 'automated' })) {
        for (const s of page.DBClusterSnapshots ?? []) {
          if (s.DBClusterSnapshotArn && s.SnapshotCreateTime) found.push({ arn: s.DBClusterSnapshotArn, createdAt: s.SnapshotCreateTime, status: s.Status ?? 'unknown' });
        }
      }
      return found;
    },

    async exportTasks(bucket) {
      const found: ExportTaskView[] = [];
      for await (const page of paginateDescribeExportTasks({ client: rds }, { Filters: [{ Name: 's3-bucket', Values: [bucket] }] })) {
        for (const t of page.ExportTasks ?? []) {
          found.push({
            id: t.ExportTaskIdentifier ?? '',
            sourceArn: t.SourceArn ?? '',
            status: t.Status ?? 'unknown',
            bucket: t.S3Bucket ?? '',
            prefix: t.S3Prefix ?? '',
            ...(t.SnapshotTime ? { snapshotTime: t.SnapshotTime } : {}),
            ...(t.FailureCause ? { failureCause: t.FailureCause } : {}),
          });
        }
      }
      return found;
    },

    async clusterCreatedAt(clusterId) {
      const { DBClusters = [] } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
      const created = DBClusters[0]?.ClusterCreateTime;
      if (!created) throw new Error(`DescribeDBClusters returned no creation time for ${clusterId}`);
      return created;
    },

    async startExport(input) {
      try {
        await rds.send(new StartExportTaskCommand({
          ExportTaskIdentifier: input.taskId,
          SourceArn: input.snapshotArn,
          S3BucketName: input.bucket,
          S3Prefix: input.s3Prefix,
          IamRoleArn: input.roleArn,
          KmsKeyId: input.kmsKeyArn,
        }));
        return true;
      } catch (error) {
        // Same identifier, same snapshot: another invocation started it first.
        if ((error as Error).name === 'ExportTaskAlreadyExistsFault') return false;
        throw error;
      }
    },
  };
}
