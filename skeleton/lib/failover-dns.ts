import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { AlarmRef } from './health-alarms';
import type { Side } from './regions';

import { DATABASE_RECORD_TTL_SECONDS } from './config/timings';

// Defined with the other timings, which the recovery budget adds up.
export { DATABASE_RECORD_TTL_SECONDS };
/** Label of the failover record in the zone: `db.<zone>`. */
export const DATABASE_RECORD_LABEL = 'db';

export interface FailoverDnsArgs {
  readonly global: Side;
  readonly domainName: string;
  /** Both VPCs: the zone is private to them. */
  readonly vpcs: ReadonlyArray<{ readonly vpcId: pulumi.Input<string>; readonly region: string }>;
  readonly primaryEndpoint: pulumi.Input<string>;
  readonly secondaryEndpoint: pulumi.Input<string>;
  readonly primaryConnectivity: AlarmRef;
  readonly secondaryConnectivity: AlarmRef;
  readonly replicationLag: AlarmRef;
  readonly forceDestroy: boolean;
}

/**
 * `db.<zone>` in a private zone of both VPCs: the primary writer while the primary is healthy
 * (its canary reaches it AND the secondary keeps up), else the secondary cluster.
 */
export class FailoverDns extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  public readonly zoneArn: pulumi.Output<string>;
  public readonly recordName: string;
  public readonly primaryHealthCheckId: pulumi.Output<string>;

  constructor(name: string, args: FailoverDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:FailoverDns', name, {}, opts);
    const { global } = args;
    const options = { parent: this, provider: global.provider };

    const [firstVpc, ...otherVpcs] = args.vpcs;
    const zone = new aws.route53.Zone(`${name}-zone`, {
      name: args.domainName,
      comment: 'Failover records of the DR database; private to both VPCs',
      vpcs: [{ vpcId: firstVpc.vpcId, vpcRegion: firstVpc.region }],
      forceDestroy: args.forceDestroy,
    }, { ...options, ignoreChanges: ['vpcs'] });
    // Further VPCs join through associations, so the zone never flips between inline and separate VPC lists.
    otherVpcs.forEach((vpc, i) => new aws.route53.ZoneAssociation(`${name}-vpc-${i + 2}`, {
      zoneId: zone.zoneId,
      vpcId: vpc.vpcId,
      vpcRegion: vpc.region,
    }, options));

    // Checks on alarms: Route 53's checkers cannot reach a private database endpoint.
    const onAlarm = (purpose: string, alarm: AlarmRef, insufficientData: string) => new aws.route53.HealthCheck(`${name}-${purpose}`, {
      type: 'CLOUDWATCH_METRIC',
      cloudwatchAlarmName: alarm.name,
      cloudwatchAlarmRegion: alarm.region,
      insufficientDataHealthStatus: insufficientData,
      tags: { Name: global.name('alarm', 'r53', purpose) },
    }, options);
    const primaryConnectivity = onAlarm('primary-connectivity', args.primaryConnectivity, 'Unhealthy');
    const lag = onAlarm('replication-lag', args.replicationLag, 'LastKnownStatus');
    const secondaryConnectivity = onAlarm('secondary-connectivity', args.secondaryConnectivity, 'Unhealthy');
    // Kept as the trading requirement states it ("connectivity AND replication lag"): a lag alarm alone
    // moves db.<zone> to the read-only secondary. The failover orchestrator does not promote on lag
    // (lag is not an outage), so clients that must keep writing through lag use the global writer endpoint.
    const primaryHealthy = new aws.route53.HealthCheck(`${name}-primary-healthy`, {
      type: 'CALCULATED',
      childHealthchecks: [primaryConnectivity.id, lag.id],
      // Healthy only when both children are: connectivity AND lag.
      childHealthThreshold: 2,
      tags: { Name: global.name('alarm', 'r53', 'primary-healthy') },
    }, options);

    this.recordName = `${DATABASE_RECORD_LABEL}.${args.domainName}`;
    const record = (role: 'primary' | 'secondary', endpoint: pulumi.Input<string>, healthCheckId: pulumi.Input<string>) => new aws.route53.Record(`${name}-${role}`, {
      zoneId: zone.zoneId,
      name: this.recordName,
      type: 'CNAME',
      ttl: DATABASE_RECORD_TTL_SECONDS,
      records: [endpoint],
      setIdentifier: role,
      failoverRoutingPolicies: [{ type: role.toUpperCase() }],
      healthCheckId,
    }, options);
    record('primary', args.primaryEndpoint, primaryHealthy.id);
    record('secondary', args.secondaryEndpoint, secondaryConnectivity.id);

    this.zoneId = zone.zoneId;
    this.zoneArn = zone.arn;
    this.primaryHealthCheckId = primaryHealthy.id;
    this.registerOutputs({ zoneId: this.zoneId, recordName: this.recordName });
  }
}
