import * as pulumi from '@pulumi/pulumi';
import { APP_LOG_RETENTION_DAYS, AppTier } from '../lib/app-tier';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { PublicFailover, assertExistingZoneFits } from '../lib/public-failover';
import { list, ofType, only, runComponents, sharedRuns, statements } from './helpers/components';
import { generatedAnswers } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';
import { MOCK_ACCOUNT, MOCK_NAME_SERVERS, mockArnOf, mockId } from '../scripts/offline/aws-mocks';
import { TEAM_DOMAIN } from './helpers/team-domain';
import type { RecordedResource } from '../scripts/offline/recorder';

/** The ARN the offline mocks give a resource. */
const arnOf = mockArnOf;
const healthcare = { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'synthj5p6r0e5', domainName: 'healthcare-dr.internal', appTier: true, publicDomainName: TEAM_DOMAIN };
/** Public zones the mocked account already has. */
const EXISTING_ZONES = { Z0TEAMZONE: { name: TEAM_DOMAIN } };

const build = sharedRuns(async (answers: Record<string, unknown>, inVpc = true) => {
  return runComponents(answers, ({ answers: a, sides, root }) => {
    const app = (role: 'primary' | 'secondary') => new AppTier(`${role}-app`, {
      side: sides[role],
      accountId: MOCK_ACCOUNT,
      runtime: a.lambdaRuntime,
      vpcId: `vpc-${role}`,
      publicSubnetIds: [`public-${role}-1`, `public-${role}-2`],
      kmsKeyArn: `arn:kms:${role}`,
      vpc: inVpc ? { subnetIds: [`private-${role}-1`], securityGroupId: `sg-lambda-${role}` } : undefined,
    }, { parent: root });
    const primary = app('primary');
    const secondary = app('secondary');
    const failover = new PublicFailover('public-failover', {
      global: sides.global,
      domainName: a.publicDomainName as string,
      existingZoneId: a.publicHostedZoneId,
      primary: { dnsName: primary.loadBalancerDnsName, zoneId: primary.loadBalancerZoneId },
      secondary: { dnsName: secondary.loadBalancerDnsName, zoneId: secondary.loadBalancerZoneId },
      intervalSeconds: a.healthCheckIntervalSeconds,
      failureThreshold: a.healthCheckFailureThreshold,
      forceDestroy: !a.deletionProtection,
    }, { parent: root });
    return { primaryUrl: primary.url, secondaryUrl: secondary.url, record: pulumi.output(failover.recordName), checkId: failover.primaryHealthCheckId, zoneId: failover.zoneId, nameServers: failover.nameServers };
  }, { existingZones: EXISTING_ZONES });
});

describe('AppTier', () => {
  it('an internet-facing ALB in the public subnets of each region, named within 32 characters', async () => {
    const run = await build(healthcare);
    const albs = ofType(run, 'aws:lb/loadBalancer:LoadBalancer');
    expect(albs.map((lb) => [lb.region, lb.inputs.internal, lb.inputs.loadBalancerType, lb.inputs.subnets])).toEqual([
      ['us-east-1', false, 'application', ['public-primary-1', 'public-primary-2']],
      ['us-west-2', false, 'application', ['public-secondary-1', 'public-secondary-2']],
    ]);
    for (const r of [...albs, ...ofType(run, 'aws:lb/targetGroup:TargetGroup')]) {
      expect(String(r.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.loadBalancer);
      expect(String(r.inputs.name)).toMatch(/synthj5p6r0e5$/);
    }
    expect(run.outputs.secondaryUrl).toMatch(/^http:\/\/.*\.us-west-2\.elb\.amazonaws\.com$/);
  });

  it('an HTTP listener on port 80 forwarding to a Lambda target group that checks /health', async () => {
    const run = await build(healthcare);
    const listeners = ofType(run, 'aws:lb/listener:Listener');
    expect(listeners.map((l) => [l.inputs.port, l.inputs.protocol, l.inputs.certificateArn])).toEqual([[80, 'HTTP', undefined], [80, 'HTTP', undefined]]);
    const groups = ofType(run, 'aws:lb/targetGroup:TargetGroup');
    for (const group of groups) expect(group.inputs).toMatchObject({ targetType: 'lambda', healthCheck: { enabled: true, path: '/health', matcher: '200' } });
    expect((listeners[0].inputs.defaultActions as Array<{ targetGroupArn: string }>)[0].targetGroupArn).toBe(arnOf(groups[0]));
    const attachments = ofType(run, 'aws:lb/targetGroupAttachment:TargetGroupAttachment');
    expect(attachments.map((a) => a.inputs.targetId)).toEqual(ofType(run, 'aws:lambda/function:Function').map(arnOf));
    const permissions = ofType(run, 'aws:lambda/permission:Permission');
    expect(permissions.map((p) => [p.inputs.principal, p.inputs.sourceArn])).toEqual(groups.map((g) => ['elasticloadbalancing.amazonaws.com', arnOf(g)]));
  });

  it('a security group that admits port 80 from anywhere and nothing else, with no egress', async () => {
    const run = await build(healthcare);
    const ingress = ofType(run, 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule');
    expect(ingress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.ipProtocol, r.inputs.cidrIpv4])).toEqual([[80, 80, 'tcp', '0.0.0.0/0'], [80, 80, 'tcp', '0.0.0.0/0']]);
    expect(ofType(run, 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule')).toEqual([]);
  });

  it('the Lambda: configured runtime, no reserved concurrency, JSON logs in its own log group with retention', async () => {
    const run = await build({ ...healthcare, lambdaRuntime: 'nodejs24.x' });
    for (const fn of ofType(run, 'aws:lambda/function:Function')) {
      expect(fn.inputs).toMatchObject({ runtime: 'nodejs24.x', handler: 'index.handler' });
      expect(fn.inputs.reservedConcurrentExecutions).toBeUndefined();
      expect(fn.inputs.loggingConfig).toEqual({ logFormat: 'JSON', logGroup: `/aws/lambda/${fn.inputs.name}` });
    }
    const logs = ofType(run, 'aws:cloudwatch/logGroup:LogGroup');
    expect(logs.map((l) => [l.inputs.retentionInDays, l.inputs.kmsKeyId])).toEqual([[APP_LOG_RETENTION_DAYS, 'arn:kms:primary'], [APP_LOG_RETENTION_DAYS, 'arn:kms:secondary']]);
  });

  it('in the VPC: private subnets, the Lambda security group and the ENI rights; outside: neither', async () => {
    const inside = await build(healthcare, true);
    const [fn] = ofType(inside, 'aws:lambda/function:Function');
    expect(fn.inputs.vpcConfig).toEqual({ subnetIds: ['private-primary-1'], securityGroupIds: ['sg-lambda-primary'] });
    const [policy] = ofType(inside, 'aws:iam/rolePolicy:RolePolicy');
    expect(statements(policy.inputs.policy).map((s) => s.Sid)).toEqual(['WriteOwnLogs', 'ManageVpcNetworkInterfaces']);

    const outside = await build(healthcare, false);
    expect(ofType(outside, 'aws:lambda/function:Function')[0].inputs.vpcConfig).toBeUndefined();
    const [logsOnly] = statements(ofType(outside, 'aws:iam/rolePolicy:RolePolicy')[0].inputs.policy);
    expect([logsOnly.Sid, list(logsOnly.Action)]).toEqual(['WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents']]);
  });
});

describe('PublicFailover', () => {
  it('a public zone for the domain (no VPCs), force-destroyable only without deletion protection', async () => {
    const run = await build({ ...healthcare, deletionProtection: false });
    expect(only(run, 'aws:route53/zone:Zone').inputs).toMatchObject({ name: TEAM_DOMAIN, forceDestroy: true });
    expect(only(run, 'aws:route53/zone:Zone').inputs.vpcs).toBeUndefined();
    expect(only(await build({ ...healthcare, deletionProtection: true }), 'aws:route53/zone:Zone').inputs.forceDestroy).toBe(false);
  });

  it('HTTP checks of each ALB on port 80 /health, every 30 s, 3 failures by default', async () => {
    const run = await build(healthcare);
    const checks = ofType(run, 'aws:route53/healthCheck:HealthCheck');
    expect(checks.map((c) => [c.inputs.type, c.inputs.port, c.inputs.resourcePath, c.inputs.requestInterval, c.inputs.failureThreshold])).toEqual([
      ['HTTP', 80, '/health', 30, 3],
      ['HTTP', 80, '/health', 30, 3],
    ]);
    expect(checks.map((c) => c.inputs.fqdn)).toEqual([expect.stringContaining('.us-east-1.elb.amazonaws.com'), expect.stringContaining('.us-west-2.elb.amazonaws.com')]);
    for (const check of checks) expect(check.provider).toBe('aws-global');
  });

  it('takes the interval and threshold from the answers', async () => {
    const run = await build({ ...healthcare, healthCheckIntervalSeconds: 10, healthCheckFailureThreshold: 2 });
    expect(ofType(run, 'aws:route53/healthCheck:HealthCheck').map((c) => [c.inputs.requestInterval, c.inputs.failureThreshold])).toEqual([[10, 2], [10, 2]]);
  });

  it('alias records app.<domain>: PRIMARY to the primary ALB with its check, SECONDARY to the secondary', async () => {
    const run = await build(healthcare);
    const records = ofType(run, 'aws:route53/record:Record');
    const checks = ofType(run, 'aws:route53/healthCheck:HealthCheck');
    expect(records.map((r) => [r.inputs.name, r.inputs.type, (r.inputs.failoverRoutingPolicies as Array<{ type: string }>)[0].type, r.inputs.healthCheckId])).toEqual([
      [`app.${TEAM_DOMAIN}`, 'A', 'PRIMARY', mockId(checks[0])],
      [`app.${TEAM_DOMAIN}`, 'A', 'SECONDARY', mockId(checks[1])],
    ]);
    const aliases = records.map((r) => (r.inputs.aliases as Array<{ name: string; zoneId: string; evaluateTargetHealth: boolean }>)[0]);
    expect(aliases.map((a) => [a.name, a.evaluateTargetHealth])).toEqual([[expect.stringContaining('us-east-1'), true], [expect.stringContaining('us-west-2'), true]]);
    expect(run.outputs.record).toBe(`app.${TEAM_DOMAIN}`);
    expect(run.outputs.checkId).toBe(mockId(checks[0]));
  });

  it("gives the zone's four name servers, for the parent zone's NS record set", async () => {
    const run = await build(healthcare);
    expect(run.outputs.nameServers).toEqual([...MOCK_NAME_SERVERS]);
    expect(run.outputs.zoneId).toBe(mockId(only(run, 'aws:route53/zone:Zone')));
  });

  it('with an existing public zone: creates no zone, puts app.<domain> into that zone and gives its name servers', async () => {
    const run = await build({ ...healthcare, publicHostedZoneId: 'Z0TEAMZONE' });
    expect(ofType(run, 'aws:route53/zone:Zone')).toEqual([]);
    expect(ofType(run, 'aws:route53/record:Record').map((r) => [r.inputs.zoneId, r.inputs.name])).toEqual([['Z0TEAMZONE', `app.${TEAM_DOMAIN}`], ['Z0TEAMZONE', `app.${TEAM_DOMAIN}`]]);
    expect(run.outputs).toMatchObject({ zoneId: 'Z0TEAMZONE', nameServers: [...MOCK_NAME_SERVERS] });
  });

  // The check runs on the zone read at preview time (above: the zone that fits); under Pulumi's mocks a
  // failing registration cannot be awaited, so the refusals are checked on the function itself.
  it('stops the program when the existing zone has another name or is private, and takes the name with its trailing dot', () => {
    expect(() => assertExistingZoneFits({ name: 'shop.northwind-clinics.net.', privateZone: false }, 'Z0OTHERZONE', TEAM_DOMAIN)).toThrow(
      `TapStack:publicHostedZoneId Z0OTHERZONE is the zone shop.northwind-clinics.net, not TapStack:publicDomainName ${TEAM_DOMAIN}`,
    );
    expect(() => assertExistingZoneFits({ name: `${TEAM_DOMAIN}.`, privateZone: true }, 'Z0PRIVATEZONE', TEAM_DOMAIN)).toThrow('TapStack:publicHostedZoneId Z0PRIVATEZONE is a private hosted zone; the application needs a public one');
    expect(() => assertExistingZoneFits({ name: `${TEAM_DOMAIN.toUpperCase()}.`, privateZone: false }, 'Z0TEAMZONE', TEAM_DOMAIN)).not.toThrow();
  });
});

describe('the application tier in the whole stack', () => {
  const answers = generatedAnswers();

  it('each ALB sits in its own region\'s public subnets and VPC; the Lambda in the private subnets when asked', async () => {
    const run = await runWholeStack();
    const idOf = (type: string, name: string) => mockId(run.resources.find((r) => r.type === type && r.name === name) as RecordedResource);
    for (const role of ['primary', 'secondary']) {
      const alb = only({ ...run, resources: run.resources.filter((r) => r.name === `${role}-app-alb`) }, 'aws:lb/loadBalancer:LoadBalancer');
      expect(alb.inputs.subnets).toEqual([1, 2, 3].slice(0, answers.azCount).map((i) => idOf('aws:ec2/subnet:Subnet', `${role}-network-public-${i}`)));
      const group = run.resources.find((r) => r.type === 'aws:ec2/securityGroup:SecurityGroup' && r.name === `${role}-app-alb`);
      expect(group?.inputs.vpcId).toBe(idOf('aws:ec2/vpc:Vpc', `${role}-network-vpc`));
      const fn = run.resources.find((r) => r.name === `${role}-app-function`);
      expect(fn?.inputs.vpcConfig).toEqual(answers.appLambdaInVpc
        ? { subnetIds: [1, 2, 3].slice(0, answers.azCount).map((i) => idOf('aws:ec2/subnet:Subnet', `${role}-network-private-${i}`)), securityGroupIds: [idOf('aws:ec2/securityGroup:SecurityGroup', `${role}-network-lambda`)] }
        : undefined);
    }
  });

  it('Route 53 checks each region\'s ALB at the configured interval and threshold; the outputs give both URLs', async () => {
    const run = await runWholeStack();
    const checks = ofType(run, 'aws:route53/healthCheck:HealthCheck').filter((c) => c.inputs.type === 'HTTP');
    const albs = ofType(run, 'aws:lb/loadBalancer:LoadBalancer');
    expect(checks.map((c) => [c.inputs.fqdn, c.inputs.requestInterval, c.inputs.failureThreshold])).toEqual(
      albs.map((lb) => [`${lb.inputs.name}-1234567890.${lb.region}.elb.amazonaws.com`, answers.healthCheckIntervalSeconds, answers.healthCheckFailureThreshold]),
    );
    const tiers = run.outputs.tiers as Record<string, string>;
    expect(tiers.primaryEndpointUrl).toBe(`http://app.${answers.publicDomainName}`);
    // The NS record set the parent zone must hold: the created zone's, or the existing zone's.
    expect(tiers.publicZoneNameServers).toBe(MOCK_NAME_SERVERS.join(','));
    expect(tiers.publicZoneId).toBe(answers.publicHostedZoneId ?? mockId(run.resources.find((r) => r.type === 'aws:route53/zone:Zone' && r.inputs.vpcs === undefined) as RecordedResource));
    expect(tiers.failoverEndpointUrl).toBe(`http://${albs[1].inputs.name}-1234567890.${answers.secondaryRegion}.elb.amazonaws.com`);
  });
});
