import * as pulumi from '@pulumi/pulumi';
import type { Side } from './regions';

/**
 * A bucket name that no other AWS account can already hold: `s3-{purpose}-{account}-{region}-{suffix}`.
 * Bucket names are global across accounts (ACCOUNT_ID_DIGITS in config/aws-facts.ts), so the
 * 12-digit account ID joins the purpose; the name keeps the naming pattern, its suffix and the
 * 63-character limit (the naming module shortens it with a hash where needed). The account ID is only
 * known at deploy time, so the name is an Output; it is the same on every run in the same account.
 */
export function accountBucketName(side: Side, purpose: string, accountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(accountId).apply((account) => side.name('s3Bucket', 's3', `${purpose}-${account}`));
}
