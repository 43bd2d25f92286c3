// The deployed backup producer: its bundle, invoked as the Lambda runtime invokes it for the hourly
// EventBridge schedule, with RDS stood in for by a local endpoint (the AWS SDK in the bundle is the one
// the runtime would load). What the primary region does when an export is due, and when misconfigured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleDir, describeBundle, resultOf } from '../helpers/lambda-runtime';
import { fakeAws, queryResponse, type FakeAws } from '../helpers/fake-aws';
import { BUCKET, CLUSTER, PREFIX, PRODUCER_ENV, snapshot } from '../backup-export/fixtures';

const RDS_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';
/** A scheduled run, as EventBridge invokes the producer (the event only starts a run). */
const SCHEDULED = { version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', region: PRODUCER_ENV.AWS_REGION, detail: {} };

/** The function's environment as lib/backup-export.ts sets it (the variables it leaves unset left out). */
const producerEnv = (): Record<string, string> =>
  Object.fromEntries(Object.entries(PRODUCER_ENV).filter((entry): entry is [string, string] => entry[1] !== undefined));

describeBundle('backup-export', (bundle) => {
  let aws: FakeAws;
  const today = snapshot(new Date(Date.now() - 3_600_000).toISOString());
  const yesterday = new Date(Date.now() - 25 * 3_600_000).toISOString();

  beforeAll(async () => {
    aws = await fakeAws((request) => {
      switch (request.params.Action) {
        case 'DescribeDBClusterSnapshots':
          return queryResponse('DescribeDBClusterSnapshots', RDS_NAMESPACE, `<DBClusterSnapshots><DBClusterSnapshot><DBClusterSnapshotArn>${today.arn}</DBClusterSnapshotArn><SnapshotCreateTime>${today.createdAt.toISOString()}</SnapshotCreateTime><Status>available</Status></DBClusterSnapshot></DBClusterSnapshots>`);
        case 'DescribeExportTasks':
          return queryResponse('DescribeExportTasks', RDS_NAMESPACE, `<ExportTasks><ExportTask><ExportTaskIdentifier>x</ExportTaskIdentifier><SourceArn>arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:${CLUSTER}-old</SourceArn><SnapshotTime>${yesterday}</SnapshotTime><S3Bucket>${BUCKET}</S3Bucket><S3Prefix>${PREFIX}/old</S3Prefix><Status>COMPLETE</Status></ExportTask></ExportTasks>`);
        case 'StartExportTask':
          return queryResponse('StartExportTask', RDS_NAMESPACE, '<Status>STARTING</Status>');
        default:
          return undefined;
      }
    });
  });
  afterAll(async () => {
    await aws?.close();
  });
  beforeEach(() => {
    aws.requests.length = 0;
  });

  const run = (env: Record<string, string>) => bundle.invoke(SCHEDULED, { region: PRODUCER_ENV.AWS_REGION, functionName: PRODUCER_ENV.POWERTOOLS_SERVICE_NAME, env: { ...env, AWS_ENDPOINT_URL_RDS: aws.url } });

  it('is one file that leaves the AWS SDK to the runtime', () => {
    const code = readFileSync(join(bundleDir(bundle.name), 'index.js'), 'utf8');
    expect(code).toContain('require("@aws-sdk/client-rds")');
    expect(code).not.toContain('__dirname + "/handler.ts"');
  });

  it('an export is due: starts the export of the newest snapshot and answers with the outcome', async () => {
    const invocation = await run(producerEnv());
    expect(resultOf(invocation)).toMatchObject({ outcome: 'started' });
    const start = aws.requests.find((r) => r.params.Action === 'StartExportTask');
    expect(start?.params).toMatchObject({ SourceArn: today.arn, S3BucketName: BUCKET, IamRoleArn: PRODUCER_ENV.EXPORT_ROLE_ARN, KmsKeyId: PRODUCER_ENV.KMS_KEY_ARN });
    expect(invocation.output.metrics.BackupExportRun?.dimensionValues).toEqual({ service: PRODUCER_ENV.POWERTOOLS_SERVICE_NAME, outcome: 'started' });
    // The context is the runtime's: its request id reaches the log line.
    expect(invocation.output.logs[0]).toMatchObject({ level: 'INFO', function_request_id: invocation.requestId, function_name: invocation.functionName });
  });

  it('misconfigured: answers failed with the variable, without calling RDS', async () => {
    const { CLUSTER_ID: _unset, ...env } = producerEnv();
    expect(resultOf(await run(env))).toEqual({ outcome: 'failed', message: 'backup producer misconfigured: CLUSTER_ID is not set' });
    expect(aws.requests).toEqual([]);
  });
});
