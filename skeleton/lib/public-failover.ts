import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { HEALTH_PATH, HTTP_PORT } from './app-tier';
import { APP_RECORD_LABEL, normalizeDomain } from './config/dns-names';
import type { Side } from './regions';

/** A region's load balancer as a failover target. */
export interface FailoverTarget {
  readonly dnsName: pulumi.Input<string>;
  readonly zoneId: pulumi.Input<string>;
}

export interface PublicFailoverArgs {
  readonly global: Side;
  /** The public zone's name: a domain the team controls. */
  readonly domainName: string;
  /** An existing public zone of that name to add the records to; without it the zone is created. */
  readonly existingZoneId?: string;
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
 * interval × threshold (90 s at 30 s × 3) plus the record's alias resolution. The zone answers on the
 * internet only once its parent delegates to `nameServers` (README: "Delegate the public zone").
 */
export class PublicFailover extends pulumi.ComponentResource {
  public readonly zoneId: pulumi.Output<string>;
  /** The zone's four Route 53 name servers: the NS record set its parent zone must hold. */
  public readonly nameServers: pulumi.Output<string[]>;
  public readonly recordName: string;
  public readonly primaryHealthCheckId: pulumi.Output<string>;
  public readonly secondaryHealthCheckId: pulumi.Output<string>;

  constructor(name: string, args: PublicFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:PublicFailover', name, {}, opts);
    const { global } = args;
    const options = { parent: this, provider: global.provider };

    const zone = args.existingZoneId ? existingZone(args.existingZoneId, args.domainName, options) : new aws.route53.Zone(`${name}-zone`, {
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
    this.registerOutputs({ zoneId: this.zoneId, nameServers: this.nameServers, recordName: this.recordName });
  }
}

/**
 * Stops the program when the existing zone `zoneId` cannot hold `app.<domainName>`: a private zone, or a
 * zone of another name (Route 53 would refuse the record only half way through `pulumi up`).
 */
export function assertExistingZoneFits(zone: { readonly name: string; readonly privateZone?: boolean }, zoneId: string, domainName: string): void {
  if (zone.privateZone) throw new Error(`TapStack:publicHostedZoneId ${zoneId} is a private hosted zone; the application needs a public one`);
  if (normalizeDomain(zone.name) !== normalizeDomain(domainName)) {
    throw new Error(`TapStack:publicHostedZoneId ${zoneId} is the zone ${normalizeDomain(zone.name)}, not TapStack:publicDomainName ${domainName}; give the ID of the zone ${domainName}, or leave publicHostedZoneId empty to create it`);
  }
}

/** The existing public zone `zoneId`, read (and checked) at preview time, before anything is created. */
function existingZone(zoneId: string, domainName: string, options: pulumi.InvokeOptions): { zoneId: pulumi.Output<string>; nameServers: pulumi.Output<string[]> } {
  const checked = aws.route53.getZoneOutput({ zoneId }, options).apply((zone) => {
    assertExistingZoneFits(zone, zoneId, domainName);
    return zone;
  });
  return { zoneId: checked.zoneId, nameServers: checked.nameServers };
}
