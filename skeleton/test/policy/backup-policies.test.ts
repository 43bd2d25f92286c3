// The S3 backup rules, each against a resource or graph that breaks it and one that keeps it.
import type { PolicyResource } from '@pulumi/policy';
import {
  bucketNamePerAccount,
  lockedRetentionExact,
  objectLockVersioned,
  replicationKeepsObjectLock,
  versionedLifecycleComplete,
} from '../../policy/policies';
import { FACTS, resource, stackViolations, violations } from './synthetic';

const T = {
  bucket: 'aws:s3/bucket:Bucket',
  versioning: 'aws:s3/bucketVersioning:BucketVersioning',
  lock: 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
  lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  replication: 'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
};

const bucket = (name: string, props: Record<string, unknown> = {}) => resource(T.bucket, { bucket: name, ...props }, { name });
const on = (target: PolicyResource, type: string, props: Record<string, unknown>, name = `${target.name}-${type.split(':').pop()}`) =>
  resource(type, { bucket: target.props.bucket, ...props }, { name, propertyDependencies: { bucket: [target] } });
const versioned = (b: PolicyResource, status = 'Enabled') => on(b, T.versioning, { versioningConfiguration: { status } });
const lock = (b: PolicyResource, mode = 'GOVERNANCE', days = FACTS.backupRetentionS3Days) => on(b, T.lock, { objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode, days } } });
const backupRules = (days = FACTS.backupRetentionS3Days, noncurrentDays = 1) => [
  { status: 'Enabled', expiration: { days }, noncurrentVersionExpiration: { noncurrentDays }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
  { status: 'Enabled', expiration: { expiredObjectDeleteMarker: true } },
];
const lifecycle = (b: PolicyResource, rules: object[] = backupRules()) => on(b, T.lifecycle, { rules });

describe('s3-bucket-name-per-account', () => {
  it('passes a name holding the 12-digit account ID, fails one of region and suffix only', async () => {
    expect(await violations(bucketNamePerAccount, bucket('s3-backups-123456789012-us-east-1-dev'))).toEqual([]);
    expect(await violations(bucketNamePerAccount, bucket('s3-backups-us-east-1-dev'))).toEqual([
      'bucket "s3-backups-us-east-1-dev" holds no 12-digit account ID, so another account may already own the name (BucketAlreadyExists)',
    ]);
    // Twelve digits inside a longer number are no account ID.
    expect(await violations(bucketNamePerAccount, bucket('s3-backups-1234567890123-dev'))).toHaveLength(1);
    // A bucket without a name is named by the provider (with a random suffix): nothing to check.
    expect(await violations(bucketNamePerAccount, resource(T.bucket, {}))).toEqual([]);
  });
});

describe('s3-object-lock-versioned', () => {
  it('passes a locked bucket with versioning Enabled, and an unlocked bucket without versioning', async () => {
    const locked = bucket('a', { objectLockEnabled: true });
    const plain = bucket('b');
    expect(await stackViolations(objectLockVersioned, [locked, versioned(locked), plain])).toEqual([]);
  });

  it('fails a bucket locked by its flag or by a lock configuration without versioning, or with versioning suspended', async () => {
    const byFlag = bucket('a', { objectLockEnabled: true });
    const byConfiguration = bucket('b');
    const suspended = bucket('c', { objectLockEnabled: true });
    expect(await stackViolations(objectLockVersioned, [byFlag, byConfiguration, lock(byConfiguration), suspended, versioned(suspended, 'Suspended')])).toEqual([
      'bucket a has Object Lock but no versioning configuration with status Enabled',
      'bucket b has Object Lock but no versioning configuration with status Enabled',
      'bucket c has Object Lock but no versioning configuration with status Enabled',
    ]);
  });
});

describe('s3-versioned-lifecycle', () => {
  it('passes a versioned bucket whose lifecycle removes old versions, expired markers and unfinished uploads', async () => {
    const b = bucket('a');
    expect(await stackViolations(versionedLifecycleComplete, [b, versioned(b), lifecycle(b)])).toEqual([]);
  });

  it('names what a versioned bucket\'s lifecycle misses; an expiration alone leaves every version behind', async () => {
    const none = bucket('a');
    const expiryOnly = bucket('b');
    const disabled = bucket('c');
    const resources = [
      none, versioned(none),
      expiryOnly, versioned(expiryOnly), lifecycle(expiryOnly, [{ status: 'Enabled', expiration: { days: 30 } }]),
      disabled, versioned(disabled), lifecycle(disabled, backupRules().map((r) => ({ ...r, status: 'Disabled' }))),
    ];
    const all = 'noncurrent version expiration, removal of expired delete markers, cleanup of incomplete multipart uploads';
    expect(await stackViolations(versionedLifecycleComplete, resources)).toEqual([
      `versioned bucket a has no enabled lifecycle rule for ${all}`,
      `versioned bucket b has no enabled lifecycle rule for ${all}`,
      `versioned bucket c has no enabled lifecycle rule for ${all}`,
    ]);
  });

  it('leaves unversioned buckets and suspended versioning alone', async () => {
    const b = bucket('a');
    expect(await stackViolations(versionedLifecycleComplete, [b, versioned(b, 'Suspended')])).toEqual([]);
    // A versioning configuration the engine could not tie to a bucket, or without a configuration, names none.
    expect(await stackViolations(versionedLifecycleComplete, [resource(T.versioning, { versioningConfiguration: { status: 'Enabled' } }), resource(T.versioning, {})])).toEqual([]);
  });

  it('reads a lifecycle configuration without rules as one that removes nothing', async () => {
    const b = bucket('a');
    expect(await stackViolations(versionedLifecycleComplete, [b, versioned(b), on(b, T.lifecycle, {})])).toHaveLength(1);
  });
});

describe('s3-locked-retention-exact', () => {
  it(`passes a locked bucket: governance ${FACTS.backupRetentionS3Days} days, expiry after as many days, old versions gone a day later`, async () => {
    const b = bucket('a', { objectLockEnabled: true });
    expect(await stackViolations(lockedRetentionExact, [b, lock(b), lifecycle(b)])).toEqual([]);
  });

  it('fails compliance mode, another retention, a missing lock configuration, another expiry and "noncurrent = retention" (60 days, not 30)', async () => {
    const compliance = bucket('a', { objectLockEnabled: true });
    const fortyDays = bucket('b', { objectLockEnabled: true });
    const noConfiguration = bucket('c', { objectLockEnabled: true });
    const sixty = bucket('d', { objectLockEnabled: true });
    const found = await stackViolations(lockedRetentionExact, [
      compliance, lock(compliance, 'COMPLIANCE'), lifecycle(compliance),
      fortyDays, lock(fortyDays, 'GOVERNANCE', 40), lifecycle(fortyDays, backupRules(40)),
      noConfiguration, lifecycle(noConfiguration),
      sixty, lock(sixty), lifecycle(sixty, backupRules(30, 30)),
    ]);
    expect(found).toEqual([
      'bucket a has no Object Lock default retention of GOVERNANCE 30 days (found [{"mode":"COMPLIANCE","days":30}])',
      'bucket b has no Object Lock default retention of GOVERNANCE 30 days (found [{"mode":"GOVERNANCE","days":40}])',
      'bucket b must expire current versions after exactly 30 days (found [40])',
      'bucket c has no Object Lock default retention of GOVERNANCE 30 days (found [])',
      'bucket d must remove noncurrent versions after 1 day, so an expired backup is gone a day later (found [30])',
    ]);
  });

  it('reads the retention from the stack facts, and leaves unlocked buckets alone', async () => {
    const b = bucket('a', { objectLockEnabled: true });
    const plain = bucket('b');
    const graph = [b, lock(b, 'GOVERNANCE', 45), lifecycle(b, backupRules(45)), plain, lifecycle(plain, [])];
    expect(await stackViolations(lockedRetentionExact, graph, { ...FACTS, backupRetentionS3Days: 45 })).toEqual([]);
    expect(await stackViolations(lockedRetentionExact, graph)).toHaveLength(2);
  });
});

describe('s3-replication-object-lock', () => {
  const role = resource(T.role, { name: 'replication' }, { name: 'replication' });
  const rolePolicy = (...actions: string[]) => resource(T.rolePolicy, {
    policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }] }),
  }, { propertyDependencies: { role: [role] } });
  const replication = (source: PolicyResource, destination: PolicyResource, withRole = true) => resource(T.replication, {}, {
    name: `${source.name}-replication`,
    propertyDependencies: { bucket: [source], rules: [destination], ...(withRole ? { role: [role] } : {}) },
  });

  it('passes replication from a locked bucket into a locked one by a role that reads retention and legal hold', async () => {
    const source = bucket('src', { objectLockEnabled: true });
    const destination = bucket('dst', { objectLockEnabled: true });
    expect(await stackViolations(replicationKeepsObjectLock, [source, destination, role, rolePolicy('s3:GetObjectVersionForReplication', 's3:GetObjectRetention', 's3:GetObjectLegalHold'), replication(source, destination)])).toEqual([]);
    // AWS: "If the role has an s3:Get* permission, it satisfies the requirement".
    expect(await stackViolations(replicationKeepsObjectLock, [source, destination, role, rolePolicy('s3:Get*'), replication(source, destination)])).toEqual([]);
  });

  it('fails an unlocked destination, and a role without the lock permissions', async () => {
    const source = bucket('src', { objectLockEnabled: true });
    const destination = bucket('dst');
    expect(await stackViolations(replicationKeepsObjectLock, [source, destination, role, rolePolicy('s3:GetObjectVersionForReplication'), replication(source, destination)])).toEqual([
      'src-replication replicates the locked bucket src into dst, which has no Object Lock (DstBucketObjectLockConfigMissing)',
      'the replication role of src-replication lacks s3:GetObjectRetention, s3:GetObjectLegalHold on the locked source src',
    ]);
    expect(await stackViolations(replicationKeepsObjectLock, [source, bucket('d2', { objectLockEnabled: true }), replication(source, bucket('d2', { objectLockEnabled: true }), false)])).toEqual([
      'the replication role of src-replication lacks s3:GetObjectRetention, s3:GetObjectLegalHold on the locked source src',
    ]);
  });

  it('a locked source with no destination it can see still needs the role permissions; a role policy without statements grants nothing', async () => {
    const source = bucket('src', { objectLockEnabled: true });
    const empty = resource(T.rolePolicy, { policy: '{}' }, { propertyDependencies: { role: [role] } });
    const noRules = resource(T.replication, {}, { name: 'r', propertyDependencies: { bucket: [source], role: [role] } });
    expect(await stackViolations(replicationKeepsObjectLock, [source, role, empty, noRules])).toEqual([
      'the replication role of r lacks s3:GetObjectRetention, s3:GetObjectLegalHold on the locked source src',
    ]);
  });

  it('leaves replication of unlocked buckets alone', async () => {
    const source = bucket('src');
    expect(await stackViolations(replicationKeepsObjectLock, [source, bucket('dst'), replication(source, bucket('dst'), false), resource(T.replication, {})])).toEqual([]);
  });
});
