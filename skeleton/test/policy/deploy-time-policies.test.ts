import type { PolicyResource } from '@pulumi/policy';
import { MEMBER_CLUSTER_IGNORED_CHANGES } from '../../lib/config/aws-facts';
import { globalMembersIgnoreEngineVersion, namesCarryRegion, privateZonesHideNothing, zoneNamesRoute53Accepts } from '../../policy/policies';
import { TEAM_DOMAIN } from '../helpers/team-domain';
import { provider, resource, stackViolations, violations } from './synthetic';

/** The rules for what AWS refuses at deploy time, or breaks the next deploy (issue 12). */

const primary = provider('primary', 'us-east-1');
const global = provider('global', 'us-east-1');
const secondary = provider('secondary', 'ap-southeast-2');

describe('names-carry-region', () => {
  const named = (type: string, props: Record<string, unknown>, on = primary) => resource(type, props, { provider: on });

  it('passes names with the whole region code or its AZ ID prefix, a global resource with the primary region', async () => {
    expect(await violations(namesCarryRegion, named('aws:iam/role:Role', { name: 'iam-failover-us-east-1-dev' }, global))).toEqual([]);
    expect(await violations(namesCarryRegion, named('aws:lb/loadBalancer:LoadBalancer', { name: 'alb-a-apse2-1a2b3c-synthj5p6r0e5' }, secondary))).toEqual([]);
    expect(await violations(namesCarryRegion, named('aws:cloudwatch/logGroup:LogGroup', { name: '/aws/lambda/lambda-app-us-east-1-dev' }))).toEqual([]);
    // A resource's own region input wins over its provider's.
    expect(await violations(namesCarryRegion, named('aws:sns/topic:Topic', { name: 'sns-alarms-eu-west-1-dev', region: 'eu-west-1' }))).toEqual([]);
  });

  it('fails a name without its region, as the global side named them before (iam-failover-dev), and one with another region', async () => {
    expect(await violations(namesCarryRegion, named('aws:iam/role:Role', { name: 'iam-failover-dev' }, global))).toEqual([
      'name "iam-failover-dev" does not contain its region us-east-1 (or use1); every name carries the region',
    ]);
    expect(await violations(namesCarryRegion, named('aws:rds/globalCluster:GlobalCluster', { globalClusterIdentifier: 'aurora-global-dev' }, global))).toHaveLength(1);
    expect(await violations(namesCarryRegion, named('aws:sns/topic:Topic', { name: 'sns-alarms-us-east-1-dev' }, secondary))).toHaveLength(1);
  });

  it('cannot check a name without a known region, and says so; leaves unnamed and unnamed-type resources alone', async () => {
    expect(await violations(namesCarryRegion, resource('aws:sns/topic:Topic', { name: 'sns-alarms-dev' }))).toEqual([
      'name "sns-alarms-dev": the resource has no region this template knows (none), so its name cannot be checked',
    ]);
    expect(await violations(namesCarryRegion, named('aws:sns/topic:Topic', {}))).toEqual([]);
    expect(await violations(namesCarryRegion, named('aws:ec2/vpc:Vpc', { cidrBlock: '10.0.0.0/16' }))).toEqual([]);
  });
});

describe('global-members-ignore-engine-version', () => {
  const cluster = (ignoreChanges: string[], props: Record<string, unknown> = { globalClusterIdentifier: 'aurora-global-us-east-1-dev' }) =>
    resource('aws:rds/cluster:Cluster', props, { opts: { ...resource('x', {}).opts, ignoreChanges } });

  it('passes a member that leaves engineVersion and replicationSourceIdentifier to the global cluster', async () => {
    expect(await violations(globalMembersIgnoreEngineVersion, cluster([...MEMBER_CLUSTER_IGNORED_CHANGES]))).toEqual([]);
  });

  it('fails a member that would undo an upgrade, as the primary cluster did before', async () => {
    expect(await violations(globalMembersIgnoreEngineVersion, cluster([]))).toEqual([
      'a member of a global database must ignore changes to engineVersion, replicationSourceIdentifier (ignoreChanges); the global cluster upgrades its members, and the next pulumi up would try to undo it',
    ]);
    expect((await violations(globalMembersIgnoreEngineVersion, cluster(['replicationSourceIdentifier']))).join()).toMatch(/ignore changes to engineVersion \(/);
  });

  it('leaves clusters outside a global database alone', async () => {
    expect(await violations(globalMembersIgnoreEngineVersion, cluster([], { engine: 'aurora-postgresql' }))).toEqual([]);
  });
});

describe('zone-names-route53-accepts', () => {
  const zone = (name: string, vpcs?: unknown[]) => resource('aws:route53/zone:Zone', vpcs ? { name, vpcs } : { name });

  it('passes the team\'s public zone and a private zone under .internal', async () => {
    expect(await violations(zoneNamesRoute53Accepts, zone(TEAM_DOMAIN))).toEqual([]);
    // A zone whose name is not known yet (an output) is left to the engine.
    expect(await violations(zoneNamesRoute53Accepts, resource('aws:route53/zone:Zone', {}))).toEqual([]);
    expect(await violations(zoneNamesRoute53Accepts, zone('healthcare-dr.internal', [{ vpcId: 'vpc-1' }]))).toEqual([]);
  });

  it('fails the zone the healthcare preset used to create, and a public zone the DNS root never delegates', async () => {
    expect(await violations(zoneNamesRoute53Accepts, zone('healthcare-dr.example.com'))).toEqual([
      'public zone healthcare-dr.example.com is under example.com, which Route 53 refuses as "reserved by AWS" (RFC 2606 documentation names: example.com, example.net, example.org and their subdomains)',
    ]);
    expect(await violations(zoneNamesRoute53Accepts, zone('db.example.org', [{ vpcId: 'vpc-1' }]))).toHaveLength(1);
    expect((await violations(zoneNamesRoute53Accepts, zone('healthcare-dr.internal'))).join()).toMatch(/^public zone healthcare-dr\.internal is under \.internal, which the DNS root never delegates/);
  });
});

describe('private-zones-hide-nothing', () => {
  const vpc = [{ vpcId: 'vpc-1', vpcRegion: 'us-east-1' }];
  const zone = (name: string, props: Record<string, unknown> = {}) => resource('aws:route53/zone:Zone', { name, ...props }, { name: `zone-${name}`, urn: `urn:zone:${name}` });
  const record = (name: string, inZone?: PolicyResource) => resource('aws:route53/record:Record', { name, zoneId: inZone ? 'Z0' : 'Z0EXISTINGZONE01' }, {
    name: `record-${name}`, urn: `urn:record:${name}`, propertyDependencies: inZone ? { zoneId: [inZone] } : {},
  });

  it('passes a private zone of its own name beside the public one, records each in their zone', async () => {
    const privateZone = zone('healthcare-dr.internal', { vpcs: vpc });
    const publicZone = zone(TEAM_DOMAIN);
    // An association whose zone is not a resource of the stack counts for no zone.
    const elsewhere = resource('aws:route53/zoneAssociation:ZoneAssociation', { zoneId: 'Z0ELSEWHERE', vpcId: 'vpc-2' });
    expect(await stackViolations(privateZonesHideNothing, [privateZone, publicZone, elsewhere, record('db.healthcare-dr.internal', privateZone), record(`app.${TEAM_DOMAIN}`, publicZone)])).toEqual([]);
  });

  it('fails a private zone that shares the public zone\'s name, as healthcare-dr.example.com did, and one above it', async () => {
    const publicZone = zone(TEAM_DOMAIN);
    const shared = zone(TEAM_DOMAIN, { vpcs: vpc });
    expect(await stackViolations(privateZonesHideNothing, [shared, publicZone, record(`db.${TEAM_DOMAIN}`, shared), record(`app.${TEAM_DOMAIN}`, publicZone)])).toEqual([
      `private zone ${TEAM_DOMAIN} shares its name with the public zone ${TEAM_DOMAIN}; inside the VPCs it would hide every name of it`,
      `the public record app.${TEAM_DOMAIN} is below the private zone ${TEAM_DOMAIN}; inside the VPCs it would not resolve`,
    ]);
    const parent = TEAM_DOMAIN.split('.').slice(1).join('.');
    const above = zone(parent);
    const association = resource('aws:route53/zoneAssociation:ZoneAssociation', { zoneId: 'Z1', vpcId: 'vpc-2' }, { propertyDependencies: { zoneId: [above] } });
    expect((await stackViolations(privateZonesHideNothing, [above, association, publicZone])).join()).toMatch(new RegExp(`private zone ${parent} is above the public zone ${TEAM_DOMAIN}`));
  });

  it('fails a private zone that holds a record put into an existing public zone by ID', async () => {
    const privateZone = zone(`app.${TEAM_DOMAIN}`, { vpcs: vpc });
    expect(await stackViolations(privateZonesHideNothing, [privateZone, record(`app.${TEAM_DOMAIN}`)])).toEqual([
      `the public record app.${TEAM_DOMAIN} is below the private zone app.${TEAM_DOMAIN}; inside the VPCs it would not resolve`,
    ]);
  });
});
