import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AlarmRef } from './health-alarms';
import type { Side } from './regions';

import { DATABASE_RECORD_TTL_SECONDS } from './config/timings';

// Defined with the other timings, which the recovery budget adds up.
export { DATABASE_RECORD_TTL_SECONDS };
/** Label of the write name in the zone: `db.<zone>`, always the current writer. */
export const DATABASE_RECORD_LABEL = 'db';
/** Label of the read name in the zone: `read.<zone>`, the secondary's readers while they are fresh. */
export const READ_RECORD_LABEL = 'read';

export interface FailoverDnsArgs {
  readonly global: Side;
  readonly domainName: string;
  /** Both VPCs: the zone is private to them. */
  readonly vpcs: ReadonlyArray<{ readonly vpcId: pulumi.Input<string>; readonly region: string }>;
  /** The global writer endpoint: Aurora points it at the writer after a switchover or failover. */
  readonly globalWriterEndpoint: pulumi.Input<string>;
  /** The secondary cluster's reader endpoint. */
  readonly secondaryReaderEndpoint: pulumi.Input<string>;
  readonly secondaryConnectivity: AlarmRef;
  readonly replicationLag: AlarmRef;
  readonly forceDestroy: boolean;
}

/**
 * A private zone of both VPCs with two names. `db.<zone>` is where clients write: a CNAME of the global
 * writer endpoint with a short TTL and no health check, so it always names the writer, whatever the lag
 * or the alarms say (a secondary cluster takes no writes until it is promoted). `read.<zone>` is where
 * clients may read: the secondary's readers while they are reachable and caught up, else the writer.
 */
export class FailoverDns extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  public readonly zoneArn: pulumi.Output<string>;
  public readonly recordName: string;
  public readonly readRecordName: string;
  public readonly readHealthCheckId: pulumi.Output<string>;

  constructor(name: string, args: FailoverDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:FailoverDns', name, {}, opts);
    const { global } = args;
    const options = { parent: this, provider: global.provider };

    const [firstVpc, ...otherVpcs] = args.vpcs;
    const zone = new aws.route53.Zone(`${name}-zone`, {
      name: args.domainName,
      comment: 'Names of the DR database; private to both VPCs',
      vpcs: [{ vpcId: firstVpc.vpcId, vpcRegion: firstVpc.region }],
      forceDestroy: args.forceDestroy,
    }, { ...options, ignoreChanges: ['vpcs'] });
    // Further VPCs join through associations, so the zone never flips between inline and separate VPC lists.
    otherVpcs.forEach((vpc, i) => new aws.route53.ZoneAssociation(`${name}-vpc-${i + 2}`, {
      zoneId: zone.zoneId,
      vpcId: vpc.vpcId,
      vpcRegion: vpc.region,
    }, options));

    this.recordName = `${DATABASE_RECORD_LABEL}.${args.domainName}`;
    new aws.route53.Record(`${name}-writer`, {
      zoneId: zone.zoneId,
      name: this.recordName,
      type: 'CNAME',
      ttl: DATABASE_RECORD_TTL_SECONDS,
      records: [args.globalWriterEndpoint],
    }, options);

    // Checks on alarms: Route 53's checkers cannot reach a private database endpoint. `triggers` carries
    // what Route 53 copied of each alarm, so a changed alarm updates the check's copy too.
    const onAlarm = (purpose: string, alarm: AlarmRef) => new aws.route53.HealthCheck(`${name}-${purpose}`, {
      type: 'CLOUDWATCH_METRIC',
      cloudwatchAlarmName: alarm.name,
      cloudwatchAlarmRegion: alarm.region,
      // No data is no evidence that the readers are reachable and fresh.
      insufficientDataHealthStatus: 'Unhealthy',
      triggers: { alarmName: alarm.name, ...alarm.triggers },
      tags: { Name: global.name('alarm', 'r53', purpose) },
    }, options);
    const reachable = onAlarm('secondary-connectivity', args.secondaryConnectivity);
    const fresh = onAlarm('replication-lag', args.replicationLag);
    const readersFresh = new aws.route53.HealthCheck(`${name}-readers-fresh`, {
      type: 'CALCULATED',
      childHealthchecks: [reachable.id, fresh.id],
      // Healthy only when both children are: reachable AND within the lag alarm's threshold.
      childHealthThreshold: 2,
      tags: { Name: global.name('alarm', 'r53', 'readers-fresh') },
    }, options);

    this.readRecordName = `${READ_RECORD_LABEL}.${args.domainName}`;
    const read = (role: 'primary' | 'secondary', endpoint: pulumi.Input<string>, healthCheckId?: pulumi.Input<string>) => new aws.route53.Record(`${name}-read-${role}`, {
      zoneId: zone.zoneId,
      name: this.readRecordName,
      type: 'CNAME',
      ttl: DATABASE_RECORD_TTL_SECONDS,
      records: [endpoint],
      setIdentifier: role === 'primary' ? 'secondary-readers' : 'writer',
      failoverRoutingPolicies: [{ type: role.toUpperCase() }],
      ...(healthCheckId ? { healthCheckId } : {}),
    }, options);
    read('primary', args.secondaryReaderEndpoint, readersFresh.id);
    // Without a health check Route 53 treats the secondary record as healthy: reads fall back to the writer.
    read('secondary', args.globalWriterEndpoint);

    this.zoneId = zone.zoneId;
    this.zoneArn = zone.arn;
    this.readHealthCheckId = readersFresh.id;
    this.registerOutputs({ zoneId: this.zoneId, recordName: this.recordName, readRecordName: this.readRecordName });
  }
}
