import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { GLOBAL_DB_RPO_PARAMETER, MEMBER_CLUSTER_IGNORED_CHANGES, rdsLogGroupName, type Engine } from './config/aws-facts';
import { DATABASE_LOG_RETENTION_DAYS, LOG_EXPORTS } from './config/database-logs';
import { engineFact } from './config/rules';
import { BACKUP_WINDOW_UTC, globalDbRpoSeconds } from './config/timings';
import type { Side } from './regions';

/** Where a regional cluster lives: its private subnets and the security group that admits clients. */
export interface ClusterPlacement {
  readonly side: Side;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  /** The subnets' AZs: instance i goes to zone i mod their count, so a writer and its reader never share one. */
  readonly zones: pulumi.Input<string[]>;
  /** Customer key of this region: an encrypted secondary cannot use the primary's key. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

export interface GlobalDatabaseArgs {
  readonly global: Side;
  readonly primary: ClusterPlacement;
  readonly secondary: ClusterPlacement;
  readonly engine: Engine;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly instancesPerCluster: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly rpoTargetSeconds: number;
  /**
   * Set rds.global_db_rpo on the primary (answers rpoEnforcement block-commits, Aurora PostgreSQL only):
   * a hard bound on data loss, at the price of blocked commits while no secondary keeps up.
   */
  readonly blocksCommits: boolean;
  readonly masterUsername: pulumi.Input<string>;
  readonly masterPassword: pulumi.Input<string>;
  readonly databaseName: string;
}

// Defined with the other timings, which the recovery budget adds up.
export { GLOBAL_DB_RPO_MINIMUM_SECONDS, globalDbRpoSeconds } from './config/timings';

/** Parameter group family of an engine version: `aurora-postgresql16`, `aurora-mysql8.0`. */
export function parameterGroupFamily(engine: Engine, engineVersion: string): string {
  return engine === 'aurora-postgresql' ? `aurora-postgresql${engineVersion.split('.')[0]}` : 'aurora-mysql8.0';
}

/**
 * Aurora Global Database: the global cluster, a writer cluster in the primary region and a
 * read-only cluster in the secondary region that takes over on failover.
 */
export class GlobalDatabase extends pulumi.ComponentResource {
  public readonly globalClusterId: pulumi.Output<string>;
  public readonly globalClusterArn: pulumi.Output<string>;
  /** Follows the writer through switchover and managed failover. */
  public readonly globalWriterEndpoint: pulumi.Output<string>;
  public readonly primaryClusterId: pulumi.Output<string>;
  public readonly primaryClusterArn: pulumi.Output<string>;
  /** The primary cluster's instances, the writer among them. */
  public readonly primaryInstanceArns: pulumi.Output<string>[];
  public readonly primaryEndpoint: pulumi.Output<string>;
  public readonly primaryReaderEndpoint: pulumi.Output<string>;
  public readonly secondaryClusterId: pulumi.Output<string>;
  public readonly secondaryClusterArn: pulumi.Output<string>;
  public readonly secondaryEndpoint: pulumi.Output<string>;
  public readonly secondaryReaderEndpoint: pulumi.Output<string>;
  public readonly port: number;

  constructor(name: string, args: GlobalDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:GlobalDatabase', name, {}, opts);
    const { global, primary, secondary, engine, engineVersion } = args;
    this.port = engineFact(engine).port;

    const globalCluster = new aws.rds.GlobalCluster(`${name}-global`, {
      globalClusterIdentifier: global.name('rdsGlobalCluster', 'aurora', 'global'),
      engine,
      engineVersion,
      storageEncrypted: true,
      deletionProtection: args.deletionProtection,
    }, { parent: this, provider: global.provider });

    // Each cluster gets a parameter group that refuses connections without TLS (aws-facts.ts ENGINES
    // tlsRequired): the secondary becomes the writer after a failover. rds.global_db_rpo goes on the
    // primary's only: Aurora reads it from the writer's group, and in the secondary's it would block every
    // commit right after a failover that lost the primary region, with no secondary left to keep up (AWS
    // recommends the default there in a two-region global database: aws-facts.ts GLOBAL_DB_RPO_PARAMETER).
    // While the writer is in the secondary region, npm run dr:relax -- --restore moves the bound to it.
    const { tlsRequired } = engineFact(engine);
    const parameterGroup = (role: 'primary' | 'secondary', side: Side, rpo: boolean) => new aws.rds.ClusterParameterGroup(`${name}-${role}-params`, {
      name: side.name('rdsParameterGroup', 'aurora', 'params'),
      family: parameterGroupFamily(engine, engineVersion),
      description: rpo
        ? 'Primary cluster: TLS required; commits wait while every secondary lags beyond half the RPO target'
        : `${role === 'primary' ? 'Primary' : 'Secondary'} cluster: TLS required`,
      parameters: [
        { name: tlsRequired.parameter, value: tlsRequired.value, applyMethod: tlsRequired.applyMethod },
        ...(rpo ? [{ name: GLOBAL_DB_RPO_PARAMETER, value: String(globalDbRpoSeconds(args.rpoTargetSeconds)), applyMethod: 'immediate' }] : []),
      ],
    }, { parent: this, provider: side.provider });
    const primaryParameters = parameterGroup('primary', primary.side, args.blocksCommits);
    const secondaryParameters = parameterGroup('secondary', secondary.side, false);

    const regional = (role: 'primary' | 'secondary', placement: ClusterPlacement, extra: Partial<aws.rds.ClusterArgs>, dependsOn: pulumi.Resource[]) => {
      const { side } = placement;
      const options = { parent: this, provider: side.provider };
      const subnetGroup = new aws.rds.SubnetGroup(`${name}-${role}-subnets`, {
        name: side.name('rdsSubnetGroup', 'aurora', 'subnets'),
        subnetIds: placement.subnetIds,
        description: `Private subnets of the ${role} Aurora cluster`,
      }, options);
      const clusterIdentifier = side.name('rdsCluster', 'aurora', 'cluster');
      // The log groups the cluster exports to, made by the stack before the cluster (RDS would
      // otherwise create them itself, kept forever and encrypted with no key of ours).
      const logGroups = LOG_EXPORTS[engine].map((logType) => new aws.cloudwatch.LogGroup(`${name}-${role}-${logType}-logs`, {
        name: rdsLogGroupName(clusterIdentifier, logType),
        retentionInDays: DATABASE_LOG_RETENTION_DAYS,
        kmsKeyId: placement.kmsKeyArn,
      }, options));
      const cluster = new aws.rds.Cluster(`${name}-${role}`, {
        clusterIdentifier,
        // The global cluster's engine and version, as Pulumi's "Upgrading Engine Versions" example does.
        engine: globalCluster.engine,
        engineVersion: globalCluster.engineVersion,
        globalClusterIdentifier: globalCluster.id,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [placement.securityGroupId],
        port: this.port,
        storageEncrypted: true,
        kmsKeyId: placement.kmsKeyArn,
        backupRetentionPeriod: args.backupRetentionDays,
        preferredBackupWindow: BACKUP_WINDOW_UTC,
        copyTagsToSnapshot: true,
        enabledCloudwatchLogsExports: [...LOG_EXPORTS[engine]],
        deletionProtection: args.deletionProtection,
        // A protected cluster keeps a final snapshot; a destroyable one (tests, CI) does not.
        skipFinalSnapshot: !args.deletionProtection,
        finalSnapshotIdentifier: args.deletionProtection ? side.name('rdsCluster', 'aurora', 'final') : undefined,
        ...extra,
      }, { ...options, dependsOn: [...dependsOn, ...logGroups], ignoreChanges: [...MEMBER_CLUSTER_IGNORED_CHANGES] });
      const instances = Array.from({ length: args.instancesPerCluster }, (_, i) => new aws.rds.ClusterInstance(`${name}-${role}-${i + 1}`, {
        identifier: side.name('rdsInstance', 'aurora', `instance-${i + 1}`),
        clusterIdentifier: cluster.id,
        engine,
        // The version the cluster runs, never the config's: after an upgrade through the global
        // cluster the instances follow their cluster instead of asking to be put back.
        engineVersion: cluster.engineVersion,
        instanceClass: args.instanceClass,
        dbSubnetGroupName: subnetGroup.name,
        // Without it Aurora picks "a random, system-chosen Availability Zone" for each instance, and a
        // writer and its only reader may share one: an AZ outage then leaves the cluster no instance
        // (aws-facts.ts, "Where Aurora puts an instance").
        availabilityZone: pulumi.output(placement.zones).apply((zones) => zones[i % zones.length]),
        publiclyAccessible: false,
        // Minor versions of a global database are upgraded together, through the global cluster.
        autoMinorVersionUpgrade: false,
        // A change of AZ replaces the instance: a stack deployed before instances were placed keeps the AZs
        // Aurora chose (README: check them once with aws rds describe-db-instances).
      }, { ...options, ignoreChanges: ['availabilityZone'] }));
      return { cluster, instances };
    };

    const writer = regional('primary', primary, {
      masterUsername: args.masterUsername,
      masterPassword: args.masterPassword,
      databaseName: args.databaseName,
      dbClusterParameterGroupName: primaryParameters.name,
    }, []);
    // The secondary takes no credentials or database name: it replicates the primary's. It waits for a
    // primary instance (and on destroy goes first).
    const reader = regional('secondary', secondary, { dbClusterParameterGroupName: secondaryParameters.name }, writer.instances);

    this.globalClusterId = globalCluster.id;
    this.globalClusterArn = globalCluster.arn;
    this.globalWriterEndpoint = globalCluster.endpoint;
    this.primaryClusterId = writer.cluster.clusterIdentifier;
    this.primaryClusterArn = writer.cluster.arn;
    this.primaryInstanceArns = writer.instances.map((instance) => instance.arn);
    this.primaryEndpoint = writer.cluster.endpoint;
    this.primaryReaderEndpoint = writer.cluster.readerEndpoint;
    this.secondaryClusterId = reader.cluster.clusterIdentifier;
    this.secondaryClusterArn = reader.cluster.arn;
    this.secondaryEndpoint = reader.cluster.endpoint;
    this.secondaryReaderEndpoint = reader.cluster.readerEndpoint;
    this.registerOutputs({
      globalClusterId: this.globalClusterId,
      globalWriterEndpoint: this.globalWriterEndpoint,
      primaryEndpoint: this.primaryEndpoint,
      secondaryEndpoint: this.secondaryEndpoint,
    });
  }
}
