// The producer as the Node.js Lambda runtime runs it: the built bundle (scripts/bundle-lambdas.js),
// loaded as `index.handler` and called with (event, context). The AWS SDK stays out of the bundle,
// as the runtime provides it; here it is the repository's, with RDS mocked.
import { DescribeDBClusterSnapshotsCommand, DescribeExportTasksCommand, RDSClient, StartExportTaskCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { buildBundle, runtimeContext, type BuiltBundle, type RuntimeHandler } from '../helpers/lambda-bundle';
import { captureOutput, withEnv } from '../canary/support';
import { BUCKET, CLUSTER, PREFIX, PRODUCER_ENV, snapshot } from './fixtures';

const rds = mockClient(RDSClient);
let bundle: BuiltBundle;
let handler: RuntimeHandler;

beforeAll(async () => {
  bundle = await buildBundle('backup-export');
  handler = await withEnv(PRODUCER_ENV, async () => bundle.load());
}, 60_000);
afterAll(() => bundle?.remove());
beforeEach(() => rds.reset());

const invoke = (env: Record<string, string | undefined> = {}) =>
  withEnv({ ...PRODUCER_ENV, ...env }, () => captureOutput(() => handler({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, runtimeContext(PRODUCER_ENV.POWERTOOLS_SERVICE_NAME))));

describe('the built backup-export bundle, called as the runtime calls it', () => {
  it('is one file that leaves the AWS SDK to the runtime', () => {
    const code = readFileSync(bundle.file, 'utf8');
    expect(code).toContain('require("@aws-sdk/client-rds")');
    expect(code).not.toContain('__dirname + "/handler.ts"');
  });

  it('starts the export of the newest snapshot and answers with the outcome', async () => {
    const today = snapshot(new Date(Date.now() - 3_600_000).toISOString());
    rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: [{ DBClusterSnapshotArn: today.arn, SnapshotCreateTime: today.createdAt, Status: 'available' }] });
    rds.on(DescribeExportTasksCommand).resolves({ ExportTasks: [{ ExportTaskIdentifier: 'x', Status: 'COMPLETE', S3Bucket: BUCKET, S3Prefix: `${PREFIX}/old`, SourceArn: `arn:aws:rds:us-east-1:123456789012:cluster-snapshot:rds:${CLUSTER}-old`, SnapshotTime: new Date(Date.now() - 25 * 3_600_000) }] });
    rds.on(StartExportTaskCommand).resolves({ Status: 'STARTING' });
    const { result, output } = await invoke();
    expect(result).toMatchObject({ outcome: 'started' });
    expect(rds.commandCalls(StartExportTaskCommand)[0]?.args[0].input).toMatchObject({ SourceArn: today.arn, S3BucketName: BUCKET, IamRoleArn: PRODUCER_ENV.EXPORT_ROLE_ARN, KmsKeyId: PRODUCER_ENV.KMS_KEY_ARN });
    expect(output.metrics.BackupExportRun?.dimensionValues).toEqual({ service: PRODUCER_ENV.POWERTOOLS_SERVICE_NAME, outcome: 'started' });
    // The context is the runtime's: its request id reaches the log line.
    expect(output.logs[0]).toMatchObject({ level: 'INFO', function_request_id: 'bundle-test-request', function_name: PRODUCER_ENV.POWERTOOLS_SERVICE_NAME });
  });

  it('misconfigured: answers failed with the variable, without calling RDS', async () => {
    const { result } = await invoke({ CLUSTER_ID: undefined });
    expect(result).toEqual({ outcome: 'failed', message: 'backup producer misconfigured: CLUSTER_ID is not set' });
    expect(rds.calls()).toHaveLength(0);
  });
});
