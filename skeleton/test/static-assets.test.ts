import { ASSETS_NONCURRENT_DAYS, ASSETS_TIERING_AFTER_DAYS, StaticAssets, assetsLifecycle } from '../lib/static-assets';
import { S3_LIFECYCLE } from '../lib/config/aws-facts';
import { list, ofType, only, runComponents, sharedRuns, statements } from './helpers/components';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';

const PRIMARY_KEY = 'arn:aws:kms:us-east-1:123456789012:key/primary';
const SECONDARY_KEY = 'arn:aws:kms:us-west-2:123456789012:key/secondary';

const assets = sharedRuns(async (answers: Record<string, unknown> = {}) => {
  const input = { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'dev', ...answers };
  return runComponents(input, ({ answers: checked, sides, root }) => {
    const buckets = new StaticAssets('static-assets', {
      primary: sides.primary,
      secondary: sides.secondary,
      primaryKeyArn: PRIMARY_KEY,
      secondaryKeyArn: SECONDARY_KEY,
      accountId: MOCK_ACCOUNT,
      forceDestroy: !checked.deletionProtection,
    }, { parent: root });
    return { primaryBucketName: buckets.primaryBucketName, secondaryBucketName: buckets.secondaryBucketName };
  });
});

describe('StaticAssets', () => {
  it('is a bucket pair of its own, per account, apart from the backups, with both names as outputs', async () => {
    const run = await assets();
    expect(run.outputs).toEqual({
      primaryBucketName: `s3-assets-${MOCK_ACCOUNT}-us-east-1-dev`,
      secondaryBucketName: `s3-assets-${MOCK_ACCOUNT}-us-west-2-dev`,
    });
    expect(ofType(run, 'aws:s3/bucket:Bucket').map((b) => [b.region, b.inputs.objectLockEnabled])).toEqual([['us-east-1', undefined], ['us-west-2', undefined]]);
    expect(ofType(run, 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration')).toEqual([]);
  });

  it('versions both buckets and replicates the primary to the secondary region', async () => {
    const run = await assets();
    expect(ofType(run, 'aws:s3/bucketVersioning:BucketVersioning').map((v) => v.inputs.versioningConfiguration)).toEqual([{ status: 'Enabled' }, { status: 'Enabled' }]);
    const replication = only(run, 'aws:s3/bucketReplicationConfig:BucketReplicationConfig');
    expect(replication.region).toBe('us-east-1');
    expect((replication.inputs.rules as Array<{ destination: { bucket: string } }>)[0]?.destination.bucket).toBe(`arn:aws:s3:::s3-assets-${MOCK_ACCOUNT}-us-west-2-dev`);
  });

  it('lets the replication role write into the destination: the four actions the healthcare requirement lists', async () => {
    const run = await assets();
    const destination = ofType(run, 'aws:s3/bucketPolicy:BucketPolicy').find((p) => p.region === 'us-west-2');
    const allow = statements(destination?.inputs.policy).find((s) => s.Effect === 'Allow');
    expect(allow?.Principal).toEqual({ AWS: `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-assets-replication-us-east-1-dev` });
    expect(list(allow?.Action ?? [])).toEqual(expect.arrayContaining(['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags', 's3:GetObjectVersionForReplication']));
    // No Object Lock here, so the role reads no retention.
    const role = statements(only(run, 'aws:iam/rolePolicy:RolePolicy').inputs.policy).find((s) => s.Sid === 'ReadSourceVersions');
    expect(list(role?.Action ?? [])).not.toContain('s3:GetObjectRetention');
  });

  it('never expires a current asset: Intelligent-Tiering for cost, old versions and leftovers cleaned up', async () => {
    const run = await assets();
    for (const lifecycle of ofType(run, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration')) {
      const rules = lifecycle.inputs.rules as ReturnType<typeof assetsLifecycle>;
      expect(rules).toEqual(assetsLifecycle());
      expect(rules.some((r) => (r.expiration as { days?: number } | undefined)?.days !== undefined)).toBe(false);
    }
    expect(assetsLifecycle()[0]).toMatchObject({
      transitions: [{ days: ASSETS_TIERING_AFTER_DAYS, storageClass: 'INTELLIGENT_TIERING' }],
      noncurrentVersionExpiration: { noncurrentDays: ASSETS_NONCURRENT_DAYS },
      abortIncompleteMultipartUpload: { daysAfterInitiation: S3_LIFECYCLE.incompleteUploadDays },
    });
    expect(assetsLifecycle()[1]).toMatchObject({ expiration: { expiredObjectDeleteMarker: true } });
  });

  it.each([[false, true], [true, false]])('deletion protection %s: forceDestroy %s', async (deletionProtection, forceDestroy) => {
    const run = await assets({ deletionProtection });
    for (const bucket of ofType(run, 'aws:s3/bucket:Bucket')) expect(bucket.inputs.forceDestroy).toBe(forceDestroy);
  });
});
