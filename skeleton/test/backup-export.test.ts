import * as aws from '@pulumi/aws';
import { BACKUP_EXPORT_AGE_METRIC, BACKUP_EXPORT_NAMESPACE, BACKUP_EXPORT_RUN_METRIC, BackupExport, exportPrefixOf, overdueAfterSeconds } from '../lib/backup-export';
import { SNAPSHOT_EXPORT } from '../lib/config/aws-facts';
import { BACKUP_EXPORT_GRACE_HOURS, BACKUP_EXPORT_SCHEDULE } from '../lib/config/timings';
import { AGE_METRIC, DEFAULT_METRICS_NAMESPACE, RUN_METRIC } from '../lambda/backup-export/handler';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';
import type { RecordedResource } from '../scripts/offline/recorder';
import { dependsOnRecorder, list, ofType, runComponents, sharedRuns, statements, type Statement } from './helpers/components';

const CLUSTER = 'aurora-cluster-us-east-1-prod';
const CLUSTER_ARN = `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:cluster:${CLUSTER}`;
const BUCKET = `s3-backups-${MOCK_ACCOUNT}-us-east-1-prod`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/primary`;
const TOPIC = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:alerts`;
const FUNCTION = 'lambda-backup-export-us-east-1-prod';
const EXPORT_ROLE = 'iam-snapshot-export-us-east-1-prod';

const producer = sharedRuns(async (intervalDays: number) => {
  const recorder = dependsOnRecorder();
  const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod' }, ({ sides, root }) => {
    const ready = new aws.s3.BucketObjectLockConfiguration('bucket-lock', { bucket: BUCKET }, { parent: root, provider: sides.primary.provider });
    const component = new BackupExport('backup-export', {
      side: sides.primary,
      accountId: MOCK_ACCOUNT,
      runtime: 'nodejs22.x',
      clusterId: CLUSTER,
      clusterArn: CLUSTER_ARN,
      bucketName: BUCKET,
      bucketArn: BUCKET_ARN,
      bucketReady: [ready],
      kmsKeyArn: KEY,
      intervalDays,
      topicArn: TOPIC,
    }, { parent: root, transformations: [recorder.transformation] });
    return { prefix: component.prefix, functionName: component.functionName, exportRoleArn: component.exportRoleArn, failed: component.failedAlarmName, overdue: component.overdueAlarmName };
  });
  const own = run.resources.filter((r) => r.parent === 'tap:dr:BackupExport::backup-export');
  const one = (type: string, name: string) => own.find((r) => r.type === type && r.name === name) as RecordedResource;
  return { run, own, one, dependsOn: (r: RecordedResource) => recorder.of(r.type, r.name) };
});

const bySid = (policy: unknown): Record<string, Statement> => Object.fromEntries(statements(policy).map((s) => [s.Sid, s]));

describe('BackupExport', () => {
  it('lives in the primary region with the snapshots, the bucket and the key: RDS exports only within one region', async () => {
    const { own } = await producer(1);
    expect(own.length).toBe(11);
    for (const resource of own) expect(resource).toMatchObject({ provider: 'aws-primary', region: 'us-east-1' });
  });

  it('runs the bundled handler every hour, outside the VPC, told what to export where', async () => {
    const { one, run } = await producer(1);
    const fn = one('aws:lambda/function:Function', 'backup-export-function');
    expect(fn.inputs).toMatchObject({ name: FUNCTION, runtime: 'nodejs22.x', handler: 'index.handler', timeout: 60, loggingConfig: { logFormat: 'JSON', logGroup: `/aws/lambda/${FUNCTION}` } });
    // It only calls the RDS API: no network interface in the VPC, no NAT gateway or endpoint needed.
    expect(fn.inputs.vpcConfig).toBeUndefined();
    expect(fn.inputs.reservedConcurrentExecutions).toBeUndefined();
    expect((fn.inputs.environment as { variables: Record<string, string> }).variables).toEqual({
      CLUSTER_ID: CLUSTER,
      BACKUP_BUCKET: BUCKET,
      EXPORT_PREFIX: `exports/${CLUSTER}`,
      EXPORT_ROLE_ARN: `arn:aws:iam::${MOCK_ACCOUNT}:role/${EXPORT_ROLE}`,
      KMS_KEY_ARN: KEY,
      EXPORT_INTERVAL_DAYS: '1',
      POWERTOOLS_SERVICE_NAME: FUNCTION,
      POWERTOOLS_METRICS_NAMESPACE: BACKUP_EXPORT_NAMESPACE,
    });
    expect(one('aws:cloudwatch/eventRule:EventRule', 'backup-export-schedule').inputs.scheduleExpression).toBe(BACKUP_EXPORT_SCHEDULE);
    expect(BACKUP_EXPORT_SCHEDULE).toBe('rate(1 hour)');
    expect(one('aws:cloudwatch/eventTarget:EventTarget', 'backup-export-target').inputs.arn).toBe(`arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:${FUNCTION}`);
    expect(one('aws:lambda/permission:Permission', 'backup-export-invoke').inputs).toMatchObject({ principal: 'events.amazonaws.com', sourceArn: `arn:aws:events:us-east-1:${MOCK_ACCOUNT}:rule/events-backup-export-us-east-1-prod` });
    expect(one('aws:cloudwatch/logGroup:LogGroup', 'backup-export-logs').inputs).toMatchObject({ retentionInDays: 90, kmsKeyId: KEY });
    expect(run.outputs.prefix).toBe(exportPrefixOf(CLUSTER));
  });

  it('starts only once its permissions, log group and the bucket settings exist, so the first export finds a locked bucket', async () => {
    const { one, dependsOn } = await producer(1);
    expect(dependsOn(one('aws:lambda/function:Function', 'backup-export-function'))?.sort()).toEqual([
      'aws:cloudwatch/logGroup:LogGroup::backup-export-logs',
      'aws:iam/rolePolicy:RolePolicy::backup-export-export-policy',
      'aws:iam/rolePolicy:RolePolicy::backup-export-policy',
      'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::bucket-lock',
    ]);
  });

  it('gives RDS snapshot export a role only export.rds.amazonaws.com can assume', async () => {
    const { one } = await producer(1);
    const role = one('aws:iam/role:Role', 'backup-export-export-role');
    expect(role.inputs.name).toBe(EXPORT_ROLE);
    expect(statements(role.inputs.assumeRolePolicy)).toEqual([{ Effect: 'Allow', Principal: { Service: 'export.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  it('lets the export role write objects under this cluster\'s export prefix only, and use the region key', async () => {
    const { one } = await producer(1);
    const grants = bySid(one('aws:iam/rolePolicy:RolePolicy', 'backup-export-export-policy').inputs.policy);
    expect(Object.keys(grants).sort()).toEqual(['EncryptTheExport', 'FindAndListTheBucket', 'WriteTheExport']);
    // Caller: RDS, writing the Parquet files and its metadata under <prefix>/<date>/<task>/.
    expect(grants.WriteTheExport).toMatchObject({ Action: ['s3:PutObject*', 's3:GetObject*', 's3:DeleteObject*'], Resource: `${BUCKET_ARN}/exports/${CLUSTER}/*` });
    // Caller: RDS, finding the bucket's region and listing what it wrote (bucket-level actions take the bucket ARN).
    expect(grants.FindAndListTheBucket).toMatchObject({ Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: BUCKET_ARN });
    // Caller: S3 on RDS's behalf: the bucket encrypts every object with the region key.
    expect(grants.EncryptTheExport).toMatchObject({ Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: KEY });
  });

  it('lets the producer read the cluster and its snapshots, start exports, pass only the export role to RDS and let RDS use the key', async () => {
    const { one } = await producer(1);
    const role = one('aws:iam/role:Role', 'backup-export-role');
    expect(statements(role.inputs.assumeRolePolicy)).toEqual([{
      Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': MOCK_ACCOUNT } },
    }]);
    const grants = bySid(one('aws:iam/rolePolicy:RolePolicy', 'backup-export-policy').inputs.policy);
    expect(Object.keys(grants).sort()).toEqual(['ExportSnapshots', 'HandTheExportRoleToRds', 'LetRdsUseTheKey', 'ListSnapshots', 'ReadTheCluster', 'WriteOwnLogs']);
    // produce.ts, clusterCreatedAt: the cluster's creation time while no export is complete yet.
    expect(grants.ReadTheCluster).toMatchObject({ Action: 'rds:DescribeDBClusters', Resource: CLUSTER_ARN });
    // aws-port.ts, automatedSnapshots.
    expect(grants.ListSnapshots).toMatchObject({ Action: 'rds:DescribeDBClusterSnapshots', Resource: `arn:aws:rds:us-east-1:${MOCK_ACCOUNT}:cluster-snapshot:*` });
    // aws-port.ts, exportTasks and startExport: export tasks have no ARN.
    expect(grants.ExportSnapshots).toMatchObject({ Action: ['rds:DescribeExportTasks', 'rds:StartExportTask'], Resource: '*' });
    // StartExportTask hands the export role to RDS.
    expect(grants.HandTheExportRoleToRds).toEqual({
      Sid: 'HandTheExportRoleToRds', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${MOCK_ACCOUNT}:role/${EXPORT_ROLE}`,
      Condition: { StringEquals: { 'iam:PassedToService': 'export.rds.amazonaws.com' } },
    });
    // StartExportTask: "The caller of this operation must be authorized to execute" these on the key.
    expect(grants.LetRdsUseTheKey).toMatchObject({ Action: [...SNAPSHOT_EXPORT.callerKmsActions], Resource: KEY });
    // Only what the caller needs: RDS gets the rest through the grant; the producer decrypts nothing.
    expect(list(grants.LetRdsUseTheKey?.Action ?? []).sort()).toEqual(['kms:CreateGrant', 'kms:DescribeKey']);
    expect(grants.WriteOwnLogs).toMatchObject({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:${MOCK_ACCOUNT}:log-group:/aws/lambda/${FUNCTION}:*` });
  });

  it('alarms on a failed run or export, on the metric the handler publishes', async () => {
    const { one } = await producer(1);
    expect([BACKUP_EXPORT_NAMESPACE, BACKUP_EXPORT_RUN_METRIC, BACKUP_EXPORT_AGE_METRIC]).toEqual([DEFAULT_METRICS_NAMESPACE, RUN_METRIC, AGE_METRIC]);
    expect(one('aws:cloudwatch/metricAlarm:MetricAlarm', 'backup-export-failed').inputs).toMatchObject({
      name: 'alarm-backup-export-failed-us-east-1-prod',
      namespace: 'TapDR/Backups', metricName: 'BackupExportRun', dimensions: { service: FUNCTION, outcome: 'failed' },
      statistic: 'Sum', period: 3600, evaluationPeriods: 1, comparisonOperator: 'GreaterThanOrEqualToThreshold', threshold: 1,
      treatMissingData: 'notBreaching', alarmActions: [TOPIC], okActions: [TOPIC],
    });
  });

  it.each([1, 7])('alarms when no export is younger than %i day(s) plus the grace, also when the producer publishes nothing', async (days) => {
    const { one } = await producer(days);
    expect(one('aws:cloudwatch/metricAlarm:MetricAlarm', 'backup-export-overdue').inputs).toMatchObject({
      name: 'alarm-backup-export-overdue-us-east-1-prod',
      namespace: 'TapDR/Backups', metricName: 'LatestExportAgeSeconds', dimensions: { service: FUNCTION },
      statistic: 'Maximum', period: 3600, evaluationPeriods: 2, comparisonOperator: 'GreaterThanThreshold',
      threshold: (days * 24 + BACKUP_EXPORT_GRACE_HOURS) * 3600,
      treatMissingData: 'breaching', alarmActions: [TOPIC], okActions: [TOPIC],
    });
    expect(overdueAfterSeconds(days)).toBe((days * 24 + BACKUP_EXPORT_GRACE_HOURS) * 3600);
    // CloudWatch: Period × EvaluationPeriods at most 7 days; this alarm looks at 2 hours.
    expect(ofType((await producer(days)).run, 'aws:cloudwatch/metricAlarm:MetricAlarm')).toHaveLength(2);
  });
});
