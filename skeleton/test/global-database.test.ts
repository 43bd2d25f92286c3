import * as pulumi from '@pulumi/pulumi';
import { DATABASE_LOG_RETENTION_DAYS } from '../lib/config/database-logs';
import { GLOBAL_DB_RPO_MINIMUM_SECONDS, GlobalDatabase, globalDbRpoSeconds, parameterGroupFamily } from '../lib/global-database';
import { MEMBER_CLUSTER_IGNORED_CHANGES, NAME_LIMITS } from '../lib/config/aws-facts';
import { blocksCommits } from '../lib/config/recovery-budget';
import * as awsMocks from '../scripts/offline/aws-mocks';
import { ofType, runComponents, sharedRuns } from './helpers/components';

type Inputs = Record<string, unknown>;

const database = sharedRuns(async (answers: Record<string, unknown>) => {
  let db: GlobalDatabase | undefined;
  const run = await runComponents(answers, ({ answers: a, sides, root }) => {
    const placement = (side: typeof sides.primary, key: string) => ({
      side, subnetIds: [`${side.role}-subnet-a`, `${side.role}-subnet-b`], zones: [`${side.region}a`, `${side.region}b`], securityGroupId: `${side.role}-db-sg`, kmsKeyArn: key,
    });
    db = new GlobalDatabase('aurora', {
      global: sides.global,
      primary: placement(sides.primary, `arn:aws:kms:${a.primaryRegion}:123456789012:key/primary`),
      secondary: placement(sides.secondary, `arn:aws:kms:${a.secondaryRegion}:123456789012:key/secondary`),
      engine: a.engine,
      engineVersion: a.engineVersion,
      instanceClass: a.instanceClass,
      instancesPerCluster: a.instancesPerCluster,
      backupRetentionDays: a.backupRetentionDays,
      deletionProtection: a.deletionProtection,
      rpoTargetSeconds: a.rpoTargetSeconds,
      blocksCommits: blocksCommits(a),
      masterUsername: 'dbadmin',
      masterPassword: pulumi.secret('secret-password'),
      databaseName: 'tapdr',
    }, { parent: root });
    return { writer: db.globalWriterEndpoint, primary: db.primaryEndpoint, secondary: db.secondaryReaderEndpoint };
  });
  const clusters = ofType(run, 'aws:rds/cluster:Cluster');
  const byRegion = (region: string) => clusters.find((c) => c.region === region) as (typeof clusters)[number];
  return { run, db: db as GlobalDatabase, clusters, byRegion };
});

const trading = { primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', instancesPerCluster: 2, rpoTargetSeconds: 60, replicationLagAlarmSeconds: 5, deletionProtection: true, environmentSuffix: 'prod' };

describe('GlobalDatabase', () => {
  it('has one global cluster and a cluster in each region, with the configured instances', async () => {
    const { run, byRegion } = await database(trading);
    expect(ofType(run, 'aws:rds/globalCluster:GlobalCluster')).toHaveLength(1);
    expect(byRegion('us-east-1').provider).toBe('aws-primary');
    expect(byRegion('eu-west-1').provider).toBe('aws-secondary');
    const instances = ofType(run, 'aws:rds/clusterInstance:ClusterInstance');
    expect(instances.filter((i) => i.region === 'us-east-1')).toHaveLength(2);
    expect(instances.filter((i) => i.region === 'eu-west-1')).toHaveLength(2);
    for (const instance of instances) {
      expect(instance.inputs).toMatchObject({ instanceClass: 'db.r6g.large', publiclyAccessible: false, engine: 'aurora-postgresql' });
    }
  });

  it('places each instance of a cluster in its own AZ, in turn over the subnets\' AZs (Aurora would pick at random)', async () => {
    const zonesOf = (run: Awaited<ReturnType<typeof database>>['run'], region: string) =>
      ofType(run, 'aws:rds/clusterInstance:ClusterInstance').filter((i) => i.region === region).map((i) => i.inputs.availabilityZone);
    const { run } = await database(trading);
    expect(zonesOf(run, 'us-east-1')).toEqual(['us-east-1a', 'us-east-1b']);
    expect(zonesOf(run, 'eu-west-1')).toEqual(['eu-west-1a', 'eu-west-1b']);
    // More instances than AZs: round again.
    expect(zonesOf((await database({ ...trading, instancesPerCluster: 3 })).run, 'us-east-1')).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1a']);
  });

  it('gives credentials and the database name to the primary only', async () => {
    const { byRegion } = await database(trading);
    expect(byRegion('us-east-1').inputs).toMatchObject({ masterUsername: 'dbadmin', masterPassword: '[secret]', databaseName: 'tapdr' });
    const secondary = byRegion('eu-west-1').inputs as Inputs;
    expect(secondary.masterUsername).toBeUndefined();
    expect(secondary.masterPassword).toBeUndefined();
    expect(secondary.databaseName).toBeUndefined();
  });

  it('encrypts each cluster with its own region key', async () => {
    const { byRegion } = await database(trading);
    expect(byRegion('us-east-1').inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/primary' });
    expect(byRegion('eu-west-1').inputs).toMatchObject({ storageEncrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/secondary' });
  });

  it('keeps backups for the configured days and exports logs', async () => {
    const { clusters } = await database({ ...trading, backupRetentionDays: 14 });
    for (const cluster of clusters) {
      expect(cluster.inputs).toMatchObject({ backupRetentionPeriod: 14, enabledCloudwatchLogsExports: ['postgresql'], copyTagsToSnapshot: true });
    }
  });

  it.each([
    ['aurora-postgresql', ['postgresql']],
    ['aurora-mysql', ['audit', 'error', 'slowquery']],
  ])('%s: creates the log group of each exported log in the cluster\'s region, kept a year and encrypted with that region\'s key, before the cluster', async (engine, logTypes) => {
    const { run, clusters } = await database({ ...trading, engine });
    const groups = ofType(run, 'aws:cloudwatch/logGroup:LogGroup');
    expect(groups).toHaveLength(2 * logTypes.length);
    for (const cluster of clusters) {
      expect(cluster.inputs.enabledCloudwatchLogsExports).toEqual(logTypes);
      const own = groups.filter((g) => g.region === cluster.region);
      expect(own.map((g) => g.inputs.name)).toEqual(logTypes.map((t) => `/aws/rds/cluster/${String(cluster.inputs.clusterIdentifier)}/${t}`));
      for (const group of own) {
        expect(group.inputs).toMatchObject({ retentionInDays: DATABASE_LOG_RETENTION_DAYS, kmsKeyId: cluster.inputs.kmsKeyId });
        expect(group.provider).toBe(cluster.provider);
      }
      // RDS creates a missing group itself (no retention, no key of ours): the cluster waits for the stack's.
      expect(cluster.dependsOn).toEqual(expect.arrayContaining(own.map((g) => `${g.type}::${g.name}`)));
    }
  });

  it('protected: deletion protection on, final snapshot kept', async () => {
    const { clusters, run } = await database(trading);
    for (const cluster of clusters) {
      expect(cluster.inputs).toMatchObject({ deletionProtection: true, skipFinalSnapshot: false });
      expect(String(cluster.inputs.finalSnapshotIdentifier)).toMatch(/-prod$/);
    }
    expect(ofType(run, 'aws:rds/globalCluster:GlobalCluster')[0].inputs.deletionProtection).toBe(true);
  });

  it('destroyable: deletion protection off, no final snapshot', async () => {
    const { clusters } = await database({ ...trading, deletionProtection: false });
    for (const cluster of clusters) {
      expect(cluster.inputs).toMatchObject({ deletionProtection: false, skipFinalSnapshot: true });
      expect(cluster.inputs.finalSnapshotIdentifier).toBeUndefined();
    }
  });

  it('PostgreSQL: both clusters refuse plaintext; rds.global_db_rpo from the RPO target on the primary only', async () => {
    const { run, byRegion } = await database(trading);
    const groups = ofType(run, 'aws:rds/clusterParameterGroup:ClusterParameterGroup');
    expect(groups.map((g) => g.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    const primary = groups.find((g) => g.region === 'us-east-1')!;
    const secondary = groups.find((g) => g.region === 'eu-west-1')!;
    expect(primary.inputs).toMatchObject({
      family: 'aurora-postgresql16',
      parameters: [{ name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' }, { name: 'rds.global_db_rpo', value: '30', applyMethod: 'immediate' }],
    });
    expect(secondary.inputs.parameters).toEqual([{ name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' }]);
    expect(primary.inputs.name).not.toBe(secondary.inputs.name);
    expect(byRegion('us-east-1').inputs.dbClusterParameterGroupName).toBe(primary.inputs.name);
    expect(byRegion('eu-west-1').inputs.dbClusterParameterGroupName).toBe(secondary.inputs.name);
  });

  it('PostgreSQL with rpoEnforcement alarm-only: TLS required, no commit bound', async () => {
    const { run, byRegion } = await database({ ...trading, rpoEnforcement: 'alarm-only' });
    const groups = ofType(run, 'aws:rds/clusterParameterGroup:ClusterParameterGroup');
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.inputs.parameters).toEqual([{ name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' }]);
    expect(byRegion('us-east-1').inputs.dbClusterParameterGroupName).toBe(groups.find((g) => g.region === 'us-east-1')!.inputs.name);
  });

  it('never sets rds.global_db_rpo below what Aurora accepts', () => {
    expect(globalDbRpoSeconds(5)).toBe(GLOBAL_DB_RPO_MINIMUM_SECONDS);
    expect(globalDbRpoSeconds(60)).toBe(30);
    expect(globalDbRpoSeconds(900)).toBe(450);
  });

  it('MySQL: both clusters require secure transport (no commit bound), MySQL log exports and port', async () => {
    const { run, clusters, db } = await database({ ...trading, engine: 'aurora-mysql' });
    const groups = ofType(run, 'aws:rds/clusterParameterGroup:ClusterParameterGroup');
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.inputs).toMatchObject({ family: 'aurora-mysql8.0', parameters: [{ name: 'require_secure_transport', value: 'ON', applyMethod: 'immediate' }] });
    for (const cluster of clusters) expect(groups.map((g) => g.inputs.name)).toContain(cluster.inputs.dbClusterParameterGroupName);
    for (const cluster of clusters) expect(cluster.inputs).toMatchObject({ engine: 'aurora-mysql', port: 3306, enabledCloudwatchLogsExports: ['audit', 'error', 'slowquery'] });
    expect(db.port).toBe(3306);
    expect(parameterGroupFamily('aurora-mysql', '8.0.mysql_aurora.3.10.3')).toBe('aurora-mysql8.0');
  });

  it('names every cluster, instance and group with the suffix, within the RDS limit', async () => {
    const { run } = await database(trading);
    const named = run.resources.filter((r) => r.type.startsWith('aws:rds/'));
    for (const r of named) {
      const identifierField: Record<string, string> = {
        'aws:rds/globalCluster:GlobalCluster': 'globalClusterIdentifier',
        'aws:rds/cluster:Cluster': 'clusterIdentifier',
        'aws:rds/clusterInstance:ClusterInstance': 'identifier',
      };
      const name = String(r.inputs[identifierField[r.type] ?? 'name']);
      expect(name).toMatch(/-prod$/);
      expect(name.length).toBeLessThanOrEqual(NAME_LIMITS.rdsCluster);
    }
  });

  it('leaves the engine version of both clusters to the global cluster, as Pulumi documents for upgrades', async () => {
    const { run, clusters } = await database(trading);
    const globalCluster = ofType(run, 'aws:rds/globalCluster:GlobalCluster')[0];
    expect(globalCluster.inputs).toMatchObject({ engine: 'aurora-postgresql', engineVersion: '16.13' });
    for (const cluster of clusters) {
      expect(cluster.inputs).toMatchObject({ engine: globalCluster.inputs.engine, engineVersion: globalCluster.inputs.engineVersion });
      // Both: after a failover or switchover the original primary is the secondary Aurora replicates to.
      expect(cluster.ignoreChanges).toEqual([...MEMBER_CLUSTER_IGNORED_CHANGES]);
    }
    expect(MEMBER_CLUSTER_IGNORED_CHANGES).toEqual(['engineVersion', 'replicationSourceIdentifier']);
  });

  it('gives each instance the engine version its cluster reports, so an upgrade through the global cluster is not undone', async () => {
    // AWS reports the version the cluster runs after the global cluster upgraded it, not the config's.
    const mockState = awsMocks.mockState;
    const upgraded = jest.spyOn(awsMocks, 'mockState').mockImplementation((type, ...rest) => ({
      ...mockState(type, ...rest),
      ...(type === 'aws:rds/cluster:Cluster' ? { engineVersion: '16.14' } : {}),
    }));
    try {
      const { run } = await database({ ...trading, environmentSuffix: 'upgraded' });
      const instances = ofType(run, 'aws:rds/clusterInstance:ClusterInstance');
      expect(instances).toHaveLength(4);
      for (const instance of instances) expect(instance.inputs.engineVersion).toBe('16.14');
    } finally {
      upgraded.mockRestore();
    }
  });

  it('exposes the global writer endpoint and both regional endpoints', async () => {
    const { run } = await database(trading);
    expect(run.outputs).toEqual({
      writer: expect.stringContaining('.global-'),
      primary: expect.stringContaining('.us-east-1.rds.amazonaws.com'),
      secondary: expect.stringContaining('.cluster-ro-'),
    });
  });
});
