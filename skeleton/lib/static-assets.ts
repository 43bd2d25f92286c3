import * as pulumi from '@pulumi/pulumi';
import { S3_LIFECYCLE } from './config/aws-facts';
import type { Side } from './regions';
import { replicatedBuckets, type LifecycleRule } from './replicated-buckets';

/** Days before an asset moves to S3 Intelligent-Tiering (fresh assets are read most). */
export const ASSETS_TIERING_AFTER_DAYS = 30;
/** Days an overwritten or deleted asset version is kept, to roll a release back. */
export const ASSETS_NONCURRENT_DAYS = 30;

/**
 * Lifecycle of the static assets for cost: Intelligent-Tiering after 30 days (objects under 128 KB
 * stay in Standard: lifecycle does not transition them), old versions kept 30 days, expired delete
 * markers and unfinished uploads cleaned up. No rule ever expires a current object: an asset lives
 * until the application deletes it.
 */
export function assetsLifecycle(): LifecycleRule[] {
  return [
    {
      id: 'tier-and-expire-old-versions',
      status: 'Enabled',
      filter: {},
      transitions: [{ days: ASSETS_TIERING_AFTER_DAYS, storageClass: 'INTELLIGENT_TIERING' }],
      noncurrentVersionExpiration: { noncurrentDays: ASSETS_NONCURRENT_DAYS },
      abortIncompleteMultipartUpload: { daysAfterInitiation: S3_LIFECYCLE.incompleteUploadDays },
    },
    {
      id: 'remove-expired-delete-markers',
      status: 'Enabled',
      filter: {},
      expiration: { expiredObjectDeleteMarker: true },
    },
  ];
}

export interface StaticAssetsArgs {
  readonly primary: Side;
  readonly secondary: Side;
  readonly primaryKeyArn: pulumi.Input<string>;
  readonly secondaryKeyArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  /** Lets a destroy delete buckets that still hold objects. */
  readonly forceDestroy: boolean;
}

/**
 * The application's static assets (application tier): their own bucket pair, kept apart from the
 * database backups, which expire. Versioned, replicated to the secondary region with the destination
 * policy the healthcare requirement lists (lib/replicated-buckets.ts), and the lifecycle above.
 */
export class StaticAssets extends pulumi.ComponentResource {
  public readonly primaryBucketName: pulumi.Output<string>;
  public readonly secondaryBucketName: pulumi.Output<string>;

  constructor(name: string, args: StaticAssetsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:StaticAssets', name, {}, opts);
    const buckets = replicatedBuckets(this, name, {
      ...args,
      purpose: 'assets',
      lifecycleRules: assetsLifecycle(),
    });
    this.primaryBucketName = buckets.primaryBucketName;
    this.secondaryBucketName = buckets.secondaryBucketName;
    this.registerOutputs({ primaryBucketName: this.primaryBucketName, secondaryBucketName: this.secondaryBucketName });
  }
}
