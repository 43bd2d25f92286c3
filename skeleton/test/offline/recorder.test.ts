import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { mockId } from '../../scripts/offline/aws-mocks';
import { MASKED, PROGRAM_STACK_FRAMES, existingZonesIn, runOffline } from '../../scripts/offline/recorder';

class Group extends pulumi.ComponentResource {
  constructor(name: string, build: (parent: pulumi.Resource) => void) {
    super('tap:test:Group', name);
    build(this);
  }
}

describe('runOffline', () => {
  it('records every resource with its parent, provider, region, URN and mock id, as pulumi preview would', async () => {
    const run = await runOffline(() => {
      const west = new aws.Provider('west', { region: 'us-west-2' });
      let vpcId: pulumi.Output<string> | undefined;
      new Group('net', (parent) => {
        const vpc = new aws.ec2.Vpc('vpc', { cidrBlock: '10.0.0.0/16' }, { parent, provider: west });
        vpcId = vpc.id;
        new aws.ec2.Subnet('subnet', { vpcId: vpc.id, cidrBlock: '10.0.0.0/24' }, { parent: vpc, provider: west });
      });
      new aws.sns.Topic('elsewhere', { region: 'eu-west-1' }, { provider: west });
      return { vpcId };
    }, { project: 'Proj', stack: 'qa' });

    const byName = new Map(run.resources.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(['elsewhere', 'net', 'subnet', 'vpc', 'west']);
    expect(byName.get('west')).toMatchObject({ type: 'pulumi:providers:aws', region: 'us-west-2', custom: true });
    expect(byName.get('net')).toMatchObject({ type: 'tap:test:Group', parent: undefined, provider: undefined, custom: false });
    const vpc = byName.get('vpc');
    expect(vpc).toMatchObject({ urn: 'urn:pulumi:qa::Proj::tap:test:Group$aws:ec2/vpc:Vpc::vpc', parent: 'tap:test:Group::net', provider: 'west', region: 'us-west-2' });
    expect(byName.get('subnet')).toMatchObject({
      urn: 'urn:pulumi:qa::Proj::tap:test:Group$aws:ec2/vpc:Vpc$aws:ec2/subnet:Subnet::subnet',
      parent: 'aws:ec2/vpc:Vpc::vpc',
      inputs: { vpcId: mockId(vpc!), cidrBlock: '10.0.0.0/24' },
    });
    // Every custom resource carries the id the mocks gave it, so the inputs that hold it can be followed back.
    expect(vpc?.id).toBe(mockId(vpc!));
    expect(byName.get('subnet')?.inputs.vpcId).toBe(vpc?.id);
    expect(byName.get('net')?.id).toBeUndefined();
    // A resource's own region input wins over its provider's.
    expect(byName.get('elsewhere')?.region).toBe('eu-west-1');
    expect(run.outputs).toEqual({ vpcId: mockId(vpc!) });
    expect(run.resources.every((r) => r.protect === undefined)).toBe(true);
  });

  it('names the stack dev of project TapStack unless told, and passes the config to the program', async () => {
    const run = await runOffline(() => {
      new aws.s3.Bucket('b', { bucket: new pulumi.Config('app').require('bucket'), tags: { Team: 'dr' } });
      new aws.route53.Record('r', { zoneId: 'Z1', name: 'db', type: 'A', ttl: 60, records: [pulumi.output('10.0.0.1')] });
      return {};
    }, { config: { 'app:bucket': 'tap-backups' } });
    // Registrations finish in any order.
    expect([...run.resources].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      expect.objectContaining({ urn: 'urn:pulumi:dev::TapStack::aws:s3/bucket:Bucket::b', inputs: { bucket: 'tap-backups', tags: { Team: 'dr' } } }),
      expect.objectContaining({ urn: 'urn:pulumi:dev::TapStack::aws:route53/record:Record::r', inputs: { zoneId: 'Z1', name: 'db', type: 'A', ttl: 60, records: ['10.0.0.1'] } }),
    ]);
  });

  it('marks the resources the program protects', async () => {
    const run = await runOffline(() => {
      new aws.kms.Key('kept', {}, { protect: true });
      new aws.kms.Key('free', {});
      return {};
    });
    expect(Object.fromEntries(run.resources.map((r) => [r.name, r.protect]))).toEqual({ kept: true, free: undefined });
  });

  it('records the resources a resource names in dependsOn, one or a list', async () => {
    const run = await runOffline(() => {
      const logs = new aws.cloudwatch.LogGroup('logs', {});
      const key = new aws.kms.Key('key', {});
      new aws.rds.Cluster('cluster', { engine: 'aurora-postgresql' }, { dependsOn: [logs, key] });
      new aws.lambda.Function('fn', { role: 'r' }, { dependsOn: logs });
      return {};
    });
    expect(Object.fromEntries(run.resources.map((r) => [r.name, r.dependsOn]))).toEqual({
      logs: undefined,
      key: undefined,
      cluster: ['aws:cloudwatch/logGroup:LogGroup::logs', 'aws:kms/key:Key::key'],
      fn: ['aws:cloudwatch/logGroup:LogGroup::logs'],
    });
  });

  it('records the inputs the program tells Pulumi to ignore, as the policy engine sees them', async () => {
    const run = await runOffline(() => {
      new aws.rds.Cluster('member', { engine: 'aurora-postgresql' }, { ignoreChanges: ['engineVersion'] });
      new aws.rds.Cluster('plain', { engine: 'aurora-postgresql' });
      return {};
    });
    expect(Object.fromEntries(run.resources.map((r) => [r.name, r.ignoreChanges]))).toEqual({ member: ['engineVersion'], plain: undefined });
  });

  it('pretends the account holds the existing public zone the stack config names', async () => {
    const config = { 'TapStack:publicHostedZoneId': 'Z0HEALTH', 'TapStack:publicDomainName': 'dr.hospital.net' };
    expect(existingZonesIn(config)).toEqual({ Z0HEALTH: { name: 'dr.hospital.net' } });
    expect(existingZonesIn({ 'TapStack:publicDomainName': 'dr.hospital.net' })).toEqual({});
    expect(existingZonesIn()).toEqual({});
    const run = await runOffline(() => ({ name: aws.route53.getZoneOutput({ zoneId: 'Z0HEALTH' }).name }), { config });
    expect(run.outputs).toEqual({ name: 'dr.hospital.net.' });
  });

  it('records each data source the program calls once per Region: its provider\'s, its own region input, or none', async () => {
    const run = await runOffline(() => {
      const west = new aws.Provider('west', { region: 'us-west-2' });
      const first = aws.getAvailabilityZonesOutput({}, { provider: west });
      const again = aws.getAvailabilityZonesOutput({ state: 'available' }, { provider: west });
      const elsewhere = aws.getAvailabilityZonesOutput({ region: 'eu-west-1' }, { provider: west });
      const account = aws.getCallerIdentityOutput({});
      return { zones: [first.names, again.names, elsewhere.names], account: account.accountId };
    });
    expect(run.invokes).toEqual([
      { token: 'aws:index/getAvailabilityZones:getAvailabilityZones', region: 'eu-west-1' },
      { token: 'aws:index/getAvailabilityZones:getAvailabilityZones', region: 'us-west-2' },
      { token: 'aws:index/getCallerIdentity:getCallerIdentity' },
    ]);
  });

  it('shows secret inputs and outputs as [secret], as pulumi preview does', async () => {
    const run = await runOffline(() => {
      new aws.secretsmanager.SecretVersion('v', { secretId: 's', secretString: pulumi.secret('hunter2') });
      const password = pulumi.secret('hunter2');
      return { password, derived: { url: pulumi.interpolate`postgres://app:${password}@db`, hosts: [pulumi.output('db'), null] }, plain: 'visible' };
    });
    expect(run.resources[0].inputs).toEqual({ secretId: 's', secretString: MASKED });
    expect(run.outputs).toEqual({ password: MASKED, derived: { url: MASKED, hosts: ['db', null] }, plain: 'visible' });
  });

  it('answers data-source calls in the provider region, and in us-east-1 without a provider', async () => {
    const run = await runOffline(async () => {
      const west = new aws.Provider('west', { region: 'us-west-2' });
      const zones = await aws.getAvailabilityZones({}, { provider: west });
      const region = await aws.getRegion({});
      return { zones: zones.names, region: region.region };
    });
    expect(run.outputs).toEqual({ zones: ['us-west-2a', 'us-west-2b', 'us-west-2c', 'us-west-2d'], region: 'us-east-1' });
  });

  it('rethrows the error the program throws, with resources it registered still pending', async () => {
    let frames: number | undefined;
    const limit = Error.stackTraceLimit;
    await expect(runOffline(() => {
      frames = Error.stackTraceLimit;
      new aws.kms.Key('started', {});
      throw new Error('config is invalid');
    })).rejects.toThrow('config is invalid');
    // Error stacks are cut to the throwing line while the program runs, and restored afterwards.
    expect(frames).toBe(PROGRAM_STACK_FRAMES);
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
