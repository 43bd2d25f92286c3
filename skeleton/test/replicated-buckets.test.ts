import * as pulumi from '@pulumi/pulumi';
import { replicatedBuckets, type ReplicatedBucketsArgs } from '../lib/replicated-buckets';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';
import { dependsOnRecorder, list, ofType, only, runComponents, sharedRuns, statements } from './helpers/components';

/** The pair on its own, without Object Lock (the application tier's assets use it so; the backups lock it). */
const pair = sharedRuns(async (objectLockDays?: number) => {
  const recorder = dependsOnRecorder();
  const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'qa' }, ({ sides, root }) => {
    const parent = new pulumi.ComponentResource('tap:dr:TestPair', 'pair', {}, { parent: root, transformations: [recorder.transformation] });
    const args: ReplicatedBucketsArgs = {
      primary: sides.primary,
      secondary: sides.secondary,
      primaryKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/p',
      secondaryKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/s',
      accountId: MOCK_ACCOUNT,
      purpose: 'reports',
      lifecycleRules: [{ id: 'keep', status: 'Enabled', filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
      forceDestroy: true,
      ...(objectLockDays === undefined ? {} : { objectLockDays }),
    };
    const buckets = replicatedBuckets(parent, 'reports', args);
    return { primary: buckets.primaryBucketName, secondary: buckets.secondaryBucketName, ready: buckets.primaryReady.length };
  });
  return { run, dependsOn: (type: string, name: string) => recorder.of(type, name) };
});

describe('replicatedBuckets', () => {
  it('names both buckets and the role after the purpose, per account, and applies the lifecycle rules it is given to both', async () => {
    const { run } = await pair();
    expect(run.outputs).toEqual({ primary: `s3-reports-${MOCK_ACCOUNT}-us-east-1-qa`, secondary: `s3-reports-${MOCK_ACCOUNT}-us-west-2-qa`, ready: 2 });
    expect(only(run, 'aws:iam/role:Role').inputs.name).toBe('iam-reports-replication-us-east-1-qa');
    expect(ofType(run, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration').map((l) => l.inputs.rules)).toEqual([
      [{ id: 'keep', status: 'Enabled', filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
      [{ id: 'keep', status: 'Enabled', filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
    ]);
  });

  it('without objectLockDays: no lock anywhere, and the role reads no retention', async () => {
    const { run, dependsOn } = await pair();
    expect(ofType(run, 'aws:s3/bucket:Bucket').map((b) => b.inputs.objectLockEnabled)).toEqual([undefined, undefined]);
    expect(ofType(run, 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration')).toEqual([]);
    const read = statements(only(run, 'aws:iam/rolePolicy:RolePolicy').inputs.policy).find((s) => s.Sid === 'ReadSourceVersions');
    expect(list(read?.Action ?? [])).toEqual(['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging']);
    expect(dependsOn('aws:s3/bucketReplicationConfig:BucketReplicationConfig', 'reports-replication')?.sort()).toEqual([
      'aws:iam/rolePolicy:RolePolicy::reports-replication-policy',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::reports-primary-encryption',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::reports-secondary-encryption',
      'aws:s3/bucketVersioning:BucketVersioning::reports-primary-versioning',
      'aws:s3/bucketVersioning:BucketVersioning::reports-secondary-versioning',
    ]);
  });

  it('with objectLockDays: both buckets locked from creation, governance mode for that many days', async () => {
    const { run } = await pair(10);
    expect(run.outputs.ready).toBe(3);
    expect(ofType(run, 'aws:s3/bucket:Bucket').map((b) => b.inputs.objectLockEnabled)).toEqual([true, true]);
    expect(ofType(run, 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration').map((l) => l.inputs.rule)).toEqual([
      { defaultRetention: { mode: 'GOVERNANCE', days: 10 } },
      { defaultRetention: { mode: 'GOVERNANCE', days: 10 } },
    ]);
  });
});
