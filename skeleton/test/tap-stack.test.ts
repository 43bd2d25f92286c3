import { BLIND_OUTCOMES } from '../lib/config/blind-outcomes';
import { GLOBAL_LAG_DIMENSIONS, GLOBAL_WRITER_DNS_CACHE_SECONDS, IN_REGION_RECOVERY_SECONDS, NAME_LIMITS, ROUTE53_HEALTH_CHECK, S3_LIFECYCLE, type NamedKind } from '../lib/config/aws-facts';
import type { Answers } from '../lib/config/answers-schema';
import { requiredTags, type DrRole } from '../lib/regions';
import { json, ofType, statements } from './helpers/components';
import { MOCK_ACCOUNT, mockArnOf, mockId } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';
import { generatedAnswers } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';

/** The health-check alarms' own provider (lib/health-check-alarm-side.ts, rendered only with the application tier and the dashboard). */
const HEALTH_CHECK_ALARMS_PROVIDER = 'aws-health-check-alarms';

/**
 * The whole program, run offline with this repository's own Pulumi.<stack>.yaml: the DR design's
 * requirements checked as properties of the resource graph it would deploy.
 */
const answers: Answers = generatedAnswers();
let run: OfflineRun;

beforeAll(async () => {
  run = await runWholeStack();
});

const aws = () => run.resources.filter((r) => r.custom && r.type.startsWith('aws:'));
const descendantsOf = (component: string): RecordedResource[] => {
  const direct = run.resources.filter((r) => r.parent === component);
  return direct.flatMap((r) => [r, ...descendantsOf(`${r.type}::${r.name}`)]);
};

/** Where each named resource type keeps its physical name, and which AWS limit applies. */
const PHYSICAL_NAMES: Record<string, [field: string, kind: NamedKind]> = {
  'aws:s3/bucket:Bucket': ['bucket', 's3Bucket'],
  'aws:rds/globalCluster:GlobalCluster': ['globalClusterIdentifier', 'rdsGlobalCluster'],
  'aws:rds/cluster:Cluster': ['clusterIdentifier', 'rdsCluster'],
  'aws:rds/clusterInstance:ClusterInstance': ['identifier', 'rdsInstance'],
  'aws:rds/subnetGroup:SubnetGroup': ['name', 'rdsSubnetGroup'],
  'aws:rds/clusterParameterGroup:ClusterParameterGroup': ['name', 'rdsParameterGroup'],
  'aws:iam/role:Role': ['name', 'iamRole'],
  'aws:lambda/function:Function': ['name', 'lambdaFunction'],
  'aws:cloudwatch/eventRule:EventRule': ['name', 'eventRule'],
  'aws:cloudwatch/metricAlarm:MetricAlarm': ['name', 'alarm'],
  'aws:cloudwatch/logGroup:LogGroup': ['name', 'logGroup'],
  'aws:sns/topic:Topic': ['name', 'snsTopic'],
  'aws:kms/alias:Alias': ['name', 'kmsAlias'],
  'aws:secretsmanager/secret:Secret': ['name', 'secret'],
  'aws:ec2/securityGroup:SecurityGroup': ['name', 'securityGroup'],
  'aws:rds/eventSubscription:EventSubscription': ['name', 'rdsEventSubscription'],
  'aws:lb/loadBalancer:LoadBalancer': ['name', 'loadBalancer'],
  'aws:lb/targetGroup:TargetGroup': ['name', 'targetGroup'],
  'aws:cloudwatch/eventBus:EventBus': ['name', 'eventBus'],
  'aws:cloudwatch/dashboard:Dashboard': ['dashboardName', 'dashboard'],
};

/**
 * The stack's providers and the DR-Role each tags with: the three of every stack, and with the
 * application tier and dashboard but neither region in us-east-1, the one of the health-check alarms there.
 */
const healthCheckAlarmsApart = answers.appTier && answers.dashboard
  && ![answers.primaryRegion, answers.secondaryRegion].includes(ROUTE53_HEALTH_CHECK.metricsRegion);
const PROVIDER_ROLES: Record<string, DrRole> = {
  'aws-primary': 'primary',
  'aws-secondary': 'secondary',
  'aws-global': 'global',
  ...(healthCheckAlarmsApart ? { [HEALTH_CHECK_ALARMS_PROVIDER]: 'global' as const } : {}),
};

interface Statement { Effect: string; Action?: string | string[]; NotAction?: unknown; Resource?: unknown; Principal?: unknown }

describe(`the ${answers.name} stack (${answers.primaryRegion} → ${answers.secondaryRegion})`, () => {
  it(`puts every AWS resource on one of the ${Object.keys(PROVIDER_ROLES).length} explicit providers, never the default one`, () => {
    const providers = Object.keys(PROVIDER_ROLES);
    for (const r of aws()) expect([r.name, providers.includes(String(r.provider))]).toEqual([r.name, true]);
  });

  it('places every resource of the secondary side in the secondary region', () => {
    const secondaryComponents = run.resources.filter((r) => !r.custom && /^secondary-/.test(r.name));
    expect(secondaryComponents.length).toBeGreaterThanOrEqual(4);
    for (const component of secondaryComponents) {
      for (const r of descendantsOf(`${component.type}::${component.name}`).filter((x) => x.custom)) {
        expect([r.type, r.name, r.region]).toEqual([r.type, r.name, answers.secondaryRegion]);
      }
    }
    for (const r of aws().filter((x) => x.provider === 'aws-secondary')) expect(r.region).toBe(answers.secondaryRegion);
    for (const r of aws().filter((x) => x.provider !== 'aws-secondary' && x.region === answers.secondaryRegion)) {
      // Only a cross-region replica may name the secondary region from the primary side.
      expect(r.type).toMatch(/secretsmanager|vpcPeeringConnection|route53|peeringConnectionOptions/);
    }
  });

  it('tags every resource through its provider: Environment, DisasterRecovery, Region, DR-Role and the user tags', () => {
    const providers = ofType(run, 'pulumi:providers:aws');
    expect(providers.map((p) => p.name).sort()).toEqual(Object.keys(PROVIDER_ROLES).sort());
    for (const provider of providers) {
      const role = PROVIDER_ROLES[provider.name] as DrRole;
      const { tags } = json<{ tags: Record<string, string> }>(provider.inputs.defaultTags);
      expect(tags).toEqual(requiredTags(answers, role, String(provider.inputs.region)));
      expect(tags).toMatchObject({ DisasterRecovery: 'enabled', 'DR-Role': role, Environment: expect.any(String) });
    }
  });

  it('names every named resource with the suffix, within its AWS limit', () => {
    let checked = 0;
    for (const r of aws()) {
      const rule = PHYSICAL_NAMES[r.type];
      if (!rule) continue;
      const name = String(r.inputs[rule[0]]);
      expect([r.type, name]).toEqual([r.type, expect.stringContaining(answers.environmentSuffix)]);
      expect(name.replace(/^(alias|\/aws\/lambda)\//, '').length).toBeLessThanOrEqual(NAME_LIMITS[rule[1]]);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('places the instances of each cluster in the AZs of its private subnets, no two in one AZ while AZs remain', () => {
    for (const region of [answers.primaryRegion, answers.secondaryRegion]) {
      const zones = ofType(run, 'aws:rds/clusterInstance:ClusterInstance').filter((i) => i.region === region).map((i) => String(i.inputs.availabilityZone));
      const subnetZones = ofType(run, 'aws:ec2/subnet:Subnet').filter((s) => s.region === region && /-private-/.test(s.name)).map((s) => String(s.inputs.availabilityZone));
      expect(zones).toHaveLength(answers.instancesPerCluster);
      for (const zone of zones) expect(subnetZones).toContain(zone);
      expect(new Set(zones).size).toBe(Math.min(zones.length, subnetZones.length));
    }
  });

  it('every role a Lambda function runs as trusts the Lambda service for this account only', () => {
    const roleOf = (arn: unknown) => ofType(run, 'aws:iam/role:Role').find((r) => mockArnOf(r) === arn);
    const functions = ofType(run, 'aws:lambda/function:Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const role = roleOf(fn.inputs.role);
      expect({ function: fn.name, trust: role && json(role.inputs.assumeRolePolicy as string) }).toEqual({
        function: fn.name,
        trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': MOCK_ACCOUNT } } }] },
      });
    }
  });

  it('grants no IAM statement a "*" action', () => {
    const documents = aws().flatMap((r) => ['policy', 'assumeRolePolicy'].filter((k) => typeof r.inputs[k] === 'string').map((k) => json<{ Statement: Statement[] }>(r.inputs[k])));
    expect(documents.length).toBeGreaterThan(5);
    // Deny statements (TLS-only bucket policies deny s3:* without TLS) take rights away; only grants count.
    for (const statement of documents.flatMap((d) => d.Statement).filter((s) => s.Effect === 'Allow')) {
      const actions = [statement.Action ?? []].flat();
      const isKeyAdmin = JSON.stringify(statement.Principal ?? '').includes(':root');
      if (!isKeyAdmin) expect(actions).not.toContain('*');
      expect(actions.filter((a) => a !== 'kms:*' && a.endsWith(':*'))).toEqual([]);
    }
  });

  it('creates every Lambda function in a VPC after its role\'s policy: Lambda checks the network-interface permissions on creation', () => {
    const inVpc = ofType(run, 'aws:lambda/function:Function').filter((f) => f.inputs.vpcConfig !== undefined);
    expect(inVpc.length).toBeGreaterThan(0);
    for (const fn of inVpc) {
      const role = ofType(run, 'aws:iam/role:Role').find((r) => mockArnOf(r) === fn.inputs.role) as RecordedResource;
      const policies = ofType(run, 'aws:iam/rolePolicy:RolePolicy').filter((p) => p.inputs.role === mockId(role));
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) expect(fn.dependsOn).toContain(`aws:iam/rolePolicy:RolePolicy::${policy.name}`);
    }
  });

  it('keeps the secondary cluster free of master credentials, encrypted with the secondary key', () => {
    const secondary = ofType(run, 'aws:rds/cluster:Cluster').find((c) => c.region === answers.secondaryRegion) as RecordedResource;
    expect(secondary.inputs.masterUsername).toBeUndefined();
    expect(secondary.inputs.masterPassword).toBeUndefined();
    expect(String(secondary.inputs.kmsKeyId)).toContain(`:kms:${answers.secondaryRegion}:`);
  });

  it('routes to the peer VPC from every private and public route table of both VPCs', () => {
    const tables = ofType(run, 'aws:ec2/routeTable:RouteTable');
    const peerRoutes = ofType(run, 'aws:ec2/route:Route').filter((r) => r.inputs.vpcPeeringConnectionId !== undefined);
    expect(peerRoutes).toHaveLength(tables.length);
    expect(new Set(peerRoutes.map((r) => r.inputs.routeTableId))).toEqual(new Set(tables.map((t) => mockId(t))));
    for (const route of peerRoutes) {
      const expected = route.region === answers.primaryRegion ? answers.secondaryVpcCidr : answers.primaryVpcCidr;
      expect(route.inputs.destinationCidrBlock).toBe(expected);
    }
  });

  const checkById = () => new Map(ofType(run, 'aws:route53/healthCheck:HealthCheck').map((c) => [c.id, c]));
  /** The alarms a health check looks at, through calculated checks' children, found by the ids the graph records. */
  const alarmsBehind = (check: RecordedResource, checks = checkById()): RecordedResource[] => {
    if (check.inputs.type === 'CALCULATED') {
      return (check.inputs.childHealthchecks as string[]).flatMap((id) => alarmsBehind(checks.get(id) as RecordedResource, checks));
    }
    return ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => a.inputs.name === check.inputs.cloudwatchAlarmName);
  };
  const isLagAlarm = (alarm: RecordedResource) => String(alarm.inputs.metricName).startsWith('AuroraGlobalDB');
  const recordsOf = (name: unknown) => ofType(run, 'aws:route53/record:Record').filter((r) => r.inputs.name === name);

  it('sends writes to whichever cluster is the writer: db.<zone> is a CNAME of the global writer endpoint, no check, no failover routing', () => {
    const records = recordsOf(run.outputs.databaseDnsName);
    expect(records).toHaveLength(1);
    expect(records[0].inputs).toMatchObject({ type: 'CNAME', records: [run.outputs.globalWriterEndpoint] });
    expect(records[0].inputs.ttl).toBeLessThanOrEqual(GLOBAL_WRITER_DNS_CACHE_SECONDS);
    expect(records[0].inputs.healthCheckId).toBeUndefined();
    expect(records[0].inputs.failoverRoutingPolicies).toBeUndefined();
  });

  it('lets no record of the write name depend on a lag alarm; the read name leaves the secondary readers when they lag or are unreachable', () => {
    const checks = checkById();
    const behind = (record: RecordedResource) => (record.inputs.healthCheckId ? alarmsBehind(checks.get(record.inputs.healthCheckId as string) as RecordedResource, checks) : []);
    for (const record of recordsOf(run.outputs.databaseDnsName)) expect(behind(record).filter(isLagAlarm)).toEqual([]);

    const read = recordsOf(run.outputs.databaseReadDnsName);
    expect(read.map((r) => (r.inputs.failoverRoutingPolicies as Array<{ type: string }>)[0].type).sort()).toEqual(['PRIMARY', 'SECONDARY']);
    const [primary] = read.filter((r) => (r.inputs.failoverRoutingPolicies as Array<{ type: string }>)[0].type === 'PRIMARY');
    expect(primary.inputs.records).toEqual([expect.stringContaining('.cluster-ro-')]);
    const alarms = behind(primary);
    expect(alarms.map((a) => [a.region, isLagAlarm(a)]).sort()).toEqual([[answers.secondaryRegion, false], [answers.secondaryRegion, true]]);
    const [secondary] = read.filter((r) => r !== primary);
    expect(secondary.inputs).toMatchObject({ records: [run.outputs.globalWriterEndpoint] });
    expect(secondary.inputs.healthCheckId).toBeUndefined();
  });

  it('keeps Route 53\'s copy of every alarm it checks current: each alarm check has triggers naming its alarm', () => {
    const alarmChecks = ofType(run, 'aws:route53/healthCheck:HealthCheck').filter((c) => c.inputs.type === 'CLOUDWATCH_METRIC');
    expect(alarmChecks.length).toBeGreaterThanOrEqual(2);
    for (const check of alarmChecks) expect(check.inputs.triggers).toMatchObject({ alarmName: check.inputs.cloudwatchAlarmName });
  });

  it('watches the orchestrator from the secondary region, to the secondary topic: errors, throttles, and silence as breaching', () => {
    const watchers = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => a.parent === 'tap:dr:OrchestratorAlarms::orchestrator-alarms');
    expect(watchers.map((a) => a.inputs.metricName).sort()).toEqual(['DecisionsRecorded', 'Errors', ...BLIND_OUTCOMES.map(() => 'FailoverDecision'), 'Throttles']);
    for (const alarm of watchers) {
      expect(alarm.region).toBe(answers.secondaryRegion);
      expect(alarm.inputs.alarmActions).toEqual([run.outputs.secondaryAlarmTopicArn]);
    }
    expect(watchers.find((a) => a.inputs.metricName === 'DecisionsRecorded')?.inputs.treatMissingData).toBe('breaching');
  });

  it('reads no lag alarm\'s missing data as healthy, and alarms on lag under the dimensions Aurora publishes it with', () => {
    const lagAlarms = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter(isLagAlarm);
    expect(lagAlarms.length).toBeGreaterThanOrEqual(2);
    for (const alarm of lagAlarms) {
      expect(alarm.inputs.treatMissingData).toBe('breaching');
      expect(Object.keys(alarm.inputs.dimensions as object).sort()).toEqual([...GLOBAL_LAG_DIMENSIONS].sort());
      expect(alarm.inputs.dimensions).toMatchObject({ SourceRegion: answers.primaryRegion });
    }
  });

  it('fails over automatically only with redundancy in-region: a replica, or a confirmation window beyond in-region recovery', () => {
    const instances = ofType(run, 'aws:rds/clusterInstance:ClusterInstance').filter((i) => i.region === answers.primaryRegion);
    const orchestrator = ofType(run, 'aws:lambda/function:Function').find((f) => f.parent === 'tap:dr:FailoverOrchestrator::orchestrator') as RecordedResource;
    const env = (orchestrator.inputs.environment as { variables: Record<string, string> }).variables;
    if (env.FAILOVER_MODE === 'automatic') {
      expect(instances.length > 1 || Number(env.CONFIRMATION_SECONDS) > IN_REGION_RECOVERY_SECONDS).toBe(true);
    }
    // The slow path's window is sized from the instance count the orchestrator is told.
    expect(env.INSTANCES_PER_CLUSTER).toBe(String(answers.instancesPerCluster));
    expect(instances).toHaveLength(answers.instancesPerCluster);
  });

  it('lets the orchestrator read the primary cluster and its writer through the primary region\'s RDS API: that cluster and its instances only', () => {
    const orchestrator = ofType(run, 'aws:lambda/function:Function').find((f) => f.parent === 'tap:dr:FailoverOrchestrator::orchestrator') as RecordedResource;
    const env = (orchestrator.inputs.environment as { variables: Record<string, string> }).variables;
    const primaryCluster = ofType(run, 'aws:rds/cluster:Cluster').find((c) => c.region === answers.primaryRegion) as RecordedResource;
    expect(env.PRIMARY_CLUSTER_ARN).toBe(mockArnOf(primaryCluster));
    expect(env.PRIMARY_CLUSTER_ARN).toMatch(new RegExp(`^arn:aws:rds:${answers.primaryRegion}:`));
    const role = ofType(run, 'aws:iam/role:Role').find((r) => mockArnOf(r) === orchestrator.inputs.role) as RecordedResource;
    const grantsOf = (action: string) => ofType(run, 'aws:iam/rolePolicy:RolePolicy').filter((p) => p.inputs.role === mockId(role))
      .flatMap((p) => statements(p.inputs.policy)).filter((st) => [st.Action].flat().includes(action));
    expect(grantsOf('rds:DescribeDBClusters')).toEqual([{ Sid: 'AskThePrimaryRegionAboutThePrimaryCluster', Effect: 'Allow', Action: 'rds:DescribeDBClusters', Resource: env.PRIMARY_CLUSTER_ARN }]);
    // Any instance of the primary cluster can be its writer after an in-region failover; no other instance is readable.
    const primaryInstances = ofType(run, 'aws:rds/clusterInstance:ClusterInstance').filter((i) => i.inputs.clusterIdentifier === mockId(primaryCluster));
    expect(primaryInstances).toHaveLength(answers.instancesPerCluster);
    expect(grantsOf('rds:DescribeDBInstances')).toEqual([{ Sid: 'AskThePrimaryRegionAboutItsWriter', Effect: 'Allow', Action: 'rds:DescribeDBInstances', Resource: primaryInstances.map(mockArnOf) }]);
  });

  it('keeps backups exactly the configured days in both regions: locked that long, expired then, gone a day later', () => {
    const backups = descendantsOf('tap:dr:BackupBuckets::backups');
    const lifecycles = backups.filter((r) => r.type === 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration');
    expect(lifecycles.map((l) => l.region).sort()).toEqual([answers.primaryRegion, answers.secondaryRegion].sort());
    for (const lifecycle of lifecycles) {
      const rules = lifecycle.inputs.rules as Array<{ expiration?: { days?: number }; noncurrentVersionExpiration?: { noncurrentDays?: number } }>;
      expect(rules.filter((r) => r.expiration?.days !== undefined).map((r) => r.expiration?.days)).toEqual([answers.backupRetentionS3Days]);
      expect(rules.filter((r) => r.noncurrentVersionExpiration).map((r) => r.noncurrentVersionExpiration?.noncurrentDays)).toEqual([S3_LIFECYCLE.noncurrentExpiryDays]);
    }
    const locks = backups.filter((r) => r.type === 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration');
    expect(locks.map((l) => [l.region, l.inputs.rule])).toEqual(expect.arrayContaining([answers.primaryRegion, answers.secondaryRegion].map((region) => [region, { defaultRetention: { mode: 'GOVERNANCE', days: answers.backupRetentionS3Days } }])));
    expect(locks).toHaveLength(2);
  });

  it('names every bucket with the account ID, so no other account can hold the name already', () => {
    const buckets = ofType(run, 'aws:s3/bucket:Bucket');
    expect(buckets.length).toBe(answers.appTier ? 4 : 2);
    for (const bucket of buckets) expect(String(bucket.inputs.bucket)).toContain(`-${MOCK_ACCOUNT}-`);
  });

  it('exports the primary cluster\'s snapshots into the primary backup bucket, from the primary region, outside the VPC', () => {
    const [producer] = descendantsOf('tap:dr:BackupExport::backup-export').filter((r) => r.type === 'aws:lambda/function:Function');
    expect(producer?.region).toBe(answers.primaryRegion);
    expect(producer?.inputs.vpcConfig).toBeUndefined();
    const env = (producer?.inputs.environment as { variables: Record<string, string> }).variables;
    expect(env.BACKUP_BUCKET).toBe(run.outputs.primaryBackupBucket);
    expect(env.EXPORT_PREFIX).toBe(run.outputs.backupExportPrefix);
    expect(env.CLUSTER_ID).toBe(String(run.outputs.primaryClusterEndpoint).split('.')[0]);
    expect(env.EXPORT_INTERVAL_DAYS).toBe(String(answers.backupExportIntervalDays));
  });

  it('keeps static assets apart from the backups, never expiring them, only with the application tier', () => {
    const assets = descendantsOf('tap:dr:StaticAssets::static-assets');
    expect(assets.length > 0).toBe(answers.appTier);
    for (const lifecycle of assets.filter((r) => r.type === 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration')) {
      expect((lifecycle.inputs.rules as Array<{ expiration?: { days?: number } }>).every((r) => r.expiration?.days === undefined)).toBe(true);
    }
    const tiers = run.outputs.tiers as Record<string, string>;
    expect([tiers.primaryAssetsBucket !== undefined, tiers.secondaryAssetsBucket !== undefined]).toEqual([answers.appTier, answers.appTier]);
  });

  it('alarms on the secondary lag at the configured threshold', () => {
    const lag = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').find((a) => a.inputs.metricName === 'AuroraGlobalDBRPOLag') as RecordedResource;
    expect(lag.region).toBe(answers.secondaryRegion);
    expect(lag.inputs.threshold).toBe(answers.replicationLagAlarmSeconds * 1000);
  });

  it('gives each canary both endpoints of its own cluster, so it reaches the writer or a reader whichever role the cluster has after a switchover', () => {
    const clusters = ofType(run, 'aws:rds/cluster:Cluster');
    const canaries = ofType(run, 'aws:lambda/function:Function').filter((f) => String(f.parent).startsWith('tap:dr:ConnectivityCanary::'));
    expect(canaries).toHaveLength(2);
    for (const region of [answers.primaryRegion, answers.secondaryRegion]) {
      const cluster = clusters.find((c) => c.region === region) as RecordedResource;
      const variables = (canaries.find((f) => f.region === region)?.inputs.environment as { variables: Record<string, string> }).variables;
      // The mocks name a cluster's endpoints as AWS does: <id>.cluster-<hash>… and <id>.cluster-ro-<hash>….
      const id = String(cluster.inputs.clusterIdentifier);
      expect([region, variables.DB_HOST, variables.DB_READER_HOST]).toEqual([
        region, expect.stringMatching(new RegExp(`^${id}\\.cluster-(?!ro-)`)), expect.stringMatching(new RegExp(`^${id}\\.cluster-ro-`)),
      ]);
    }
  });

  it('runs the failover orchestrator in the secondary region, as the failover role, with the answers\' mode', () => {
    const functions = ofType(run, 'aws:lambda/function:Function').filter((f) => f.parent === 'tap:dr:FailoverOrchestrator::orchestrator');
    expect(functions).toHaveLength(1);
    expect(functions[0].region).toBe(answers.secondaryRegion);
    expect((functions[0].inputs.environment as { variables: Record<string, string> }).variables.FAILOVER_MODE).toBe(answers.failoverMode);
    expect(functions[0].inputs.role).toBe(run.outputs.failoverRoleArn);
  });

  it('exports the endpoints, ids and names a team needs after deploying', () => {
    expect(Object.keys(run.outputs).sort()).toEqual([
      'backupExportPrefix', 'databaseDnsName', 'databaseReadDnsName', 'databaseSecretArn', 'environmentSuffix', 'failoverOrchestratorName', 'failoverRoleArn', 'failoverStateTableName', 'globalClusterId', 'globalWriterEndpoint',
      'hostedZoneId', 'primaryAlarmTopicArn', 'primaryBackupBucket', 'primaryClusterEndpoint', 'primaryRegion',
      'secondaryAlarmTopicArn', 'secondaryBackupBucket', 'secondaryClusterEndpoint', 'secondaryRegion', 'tiers', 'vpcPeeringConnectionId',
    ]);
    const { tiers, ...core } = run.outputs;
    expect(Object.keys(tiers as object).length > 0).toBe(answers.appTier || answers.eventBridge || answers.dashboard);
    for (const [key, value] of Object.entries({ ...core, ...(tiers as object) })) expect([key, value]).toEqual([key, expect.stringMatching(/.+/)]);
    expect(run.outputs.databaseDnsName).toBe(`db.${answers.domainName}`);
    expect(run.outputs.databaseReadDnsName).toBe(`read.${answers.domainName}`);
  });
});
