import { MOCK_ACCOUNT, MOCK_NAME_SERVERS, mockArn, mockArnOf, mockCall, mockId, mockState } from '../../scripts/offline/aws-mocks';

const urn = (type: string, name: string) => `urn:pulumi:dev::TapStack::${type}::${name}`;
const resource = (type: string, name: string, inputs: Record<string, unknown> = {}, region?: string) => ({ urn: urn(type, name), type, name, inputs, region });

describe('mock ids', () => {
  it('are the same for the same URN and differ between URNs', () => {
    const vpc = resource('aws:ec2/vpc:Vpc', 'vpc-primary');
    expect(mockId(vpc)).toBe(mockId(vpc));
    expect(mockId(vpc)).not.toBe(mockId(resource('aws:ec2/vpc:Vpc', 'vpc-secondary')));
  });

  it('take the format AWS gives each type', () => {
    expect(mockId(resource('aws:ec2/vpc:Vpc', 'v'))).toMatch(/^vpc-0[0-9a-f]{16}$/);
    expect(mockId(resource('aws:route53/zone:Zone', 'z'))).toMatch(/^Z0[0-9A-Z]{19}$/);
    expect(mockId(resource('aws:route53/healthCheck:HealthCheck', 'h'))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mockId(resource('aws:kms/key:Key', 'k'))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mockId(resource('aws:route53/record:Record', 'r', { zoneId: 'Z1', name: 'db.example.com', type: 'CNAME' }))).toBe('Z1_db.example.com_CNAME');
    expect(mockId(resource('aws:rds/cluster:Cluster', 'c', { clusterIdentifier: 'tap-primary' }))).toBe('tap-primary');
    expect(mockId(resource('aws:lambda/function:Function', 'canary'))).toBe('canary');
  });

  it('are ARNs for the types whose id is their ARN, in us-east-1 when the region is unknown', () => {
    expect(mockId(resource('aws:sns/topic:Topic', 't', { name: 'alerts' }, 'eu-west-1'))).toBe(`arn:aws:sns:eu-west-1:${MOCK_ACCOUNT}:alerts`);
    expect(mockId(resource('aws:sns/topic:Topic', 't', { name: 'alerts' }))).toBe(`arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:alerts`);
  });
});

describe('mock ARNs', () => {
  it('follow the format of the type, with the physical name, region and account', () => {
    expect(mockArn('aws:iam/role:Role', 'role', { name: 'tap-failover' }, 'us-west-2')).toBe(`arn:aws:iam::${MOCK_ACCOUNT}:role/tap-failover`);
    expect(mockArn('aws:s3/bucket:Bucket', 'b', { bucket: 'tap-backups' }, 'us-west-2')).toBe('arn:aws:s3:::tap-backups');
    expect(mockArn('aws:lambda/function:Function', 'canary', {}, 'us-west-2')).toBe(`arn:aws:lambda:us-west-2:${MOCK_ACCOUNT}:function:canary`);
  });

  it('end with the id where AWS puts it, and fall back to the service module for unlisted types', () => {
    expect(mockArn('aws:ec2/vpc:Vpc', 'v', {}, 'us-west-2', 'vpc-1')).toBe(`arn:aws:ec2:us-west-2:${MOCK_ACCOUNT}:vpc/vpc-1`);
    expect(mockArn('aws:kms/key:Key', 'k', {}, 'us-west-2')).toBe(`arn:aws:kms:us-west-2:${MOCK_ACCOUNT}:key/k-id`);
    expect(mockArn('aws:sqs/queue:Queue', 'q', {}, 'us-west-2')).toBe(`arn:aws:sqs:us-west-2:${MOCK_ACCOUNT}:q`);
  });

  it('of a recorded resource carry its mock id, in us-east-1 when the region is unknown', () => {
    const key = resource('aws:kms/key:Key', 'k');
    expect(mockArnOf(key)).toBe(`arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/${mockId(key)}`);
    expect(mockArnOf({ ...key, region: 'eu-west-1' })).toBe(`arn:aws:kms:eu-west-1:${MOCK_ACCOUNT}:key/${mockId(key)}`);
  });
});

describe('mock state', () => {
  it('keeps the inputs and adds the ARN', () => {
    expect(mockState('aws:sqs/queue:Queue', 'q', { delaySeconds: 5 }, 'us-west-2', 'q')).toEqual({ delaySeconds: 5, arn: `arn:aws:sqs:us-west-2:${MOCK_ACCOUNT}:q` });
  });

  it('names endpoints and DNS names after the physical name, else the logical name, in us-east-1 when the region is unknown', () => {
    expect(mockState('aws:rds/cluster:Cluster', 'c', { clusterIdentifier: 'tap', engine: 'aurora-mysql' }, 'us-west-2', 'tap')).toMatchObject({
      endpoint: 'tap.cluster-abcdefghijkl.us-west-2.rds.amazonaws.com',
      readerEndpoint: 'tap.cluster-ro-abcdefghijkl.us-west-2.rds.amazonaws.com',
      port: 3306,
    });
    expect(mockState('aws:rds/cluster:Cluster', 'c', { engine: 'aurora-postgresql' }, undefined, 'c')).toMatchObject({
      endpoint: 'c.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com',
      readerEndpoint: 'c.cluster-ro-abcdefghijkl.us-east-1.rds.amazonaws.com',
      port: 5432,
    });
    expect(mockState('aws:rds/globalCluster:GlobalCluster', 'g', { globalClusterIdentifier: 'tap-global' }, undefined, 'g').endpoint).toBe('tap-global.global-abcdefghijkl.global.rds.amazonaws.com');
    expect(mockState('aws:rds/globalCluster:GlobalCluster', 'g', {}, undefined, 'g').endpoint).toBe('g.global-abcdefghijkl.global.rds.amazonaws.com');
    expect(mockState('aws:s3/bucket:Bucket', 'b', { bucket: 'tap-backups' }, undefined, 'b').bucket).toBe('tap-backups');
    expect(mockState('aws:s3/bucket:Bucket', 'b', {}, undefined, 'b').bucket).toBe('b');
    expect(mockState('aws:lb/loadBalancer:LoadBalancer', 'alb', { name: 'tap-alb' }, 'us-west-2', 'x')).toMatchObject({
      dnsName: 'tap-alb-1234567890.us-west-2.elb.amazonaws.com',
      zoneId: 'Z35SXDOTRQ7X7K',
      arnSuffix: 'app/tap-alb/0123456789abcdef',
    });
    expect(mockState('aws:lb/loadBalancer:LoadBalancer', 'alb', {}, undefined, 'x')).toMatchObject({ dnsName: 'alb-1234567890.us-east-1.elb.amazonaws.com', arnSuffix: 'app/alb/0123456789abcdef' });
    expect(mockState('aws:lb/targetGroup:TargetGroup', 'tg', { name: 'tap-tg' }, undefined, 'x').arnSuffix).toBe('targetgroup/tap-tg/0123456789abcdef');
    expect(mockState('aws:lb/targetGroup:TargetGroup', 'tg', {}, undefined, 'x').arnSuffix).toBe('targetgroup/tg/0123456789abcdef');
  });

  it('gives zones and keys their id as zone id and key id', () => {
    expect(mockState('aws:route53/zone:Zone', 'z', {}, undefined, 'Z0ABC')).toMatchObject({ zoneId: 'Z0ABC', nameServers: [...MOCK_NAME_SERVERS] });
    expect(mockState('aws:route53/zone:Zone', 'z', { vpcs: [{ vpcId: 'vpc-1' }] }, undefined, 'Z0ABD').nameServers).toHaveLength(1);
    expect(mockState('aws:kms/key:Key', 'k', {}, undefined, 'key-1').keyId).toBe('key-1');
  });
});

describe('mock data-source calls', () => {
  it('answer in the region asked for, else the provider region, else us-east-1', () => {
    const zones = 'aws:index/getAvailabilityZones:getAvailabilityZones';
    expect(mockCall(zones, { region: 'eu-west-1' }, 'us-west-2').names).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1d']);
    expect(mockCall(zones, {}, 'us-west-2').zoneIds).toEqual(['us-west-2-az1', 'us-west-2-az2', 'us-west-2-az3', 'us-west-2-az4']);
    expect(mockCall('aws:index/getRegion:getRegion', {}, undefined)).toEqual({ name: 'us-east-1', region: 'us-east-1' });
  });

  it('give the mock account, the aws partition, and echo the inputs of calls they do not know', () => {
    expect(mockCall('aws:index/getCallerIdentity:getCallerIdentity', {}, undefined)).toMatchObject({ accountId: MOCK_ACCOUNT });
    expect(mockCall('aws:index/getPartition:getPartition', {}, undefined)).toEqual({ partition: 'aws', dnsSuffix: 'amazonaws.com' });
    expect(mockCall('aws:ec2/getAmi:getAmi', { owners: ['amazon'] }, 'us-west-2')).toEqual({ owners: ['amazon'] });
  });

  it('looks up an existing public zone by ID: the name the mocked account holds, with a trailing dot as Route 53 gives it', () => {
    const zone = 'aws:route53/getZone:getZone';
    expect(mockCall(zone, { zoneId: 'Z0HEALTH' }, 'us-east-1', { Z0HEALTH: { name: 'dr.hospital.net' } })).toMatchObject({ zoneId: 'Z0HEALTH', name: 'dr.hospital.net.', privateZone: false, nameServers: [...MOCK_NAME_SERVERS] });
    expect(mockCall(zone, { zoneId: 'Z0INSIDE' }, 'us-east-1', { Z0INSIDE: { name: 'dr.internal', privateZone: true } }).privateZone).toBe(true);
    expect(mockCall(zone, { zoneId: 'Z0OTHER' }, 'us-east-1').name).toBe('z0other.unknown.invalid.');
  });
});
