// npm run dr:restore -- --from <snapshot | s3://bucket/export path> --to <new cluster> [--yes]
// Restores a backup into a NEW standalone cluster next to the global database, for logical corruption
// (a bad migration, a deleted table) that replication has already copied to both regions and that a
// failover therefore cannot undo. It prints its plan and acts only with --yes; the global database is
// never touched.
import {
  CreateDBInstanceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  RestoreDBClusterFromSnapshotCommand,
  paginateDescribeExportTasks,
  type DBClusterSnapshot,
  type ExportTask,
} from '@aws-sdk/client-rds';
import type { Answers } from '../../lib/config/answers-schema';
import { RunbookError, type DrClients, type DrTargets, type RunbookIo } from './runbook';

export const RESTORE_USAGE = [
  'Usage: npm run dr:restore -- --from <snapshot> --to <new-cluster> [--yes] [--stack <name>]',
  '',
  'Restores a backup of the database into a NEW cluster next to the global database (never into it).',
  'Use it for logical corruption that replication copied to both regions: a failover cannot undo that.',
  '',
  '  --from <snapshot>   a cluster snapshot identifier or ARN (automated: rds:<cluster>-<date>), or an',
  '                      export in the backup bucket, s3://<bucket>/exports/<cluster>/<date>/<task>/;',
  '                      an export is restored from the snapshot it was made from while that still exists',
  '  --to <new-cluster>  identifier of the cluster to create: 1-63 letters, digits or hyphens, a letter',
  '                      first, no trailing or double hyphen',
  '  --yes               create it; without --yes the command only prints the plan',
  '  --stack <name>      the stack whose Pulumi.<name>.yaml names the clusters (default: PULUMI_STACK,',
  '                      else the stack this repository was generated for)',
].join('\n');

export interface RestoreOptions {
  readonly from?: string;
  readonly to?: string;
  readonly yes: boolean;
}

/** RDS `DBClusterIdentifier`: "1 to 63 letters, numbers, or hyphens. First character must be a letter. Can't end with a hyphen or contain two consecutive hyphens." */
const CLUSTER_IDENTIFIER = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}$/;
const SNAPSHOT_ARN = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:cluster-snapshot:(.+)$/;

interface Source {
  readonly snapshot: DBClusterSnapshot;
  readonly region: string;
  /** The export the operator named, when the snapshot was found through it. */
  readonly export?: ExportTask;
}

function checkTarget(t: DrTargets, to: string | undefined): string {
  if (!to) throw new RunbookError('--to <new-cluster> is required: the identifier of the cluster to create (see --help)');
  if (!CLUSTER_IDENTIFIER.test(to) || to.endsWith('-')) {
    throw new RunbookError(`--to ${to} is not a cluster identifier: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen`);
  }
  if (Object.values(t.clusterIds).some((id) => id.toLowerCase() === to.toLowerCase())) {
    throw new RunbookError(`--to ${to} is a cluster of the global database: restore into a new cluster, never over a running one`);
  }
  return to;
}

async function snapshotIn(clients: DrClients, region: string, id: string): Promise<DBClusterSnapshot | undefined> {
  try {
    const { DBClusterSnapshots = [] } = await clients.rds(region).send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id }));
    return DBClusterSnapshots[0];
  } catch (error) {
    if ((error as Error).name === 'DBClusterSnapshotNotFoundFault') return undefined;
    throw error;
  }
}

/** A snapshot named by ARN (its region is in it) or by identifier (looked up in both regions). */
async function findSnapshot(t: DrTargets, clients: DrClients, from: string): Promise<Source | undefined> {
  const arn = SNAPSHOT_ARN.exec(from);
  const regions = arn ? [arn[1] as string] : t.regions;
  for (const region of regions) {
    const snapshot = await snapshotIn(clients, region, from);
    if (snapshot) return { snapshot, region };
  }
  return undefined;
}

/** The export task that wrote `s3://bucket/<key>`: the one whose `<S3Prefix>/<identifier>/` the key starts with. */
async function findExport(t: DrTargets, clients: DrClients, url: string): Promise<ExportTask> {
  const key = url.replace(/^s3:\/\/[^/]+\/?/, '').replace(/\/*$/, '/');
  // Export tasks run in the primary region; the replica in the secondary bucket has the same keys.
  const region = t.regions[0];
  for await (const page of paginateDescribeExportTasks({ client: clients.rds(region) }, {})) {
    const task = (page.ExportTasks ?? []).find((x) => key.startsWith(`${x.S3Prefix ? `${x.S3Prefix}/` : ''}${x.ExportTaskIdentifier}/`));
    if (task) return task;
  }
  throw new RunbookError(`no export task in ${region} wrote ${url}: name the export's folder, s3://<bucket>/exports/<cluster>/<date>/<task>/`);
}

async function resolveSource(t: DrTargets, answers: Answers, clients: DrClients, from: string | undefined): Promise<Source> {
  if (!from) throw new RunbookError('--from <snapshot or s3:// export> is required (see --help)');
  if (!from.startsWith('s3://')) {
    const found = await findSnapshot(t, clients, from);
    if (!found) throw new RunbookError(`no cluster snapshot ${from} in ${t.regions.join(' or ')}: list them with aws rds describe-db-cluster-snapshots --db-cluster-identifier ${t.clusterIds[t.regions[0]]}`);
    return found;
  }
  const task = await findExport(t, clients, from);
  const source = String(task.SourceArn);
  const found = await findSnapshot(t, clients, source);
  if (!found) {
    throw new RunbookError([
      `${from} was exported from ${source}, which no longer exists (automated snapshots are kept backupRetentionDays = ${answers.backupRetentionDays} days).`,
      'RDS cannot restore a cluster from an export: it is Apache Parquet, and "You can\'t restore exported snapshot data from S3 to a new DB cluster" (Aurora User Guide).',
      'To recover from it: restore the newest snapshot that still exists into a new cluster (npm run dr:restore -- --from <snapshot> --to <name>),',
      `then load the tables you need from ${from} with a Parquet reader (Amazon Athena, AWS Glue, Spark) into that cluster.`,
    ].join('\n'));
  }
  return { ...found, export: task };
}

/** `dr:restore`: prints the plan, and with --yes restores the snapshot into a new cluster and adds its first instance. */
export async function restore(t: DrTargets, answers: Answers, clients: DrClients, io: RunbookIo, options: RestoreOptions): Promise<void> {
  const to = checkTarget(t, options.to);
  const { snapshot, region, export: task } = await resolveSource(t, answers, clients, options.from);
  if (snapshot.Status !== 'available') throw new RunbookError(`snapshot ${snapshot.DBClusterSnapshotIdentifier} is ${snapshot.Status}, not available: wait for it, or choose another`);

  // Network and key come from the stack's own cluster in that region, so the copy sits beside it.
  const stackCluster = t.clusterIds[region];
  if (!stackCluster) throw new RunbookError(`snapshot ${snapshot.DBClusterSnapshotIdentifier} is in ${region}, not in a region of this stack (${t.regions.join(', ')})`);
  const { DBClusters = [] } = await clients.rds(region).send(new DescribeDBClustersCommand({ DBClusterIdentifier: stackCluster }));
  const like = DBClusters[0];
  if (!like?.DBSubnetGroup) throw new RunbookError(`cannot read cluster ${stackCluster} in ${region} for its subnet group and security group; is the stack deployed?`);
  const securityGroups = (like.VpcSecurityGroups ?? []).map((g) => String(g.VpcSecurityGroupId));
  // The instance is named after the cluster; `-1` must still fit the 63 characters.
  const instance = `${to.slice(0, 61).replace(/-+$/, '')}-1`;
  const snapshotArn = String(snapshot.DBClusterSnapshotArn);

  io.out(`Plan: restore ${snapshot.DBClusterSnapshotIdentifier} (${snapshot.SnapshotCreateTime ? `taken ${snapshot.SnapshotCreateTime.toISOString()}` : 'time not given'}, ${snapshot.Engine} ${snapshot.EngineVersion}) in ${region} into a NEW cluster ${to}.`);
  if (task) io.out(`  It is the snapshot export ${task.ExportTaskIdentifier} was made from: the same data, restored by RDS instead of loaded from Parquet.`);
  io.out(`  RestoreDBClusterFromSnapshot ${to}: subnet group ${like.DBSubnetGroup}, security groups ${securityGroups.join(', ')}, KMS key ${like.KmsKeyId ?? "the snapshot's"}, deletion protection ${answers.deletionProtection ? 'on' : 'off'}`);
  io.out(`  CreateDBInstance ${instance}: ${answers.instanceClass}`);
  io.out('  The global database and its clusters are not touched. Check the data in the new cluster, then copy what was lost back, or move clients to it.');
  if (!options.yes) {
    io.out('Nothing done: run again with --yes to do it.');
    return;
  }
  await clients.rds(region).send(new RestoreDBClusterFromSnapshotCommand({
    DBClusterIdentifier: to,
    SnapshotIdentifier: snapshotArn,
    Engine: snapshot.Engine,
    EngineVersion: snapshot.EngineVersion,
    DBSubnetGroupName: like.DBSubnetGroup,
    VpcSecurityGroupIds: securityGroups,
    KmsKeyId: like.KmsKeyId,
    DeletionProtection: answers.deletionProtection,
    CopyTagsToSnapshot: true,
    Tags: [{ Key: 'RestoredFrom', Value: snapshotArn }],
  }));
  await clients.rds(region).send(new CreateDBInstanceCommand({
    DBInstanceIdentifier: instance,
    DBClusterIdentifier: to,
    DBInstanceClass: answers.instanceClass,
    Engine: snapshot.Engine,
    PubliclyAccessible: false,
  }));
  io.out(`Restore requested. It takes a while (the larger the snapshot, the longer); follow it with: aws rds describe-db-clusters --db-cluster-identifier ${to} --region ${region}`);
}
