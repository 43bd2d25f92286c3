import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { Alerting } from './alerting';
import { BackupBuckets } from './backup-buckets';
import { BackupExport } from './backup-export';
import type { Answers } from './config/answers-schema';
import { blocksCommits } from './config/recovery-budget';
import { engineFact } from './config/rules';
import { ConnectivityCanary } from './connectivity-canary';
import { DatabaseCredentials } from './credentials';
import { RegionKey } from './encryption';
import { FailoverDns } from './failover-dns';
import { FailoverOrchestrator } from './failover-orchestrator';
import { FailoverRole } from './failover-role';
import { GlobalDatabase } from './global-database';
import { HealthAlarms } from './health-alarms';
import { Network } from './network';
import { OrchestratorAlarms } from './orchestrator-alarms';
import { buildOptionalTiers, checkRenderedTiers, type TierOutputs } from './optional-tiers';
import { createSides } from './regions';
import { VpcPeering } from './vpc-peering';

export interface TapStackOutputs {
  readonly primaryClusterEndpoint: pulumi.Output<string>;
  readonly secondaryClusterEndpoint: pulumi.Output<string>;
  readonly globalWriterEndpoint: pulumi.Output<string>;
  readonly globalClusterId: pulumi.Output<string>;
  readonly databaseDnsName: string;
  readonly databaseReadDnsName: string;
  readonly hostedZoneId: pulumi.Output<string>;
  readonly primaryBackupBucket: pulumi.Output<string>;
  readonly secondaryBackupBucket: pulumi.Output<string>;
  /** Key prefix of the database exports in the backup buckets (`exports/<primary cluster>`). */
  readonly backupExportPrefix: pulumi.Output<string>;
  readonly databaseSecretArn: pulumi.Output<string>;
  readonly vpcPeeringConnectionId: pulumi.Output<string>;
  readonly primaryAlarmTopicArn: pulumi.Output<string>;
  readonly secondaryAlarmTopicArn: pulumi.Output<string>;
  readonly failoverRoleArn: pulumi.Output<string>;
  readonly failoverOrchestratorName: pulumi.Output<string>;
  readonly failoverStateTableName: pulumi.Output<string>;
}

/**
 * The two-region DR stack, composed from one component per concern. Everything is driven by the
 * checked answers of `Pulumi.<stack>.yaml`; every resource sits on an explicit regional provider.
 */
export class TapStack extends pulumi.ComponentResource {
  public readonly outputs: TapStackOutputs;
  /** Outputs of the optional tiers this repository was rendered with (`lib/optional-tiers.ts`). */
  public readonly tierOutputs: TierOutputs;

  constructor(name: string, answers: Answers, opts?: pulumi.ComponentResourceOptions) {
    // A tier switched on in the config but not rendered stops the program before anything exists.
    checkRenderedTiers(answers);
    super('tap:dr:TapStack', name, {}, opts);
    const sides = createSides(answers, this);
    const { primary, secondary, global } = sides;
    const child = { parent: this };
    const accountId = aws.getCallerIdentityOutput({}, { parent: this, provider: global.provider }).accountId;

    const keys = {
      primary: new RegionKey('primary-key', { side: primary, accountId }, child),
      secondary: new RegionKey('secondary-key', { side: secondary, accountId }, child),
    };

    const { port } = engineFact(answers.engine);
    const network = (side: typeof primary, cidr: string, peerCidr: string) => new Network(`${side.role}-network`, {
      side, cidr, peerCidr, azCount: answers.azCount, natGatewayCount: answers.natGatewayCount, cloudWatchEndpoints: answers.cloudWatchEndpoints, databasePort: port,
    }, child);
    const networks = {
      primary: network(primary, answers.primaryVpcCidr, answers.secondaryVpcCidr),
      secondary: network(secondary, answers.secondaryVpcCidr, answers.primaryVpcCidr),
    };
    const peering = new VpcPeering('peering', {
      requester: { side: primary, network: networks.primary, cidr: answers.primaryVpcCidr },
      accepter: { side: secondary, network: networks.secondary, cidr: answers.secondaryVpcCidr },
    }, child);

    const credentials = new DatabaseCredentials('credentials', {
      primary, secondary,
      primaryKeyArn: keys.primary.keyArn,
      secondaryKeyArn: keys.secondary.keyArn,
      engine: answers.engine,
      port,
      deletionProtection: answers.deletionProtection,
    }, child);

    const database = new GlobalDatabase('aurora', {
      global,
      primary: { side: primary, subnetIds: networks.primary.privateSubnetIds, zones: networks.primary.privateSubnetZones, securityGroupId: networks.primary.databaseSecurityGroupId, kmsKeyArn: keys.primary.keyArn },
      secondary: { side: secondary, subnetIds: networks.secondary.privateSubnetIds, zones: networks.secondary.privateSubnetZones, securityGroupId: networks.secondary.databaseSecurityGroupId, kmsKeyArn: keys.secondary.keyArn },
      engine: answers.engine,
      engineVersion: answers.engineVersion,
      instanceClass: answers.instanceClass,
      instancesPerCluster: answers.instancesPerCluster,
      backupRetentionDays: answers.backupRetentionDays,
      deletionProtection: answers.deletionProtection,
      rpoTargetSeconds: answers.rpoTargetSeconds,
      blocksCommits: blocksCommits(answers),
      masterUsername: credentials.username,
      masterPassword: credentials.password,
      databaseName: credentials.databaseName,
    }, child);

    const backups = new BackupBuckets('backups', {
      primary, secondary, accountId,
      primaryKeyArn: keys.primary.keyArn,
      secondaryKeyArn: keys.secondary.keyArn,
      retentionDays: answers.backupRetentionS3Days,
      forceDestroy: !answers.deletionProtection,
    }, child);

    const alerting = {
      primary: new Alerting('primary-alerts', { side: primary, keyArn: keys.primary.keyArn, alarmEmail: answers.alarmEmail }, child),
      secondary: new Alerting('secondary-alerts', { side: secondary, keyArn: keys.secondary.keyArn, alarmEmail: answers.alarmEmail }, child),
    };

    const backupExport = new BackupExport('backup-export', {
      side: primary,
      accountId,
      runtime: answers.lambdaRuntime,
      clusterId: database.primaryClusterId,
      clusterArn: database.primaryClusterArn,
      bucketName: backups.primaryBucketName,
      bucketArn: backups.primaryBucketArn,
      bucketReady: backups.primaryReady,
      kmsKeyArn: keys.primary.keyArn,
      intervalDays: answers.backupExportIntervalDays,
      topicArn: alerting.primary.topicArn,
    }, child);

    const canary = (side: typeof primary, endpoints: { host: pulumi.Input<string>; readerHost: pulumi.Input<string> }, secretArn: pulumi.Input<string>, which: 'primary' | 'secondary', peerHost?: pulumi.Input<string>) => new ConnectivityCanary(`${side.role}-canary`, {
      side, accountId, ...endpoints, port, secretArn, peerHost,
      runtime: answers.lambdaRuntime,
      engine: answers.engine,
      databaseName: credentials.databaseName,
      kmsKeyArn: keys[which].keyArn,
      subnetIds: networks[which].privateSubnetIds,
      securityGroupId: networks[which].lambdaSecurityGroupId,
    }, child);
    const canaries = {
      // Each canary is given its cluster's cluster and reader endpoints and tries both on every probe, so
      // it keeps committing (or reading) the heartbeat whichever role its cluster has after a switchover.
      primary: canary(primary, { host: database.primaryEndpoint, readerHost: database.primaryReaderEndpoint }, credentials.secretArn, 'primary'),
      // The secondary canary reads the replicated secret: it keeps working when the primary region is gone.
      // It also tries the primary writer across the peering when the orchestrator asks.
      secondary: canary(secondary, { host: database.secondaryEndpoint, readerHost: database.secondaryReaderEndpoint }, credentials.secondarySecretArn, 'secondary', database.primaryEndpoint),
    };

    const alarms = new HealthAlarms('health', {
      primary: { side: primary, canaryServiceName: canaries.primary.serviceName, topicArn: alerting.primary.topicArn },
      secondary: { side: secondary, canaryServiceName: canaries.secondary.serviceName, topicArn: alerting.secondary.topicArn },
      secondaryClusterId: database.secondaryClusterId,
      lagThresholdSeconds: answers.replicationLagAlarmSeconds,
      rpoTargetSeconds: answers.rpoTargetSeconds,
      blocksCommits: blocksCommits(answers),
    }, child);

    const dns = new FailoverDns('failover-dns', {
      global,
      domainName: answers.domainName,
      vpcs: [
        { vpcId: networks.primary.vpcId, region: primary.region },
        { vpcId: networks.secondary.vpcId, region: secondary.region },
      ],
      globalWriterEndpoint: database.globalWriterEndpoint,
      secondaryReaderEndpoint: database.secondaryReaderEndpoint,
      secondaryConnectivity: alarms.secondaryConnectivity,
      replicationLag: alarms.replicationLag,
      forceDestroy: !answers.deletionProtection,
    }, child);

    const failoverRole = new FailoverRole('failover', {
      side: global,
      accountId,
      globalClusterArn: database.globalClusterArn,
      memberClusterArns: [database.primaryClusterArn, database.secondaryClusterArn],
    }, child);

    const orchestrator = new FailoverOrchestrator('orchestrator', {
      side: secondary,
      primary,
      accountId,
      runtime: answers.lambdaRuntime,
      mode: answers.failoverMode,
      confirmationSeconds: answers.failoverConfirmationSeconds,
      instancesPerCluster: answers.instancesPerCluster,
      replicationLagAlarmSeconds: answers.replicationLagAlarmSeconds,
      rpoTargetSeconds: answers.rpoTargetSeconds,
      globalClusterId: database.globalClusterId,
      secondaryClusterArn: database.secondaryClusterArn,
      primaryClusterArn: database.primaryClusterArn,
      primaryInstanceArns: database.primaryInstanceArns,
      secondaryCanaryFunctionName: canaries.secondary.functionName,
      secondaryCanaryFunctionArn: canaries.secondary.functionArn,
      primaryConnectivityAlarm: alarms.primaryConnectivity,
      topicArn: alerting.secondary.topicArn,
      kmsKeyArn: keys.secondary.keyArn,
      roleArn: failoverRole.roleArn,
      roleName: failoverRole.roleName,
    }, child);
    new OrchestratorAlarms('orchestrator-alarms', {
      side: secondary,
      functionName: orchestrator.functionName,
      serviceName: orchestrator.functionName,
      topicArn: alerting.secondary.topicArn,
    }, child);
    const core = (which: 'primary' | 'secondary') => ({
      vpcId: networks[which].vpcId,
      publicSubnetIds: networks[which].publicSubnetIds,
      privateSubnetIds: networks[which].privateSubnetIds,
      lambdaSecurityGroupId: networks[which].lambdaSecurityGroupId,
      keyArn: keys[which].keyArn,
      clusterId: which === 'primary' ? database.primaryClusterId : database.secondaryClusterId,
      canaryServiceName: canaries[which].serviceName,
      topicArn: alerting[which].topicArn,
    });
    this.tierOutputs = buildOptionalTiers({ answers, sides, accountId, primary: core('primary'), secondary: core('secondary'), parent: this });

    this.outputs = {
      primaryClusterEndpoint: database.primaryEndpoint,
      secondaryClusterEndpoint: database.secondaryEndpoint,
      globalWriterEndpoint: database.globalWriterEndpoint,
      globalClusterId: database.globalClusterId,
      databaseDnsName: dns.recordName,
      databaseReadDnsName: dns.readRecordName,
      hostedZoneId: dns.zoneId,
      primaryBackupBucket: backups.primaryBucketName,
      secondaryBackupBucket: backups.secondaryBucketName,
      backupExportPrefix: backupExport.prefix,
      databaseSecretArn: credentials.secretArn,
      vpcPeeringConnectionId: peering.peeringConnectionId,
      primaryAlarmTopicArn: alerting.primary.topicArn,
      secondaryAlarmTopicArn: alerting.secondary.topicArn,
      failoverRoleArn: failoverRole.roleArn,
      failoverOrchestratorName: orchestrator.functionName,
      failoverStateTableName: orchestrator.stateTableName,
    };
    this.registerOutputs({ ...this.outputs, ...this.tierOutputs });
  }
}
