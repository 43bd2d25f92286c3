// Integration checks of the database backups in S3 (npm run test:integration): the newest export of
// the primary cluster is complete and younger than the export interval allows, its files have reached
// the secondary bucket, and both buckets lock and expire backups as configured.
import { DescribeExportTasksCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketLifecycleConfigurationCommand, GetObjectLockConfigurationCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { REPO_ROOT, generatedAnswers } from '../helpers/repo';
import { backupLifecycleProblems, exportAgeProblems, exportFolder, newestExport, objectLockProblems } from './backup-checks';
import { replicaProblems } from './checks';
import { readFlatOutputs } from './outputs';

const REQUIRED = ['primaryRegion', 'secondaryRegion', 'primaryBackupBucket', 'secondaryBackupBucket', 'backupExportPrefix'];
const found = readFlatOutputs(REPO_ROOT, REQUIRED);
const answers = generatedAnswers();

if ('skip' in found) {
  describe.skip(`the database backups in S3 (skipped: ${found.skip})`, () => {
    it('are not checked', () => undefined);
  });
} else {
  const { outputs } = found;
  const source = new S3Client({ region: outputs.primaryRegion });
  const target = new S3Client({ region: outputs.secondaryRegion });

  describe(`the database backups in S3 (${outputs.primaryBackupBucket} → ${outputs.secondaryBackupBucket})`, () => {
    it(`holds a complete export younger than ${answers.backupExportIntervalDays} day(s), replicated to the secondary bucket`, async () => {
      const { ExportTasks } = await new RDSClient({ region: outputs.primaryRegion }).send(new DescribeExportTasksCommand({
        Filters: [{ Name: 's3-bucket', Values: [outputs.primaryBackupBucket] }],
      }));
      const newest = newestExport(ExportTasks, outputs.primaryBackupBucket, outputs.backupExportPrefix);
      expect(exportAgeProblems(newest, new Date(), answers.backupExportIntervalDays)).toEqual([]);

      const { Contents = [] } = await source.send(new ListObjectsV2Command({ Bucket: outputs.primaryBackupBucket, Prefix: exportFolder(newest as NonNullable<typeof newest>), MaxKeys: 1 }));
      expect(Contents.map((c) => c.Key)).toHaveLength(1);
      const key = String(Contents[0]?.Key);
      const original = await source.send(new HeadObjectCommand({ Bucket: outputs.primaryBackupBucket, Key: key }));
      const replica = await target.send(new HeadObjectCommand({ Bucket: outputs.secondaryBackupBucket, Key: key })).catch(() => undefined);
      expect(replicaProblems(replica, original.ETag)).toEqual([]);
    });

    it.each([['primary', 'primaryBackupBucket', 'primaryRegion'], ['secondary', 'secondaryBackupBucket', 'secondaryRegion']] as const)(
      `the %s bucket locks backups in governance mode and expires them after exactly ${answers.backupRetentionS3Days} days`,
      async (_side, bucketOutput, regionOutput) => {
        const bucket = outputs[bucketOutput];
        const s3 = regionOutput === 'primaryRegion' ? source : target;
        const { ObjectLockConfiguration } = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
        const { Rules } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
        expect([
          ...objectLockProblems(bucket, ObjectLockConfiguration, answers.backupRetentionS3Days),
          ...backupLifecycleProblems(bucket, Rules, answers.backupRetentionS3Days),
        ]).toEqual([]);
      },
    );
  });
}
