import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateDBInstanceCommand,
  DBClusterSnapshotNotFoundFault,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeExportTasksCommand,
  RDSClient,
  RestoreDBClusterFromSnapshotCommand,
} from '@aws-sdk/client-rds';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseAnswers } from '../../lib/config/validate';
import { USAGE, fileWriter, main } from '../../scripts/dr/cli';
import { RESTORE_USAGE } from '../../scripts/dr/restore';
import { drTargets, type DrClients } from '../../scripts/dr/runbook';

const answers = parseAnswers({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', stack: 'prod', instanceClass: 'db.r6g.large', deletionProtection: true });
const T = drTargets(answers);
const PRIMARY_CLUSTER = T.clusterIds['us-east-1'] as string;
const SNAPSHOT_ID = `rds:${PRIMARY_CLUSTER}-2026-11-22-03-09`;
const SNAPSHOT_ARN = `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:${SNAPSHOT_ID}`;
const BUCKET = 's3-backups-123456789012-us-east-1-prod';
const SNAPSHOT_TIME = new Date(Date.UTC(2026, 10, 22, 3, 9, 5));
const EXPORT_URL = `s3://${BUCKET}/exports/${PRIMARY_CLUSTER}/2026-11-22/backup-20261122-0309-0b41f9c2-1/`;

const rds = { 'us-east-1': new RDSClient({ region: 'us-east-1' }), 'eu-west-1': new RDSClient({ region: 'eu-west-1' }) };
const east = mockClient(rds['us-east-1']);
const west = mockClient(rds['eu-west-1']);
const clients: DrClients = { rds: (r) => rds[r as keyof typeof rds], cloudwatch: (r) => new CloudWatchClient({ region: r }), lambda: (r) => new LambdaClient({ region: r }), route53: () => new Route53Client({ region: 'us-east-1' }), sns: (r) => new SNSClient({ region: r }) };

let root: string;
let out: string[];
let err: string[];
const run = (...argv: string[]) => main(['restore', ...argv], {
  root,
  env: {},
  clients,
  io: { out: (l) => out.push(l), err: (l) => err.push(l), now: () => 0, sleep: async () => undefined, write: fileWriter(root) },
});

const snapshotNotFound = () => new DBClusterSnapshotNotFoundFault({ message: 'DBClusterSnapshot not found', $metadata: {} });

beforeEach(() => {
  east.reset();
  west.reset();
  root = mkdtempSync(join(tmpdir(), 'tap-dr-restore-'));
  writeFileSync(join(root, 'Pulumi.yaml'), 'name: TapStack\n');
  writeFileSync(join(root, '.yo-rc.json'), JSON.stringify({ 'generator-tap-dr': { answers } }));
  const config = Object.fromEntries(Object.entries(answers).filter(([k]) => k !== 'stack').map(([k, v]) => [`TapStack:${k}`, v]));
  writeFileSync(join(root, 'Pulumi.prod.yaml'), stringify({ config }));
  out = [];
  err = [];
  east.on(DescribeDBClusterSnapshotsCommand).rejects(snapshotNotFound());
  west.on(DescribeDBClusterSnapshotsCommand).rejects(snapshotNotFound());
  east.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: SNAPSHOT_ID }).resolves({ DBClusterSnapshots: [available()] });
  east.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: SNAPSHOT_ARN }).resolves({ DBClusterSnapshots: [available()] });
  east.on(DescribeDBClustersCommand, { DBClusterIdentifier: PRIMARY_CLUSTER }).resolves({ DBClusters: [{
    DBSubnetGroup: 'aurora-subnets-us-east-1-prod', VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0' }], KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/primary',
  }] });
  east.on(RestoreDBClusterFromSnapshotCommand).resolves({});
  east.on(CreateDBInstanceCommand).resolves({});
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function available() {
  return {
    DBClusterSnapshotIdentifier: SNAPSHOT_ID, DBClusterSnapshotArn: SNAPSHOT_ARN, Status: 'available',
    SnapshotCreateTime: SNAPSHOT_TIME, Engine: 'aurora-postgresql', EngineVersion: '16.13',
  };
}

const PLAN = [
  `Plan: restore ${SNAPSHOT_ID} (taken ${SNAPSHOT_TIME.toISOString()}, aurora-postgresql 16.13) in us-east-1 into a NEW cluster restored-2026-11-22.`,
  '  RestoreDBClusterFromSnapshot restored-2026-11-22: subnet group aurora-subnets-us-east-1-prod, security groups sg-0123456789abcdef0, KMS key arn:aws:kms:us-east-1:123456789012:key/primary, deletion protection on',
  '  CreateDBInstance restored-2026-11-22-1: db.r6g.large',
  '  The global database and its clusters are not touched. Check the data in the new cluster, then copy what was lost back, or move clients to it.',
];

describe('npm run dr:restore', () => {
  it('--help prints how to use it, consistent with the options it parses', async () => {
    expect(await run('--help')).toBe(0);
    expect(out).toEqual([RESTORE_USAGE]);
    for (const option of ['--from', '--to', '--yes', '--stack']) expect(RESTORE_USAGE).toContain(option);
    expect(RESTORE_USAGE).toMatch(/logical corruption/);
  });

  it('without --yes prints the plan for a snapshot identifier and creates nothing', async () => {
    expect(await run('--from', SNAPSHOT_ID, '--to', 'restored-2026-11-22')).toBe(0);
    expect(out).toEqual([...PLAN, 'Nothing done: run again with --yes to do it.']);
    expect(east.commandCalls(RestoreDBClusterFromSnapshotCommand)).toHaveLength(0);
    expect(east.commandCalls(CreateDBInstanceCommand)).toHaveLength(0);
  });

  it('--yes restores the snapshot into a new cluster beside the stack\'s one, and adds its instance', async () => {
    expect(await run('--from', SNAPSHOT_ARN, '--to', 'restored-2026-11-22', '--yes')).toBe(0);
    expect(east.commandCalls(RestoreDBClusterFromSnapshotCommand)[0]?.args[0].input).toEqual({
      DBClusterIdentifier: 'restored-2026-11-22',
      SnapshotIdentifier: SNAPSHOT_ARN,
      Engine: 'aurora-postgresql',
      EngineVersion: '16.13',
      DBSubnetGroupName: 'aurora-subnets-us-east-1-prod',
      VpcSecurityGroupIds: ['sg-0123456789abcdef0'],
      KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/primary',
      DeletionProtection: true,
      CopyTagsToSnapshot: true,
      Tags: [{ Key: 'RestoredFrom', Value: SNAPSHOT_ARN }],
    });
    expect(east.commandCalls(CreateDBInstanceCommand)[0]?.args[0].input).toEqual({
      DBInstanceIdentifier: 'restored-2026-11-22-1', DBClusterIdentifier: 'restored-2026-11-22', DBInstanceClass: 'db.r6g.large', Engine: 'aurora-postgresql', PubliclyAccessible: false,
    });
    expect(out.at(-1)).toBe('Restore requested. It takes a while (the larger the snapshot, the longer); follow it with: aws rds describe-db-clusters --db-cluster-identifier restored-2026-11-22 --region us-east-1');
  });

  it('finds a snapshot by identifier in the secondary region too, and uses that region\'s cluster', async () => {
    east.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: 'manual-west' }).resolves({});
    west.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: 'manual-west' }).resolves({ DBClusterSnapshots: [{ ...available(), DBClusterSnapshotIdentifier: 'manual-west', DBClusterSnapshotArn: 'arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:manual-west', SnapshotCreateTime: undefined }] });
    west.on(DescribeDBClustersCommand, { DBClusterIdentifier: T.clusterIds['eu-west-1'] }).resolves({ DBClusters: [{ DBSubnetGroup: 'aurora-subnets-eu-west-1-prod' }] });
    expect(await run('--from', 'manual-west', '--to', 'copy')).toBe(0);
    expect(out[0]).toBe('Plan: restore manual-west (time not given, aurora-postgresql 16.13) in eu-west-1 into a NEW cluster copy.');
    expect(out[1]).toBe('  RestoreDBClusterFromSnapshot copy: subnet group aurora-subnets-eu-west-1-prod, security groups , KMS key the snapshot\'s, deletion protection on');
  });

  it('an export path: restores the snapshot the export was made from (same data, restored by RDS)', async () => {
    east.on(DescribeExportTasksCommand).resolves({ ExportTasks: [
      { ExportTaskIdentifier: 'other', S3Prefix: 'exports/x/2026-11-21', SourceArn: 'arn:other' },
      { ExportTaskIdentifier: 'backup-20261122-0309-0b41f9c2-1', S3Prefix: `exports/${PRIMARY_CLUSTER}/2026-11-22`, SourceArn: SNAPSHOT_ARN, Status: 'COMPLETE' },
    ] });
    expect(await run('--from', `${EXPORT_URL}export_info_backup-20261122-0309-0b41f9c2-1.json`, '--to', 'restored-2026-11-22')).toBe(0);
    expect(out).toEqual([PLAN[0], '  It is the snapshot export backup-20261122-0309-0b41f9c2-1 was made from: the same data, restored by RDS instead of loaded from Parquet.', ...PLAN.slice(1), 'Nothing done: run again with --yes to do it.']);
  });

  it('an export without a prefix is found too; an export whose snapshot is gone is refused with the way to recover', async () => {
    east.on(DescribeExportTasksCommand).resolves({ ExportTasks: [{ ExportTaskIdentifier: 'flat', SourceArn: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:gone' }] });
    expect(await run('--from', `s3://${BUCKET}/flat`, '--to', 'restored')).toBe(2);
    expect(err[0]).toMatch(/^dr: s3:\/\/.*\/flat was exported from arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:gone, which no longer exists \(automated snapshots are kept backupRetentionDays = 7 days\)\.\nRDS cannot restore a cluster from an export: it is Apache Parquet/);
    expect(err[0]).toMatch(/load the tables you need from s3:\/\/.* with a Parquet reader/);
    expect(east.commandCalls(RestoreDBClusterFromSnapshotCommand)).toHaveLength(0);
  });

  it('an s3:// path no export wrote is refused, across every page of export tasks', async () => {
    east.on(DescribeExportTasksCommand).resolvesOnce({ ExportTasks: [], Marker: 'm' }).resolvesOnce({});
    expect(await run('--from', `s3://${BUCKET}/somewhere/else`, '--to', 'restored')).toBe(2);
    expect(err).toEqual([`dr: no export task in us-east-1 wrote s3://${BUCKET}/somewhere/else: name the export's folder, s3://<bucket>/exports/<cluster>/<date>/<task>/`]);
    expect(east.commandCalls(DescribeExportTasksCommand)).toHaveLength(2);
  });

  it.each([
    [['--to', 'x'], '--from <snapshot or s3:// export> is required (see --help)'],
    [['--from', SNAPSHOT_ID], '--to <new-cluster> is required: the identifier of the cluster to create (see --help)'],
    [['--from', SNAPSHOT_ID, '--to', '1restore'], '--to 1restore is not a cluster identifier: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen'],
    [['--from', SNAPSHOT_ID, '--to', 'a--b'], '--to a--b is not a cluster identifier: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen'],
    [['--from', SNAPSHOT_ID, '--to', 'trailing-'], '--to trailing- is not a cluster identifier: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen'],
    [['--from', SNAPSHOT_ID, '--to', `a${'b'.repeat(63)}`], `--to a${'b'.repeat(63)} is not a cluster identifier: 1 to 63 letters, digits or hyphens, a letter first, no trailing or double hyphen`],
    [['--from', SNAPSHOT_ID, '--to', PRIMARY_CLUSTER.toUpperCase()], `--to ${PRIMARY_CLUSTER.toUpperCase()} is a cluster of the global database: restore into a new cluster, never over a running one`],
    [['--from', 'nope', '--to', 'x'], `no cluster snapshot nope in us-east-1 or eu-west-1: list them with aws rds describe-db-cluster-snapshots --db-cluster-identifier ${PRIMARY_CLUSTER}`],
  ])('refuses %j with exit 2: %s', async (argv, message) => {
    expect(await run(...argv)).toBe(2);
    expect(err).toEqual([`dr: ${message}`]);
  });

  it('refuses a snapshot that is not available, or not in a region of this stack, or beside no deployed cluster', async () => {
    east.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: 'creating' }).resolves({ DBClusterSnapshots: [{ ...available(), DBClusterSnapshotIdentifier: 'creating', Status: 'creating' }] });
    expect(await run('--from', 'creating', '--to', 'x')).toBe(2);
    expect(err.pop()).toBe('dr: snapshot creating is creating, not available: wait for it, or choose another');

    const elsewhere = 'arn:aws:rds:ap-south-1:123456789012:cluster-snapshot:far';
    const far = new RDSClient({ region: 'ap-south-1' });
    mockClient(far).on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [{ ...available(), DBClusterSnapshotIdentifier: 'far' }] });
    const anywhere: DrClients = { ...clients, rds: (r) => (r === 'ap-south-1' ? far : clients.rds(r)) };
    expect(await main(['restore', '--from', elsewhere, '--to', 'x'], { root, env: {}, clients: anywhere, io: { out: (l) => out.push(l), err: (l) => err.push(l), now: () => 0, sleep: async () => undefined, write: fileWriter(root) } })).toBe(2);
    expect(err.pop()).toBe('dr: snapshot far is in ap-south-1, not in a region of this stack (us-east-1, eu-west-1)');

    east.on(DescribeDBClustersCommand, { DBClusterIdentifier: PRIMARY_CLUSTER }).resolves({});
    expect(await run('--from', SNAPSHOT_ID, '--to', 'x')).toBe(2);
    expect(err.pop()).toBe(`dr: cannot read cluster ${PRIMARY_CLUSTER} in us-east-1 for its subnet group and security group; is the stack deployed?`);
  });

  it('an AWS error other than "not found" is exit 1 with its message', async () => {
    east.on(DescribeDBClusterSnapshotsCommand, { DBClusterSnapshotIdentifier: 'denied' }).rejects(new Error('AccessDenied'));
    expect(await run('--from', 'denied', '--to', 'x')).toBe(1);
    expect(err).toEqual(['dr: AccessDenied']);
  });

  it('restores without deletion protection when the stack has it off', async () => {
    const config = Object.fromEntries(Object.entries({ ...answers, deletionProtection: false }).filter(([k]) => k !== 'stack').map(([k, v]) => [`TapStack:${k}`, v]));
    writeFileSync(join(root, 'Pulumi.prod.yaml'), stringify({ config }));
    expect(await run('--from', SNAPSHOT_ID, '--to', 'restored', '--yes')).toBe(0);
    expect(out[1]).toMatch(/deletion protection off$/);
    expect(east.commandCalls(RestoreDBClusterFromSnapshotCommand)[0]?.args[0].input.DeletionProtection).toBe(false);
  });

  it('names the instance after the cluster within 63 characters', async () => {
    const long = `r${'e'.repeat(60)}-x`;
    expect(await run('--from', SNAPSHOT_ID, '--to', long)).toBe(0);
    expect(out[2]).toBe(`  CreateDBInstance ${`r${'e'.repeat(60)}`}-1: db.r6g.large`);
  });
});

describe('--help of the other dr: commands', () => {
  it('prints the command\'s usage and acts on nothing', async () => {
    expect(await main(['failover', '--help', '--yes', '--to', 'eu-west-1'], { root, env: {}, clients, io: { out: (l) => out.push(l), err: (l) => err.push(l), now: () => 0, sleep: async () => undefined, write: fileWriter(root) } })).toBe(0);
    expect(out).toEqual([USAGE.failover]);
    expect(east.calls()).toHaveLength(0);
  });

  it('-h is --help; --help without a command prints every command\'s usage and acts on nothing', async () => {
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), now: () => 0, sleep: async () => undefined, write: fileWriter(root) };
    expect(await main(['failover', '-h'], { root, env: {}, clients, io })).toBe(0);
    expect(out).toEqual([USAGE.failover]);
    out.length = 0;
    expect(await main(['--help'], { root, env: {}, clients, io })).toBe(0);
    expect(out).toEqual([[...Object.values(USAGE), RESTORE_USAGE].join('\n\n')]);
    expect(east.calls()).toHaveLength(0);
  });
});
