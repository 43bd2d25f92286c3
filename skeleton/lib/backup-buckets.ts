import * as pulumi from '@pulumi/pulumi';
import { S3_LIFECYCLE } from './config/aws-facts';
import type { Side } from './regions';
import { replicatedBuckets, type LifecycleRule } from './replicated-buckets';

export interface BackupBucketsArgs {
  readonly primary: Side;
  readonly secondary: Side;
  readonly primaryKeyArn: pulumi.Input<string>;
  readonly secondaryKeyArn: pulumi.Input<string>;
  /** Days every backup is kept (`backupRetentionS3Days`), in both buckets. */
  readonly retentionDays: number;
  /** Lets a destroy delete buckets that still hold objects. */
  readonly forceDestroy: boolean;
  readonly accountId: pulumi.Input<string>;
}

/**
 * Lifecycle of a backup bucket for a retention of `days`: the current version expires (a delete
 * marker) after `days`, the version it leaves behind is removed one day later, expired delete markers
 * and unfinished uploads are cleaned up. With Object Lock holding each version `days` days, a backup
 * is kept at least `days` days and gone a day after (plus S3's rounding to midnight UTC).
 */
export function backupLifecycle(days: number): LifecycleRule[] {
  return [
    {
      id: 'expire-backups',
      status: 'Enabled',
      filter: {},
      expiration: { days },
      noncurrentVersionExpiration: { noncurrentDays: S3_LIFECYCLE.noncurrentExpiryDays },
      abortIncompleteMultipartUpload: { daysAfterInitiation: S3_LIFECYCLE.incompleteUploadDays },
    },
    {
      // S3 does not accept a delete-marker expiration in the same rule as `days`.
      id: 'remove-expired-delete-markers',
      status: 'Enabled',
      filter: {},
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
}

/**
 * The database backups: a bucket in each region (lib/replicated-buckets.ts), the primary one
 * replicated to the secondary one, both under S3 Object Lock in governance mode for exactly
 * `retentionDays` and with the lifecycle above. lib/backup-export.ts writes the backups.
 */
export class BackupBuckets extends pulumi.ComponentResource {
  public readonly primaryBucketName: pulumi.Output<string>;
  public readonly secondaryBucketName: pulumi.Output<string>;
  public readonly primaryBucketArn: pulumi.Output<string>;
  public readonly secondaryBucketArn: pulumi.Output<string>;
  public readonly replicationRoleArn: pulumi.Output<string>;
  /** Settings of the primary bucket (versioning, encryption, lock) a writer must wait for. */
  public readonly primaryReady: pulumi.Resource[];

  constructor(name: string, args: BackupBucketsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:BackupBuckets', name, {}, opts);
    const buckets = replicatedBuckets(this, name, {
      primary: args.primary,
      secondary: args.secondary,
      primaryKeyArn: args.primaryKeyArn,
      secondaryKeyArn: args.secondaryKeyArn,
      accountId: args.accountId,
      purpose: 'backups',
      lifecycleRules: backupLifecycle(args.retentionDays),
      objectLockDays: args.retentionDays,
      forceDestroy: args.forceDestroy,
    });

    this.primaryBucketName = buckets.primaryBucketName;
    this.secondaryBucketName = buckets.secondaryBucketName;
    this.primaryBucketArn = buckets.primaryBucketArn;
    this.secondaryBucketArn = buckets.secondaryBucketArn;
    this.replicationRoleArn = buckets.replicationRoleArn;
    this.primaryReady = buckets.primaryReady;
    this.registerOutputs({
      primaryBucketName: this.primaryBucketName,
      secondaryBucketName: this.secondaryBucketName,
      primaryBucketArn: this.primaryBucketArn,
      secondaryBucketArn: this.secondaryBucketArn,
      replicationRoleArn: this.replicationRoleArn,
    });
  }
}
