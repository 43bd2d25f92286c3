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
 * under the dimension set the alarms watch) stays below the alarm threshold. No datapoints is a
 * problem: the canary commits a heartbeat every probe interval, so the primary is always written to and
 * Aurora has lag to publish; the lag alarms read missing data as breaching, so they would be in ALARM.
 */
export function secondaryProblems(status: string | undefined, lagMaximaMs: readonly number[], thresholdSeconds: number): string[] {
  const problems: string[] = [];
  if (status !== 'available') problems.push(`the secondary cluster is ${status ?? 'missing'}, not available`);
  if (lagMaximaMs.length === 0) problems.push('no replication lag was published under the dimensions the lag alarms watch: they are in ALARM (missing data is breaching)');
  const worst = Math.max(0, ...lagMaximaMs);
  if (worst >= thresholdSeconds * 1000) problems.push(`replication lag reached ${worst} ms, at or above the ${thresholdSeconds} s threshold`);
  return problems;
}

/**
 * CloudWatch ListMetrics for the lag metric of the secondary cluster: AWS documents no dimension set
 * for it (lib/config/aws-facts.ts GLOBAL_LAG_DIMENSIONS), so the deployed stack proves one. A problem
 * when no published series has exactly the set the alarms name.
 */
export function lagDimensionProblems(published: ReadonlyArray<{ readonly Dimensions?: ReadonlyArray<{ readonly Name?: string }> }>, expected: readonly string[]): string[] {
  const sets = published.map((m) => (m.Dimensions ?? []).map((d) => d.Name ?? '').sort().join(', '));
  const wanted = [...expected].sort().join(', ');
  if (sets.includes(wanted)) return [];
  return [`the lag alarms watch {${wanted}}, but the metric is published under ${sets.length ? sets.map((x) => `{${x}}`).join(' and ') : 'no dimension set'}: correct GLOBAL_LAG_DIMENSIONS in lib/config/aws-facts.ts`];
}

/** S3 HeadObject on the secondary bucket: the object is there as a replica of the one put in the primary. */
export function replicaProblems(found: { readonly ReplicationStatus?: string; readonly ETag?: string } | undefined, sourceETag: string | undefined): string[] {
  if (!found) return ['the object has not reached the secondary bucket'];
  const problems: string[] = [];
  if (found.ReplicationStatus !== 'REPLICA') problems.push(`the object in the secondary bucket has replication status ${found.ReplicationStatus ?? 'none'}, not REPLICA`);
  if (found.ETag !== sourceETag) problems.push(`the replica's ETag ${found.ETag} differs from the source's ${sourceETag}`);
  return problems;
}
