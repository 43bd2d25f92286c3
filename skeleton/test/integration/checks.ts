/**
 * What the integration tests decide from AWS's answers, kept apart from the calls so it can be
 * tested without AWS. Each function returns the problems it finds; none means the check passed.
 * Inputs are the fields of the AWS SDK v3 responses the tests use.
 */

/** The region of an ARN: `arn:aws:rds:us-west-2:…` → `us-west-2`. */
export const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

export interface GlobalClusterMember {
  readonly DBClusterArn?: string;
  readonly IsWriter?: boolean;
}

/** RDS DescribeGlobalClusters: two members, the writer in the primary region, the reader in the secondary. */
export function globalClusterProblems(members: readonly GlobalClusterMember[] | undefined, primaryRegion: string, secondaryRegion: string): string[] {
  const list = members ?? [];
  if (list.length !== 2) return [`the global cluster has ${list.length} members, expected 2`];
  const problems: string[] = [];
  const check = (member: GlobalClusterMember | undefined, what: string, region: string) => {
    if (!member) problems.push(`there is no ${what}`);
    else if (regionOfArn(member.DBClusterArn ?? '') !== region) problems.push(`the ${what} is not in ${region} (${member.DBClusterArn ?? 'no ARN'})`);
  };
  check(list.find((m) => m.IsWriter), 'writer', primaryRegion);
  check(list.find((m) => !m.IsWriter), 'secondary', secondaryRegion);
  return problems;
}

/**
 * The secondary cluster is `available` and its lag (CloudWatch `AuroraGlobalDBRPOLag` maxima in ms,
 * newest last) stays below the alarm threshold. No datapoints is fine: Aurora publishes lag only while
 * the primary is written to.
 */
export function secondaryProblems(status: string | undefined, lagMaximaMs: readonly number[], thresholdSeconds: number): string[] {
  const problems: string[] = [];
  if (status !== 'available') problems.push(`the secondary cluster is ${status ?? 'missing'}, not available`);
  const worst = Math.max(0, ...lagMaximaMs);
  if (worst >= thresholdSeconds * 1000) problems.push(`replication lag reached ${worst} ms, at or above the ${thresholdSeconds} s threshold`);
  return problems;
}

/** S3 HeadObject on the secondary bucket: the object is there as a replica of the one put in the primary. */
export function replicaProblems(found: { readonly ReplicationStatus?: string; readonly ETag?: string } | undefined, sourceETag: string | undefined): string[] {
  if (!found) return ['the object has not reached the secondary bucket'];
  const problems: string[] = [];
  if (found.ReplicationStatus !== 'REPLICA') problems.push(`the object in the secondary bucket has replication status ${found.ReplicationStatus ?? 'none'}, not REPLICA`);
  if (found.ETag !== sourceETag) problems.push(`the replica's ETag ${found.ETag} differs from the source's ${sourceETag}`);
  return problems;
}
