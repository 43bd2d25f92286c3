import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HEALTH_PATH, HTTP_PORT } from './app-tier';
import type { Side } from './regions';

/** Label of the application's failover record in the public zone: `app.<zone>`. */
export const APP_RECORD_LABEL = 'app';

/** A region's load balancer as a failover target. */
export interface FailoverTarget {
  readonly dnsName: pulumi.Input<string>;
  readonly zoneId: pulumi.Input<string>;
}

export interface PublicFailoverArgs {
  readonly global: Side;
  readonly domainName: string;
  readonly primary: FailoverTarget;
  readonly secondary: FailoverTarget;
  /** Seconds between checks: 10 or 30. */
  readonly intervalSeconds: number;
  readonly failureThreshold: number;
  readonly forceDestroy: boolean;
}

/**
 * A public zone for the domain with `app.<zone>` pointing at the primary load balancer while Route 53's
 * HTTP check of its `/health` passes, and at the secondary otherwise. Failover takes about
 * interval × threshold (90 s at 30 s × 3) plus the record's alias resolution.
 */
export class PublicFailover extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  public readonly nameServers: pulumi.Output<string[]>;
  public readonly recordName: string;
  public readonly primaryHealthCheckId: pulumi.Output<string>;
  public readonly secondaryHealthCheckId: pulumi.Output<string>;

  constructor(name: string, args: PublicFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:PublicFailover', name, {}, opts);
    const { global } = args;
    const options = { parent: this, provider: global.provider };

    const zone = new aws.route53.Zone(`${name}-zone`, {
      name: args.domainName,
      comment: 'Public failover records of the application; delegate the domain to its name servers',
      forceDestroy: args.forceDestroy,
    }, options);

    const check = (role: 'primary' | 'secondary', target: FailoverTarget) => new aws.route53.HealthCheck(`${name}-${role}`, {
      type: 'HTTP',
      fqdn: target.dnsName,
      port: HTTP_PORT,
      resourcePath: HEALTH_PATH,
      requestInterval: args.intervalSeconds,
      failureThreshold: args.failureThreshold,
      tags: { Name: global.name('alarm', 'r53', `${role}-app-health`) },
    }, options);
    const primaryCheck = check('primary', args.primary);
    const secondaryCheck = check('secondary', args.secondary);

    this.recordName = `${APP_RECORD_LABEL}.${args.domainName}`;
    const record = (role: 'primary' | 'secondary', target: FailoverTarget, healthCheck: aws.route53.HealthCheck) => new aws.route53.Record(`${name}-${role}-record`, {
      zoneId: zone.zoneId,
      name: this.recordName,
      type: 'A',
      aliases: [{ name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: true }],
      setIdentifier: role,
      failoverRoutingPolicies: [{ type: role.toUpperCase() }],
      healthCheckId: healthCheck.id,
    }, options);
    record('primary', args.primary, primaryCheck);
    record('secondary', args.secondary, secondaryCheck);

    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
    this.primaryHealthCheckId = primaryCheck.id;
    this.secondaryHealthCheckId = secondaryCheck.id;
    this.registerOutputs({ zoneId: this.zoneId, recordName: this.recordName });
  }
}
