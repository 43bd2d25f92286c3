import { BackupBuckets, backupLifecycle } from '../lib/backup-buckets';
import { NAME_LIMITS, S3_LIFECYCLE } from '../lib/config/aws-facts';
import { dependsOnRecorder, list, ofType, only, runComponents, sharedRuns, statements } from './helpers/components';
import { MOCK_ACCOUNT, mockId } from '../scripts/offline/aws-mocks';
import type { RecordedResource } from '../scripts/offline/recorder';

const PRIMARY_KEY = 'arn:aws:kms:us-east-1:123456789012:key/primary';
const SECONDARY_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/secondary';
const PRIMARY_BUCKET = `s3-backups-${MOCK_ACCOUNT}-us-east-1-prod`;
const SECONDARY_BUCKET = `s3-backups-${MOCK_ACCOUNT}-eu-west-1-prod`;
const PRIMARY_BUCKET_ARN = `arn:aws:s3:::${PRIMARY_BUCKET}`;
const SECONDARY_BUCKET_ARN = `arn:aws:s3:::${SECONDARY_BUCKET}`;
const ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT}:role/iam-backups-replication-us-east-1-prod`;

const backups = sharedRuns(async (answers: Record<string, unknown> = {}, accountId: string = MOCK_ACCOUNT) => {
  const input = { primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', ...answers };
  const recorder = dependsOnRecorder();
  const run = await runComponents(input, ({ answers: checked, sides, root }) => {
    const buckets = new BackupBuckets('backups', {
      primary: sides.primary,
      secondary: sides.secondary,
      primaryKeyArn: PRIMARY_KEY,
      secondaryKeyArn: SECONDARY_KEY,
      retentionDays: checked.backupRetentionS3Days,
      forceDestroy: !checked.deletionProtection,
      accountId,
    }, { parent: root, transformations: [recorder.transformation] });
    return {
      primaryBucketName: buckets.primaryBucketName,
      secondaryBucketName: buckets.secondaryBucketName,
      primaryBucketArn: buckets.primaryBucketArn,
      secondaryBucketArn: buckets.secondaryBucketArn,
      replicationRoleArn: buckets.replicationRoleArn,
      primaryReady: buckets.primaryReady.length,
    };
  });
  const inRegion = (type: string, region: string) => {
    const found = ofType(run, type).filter((r) => r.region === region);
    expect(found).toHaveLength(1);
    return found[0] as RecordedResource;
  };
  return { run, ofType: (type: string) => ofType(run, type), inRegion, only: (type: string) => only(run, type), dependsOn: (r: RecordedResource) => recorder.of(r.type, r.name) };
});

const REGIONS = ['us-east-1', 'eu-west-1'];
const LOCK = 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration';
const LIFECYCLE = 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration';

describe('BackupBuckets', () => {
  it('has one bucket per region, named with the account ID and the suffix within the S3 limit', async () => {
    const { ofType, inRegion } = await backups();
    expect(ofType('aws:s3/bucket:Bucket')).toHaveLength(2);
    expect(inRegion('aws:s3/bucket:Bucket', 'us-east-1')).toMatchObject({ provider: 'aws-primary', inputs: { bucket: PRIMARY_BUCKET } });
    expect(inRegion('aws:s3/bucket:Bucket', 'eu-west-1')).toMatchObject({ provider: 'aws-secondary', inputs: { bucket: SECONDARY_BUCKET } });
    for (const bucket of ofType('aws:s3/bucket:Bucket')) {
      expect(String(bucket.inputs.bucket).length).toBeLessThanOrEqual(NAME_LIMITS.s3Bucket);
    }
  });

  it('names the buckets of another account differently, so two accounts with one suffix never collide', async () => {
    const other = await backups({}, '210987654321');
    expect(other.ofType('aws:s3/bucket:Bucket').map((b) => b.inputs.bucket).sort()).toEqual([
      's3-backups-210987654321-eu-west-1-prod',
      's3-backups-210987654321-us-east-1-prod',
    ]);
  });

  it('places every resource of the secondary bucket in the secondary region, the rest in the primary', async () => {
    const { run } = await backups();
    const own = run.resources.filter((r) => r.custom && r.type.startsWith('aws:'));
    expect(own).toHaveLength(17);
    for (const resource of own) {
      expect(resource.parent).toBe('tap:dr:BackupBuckets::backups');
      const secondary = resource.name.startsWith('backups-secondary');
      expect(resource).toMatchObject(secondary ? { provider: 'aws-secondary', region: 'eu-west-1' } : { provider: 'aws-primary', region: 'us-east-1' });
    }
  });

  it('versions both buckets', async () => {
    const { inRegion } = await backups();
    for (const region of REGIONS) {
      expect(inRegion('aws:s3/bucketVersioning:BucketVersioning', region).inputs).toEqual(expect.objectContaining({
        bucket: mockId(inRegion('aws:s3/bucket:Bucket', region)), versioningConfiguration: { status: 'Enabled' },
      }));
    }
  });

  it.each([30, 45])('locks every backup for exactly %i days in governance mode, in both buckets, from their creation', async (days) => {
    const { inRegion } = await backups({ backupRetentionS3Days: days });
    for (const region of REGIONS) {
      const bucket = inRegion('aws:s3/bucket:Bucket', region);
      expect(bucket.inputs.objectLockEnabled).toBe(true);
      expect(inRegion(LOCK, region).inputs).toEqual(expect.objectContaining({
        bucket: mockId(bucket),
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: 'GOVERNANCE', days } },
      }));
    }
  });

  it('encrypts each bucket with its own region key, with S3 Bucket Keys', async () => {
    const { inRegion } = await backups();
    for (const [region, key] of [['us-east-1', PRIMARY_KEY], ['eu-west-1', SECONDARY_KEY]]) {
      expect(inRegion('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', region).inputs.rules).toEqual([{
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key },
        bucketKeyEnabled: true,
      }]);
    }
  });

  it('blocks all public access to both buckets', async () => {
    const { inRegion } = await backups();
    for (const region of REGIONS) {
      expect(inRegion('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', region).inputs).toMatchObject({
        blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
      });
    }
  });

  it('denies requests without TLS to both buckets and their objects', async () => {
    const { inRegion } = await backups();
    for (const [region, arn] of [['us-east-1', PRIMARY_BUCKET_ARN], ['eu-west-1', SECONDARY_BUCKET_ARN]]) {
      const deny = statements(inRegion('aws:s3/bucketPolicy:BucketPolicy', region).inputs.policy).filter((s) => s.Effect === 'Deny');
      expect(deny).toEqual([{
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }]);
    }
  });

  it('lets the replication role write replicas into the destination bucket, with exactly the replication actions', async () => {
    const { inRegion } = await backups();
    const primaryAllows = statements(inRegion('aws:s3/bucketPolicy:BucketPolicy', 'us-east-1').inputs.policy).filter((s) => s.Effect === 'Allow');
    expect(primaryAllows).toEqual([]);
    const allows = statements(inRegion('aws:s3/bucketPolicy:BucketPolicy', 'eu-west-1').inputs.policy).filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { AWS: ROLE_ARN }, Resource: `${SECONDARY_BUCKET_ARN}/*` });
    expect([...list(allows[0].Action)].sort()).toEqual([
      's3:GetObjectVersionForReplication',
      's3:ObjectOwnerOverrideToBucketOwner',
      's3:ReplicateDelete',
      's3:ReplicateObject',
      's3:ReplicateTags',
    ]);
  });

  it('replicates every object to the secondary bucket with RTC, metrics, delete markers and the secondary key, once both buckets are locked', async () => {
    const { only, inRegion, dependsOn } = await backups();
    const replication = only('aws:s3/bucketReplicationConfig:BucketReplicationConfig');
    expect(replication.region).toBe('us-east-1');
    expect(replication.inputs).toMatchObject({ bucket: mockId(inRegion('aws:s3/bucket:Bucket', 'us-east-1')), role: ROLE_ARN });
    expect(replication.inputs.rules).toEqual([{
      id: 'replicate-all-objects',
      status: 'Enabled',
      filter: {},
      deleteMarkerReplication: { status: 'Enabled' },
      sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
      destination: {
        bucket: SECONDARY_BUCKET_ARN,
        encryptionConfiguration: { replicaKmsKeyId: SECONDARY_KEY },
        replicationTime: { status: 'Enabled', time: { minutes: 15 } },
        metrics: { status: 'Enabled', eventThreshold: { minutes: 15 } },
      },
    }]);
    // S3 refuses replication before both buckets are versioned, and a replica of a locked object needs
    // a locked destination (DstBucketObjectLockConfigMissing otherwise).
    expect(dependsOn(replication)?.sort()).toEqual([
      'aws:iam/rolePolicy:RolePolicy::backups-replication-policy',
      `${LOCK}::backups-primary-object-lock`,
      `${LOCK}::backups-secondary-object-lock`,
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::backups-primary-encryption',
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::backups-secondary-encryption',
      'aws:s3/bucketVersioning:BucketVersioning::backups-primary-versioning',
      'aws:s3/bucketVersioning:BucketVersioning::backups-secondary-versioning',
    ]);
    // S3 locks objects only in a versioned bucket.
    expect(dependsOn(inRegion(LOCK, 'eu-west-1'))).toEqual(['aws:s3/bucketVersioning:BucketVersioning::backups-secondary-versioning']);
  });

  it.each([30, 45])('expires current versions after %i days and removes them one day later, in both buckets', async (days) => {
    const { inRegion } = await backups({ backupRetentionS3Days: days });
    for (const region of REGIONS) {
      expect(inRegion(LIFECYCLE, region).inputs.rules).toEqual([
        {
          id: 'expire-backups',
          status: 'Enabled',
          filter: {},
          expiration: { days },
          noncurrentVersionExpiration: { noncurrentDays: 1 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: S3_LIFECYCLE.incompleteUploadDays },
        },
        { id: 'remove-expired-delete-markers', status: 'Enabled', filter: {}, expiration: { expiredObjectDeleteMarker: true } },
      ]);
    }
  });

  it('backupLifecycle: never the retention itself for noncurrent versions (that was "30 days" becoming 60)', () => {
    const [expire] = backupLifecycle(30);
    expect(expire?.expiration).toEqual({ days: 30 });
    expect(expire?.noncurrentVersionExpiration).toEqual({ noncurrentDays: S3_LIFECYCLE.noncurrentExpiryDays });
    expect(S3_LIFECYCLE.noncurrentExpiryDays).toBe(1);
  });

  it.each([[false, true], [true, false]])('deletion protection %s: forceDestroy %s on both buckets', async (deletionProtection, forceDestroy) => {
    const { ofType } = await backups({ deletionProtection });
    for (const bucket of ofType('aws:s3/bucket:Bucket')) expect(bucket.inputs.forceDestroy).toBe(forceDestroy);
  });

  it('lets only S3 of this account assume the replication role', async () => {
    const { only } = await backups();
    const role = only('aws:iam/role:Role');
    expect(role.inputs.name).toBe('iam-backups-replication-us-east-1-prod');
    expect(String(role.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.iamRole);
    expect(statements(role.inputs.assumeRolePolicy)).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': MOCK_ACCOUNT } },
    }]);
  });

  it('gives the replication role least privilege: named actions on the two buckets and keys only, with the lock metadata of the source', async () => {
    const { only } = await backups();
    const policy = only('aws:iam/rolePolicy:RolePolicy');
    expect(policy.inputs.name).toBe('iam-backups-replication-us-east-1-prod');
    expect(String(policy.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.iamPolicy);
    const granted = statements(policy.inputs.policy);
    for (const statement of granted) {
      expect(statement.Effect).toBe('Allow');
      for (const action of list(statement.Action)) expect(action).not.toContain('*');
      for (const resource of list(statement.Resource)) expect(resource).not.toBe('*');
    }
    const bySid = Object.fromEntries(granted.map((s) => [s.Sid, s]));
    expect(bySid.ReadSourceConfiguration).toMatchObject({ Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: PRIMARY_BUCKET_ARN });
    expect(bySid.ReadSourceVersions).toEqual({
      Sid: 'ReadSourceVersions', Effect: 'Allow', Resource: `${PRIMARY_BUCKET_ARN}/*`,
      Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
    });
    expect(bySid.WriteReplicas).toMatchObject({ Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: `${SECONDARY_BUCKET_ARN}/*` });
    expect(bySid.DecryptSourceObjects).toEqual({
      Sid: 'DecryptSourceObjects', Effect: 'Allow', Action: 'kms:Decrypt', Resource: PRIMARY_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
    expect(bySid.EncryptReplicas).toEqual({
      Sid: 'EncryptReplicas', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: SECONDARY_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
    });
  });

  it('outputs the bucket names and ARNs and the replication role, and the primary settings an export waits for', async () => {
    const { run } = await backups();
    expect(run.outputs).toEqual({
      primaryBucketName: PRIMARY_BUCKET,
      secondaryBucketName: SECONDARY_BUCKET,
      primaryBucketArn: PRIMARY_BUCKET_ARN,
      secondaryBucketArn: SECONDARY_BUCKET_ARN,
      replicationRoleArn: ROLE_ARN,
      // versioning, encryption and Object Lock of the primary bucket
      primaryReady: 3,
    });
  });
});
