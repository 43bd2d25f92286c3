// Integration checks of the deployed DR stack (npm run test:integration), reading the stack outputs
// from cfn-outputs/flat-outputs.json. They call AWS with the credentials of the environment.
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBClustersCommand, DescribeGlobalClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { REPO_ROOT, generatedAnswers } from '../helpers/repo';
import { GLOBAL_LAG_DIMENSIONS, RPO_LAG_METRIC } from '../../lib/config/aws-facts';
import { globalClusterProblems, lagDimensionProblems, replicaProblems, secondaryProblems } from './checks';
import { eventually, readFlatOutputs } from './outputs';

const REQUIRED = ['primaryRegion', 'secondaryRegion', 'globalClusterId', 'secondaryClusterEndpoint', 'primaryBackupBucket', 'secondaryBackupBucket'];
const found = readFlatOutputs(REPO_ROOT, REQUIRED);
const answers = generatedAnswers();

if ('skip' in found) {
  describe.skip(`the deployed DR stack (skipped: ${found.skip})`, () => {
    it('is not checked', () => undefined);
  });
} else {
  const { outputs } = found;
  const primary = outputs.primaryRegion;
  const secondary = outputs.secondaryRegion;

  describe(`the deployed DR stack (${primary} → ${secondary})`, () => {
    it('has a global cluster of two members: the writer in the primary region, the secondary in the DR region', async () => {
      const rds = new RDSClient({ region: primary });
      const { GlobalClusters } = await rds.send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: outputs.globalClusterId }));
      expect(globalClusterProblems(GlobalClusters?.[0]?.GlobalClusterMembers, primary, secondary)).toEqual([]);
    });

    const clusterId = outputs.secondaryClusterEndpoint.split('.')[0];

    it('publishes the lag under the dimension set the lag alarms watch', async () => {
      const { Metrics } = await new CloudWatchClient({ region: secondary }).send(new ListMetricsCommand({
        Namespace: 'AWS/RDS', MetricName: RPO_LAG_METRIC, Dimensions: [{ Name: 'DBClusterIdentifier', Value: clusterId }],
      }));
      expect(lagDimensionProblems(Metrics ?? [], GLOBAL_LAG_DIMENSIONS)).toEqual([]);
    });

    it(`has an available secondary lagging less than ${answers.replicationLagAlarmSeconds} s over the last 15 minutes`, async () => {
      const { DBClusters } = await new RDSClient({ region: secondary }).send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterId }));
      const values: Record<string, string> = { DBClusterIdentifier: clusterId, SourceRegion: primary };
      const { Datapoints } = await new CloudWatchClient({ region: secondary }).send(new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS', MetricName: RPO_LAG_METRIC, Dimensions: GLOBAL_LAG_DIMENSIONS.map((Name) => ({ Name, Value: values[Name] })),
        StartTime: new Date(Date.now() - 15 * 60_000), EndTime: new Date(), Period: 60, Statistics: ['Maximum'],
      }));
      expect(secondaryProblems(DBClusters?.[0]?.Status, (Datapoints ?? []).map((d) => d.Maximum ?? 0), answers.replicationLagAlarmSeconds)).toEqual([]);
    });

    it('replicates an object put in the primary bucket to the secondary bucket (within 15 minutes)', async () => {
      const key = `integration-test/${Date.now()}.txt`;
      const source = new S3Client({ region: primary });
      const target = new S3Client({ region: secondary });
      const put = await source.send(new PutObjectCommand({ Bucket: outputs.primaryBackupBucket, Key: key, Body: 'tap-dr integration test' }));
      try {
        const problems = await eventually(async () => {
          const replica = await target.send(new HeadObjectCommand({ Bucket: outputs.secondaryBackupBucket, Key: key })).catch(() => undefined);
          return replicaProblems(replica, put.ETag);
        }, 15 * 60_000, 15_000);
        expect(problems).toEqual([]);
      } finally {
        await source.send(new DeleteObjectCommand({ Bucket: outputs.primaryBackupBucket, Key: key }));
        await target.send(new DeleteObjectCommand({ Bucket: outputs.secondaryBackupBucket, Key: key })).catch(() => undefined);
      }
    });
  });
}
