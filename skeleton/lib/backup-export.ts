import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { SNAPSHOT_EXPORT } from './config/aws-facts';
import { BACKUP_EXPORT_GRACE_HOURS, BACKUP_EXPORT_RUN_SECONDS, BACKUP_EXPORT_SCHEDULE } from './config/timings';
import { lambdaExecutionTrust } from './lambda-execution-trust';
import type { Side } from './regions';

/** CloudWatch namespace of the producer's metrics (Embedded Metric Format through its logs). */
export const BACKUP_EXPORT_NAMESPACE = 'TapDR/Backups';
/** Count per run, dimension `outcome` (lambda/backup-export/handler.ts). */
export const BACKUP_EXPORT_RUN_METRIC = 'BackupExportRun';
/** Seconds since the snapshot in the newest complete export was taken. */
export const BACKUP_EXPORT_AGE_METRIC = 'LatestExportAgeSeconds';
/** Where the bundled handler is (`npm run build:lambda`); Pulumi runs from the project folder. */
export const BACKUP_EXPORT_CODE_PATH = './lambda/dist/backup-export';
export const BACKUP_EXPORT_LOG_RETENTION_DAYS = 90;
/** Three paginated RDS reads and one call: well under a minute. */
export const BACKUP_EXPORT_TIMEOUT_SECONDS = 60;
/** Hours without a fresh export before the overdue alarm fires, for an interval of `days`. */
export const overdueAfterSeconds = (days: number) => (days * 24 + BACKUP_EXPORT_GRACE_HOURS) * 3600;
/** Runs whose age is over the threshold (or which published none) before the overdue alarm fires. */
export const OVERDUE_EVALUATION_PERIODS = 2;

/** The key prefix of a cluster's exports in the backup bucket; each export lands under `<prefix>/<date>/<task>/`. */
export const exportPrefixOf = (clusterId: string) => `exports/${clusterId}`;

export interface BackupExportArgs {
  /** The primary side: the snapshots, the bucket and the key must all be in this region. */
  readonly side: Side;
  readonly accountId: pulumi.Input<string>;
  readonly runtime: string;
  readonly clusterId: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /** Bucket settings the first export must find in place (versioning, encryption, Object Lock). */
  readonly bucketReady: pulumi.Resource[];
  /** The region's key: encrypts the export and the function's logs. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly intervalDays: number;
  /** The region's alarm topic. */
  readonly topicArn: pulumi.Input<string>;
}

/**
 * The backup producer: every hour a Lambda (outside the VPC: it only calls the RDS API) exports the
 * primary cluster's newest automated snapshot to the primary backup bucket when it is due, with RDS
 * snapshot export (`StartExportTask`), under `exports/<cluster>/<date>/`. RDS writes the export as an
 * export role that may write under that prefix only, encrypted with the region's key. Two alarms: a
 * failed run or export, and no complete export for longer than the interval allows.
 */
export class BackupExport extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly exportRoleArn: pulumi.Output<string>;
  public readonly prefix: pulumi.Output<string>;
  public readonly failedAlarmName: pulumi.Output<string>;
  public readonly overdueAlarmName: pulumi.Output<string>;

  constructor(name: string, args: BackupExportArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:BackupExport', name, {}, opts);
    const { side } = args;
    const options = { parent: this, provider: side.provider };
    const functionName = side.name('lambdaFunction', 'lambda', 'backup-export');
    const prefix = pulumi.output(args.clusterId).apply(exportPrefixOf);

    // Assumed by RDS while it writes an export. Trust and actions as the RDS documentation gives them,
    // the objects narrowed to this cluster's export prefix.
    const exportRole = new aws.iam.Role(`${name}-export-role`, {
      name: side.name('iamRole', 'iam', 'snapshot-export'),
      description: 'Lets RDS snapshot export write the backups of the primary cluster into the backup bucket',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: SNAPSHOT_EXPORT.servicePrincipal }, Action: 'sts:AssumeRole' }],
      }),
    }, options);
    const exportPolicy = new aws.iam.RolePolicy(`${name}-export-policy`, {
      name: side.name('iamPolicy', 'iam', 'snapshot-export'),
      role: exportRole.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          // Listing shows keys, not data. Which prefix the export lists is not documented, so no
          // s3:prefix condition that could make every export fail.
          { Sid: 'FindAndListTheBucket', Effect: 'Allow', Action: [...SNAPSHOT_EXPORT.roleS3BucketActions], Resource: args.bucketArn },
          { Sid: 'WriteTheExport', Effect: 'Allow', Action: [...SNAPSHOT_EXPORT.roleS3ObjectActions], Resource: pulumi.interpolate`${args.bucketArn}/${prefix}/*` },
          {
            // The bucket encrypts every object with the region's key (SSE-KMS, S3 Bucket Keys).
            Sid: 'EncryptTheExport',
            Effect: 'Allow',
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
            Resource: args.kmsKeyArn,
          },
        ],
      }),
    }, options);

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: BACKUP_EXPORT_LOG_RETENTION_DAYS,
      kmsKeyId: args.kmsKeyArn,
    }, options);

    const role = new aws.iam.Role(`${name}-role`, {
      name: side.name('iamRole', 'iam', 'backup-export'),
      description: 'Runs the backup producer Lambda',
      assumeRolePolicy: lambdaExecutionTrust(args.accountId),
    }, options);
    const clusterSnapshots = pulumi.interpolate`arn:aws:rds:${side.region}:${args.accountId}:cluster-snapshot:*`;
    const policy = new aws.iam.RolePolicy(`${name}-policy`, {
      name: side.name('iamPolicy', 'iam', 'backup-export'),
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: pulumi.interpolate`${logGroup.arn}:*` },
          { Sid: 'ReadTheCluster', Effect: 'Allow', Action: 'rds:DescribeDBClusters', Resource: args.clusterArn },
          {
            // Authorized on cluster-snapshot resources (Service Authorization Reference, Amazon RDS); a
            // listing filtered by cluster may be checked against any snapshot, so all of them: read-only.
            Sid: 'ListSnapshots',
            Effect: 'Allow',
            Action: 'rds:DescribeDBClusterSnapshots',
            Resource: clusterSnapshots,
          },
          {
            // Export tasks have no ARN of their own (Service Authorization Reference, Amazon RDS):
            // DescribeExportTasks and StartExportTask are authorized on "*".
            Sid: 'ExportSnapshots',
            Effect: 'Allow',
            Action: ['rds:DescribeExportTasks', 'rds:StartExportTask'],
            Resource: '*',
          },
          { Sid: 'HandTheExportRoleToRds', Effect: 'Allow', Action: 'iam:PassRole', Resource: exportRole.arn, Condition: { StringEquals: { 'iam:PassedToService': SNAPSHOT_EXPORT.servicePrincipal } } },
          // What StartExportTask requires of its caller on the export's key.
          { Sid: 'LetRdsUseTheKey', Effect: 'Allow', Action: [...SNAPSHOT_EXPORT.callerKmsActions], Resource: args.kmsKeyArn },
        ],
      }),
    }, options);

    const producer = new aws.lambda.Function(`${name}-function`, {
      name: functionName,
      description: `Exports the newest automated snapshot of the primary cluster to S3 every ${args.intervalDays} day(s)`,
      runtime: args.runtime,
      handler: 'index.handler',
      code: new pulumi.asset.FileArchive(BACKUP_EXPORT_CODE_PATH),
      role: role.arn,
      timeout: BACKUP_EXPORT_TIMEOUT_SECONDS,
      memorySize: 256,
      // No vpcConfig: the function only calls the RDS API, which needs no path into the VPC.
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      environment: {
        variables: {
          CLUSTER_ID: args.clusterId,
          BACKUP_BUCKET: args.bucketName,
          EXPORT_PREFIX: prefix,
          EXPORT_ROLE_ARN: exportRole.arn,
          KMS_KEY_ARN: args.kmsKeyArn,
          EXPORT_INTERVAL_DAYS: String(args.intervalDays),
          POWERTOOLS_SERVICE_NAME: functionName,
          POWERTOOLS_METRICS_NAMESPACE: BACKUP_EXPORT_NAMESPACE,
        },
      },
    }, { ...options, dependsOn: [logGroup, policy, exportPolicy, ...args.bucketReady] });

    const schedule = new aws.cloudwatch.EventRule(`${name}-schedule`, {
      name: side.name('eventRule', 'events', 'backup-export'),
      description: 'Runs the backup producer every hour',
      scheduleExpression: BACKUP_EXPORT_SCHEDULE,
    }, options);
    new aws.cloudwatch.EventTarget(`${name}-target`, { rule: schedule.name, arn: producer.arn }, options);
    new aws.lambda.Permission(`${name}-invoke`, {
      function: producer.name,
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    }, options);

    const failed = new aws.cloudwatch.MetricAlarm(`${name}-failed`, {
      name: side.name('alarm', 'alarm', 'backup-export-failed'),
      alarmDescription: 'A backup producer run or a snapshot export failed: see the function\'s log for the cause',
      namespace: BACKUP_EXPORT_NAMESPACE,
      metricName: BACKUP_EXPORT_RUN_METRIC,
      dimensions: { service: functionName, outcome: 'failed' },
      statistic: 'Sum',
      period: BACKUP_EXPORT_RUN_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      // Only a run that failed publishes this metric; no data is no failure.
      treatMissingData: 'notBreaching',
      alarmActions: [args.topicArn],
      okActions: [args.topicArn],
    }, options);
    const overdue = new aws.cloudwatch.MetricAlarm(`${name}-overdue`, {
      name: side.name('alarm', 'alarm', 'backup-export-overdue'),
      alarmDescription: `No complete backup export in S3 younger than ${args.intervalDays} day(s) + ${overdueAfterSeconds(0) / 3600} h: a restore from S3 would lose more than the interval`,
      namespace: BACKUP_EXPORT_NAMESPACE,
      metricName: BACKUP_EXPORT_AGE_METRIC,
      dimensions: { service: functionName },
      statistic: 'Maximum',
      period: BACKUP_EXPORT_RUN_SECONDS,
      evaluationPeriods: OVERDUE_EVALUATION_PERIODS,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: overdueAfterSeconds(args.intervalDays),
      // A producer that stopped running, or cannot read RDS, publishes nothing: that is no backup either.
      treatMissingData: 'breaching',
      alarmActions: [args.topicArn],
      okActions: [args.topicArn],
    }, options);

    this.functionName = producer.name;
    this.exportRoleArn = exportRole.arn;
    this.prefix = prefix;
    this.failedAlarmName = failed.name;
    this.overdueAlarmName = overdue.name;
    this.registerOutputs({ functionName: this.functionName, exportRoleArn: this.exportRoleArn, prefix: this.prefix });
  }
}
