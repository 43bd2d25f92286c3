import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

/** S3 Replication Time Control replicates within 15 minutes; 15 is the only value S3 accepts. */
export const REPLICATION_TIME_MINUTES = 15;
/** Parts of an upload that never completed are removed after this many days. */
export const INCOMPLETE_UPLOAD_DAYS = 7;

/** What the destination bucket's policy lets the replication role do with replicas. */
export const REPLICA_WRITE_ACTIONS = [
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
  's3:GetObjectVersionForReplication',
  's3:ObjectOwnerOverrideToBucketOwner',
];

export interface BackupBucketsArgs {
  readonly primary: Side;
  readonly secondary: Side;
  readonly primaryKeyArn: pulumi.Input<string>;
  readonly secondaryKeyArn: pulumi.Input<string>;
  /** Days current and noncurrent object versions are kept, in both buckets. */
  readonly retentionDays: number;
  /** Lets a destroy delete buckets that still hold objects. */
  readonly forceDestroy: boolean;
  readonly accountId: pulumi.Input<string>;
}

interface RegionalBucket {
  readonly bucket: aws.s3.Bucket;
  readonly versioning: aws.s3.BucketVersioning;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
}

/** Denies every request to the bucket that does not use TLS. */
function tlsOnlyStatement(bucketArn: pulumi.Input<string>) {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * A backup bucket in each region: versioned, encrypted with the region's key, private and TLS-only,
 * with every object replicated from the primary to the secondary bucket by S3 Cross-Region
 * Replication (Replication Time Control, delete markers, KMS-encrypted objects re-encrypted with
 * the secondary key). Both buckets keep object versions for exactly `retentionDays`.
 */
export class BackupBuckets extends pulumi.ComponentResource {
  public readonly primaryBucketName: pulumi.Output<string>;
  public readonly secondaryBucketName: pulumi.Output<string>;
  public readonly primaryBucketArn: pulumi.Output<string>;
  public readonly secondaryBucketArn: pulumi.Output<string>;
  public readonly replicationRoleArn: pulumi.Output<string>;

  constructor(name: string, args: BackupBucketsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:BackupBuckets', name, {}, opts);
    const { primary, secondary } = args;

    const source = this.regionalBucket(`${name}-primary`, primary, args.primaryKeyArn, args);
    const destination = this.regionalBucket(`${name}-secondary`, secondary, args.secondaryKeyArn, args);
    const sourceArn = source.bucket.arn;
    const destinationArn = destination.bucket.arn;

    // IAM is global; the role sits on the primary provider next to the replication it serves.
    const role = new aws.iam.Role(`${name}-replication-role`, {
      name: primary.name('iamRole', 'iam', 's3-replication'),
      description: 'Replicates the backup bucket to the secondary region',
      assumeRolePolicy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': args.accountId } },
        }],
      }),
    }, { parent: this, provider: primary.provider });

    const rolePolicy = new aws.iam.RolePolicy(`${name}-replication-policy`, {
      name: primary.name('iamPolicy', 'iam', 's3-replication'),
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadSourceConfiguration',
            Effect: 'Allow',
            Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
            Resource: sourceArn,
          },
          {
            Sid: 'ReadSourceVersions',
            Effect: 'Allow',
            Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
            Resource: pulumi.interpolate`${sourceArn}/*`,
          },
          {
            Sid: 'WriteReplicas',
            Effect: 'Allow',
            Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
            Resource: pulumi.interpolate`${destinationArn}/*`,
          },
          {
            Sid: 'DecryptSourceObjects',
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: args.primaryKeyArn,
            Condition: { StringEquals: { 'kms:ViaService': `s3.${primary.region}.amazonaws.com` } },
          },
          {
            Sid: 'EncryptReplicas',
            Effect: 'Allow',
            Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
            Resource: args.secondaryKeyArn,
            Condition: { StringEquals: { 'kms:ViaService': `s3.${secondary.region}.amazonaws.com` } },
          },
        ],
      }),
    }, { parent: this, provider: primary.provider });

    this.bucketPolicy(`${name}-primary`, primary, source, [tlsOnlyStatement(sourceArn)]);
    this.bucketPolicy(`${name}-secondary`, secondary, destination, [
      tlsOnlyStatement(destinationArn),
      {
        Sid: 'AllowReplicationRole',
        Effect: 'Allow',
        Principal: { AWS: role.arn },
        Action: REPLICA_WRITE_ACTIONS,
        Resource: pulumi.interpolate`${destinationArn}/*`,
      },
    ]);

    new aws.s3.BucketReplicationConfig(`${name}-replication`, {
      bucket: source.bucket.id,
      role: role.arn,
      rules: [{
        id: 'replicate-all-objects',
        status: 'Enabled',
        filter: {},
        deleteMarkerReplication: { status: 'Enabled' },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
        destination: {
          bucket: destinationArn,
          encryptionConfiguration: { replicaKmsKeyId: args.secondaryKeyArn },
          replicationTime: { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } },
          metrics: { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } },
        },
      }],
    }, {
      parent: this,
      provider: primary.provider,
      // S3 refuses a replication configuration until both buckets are versioned; the role's
      // permissions come first so the first objects already replicate.
      dependsOn: [source.versioning, destination.versioning, rolePolicy],
    });

    this.primaryBucketName = source.bucket.bucket;
    this.secondaryBucketName = destination.bucket.bucket;
    this.primaryBucketArn = sourceArn;
    this.secondaryBucketArn = destinationArn;
    this.replicationRoleArn = role.arn;
    this.registerOutputs({
      primaryBucketName: this.primaryBucketName,
      secondaryBucketName: this.secondaryBucketName,
      primaryBucketArn: this.primaryBucketArn,
      secondaryBucketArn: this.secondaryBucketArn,
      replicationRoleArn: this.replicationRoleArn,
    });
  }

  /** A versioned, KMS-encrypted, private bucket whose object versions expire after `retentionDays`. */
  private regionalBucket(name: string, side: Side, keyArn: pulumi.Input<string>, args: BackupBucketsArgs): RegionalBucket {
    const opts = { parent: this, provider: side.provider };
    const bucket = new aws.s3.Bucket(name, {
      bucket: side.name('s3Bucket', 's3', 'backups'),
      forceDestroy: args.forceDestroy,
    }, opts);

    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    }, opts);

    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
      bucket: bucket.id,
      rules: [{
        applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: keyArn },
        bucketKeyEnabled: true,
      }],
    }, opts);

    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }, opts);

    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
      bucket: bucket.id,
      rules: [
        {
          id: 'expire-versions',
          status: 'Enabled',
          filter: {},
          expiration: { days: args.retentionDays },
          noncurrentVersionExpiration: { noncurrentDays: args.retentionDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: INCOMPLETE_UPLOAD_DAYS },
        },
        {
          // S3 does not accept a delete-marker expiration in the same rule as `days`.
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: {},
          expiration: { expiredObjectDeleteMarker: true },
        },
      ],
    }, { ...opts, dependsOn: [versioning] });

    return { bucket, versioning, publicAccessBlock };
  }

  private bucketPolicy(name: string, side: Side, target: RegionalBucket, statements: object[]): void {
    new aws.s3.BucketPolicy(`${name}-policy`, {
      bucket: target.bucket.id,
      policy: pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements }),
    }, {
      parent: this,
      provider: side.provider,
      // S3 rejects concurrent changes to one bucket's access settings; apply the block first.
      dependsOn: [target.publicAccessBlock],
    });
  }
}
