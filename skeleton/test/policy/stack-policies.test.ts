import type { PolicyResource } from '@pulumi/policy';
import { automaticFailoverNeedsRedundancy, providerTags, requiredTags, s3BucketProtection, secondaryInSecondaryRegion, writeNameFollowsWriter } from '../../policy/policies';
import { provider, resource, stackViolations } from './synthetic';

const primary = provider('primary', 'us-east-1');
const secondary = provider('secondary', 'eu-west-1');
const global = provider('global', 'us-east-1');
const providerResources = [primary, secondary, global].map((p) => resource(p.type, p.props, { name: p.name, urn: p.urn }));

describe('s3-bucket-protection', () => {
  const bucket = resource('aws:s3/bucket:Bucket', { bucket: 'b' }, { name: 'b' });
  const on = (type: string, props: Record<string, unknown>) => resource(type, { bucket: 'b-id', ...props }, { propertyDependencies: { bucket: [bucket] } });
  const block = on('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  const encryption = on('aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', {});
  const tlsOnly = on('aws:s3/bucketPolicy:BucketPolicy', {
    policy: JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }),
  });

  it('passes a bucket with a full public access block, default encryption and a TLS-only policy', async () => {
    expect(await stackViolations(s3BucketProtection, [bucket, block, encryption, tlsOnly])).toEqual([]);
  });

  it('names each missing protection', async () => {
    const partialBlock = on('aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', { blockPublicAcls: true });
    const allowPolicy = on('aws:s3/bucketPolicy:BucketPolicy', { policy: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } });
    expect(await stackViolations(s3BucketProtection, [bucket, partialBlock, allowPolicy])).toEqual([
      'bucket b has no public access block with all four settings on',
      'bucket b has no default encryption configuration',
      'bucket b has no policy denying requests without TLS (aws:SecureTransport false)',
    ]);
  });

  it('reads bucket policies without statements, and resources that refer to no bucket', async () => {
    const empty = on('aws:s3/bucketPolicy:BucketPolicy', { policy: '{}' });
    const unrelated = resource('aws:s3/bucketPolicy:BucketPolicy', { policy: '{}' });
    expect(await stackViolations(s3BucketProtection, [bucket, block, encryption, empty, unrelated])).toEqual(['bucket b has no policy denying requests without TLS (aws:SecureTransport false)']);
  });

  it('does not count protections attached to another bucket', async () => {
    const other = resource('aws:s3/bucket:Bucket', { bucket: 'c' }, { name: 'c' });
    expect(await stackViolations(s3BucketProtection, [bucket, other, block, encryption, tlsOnly])).toHaveLength(3);
  });
});

describe('required-tags', () => {
  it('counts the provider default tags, the resource tags and tagsAll', async () => {
    const vpc = resource('aws:ec2/vpc:Vpc', {}, { provider: primary });
    const function_ = resource('aws:lambda/function:Function', { tags: { Environment: 'dev', DisasterRecovery: 'enabled', Region: 'x', 'DR-Role': 'primary' } });
    const unlisted = resource('aws:ec2/newThing:NewThing', { tagsAll: { Environment: 'dev', DisasterRecovery: 'enabled', Region: 'x', 'DR-Role': 'primary' } });
    expect(await stackViolations(requiredTags, [vpc, function_, unlisted])).toEqual([]);
  });

  it('fails a taggable resource without them, whether listed as taggable or marked by tagsAll', async () => {
    const bucket = resource('aws:s3/bucket:Bucket', { tags: { Environment: 'dev' } }, { name: 'b' });
    const unlisted = resource('aws:ec2/newThing:NewThing', { tagsAll: {} }, { name: 'n' });
    expect(await stackViolations(requiredTags, [bucket, unlisted])).toEqual([
      'aws:s3/bucket:Bucket b lacks the tags DisasterRecovery, Region, DR-Role',
      'aws:ec2/newThing:NewThing n lacks the tags Environment, DisasterRecovery, Region, DR-Role',
    ]);
  });

  it('leaves untaggable resources alone', async () => {
    expect(await stackViolations(requiredTags, [resource('aws:ec2/route:Route', {})])).toEqual([]);
    expect(providerTags(undefined)).toEqual({});
    expect(providerTags({ props: {} })).toEqual({});
    expect(providerTags({ props: { defaultTags: { tags: { A: 'b' } } } })).toEqual({ A: 'b' });
  });
});

describe('secondary-in-secondary-region', () => {
  const component = resource('tap:dr:Network', {}, { name: 'secondary-network' });
  const ok: PolicyResource[] = [
    ...providerResources,
    resource('aws:ec2/vpc:Vpc', {}, { name: 'secondary-network-vpc', provider: secondary, parent: component }),
    resource('aws:rds/cluster:Cluster', {}, { name: 'aurora-secondary', provider: secondary }),
    resource('aws:route53/record:Record', {}, { name: 'failover-dns-secondary', provider: global }),
    resource('aws:ec2/vpc:Vpc', {}, { name: 'primary-network-vpc', provider: primary }),
  ];

  it('passes secondary resources on the secondary provider, and global ones whatever their name', async () => {
    expect(await stackViolations(secondaryInSecondaryRegion, ok)).toEqual([]);
  });

  it('fails a secondary resource moved to another region by its region input', async () => {
    const moved = resource('aws:sns/topic:Topic', { region: 'us-east-1' }, { name: 'secondary-alerts-topic', provider: secondary });
    expect(await stackViolations(secondaryInSecondaryRegion, [...ok, moved])).toEqual(['aws:sns/topic:Topic secondary-alerts-topic is on the secondary side but placed in us-east-1, not eu-west-1']);
  });

  it('fails a resource of a secondary component on the primary provider (or none)', async () => {
    const wrong = resource('aws:ec2/subnet:Subnet', {}, { name: 'subnet-1', provider: primary, parent: component });
    const unmanaged = resource('aws:ec2/subnet:Subnet', {}, { name: 'secondary-subnet-2' });
    expect(await stackViolations(secondaryInSecondaryRegion, [...ok, wrong, unmanaged])).toEqual([
      'aws:ec2/subnet:Subnet subnet-1 belongs to the secondary side but is managed by the primary provider',
      'aws:ec2/subnet:Subnet secondary-subnet-2 belongs to the secondary side but is managed by the default provider',
    ]);
  });

  it('passes the alarm on the secondary health check in us-east-1, where Route 53 publishes its metrics, and only there', async () => {
    const alarm = (region: string) => resource('aws:cloudwatch/metricAlarm:MetricAlarm', { namespace: 'AWS/Route53', region }, { name: 'operations-alarms-primary-secondary-health-check', provider: primary });
    expect(await stackViolations(secondaryInSecondaryRegion, [...ok, alarm('us-east-1')])).toEqual([]);
    expect(await stackViolations(secondaryInSecondaryRegion, [...ok, alarm('us-west-2')])).toEqual([
      'aws:cloudwatch/metricAlarm:MetricAlarm operations-alarms-primary-secondary-health-check belongs to the secondary side but is managed by the primary provider',
    ]);
  });

  it('fails a stack without a secondary provider', async () => {
    expect(await stackViolations(secondaryInSecondaryRegion, [providerResources[0] as PolicyResource])).toEqual(['no AWS provider is tagged DR-Role=secondary']);
  });
});

describe('write-name-follows-writer', () => {
  const record = (name: string, props: Record<string, unknown> = {}) => resource('aws:route53/record:Record', { name, type: 'CNAME', ttl: 5, records: ['aurora-global.global-x.global.rds.amazonaws.com'], ...props }, { name });

  it('passes a plain CNAME of the global writer endpoint, and lets other names use checks and failover routing', async () => {
    expect(await stackViolations(writeNameFollowsWriter, [
      record('db.dr.internal'),
      record('read.dr.internal', { healthCheckId: 'hc-1', failoverRoutingPolicies: [{ type: 'PRIMARY' }] }),
    ])).toEqual([]);
  });

  it('fails a write name on a health check or a routing policy (the design that moved writes on lag)', async () => {
    const found = await stackViolations(writeNameFollowsWriter, [
      record('db.dr.internal', { healthCheckId: 'hc-1', failoverRoutingPolicies: [{ type: 'PRIMARY' }] }),
      record('db.dr.internal', { weightedRoutingPolicies: [{ weight: 1 }] }),
    ]);
    expect(found).toEqual([
      'db.dr.internal depends on a health check: an alarm could send writes to a cluster that takes none',
      'db.dr.internal has a routing policy (failoverRoutingPolicies): the write name is one record, the global writer endpoint',
      'db.dr.internal has a routing policy (weightedRoutingPolicies): the write name is one record, the global writer endpoint',
    ]);
  });
});

describe('automatic-failover-in-region-redundancy', () => {
  const cluster = resource('aws:rds/cluster:Cluster', { clusterIdentifier: 'aurora-cluster-us-east-1-dev' }, { name: 'aurora-primary' });
  const instance = (n: number) => resource('aws:rds/clusterInstance:ClusterInstance', { identifier: `i${n}` }, { name: `i${n}`, propertyDependencies: { clusterIdentifier: [cluster] } });
  const ARN = 'arn:aws:rds:us-east-1:123456789012:cluster:aurora-cluster-us-east-1-dev';
  const role = resource('aws:iam/role:Role', { name: 'iam-failover-dev' }, { name: 'failover-role' });
  const INSTANCE = (n: number) => `arn:aws:rds:us-east-1:123456789012:db:i${n}`;
  const grant = (resources: string[], action = 'rds:DescribeDBClusters') => resource('aws:iam/rolePolicy:RolePolicy', {
    role: 'iam-failover-dev',
    policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: action, Resource: resources }] }),
  }, { name: 'orchestrator-policy', propertyDependencies: { role: [role] } });
  const readsWriter = (...n: number[]) => grant(n.map(INSTANCE), 'rds:DescribeDBInstances');
  const READS_PRIMARY = [grant([ARN]), readsWriter(1, 2)];
  const READS_LONE_PRIMARY = [grant([ARN]), readsWriter(1)];
  const orchestrator = (mode: string, window: number, variables: Record<string, string> = { INSTANCES_PER_CLUSTER: '2', PRIMARY_CLUSTER_ARN: ARN }) =>
    resource('aws:lambda/function:Function', { environment: { variables: { FAILOVER_MODE: mode, CONFIRMATION_SECONDS: String(window), ...variables } } }, { name: 'orchestrator', propertyDependencies: { role: [role] } });
  const lone = { INSTANCES_PER_CLUSTER: '1', PRIMARY_CLUSTER_ARN: ARN };

  it('passes automatic failover with a replica in the cluster and any window, or a lone writer with a window beyond in-region recovery; and manual failover', async () => {
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), instance(2), role, ...READS_PRIMARY, orchestrator('automatic', 20)])).toEqual([]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), role, ...READS_LONE_PRIMARY, orchestrator('automatic', 601, lone)])).toEqual([]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), orchestrator('manual', 30)])).toEqual([]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), resource('aws:lambda/function:Function', {})])).toEqual([]);
  });

  it('fails an orchestrator that is not told the instance count, or is told more than a cluster has', async () => {
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), instance(2), role, ...READS_PRIMARY, orchestrator('automatic', 20, { PRIMARY_CLUSTER_ARN: ARN })])).toEqual([
      "orchestrator fails over automatically but is not told the instances per cluster (INSTANCES_PER_CLUSTER): it cannot size the slow-path window that outlasts Aurora's in-region recovery",
    ]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), role, ...READS_LONE_PRIMARY, orchestrator('automatic', 601)])).toEqual([
      'orchestrator is told 2 instances per cluster, but a cluster has 1: its slow-path window would count on a replica taking over in-region (60 s) where Aurora must recreate the writer (600 s)',
    ]);
  });

  it('fails an orchestrator that may not read the primary cluster through its region\'s RDS API, or may read more', async () => {
    const replicas = [cluster, instance(1), instance(2), role];
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, readsWriter(1, 2), orchestrator('automatic', 20)])).toEqual([
      `orchestrator must read the primary cluster (PRIMARY_CLUSTER_ARN ${ARN}) through its region's RDS API with rds:DescribeDBClusters granted on that cluster's ARN only (granted on: nothing): without it every outage takes the slow path, with more it may read other clusters`,
    ]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, grant([ARN, '*']), readsWriter(1, 2), orchestrator('automatic', 20)])).toHaveLength(1);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, ...READS_PRIMARY, orchestrator('automatic', 20, { INSTANCES_PER_CLUSTER: '2' })])).toHaveLength(2);
    // A policy without statements grants nothing; an orchestrator without a role may read nothing.
    const empty = resource('aws:iam/rolePolicy:RolePolicy', { role: 'iam-failover-dev', policy: '{}' }, { name: 'empty', propertyDependencies: { role: [role] } });
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, empty, readsWriter(1, 2), orchestrator('automatic', 20)])).toHaveLength(1);
    const roleless = resource('aws:lambda/function:Function', { environment: { variables: { FAILOVER_MODE: 'automatic', CONFIRMATION_SECONDS: '20', INSTANCES_PER_CLUSTER: '2', PRIMARY_CLUSTER_ARN: ARN } } }, { name: 'orchestrator' });
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, ...READS_PRIMARY, roleless])).toHaveLength(2);
  });

  it('fails an orchestrator that may not read the primary writer\'s status, or may read more than the primary cluster\'s instances', async () => {
    const replicas = [cluster, instance(1), instance(2), role, grant([ARN])];
    const message = (granted: string) => `orchestrator must read the primary writer's status through its region's RDS API with rds:DescribeDBInstances granted on the primary cluster's instances only (${INSTANCE(1)}, ${INSTANCE(2)}; granted on: ${granted}): without it a rebooting writer looks available, with more it may read other databases`;
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, orchestrator('automatic', 20)])).toEqual([message('nothing')]);
    // One instance missing: after an in-region failover to it, the writer could not be read.
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, readsWriter(2), orchestrator('automatic', 20)])).toEqual([message(INSTANCE(2))]);
    // Any instance of the account, or one of another cluster.
    const everyInstance = grant(['arn:aws:rds:us-east-1:123456789012:db:*'], 'rds:DescribeDBInstances');
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, readsWriter(1, 2), everyInstance, orchestrator('automatic', 20)])).toEqual([
      message(`${INSTANCE(1)}, ${INSTANCE(2)}, arn:aws:rds:us-east-1:123456789012:db:*`),
    ]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, readsWriter(1, 2, 3), orchestrator('automatic', 20)])).toHaveLength(1);
    // rds:* covers the instance read too, on everything.
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, readsWriter(1, 2), grant(['*'], 'rds:*'), orchestrator('automatic', 20)])).toHaveLength(2);
    // The same names in another account or region are other instances.
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [...replicas, grant([INSTANCE(1), INSTANCE(2)].map((a) => a.replace('123456789012', '210987654321')), 'rds:DescribeDBInstances'), orchestrator('automatic', 20)])).toHaveLength(1);
  });

  it('fails the instance read when the primary cluster cannot be found from PRIMARY_CLUSTER_ARN', async () => {
    const other = 'arn:aws:rds:us-east-1:123456789012:cluster:another-cluster';
    const found = await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), instance(2), role, grant([other]), readsWriter(1, 2), orchestrator('automatic', 20, { INSTANCES_PER_CLUSTER: '2', PRIMARY_CLUSTER_ARN: other })]);
    expect(found).toEqual([expect.stringContaining(`granted on the primary cluster's instances only (no instance of that cluster found; granted on: ${INSTANCE(1)}, ${INSTANCE(2)})`)]);
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), instance(2), role, readsWriter(1, 2), orchestrator('automatic', 20, { INSTANCES_PER_CLUSTER: '2', PRIMARY_CLUSTER_ARN: 'not-an-arn' })])).toHaveLength(2);
  });

  it('fails automatic failover of a lone writer within in-region recovery', async () => {
    expect(await stackViolations(automaticFailoverNeedsRedundancy, [cluster, instance(1), role, ...READS_LONE_PRIMARY, orchestrator('automatic', 600, lone)])).toEqual([
      'cluster aurora-primary has one instance and orchestrator fails over automatically after 600 s: a lone writer is recreated in its region in up to 600 s, so the cross-region failover (which may lose data) would race it; add a replica or wait longer than 600 s',
    ]);
  });
});
