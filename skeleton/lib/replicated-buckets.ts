import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { accountBucketName } from './bucket-name';
import { S3_OBJECT_LOCK } from './config/aws-facts';
import type { Side } from './regions';

/** S3 Replication Time Control replicates within 15 minutes; 15 is the only value S3 accepts. */
export const REPLICATION_TIME_MINUTES = 15;

/**
 * What the destination bucket's policy lets the replication role do with replicas: the four actions
 * the healthcare requirement lists, and taking ownership of the replicas.
 */
export const REPLICA_WRITE_ACTIONS = [
  's3:ReplicateObject',
  's3:ReplicateDelete',
  's3:ReplicateTags',
  's3:GetObjectVersionForReplication',
  's3:ObjectOwnerOverrideToBucketOwner',
];

export type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

export interface ReplicatedBucketsArgs {
  readonly primary: Side;
  readonly secondary: Side;
  readonly primaryKeyArn: pulumi.Input<string>;
  readonly secondaryKeyArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  /** What the buckets hold; part of every name (`backups`, `assets`). */
  readonly purpose: string;
  /** Lifecycle rules of both buckets: S3 does not replicate what lifecycle does, so each bucket needs its own. */
  readonly lifecycleRules: LifecycleRule[];
  /** Object Lock default retention (governance mode) of both buckets, in days; none when left out. */
  readonly objectLockDays?: number;
  /** Lets a destroy delete buckets that still hold objects (bypassing governance retention). */
  readonly forceDestroy: boolean;
}

export interface ReplicatedBuckets {
  readonly primaryBucketName: pulumi.Output<string>;
  readonly secondaryBucketName: pulumi.Output<string>;
  readonly primaryBucketArn: pulumi.Output<string>;
  readonly secondaryBucketArn: pulumi.Output<string>;
  readonly replicationRoleArn: pulumi.Output<string>;
  /** The primary bucket's settings that writers must wait for (versioning, encryption, lock). */
  readonly primaryReady: pulumi.Resource[];
}

interface RegionalBucket {
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  /** Versioning, encryption and Object Lock: settings the bucket must have before objects arrive. */
  readonly settings: pulumi.Resource[];
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
 * A bucket in each region, under `parent`: named per account (lib/bucket-name.ts), versioned,
 * encrypted with the region's key, private and TLS-only, optionally under Object Lock, with the same
 * lifecycle rules in both, and every object replicated from the primary to the secondary bucket by S3
 * Cross-Region Replication (Replication Time Control, delete markers, KMS-encrypted objects
 * re-encrypted with the secondary key, Object Lock retention carried to the replica).
 */
export function replicatedBuckets(parent: pulumi.Resource, name: string, args: ReplicatedBucketsArgs): ReplicatedBuckets {
  const { primary, secondary, purpose } = args;
  const source = regionalBucket(parent, `${name}-primary`, primary, args.primaryKeyArn, args);
  const destination = regionalBucket(parent, `${name}-secondary`, secondary, args.secondaryKeyArn, args);
  const sourceArn = source.bucket.arn;
  const destinationArn = destination.bucket.arn;
  const locked = args.objectLockDays !== undefined;

  // IAM is global; the role sits on the primary provider next to the replication it serves.
  const role = new aws.iam.Role(`${name}-replication-role`, {
    name: primary.name('iamRole', 'iam', `${purpose}-replication`),
    description: `Replicates the ${purpose} bucket to the secondary region`,
    assumeRolePolicy: pulumi.jsonStringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': args.accountId } },
      }],
    }),
  }, { parent, provider: primary.provider });

  const rolePolicy = new aws.iam.RolePolicy(`${name}-replication-policy`, {
    name: primary.name('iamPolicy', 'iam', `${purpose}-replication`),
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
          // With Object Lock the role also reads each version's retention and legal hold, which S3
          // copies to the replica.
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', ...(locked ? S3_OBJECT_LOCK.replicationSourceActions : [])],
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
  }, { parent, provider: primary.provider });

  bucketPolicy(parent, `${name}-primary`, primary, source, [tlsOnlyStatement(sourceArn)]);
  bucketPolicy(parent, `${name}-secondary`, secondary, destination, [
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
    parent,
    provider: primary.provider,
    // S3 refuses a replication configuration until both buckets are versioned, and replicas of locked
    // objects need a locked destination; the role's permissions come first so the first objects replicate.
    dependsOn: [...source.settings, ...destination.settings, rolePolicy],
  });

  return {
    primaryBucketName: source.bucket.bucket,
    secondaryBucketName: destination.bucket.bucket,
    primaryBucketArn: sourceArn,
    secondaryBucketArn: destinationArn,
    replicationRoleArn: role.arn,
    primaryReady: source.settings,
  };
}

/** A versioned, KMS-encrypted, private bucket with the pair's lifecycle rules and Object Lock. */
function regionalBucket(parent: pulumi.Resource, name: string, side: Side, keyArn: pulumi.Input<string>, args: ReplicatedBucketsArgs): RegionalBucket {
  const opts = { parent, provider: side.provider };
  const locked = args.objectLockDays !== undefined;
  const bucket = new aws.s3.Bucket(name, {
    bucket: accountBucketName(side, args.purpose, args.accountId),
    forceDestroy: args.forceDestroy,
    // Set at creation, so no object of the bucket ever exists without its lock.
    ...(locked ? { objectLockEnabled: true } : {}),
  }, opts);

  const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  }, opts);

  const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
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

  const settings: pulumi.Resource[] = [versioning, encryption];
  if (locked) {
    settings.push(new aws.s3.BucketObjectLockConfiguration(`${name}-object-lock`, {
      bucket: bucket.id,
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: S3_OBJECT_LOCK.mode, days: args.objectLockDays } },
    }, { ...opts, dependsOn: [versioning] }));
  }

  new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
    bucket: bucket.id,
    rules: args.lifecycleRules,
  }, { ...opts, dependsOn: [versioning] });

  return { bucket, publicAccessBlock, settings };
}

function bucketPolicy(parent: pulumi.Resource, name: string, side: Side, target: RegionalBucket, statements: object[]): void {
  new aws.s3.BucketPolicy(`${name}-policy`, {
    bucket: target.bucket.id,
    policy: pulumi.jsonStringify({ Version: '2012-10-17', Statement: statements }),
  }, {
    parent,
    provider: side.provider,
    // S3 rejects concurrent changes to one bucket's access settings; apply the block first.
    dependsOn: [target.publicAccessBlock],
  });
}
