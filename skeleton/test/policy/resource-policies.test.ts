import {
  backupRetention,
  cmkEncryption,
  healthCheckAlarmTriggers,
  http80Exception,
  iamNoWildcards,
  kmsKeyRotation,
  lagAlarmDimensions,
  lagAlarmMissingIsBreaching,
  lagAlarmWithinRpo,
  listenersUseHttps,
  logRetention,
  namesFitLimits,
  noPublicDatabase,
  noRetainWithoutDeletionProtection,
  statementProblems,
} from '../../policy/policies';
import { FACTS, resource, violations } from './synthetic';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/primary-key-id';
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

describe('cmk-encryption', () => {
  it.each([
    ['aws:rds/cluster:Cluster', { storageEncrypted: true, kmsKeyId: KEY }, { storageEncrypted: true }, /kmsKeyId must name a customer managed KMS key/],
    ['aws:rds/cluster:Cluster', { storageEncrypted: true, kmsKeyId: KEY }, { storageEncrypted: false, kmsKeyId: KEY }, /storageEncrypted must be true/],
    ['aws:rds/globalCluster:GlobalCluster', { storageEncrypted: true }, {}, /storageEncrypted must be true/],
    ['aws:cloudwatch/logGroup:LogGroup', { kmsKeyId: KEY }, { kmsKeyId: 'alias/aws/logs' }, /customer managed KMS key \(found "alias\/aws\/logs"\)/],
    ['aws:sns/topic:Topic', { kmsMasterKeyId: KEY }, {}, /kmsMasterKeyId must name/],
    ['aws:secretsmanager/secret:Secret', { kmsKeyId: KEY, replicas: [{ region: 'eu-west-1', kmsKeyId: KEY }] }, { kmsKeyId: KEY, replicas: [{ region: 'eu-west-1' }] }, /replica in eu-west-1/],
    ['aws:secretsmanager/secret:Secret', { kmsKeyId: KEY }, {}, /kmsKeyId must name/],
    [
      'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
      { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY } }] },
      { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
      /SSE-KMS with a customer managed key/,
    ],
    ['aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: KEY } }] }, { rules: [] }, /SSE-KMS/],
  ])('%s: passes with a customer key, fails without', async (type, good, bad, message) => {
    expect(await violations(cmkEncryption, resource(type, good))).toEqual([]);
    expect((await violations(cmkEncryption, resource(type, bad))).join('\n')).toMatch(message);
  });

  it('fails a bucket encryption configuration without rules or without defaults, and a replica without a key', async () => {
    const sse = 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration';
    expect(await violations(cmkEncryption, resource(sse, {}))).toHaveLength(1);
    expect(await violations(cmkEncryption, resource(sse, { rules: [{}] }))).toHaveLength(1);
    expect(await violations(cmkEncryption, resource('aws:secretsmanager/secret:Secret', { kmsKeyId: KEY, replicas: [{ region: 'eu-west-1', kmsKeyId: '' }] }))).toHaveLength(1);
  });

  it('leaves types it has no rule for alone', async () => {
    expect(await violations(cmkEncryption, resource('aws:ec2/vpc:Vpc', {}))).toEqual([]);
  });
});

describe('kms-key-rotation', () => {
  it('passes a rotating key and fails one that does not rotate', async () => {
    expect(await violations(kmsKeyRotation, resource('aws:kms/key:Key', { enableKeyRotation: true }))).toEqual([]);
    expect(await violations(kmsKeyRotation, resource('aws:kms/key:Key', {}))).toEqual(['enableKeyRotation must be true']);
  });
});

describe('no-public-database', () => {
  it.each(['aws:rds/clusterInstance:ClusterInstance', 'aws:rds/instance:Instance'])('fails a publicly accessible %s', async (type) => {
    expect(await violations(noPublicDatabase, resource(type, { publiclyAccessible: false }))).toEqual([]);
    expect(await violations(noPublicDatabase, resource(type, { publiclyAccessible: true }))).toEqual(['publiclyAccessible must not be true']);
  });
});

describe('iam-no-wildcards', () => {
  const policy = (statement: object) => resource('aws:iam/rolePolicy:RolePolicy', { policy: doc(statement) });

  it('passes named actions on named resources, and the Lambda VPC actions AWS only grants on *', async () => {
    expect(await violations(iamNoWildcards, policy({ Effect: 'Allow', Action: ['rds:FailoverGlobalCluster'], Resource: 'arn:aws:rds::123456789012:global-cluster:g' }))).toEqual([]);
    expect(await violations(iamNoWildcards, policy({ Effect: 'Allow', Action: 'ec2:CreateNetworkInterface', Resource: '*' }))).toEqual([]);
  });

  it('fails `*` and whole-service actions, and * resources for actions that have resource types', async () => {
    expect(await violations(iamNoWildcards, policy({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }))).toEqual(['policy: All allows every action (*)']);
    expect(await violations(iamNoWildcards, policy({ Sid: 'S3', Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::b' }))).toEqual(['policy: S3 allows every action (s3:*)']);
    expect((await violations(iamNoWildcards, policy({ Effect: 'Allow', Action: ['rds:DeleteDBCluster'], Resource: '*' }))).join()).toMatch(/statement grants rds:DeleteDBCluster on every resource/);
  });

  it('reads documents given as objects, and statements without Action or Resource', async () => {
    expect(await violations(iamNoWildcards, resource('aws:iam/policy:Policy', { policy: { Statement: [{ Effect: 'Allow' }] } }))).toEqual([]);
    expect(await violations(iamNoWildcards, resource('aws:iam/policy:Policy', { policy: { Version: '2012-10-17' } }))).toEqual([]);
    expect(await violations(iamNoWildcards, resource('aws:iam/policy:Policy', {}))).toEqual([]);
    expect(statementProblems({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }, false)).toEqual(['statement allows every action (*)']);
  });

  it('ignores Deny statements, which only narrow access (a TLS-only bucket policy denies s3:*)', async () => {
    const bucketPolicy = resource('aws:s3/bucketPolicy:BucketPolicy', { policy: doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }) });
    expect(await violations(iamNoWildcards, bucketPolicy)).toEqual([]);
  });

  it('in key policies, accepts Resource * and the default statement giving the account root kms:*, and nothing wider', async () => {
    const key = (statement: object) => resource('aws:kms/key:Key', { policy: doc(statement) });
    expect(await violations(iamNoWildcards, key({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }))).toEqual([]);
    expect(await violations(iamNoWildcards, key({ Sid: 'Any', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }))).toEqual(['policy: Any allows every action (kms:*)']);
    expect(statementProblems({ Effect: 'Allow', Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Decrypt', Resource: '*' }, true)).toEqual([]);
  });
});

describe('names-suffix-and-limit', () => {
  it('passes a name that ends in the suffix and fits, fails one that does neither', async () => {
    expect(await violations(namesFitLimits, resource('aws:lb/targetGroup:TargetGroup', { name: 'alb-tg-us-east-1-dev' }))).toEqual([]);
    expect(await violations(namesFitLimits, resource('aws:lb/targetGroup:TargetGroup', { name: 'alb-health-target-group-us-east-1-prod' }))).toEqual([
      'name "alb-health-target-group-us-east-1-prod" does not end in the environment suffix "-dev"',
      'name "alb-health-target-group-us-east-1-prod" has 38 characters; the targetGroup limit is 32',
    ]);
  });

  it('finds the suffix inside names AWS dictates: the log group a cluster exports into', async () => {
    const group = (name: string) => resource('aws:cloudwatch/logGroup:LogGroup', { name });
    expect(await violations(namesFitLimits, group('/aws/rds/cluster/aurora-cluster-us-east-1-dev/postgresql'))).toEqual([]);
    expect(await violations(namesFitLimits, group('/aws/rds/cluster/aurora-cluster-us-east-1-qa/postgresql'))).toEqual(['name "/aws/rds/cluster/aurora-cluster-us-east-1-qa/postgresql" does not end in the environment suffix "-dev"']);
  });

  it('reads each type\'s own name input and ignores unnamed types', async () => {
    expect(await violations(namesFitLimits, resource('aws:s3/bucket:Bucket', { bucket: 's3-backups-us-east-1-qa' }))).toEqual(['bucket "s3-backups-us-east-1-qa" does not end in the environment suffix "-dev"']);
    expect(await violations(namesFitLimits, resource('aws:ec2/route:Route', { name: 'x' }))).toEqual([]);
    expect(await violations(namesFitLimits, resource('aws:iam/role:Role', {}))).toEqual([]);
  });
});

describe('backup-retention', () => {
  it('passes 7 days and fails fewer, including the AWS default of 1 when unset', async () => {
    expect(await violations(backupRetention, resource('aws:rds/cluster:Cluster', { backupRetentionPeriod: 7 }))).toEqual([]);
    expect(await violations(backupRetention, resource('aws:rds/cluster:Cluster', { backupRetentionPeriod: 3 }))).toEqual(['backupRetentionPeriod is 3; at least 7 days are required']);
    expect(await violations(backupRetention, resource('aws:rds/cluster:Cluster', {}))).toEqual(['backupRetentionPeriod is 1; at least 7 days are required']);
  });
});

describe('log-retention-set', () => {
  it('passes a log group that expires events and fails one that keeps them forever', async () => {
    expect(await violations(logRetention, resource('aws:cloudwatch/logGroup:LogGroup', { retentionInDays: 30 }))).toEqual([]);
    expect(await violations(logRetention, resource('aws:cloudwatch/logGroup:LogGroup', {}))).toHaveLength(1);
  });
});

describe('no-protect-without-deletion-protection', () => {
  const cluster = resource('aws:rds/cluster:Cluster', { deletionProtection: true });
  const protectedVpc = resource('aws:ec2/vpc:Vpc', {}, { opts: { ...resource('x', {}).opts, protect: true } });

  it('fails protected resources and deletion-protected clusters in a destroyable stack', async () => {
    expect(await violations(noRetainWithoutDeletionProtection, cluster)).toEqual(['deletionProtection is on, but the stack has deletionProtection off']);
    expect(await violations(noRetainWithoutDeletionProtection, protectedVpc)).toEqual(['the resource is protected, but the stack has deletionProtection off']);
  });

  it('passes them when the stack has deletion protection on, and passes unprotected resources always', async () => {
    expect(await violations(noRetainWithoutDeletionProtection, cluster, { ...FACTS, deletionProtection: true })).toEqual([]);
    expect(await violations(noRetainWithoutDeletionProtection, resource('aws:rds/cluster:Cluster', { deletionProtection: false }))).toEqual([]);
  });
});

describe('lag-alarm-within-rpo', () => {
  const alarm = (metricName: string, threshold: number) => resource('aws:cloudwatch/metricAlarm:MetricAlarm', { metricName, threshold });

  it('passes a lag alarm at or below the RPO target (milliseconds against seconds)', async () => {
    expect(await violations(lagAlarmWithinRpo, alarm('AuroraGlobalDBRPOLag', 60_000))).toEqual([]);
    expect(await violations(lagAlarmWithinRpo, alarm('AuroraGlobalDBReplicationLag', 5_000))).toEqual([]);
  });

  it('fails a lag alarm above the RPO target, and leaves other alarms alone', async () => {
    expect(await violations(lagAlarmWithinRpo, alarm('AuroraGlobalDBRPOLag', 60_001))).toEqual(['threshold 60001 ms is above the RPO target of 60 s (60000 ms)']);
    expect(await violations(lagAlarmWithinRpo, alarm('DatabaseConnectivity', 1e9))).toEqual([]);
  });
});

describe('lag-alarm-missing-data-breaching', () => {
  const alarm = (metricName: string, treatMissingData?: string) => resource('aws:cloudwatch/metricAlarm:MetricAlarm', { metricName, ...(treatMissingData ? { treatMissingData } : {}) });

  it('passes a lag alarm that reads missing data as breaching', async () => {
    expect(await violations(lagAlarmMissingIsBreaching, alarm('AuroraGlobalDBRPOLag', 'breaching'))).toEqual([]);
    expect(await violations(lagAlarmMissingIsBreaching, alarm('AuroraGlobalDBReplicationLag', 'breaching'))).toEqual([]);
  });

  it.each(['notBreaching', 'ignore', undefined])('fails a lag alarm with treatMissingData %s, and leaves other alarms alone', async (treatment) => {
    expect(await violations(lagAlarmMissingIsBreaching, alarm('AuroraGlobalDBRPOLag', treatment))).toEqual([
      `treatMissingData is ${JSON.stringify(treatment ?? 'missing')}: a lag alarm must treat missing data as breaching, or it stays silent while no lag is measured`,
    ]);
    expect(await violations(lagAlarmMissingIsBreaching, alarm('Errors', treatment))).toEqual([]);
  });
});

describe('lag-alarm-dimensions', () => {
  const alarm = (dimensions?: Record<string, string>) => resource('aws:cloudwatch/metricAlarm:MetricAlarm', { metricName: 'AuroraGlobalDBRPOLag', ...(dimensions ? { dimensions } : {}) });

  it('passes the dimension set Aurora publishes the lag under', async () => {
    expect(await violations(lagAlarmDimensions, alarm({ SourceRegion: 'us-east-1', DBClusterIdentifier: 'aurora-cluster-eu-west-1-dev' }))).toEqual([]);
  });

  it('fails a lag alarm on the cluster alone (a set the metric is not published under), or on none', async () => {
    expect(await violations(lagAlarmDimensions, alarm({ DBClusterIdentifier: 'aurora-cluster-eu-west-1-dev' }))).toEqual([
      'dimensions are {DBClusterIdentifier}: an alarm sees only the exact set it names, and the lag is published under {DBClusterIdentifier, SourceRegion}',
    ]);
    expect(await violations(lagAlarmDimensions, alarm())).toHaveLength(1);
    expect(await violations(lagAlarmDimensions, resource('aws:cloudwatch/metricAlarm:MetricAlarm', { metricName: 'Errors' }))).toEqual([]);
  });
});

describe('health-check-alarm-triggers', () => {
  const check = (props: Record<string, unknown>) => resource('aws:route53/healthCheck:HealthCheck', props);

  it('passes an alarm check whose triggers carry the alarm, and checks of other types', async () => {
    expect(await violations(healthCheckAlarmTriggers, check({ type: 'CLOUDWATCH_METRIC', cloudwatchAlarmName: 'a', triggers: { alarmName: 'a', threshold: '5000' } }))).toEqual([]);
    expect(await violations(healthCheckAlarmTriggers, check({ type: 'CALCULATED', childHealthchecks: ['x'] }))).toEqual([]);
  });

  it('fails an alarm check without triggers, or with empty ones', async () => {
    const message = 'a CLOUDWATCH_METRIC check of alarm a sets no triggers: Route 53 keeps the alarm\'s configuration from when the check was created, and a changed alarm would not reach it';
    expect(await violations(healthCheckAlarmTriggers, check({ type: 'CLOUDWATCH_METRIC', cloudwatchAlarmName: 'a' }))).toEqual([message]);
    expect(await violations(healthCheckAlarmTriggers, check({ type: 'CLOUDWATCH_METRIC', cloudwatchAlarmName: 'a', triggers: {} }))).toEqual([message]);
  });
});

describe('load balancer listeners', () => {
  const listener = (protocol: string, port: number) => resource('aws:lb/listener:Listener', { protocol, port });

  it('alb-listeners-https passes HTTPS and the port-80 exception, fails HTTP elsewhere', async () => {
    expect(await violations(listenersUseHttps, listener('HTTPS', 443))).toEqual([]);
    expect(await violations(listenersUseHttps, listener('HTTP', 80))).toEqual([]);
    expect(await violations(listenersUseHttps, listener('HTTP', 8080))).toEqual(['an HTTP listener on port 8080; use HTTPS']);
  });

  it('alb-http-port-80 is advisory and states why the healthcare HTTP:80 listener is allowed', async () => {
    expect(http80Exception.enforcementLevel).toBe('advisory');
    expect(await violations(http80Exception, listener('HTTPS', 443))).toEqual([]);
    expect((await violations(http80Exception, listener('HTTP', 80))).join()).toMatch(/requirement mandates HTTP Route 53 health checks on port 80/);
  });
});
