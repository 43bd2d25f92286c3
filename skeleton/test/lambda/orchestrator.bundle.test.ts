// The deployed failover orchestrator: its bundle, invoked as the Lambda runtime invokes it for the
// EventBridge schedule, with RDS, Lambda and SNS stood in for by a local endpoint (the AWS SDK in the
// bundle is the one the runtime would load). What the secondary region does when the primary is fine,
// when it is confirmed silent, and when the function is misconfigured.
import { describeBundle, resultOf } from '../helpers/lambda-runtime';
import { fakeAws, queryResponse, type AwsRequest, type FakeAws } from '../helpers/fake-aws';
import { ENV, PRIMARY, SECONDARY } from '../orchestrator/fixtures';

const RDS_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';
const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** A scheduled run, as EventBridge invokes the orchestrator (the event only starts a run). */
const SCHEDULED = { 'detail-type': 'Scheduled Event', source: 'aws.events', region: ENV.AWS_REGION, detail: {} };

const member = (arn: string, writer: boolean) => `<GlobalClusterMember><DBClusterArn>${arn}</DBClusterArn><IsWriter>${writer}</IsWriter></GlobalClusterMember>`;
const GLOBAL_CLUSTER = `<GlobalClusters><GlobalClusterMember><GlobalClusterIdentifier>${ENV.GLOBAL_CLUSTER_ID}</GlobalClusterIdentifier><Status>available</Status><GlobalClusterMembers>${member(PRIMARY, true)}${member(SECONDARY, false)}</GlobalClusterMembers></GlobalClusterMember></GlobalClusters>`;

/** What each request was, in the words of the API: `rds:DescribeGlobalClusters`, `lambda:Invoke <function>`. */
const calls = (requests: readonly AwsRequest[]) => requests.map((r) => (r.params.Action ? `${r.params.Action}` : `${r.method} ${decodeURIComponent(r.path)}`));

describeBundle('orchestrator', (bundle) => {
  let aws: FakeAws;
  /** The replicated heartbeat's age the secondary canary reports. */
  let heartbeatAgeSeconds: number;

  beforeAll(async () => {
    aws = await fakeAws((request) => {
      if (request.params.Action === 'DescribeGlobalClusters') return queryResponse('DescribeGlobalClusters', RDS_NAMESPACE, GLOBAL_CLUSTER);
      if (request.params.Action === 'FailoverGlobalCluster') return queryResponse('FailoverGlobalCluster', RDS_NAMESPACE, '<GlobalCluster/>');
      if (request.params.Action === 'Publish') return queryResponse('Publish', SNS_NAMESPACE, '<MessageId>fake-message</MessageId>');
      if (request.path === `/2015-03-31/functions/${ENV.SECONDARY_CANARY_FUNCTION}/invocations`) {
        return { contentType: 'application/json', body: JSON.stringify({ ok: true, writable: false, heartbeat: { region: ENV.PRIMARY_REGION, ageSeconds: heartbeatAgeSeconds } }) };
      }
      return undefined;
    });
  });
  afterAll(async () => {
    await aws?.close();
  });
  beforeEach(() => {
    aws.requests.length = 0;
  });

  /** The function's environment as lib/failover-orchestrator.ts sets it, with AWS pointed at the fake (CloudWatch in the primary region unreachable). */
  const env = () => ({
    ...ENV,
    SECONDARY_CLUSTER_ARN: SECONDARY,
    AWS_ENDPOINT_URL_RDS: aws.url,
    AWS_ENDPOINT_URL_LAMBDA: aws.url,
    AWS_ENDPOINT_URL_SNS: aws.url,
  });
  const run = (overrides: Record<string, string> = {}) => bundle.invoke(SCHEDULED, { region: ENV.AWS_REGION, env: { ...env(), ...overrides }, timeoutMs: 55_000 });

  it('primary healthy: reads the global cluster and asks the secondary canary, changes nothing', async () => {
    heartbeatAgeSeconds = 12;
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'primary-healthy' });
    expect(calls(aws.requests).sort()).toEqual(['DescribeGlobalClusters', `POST /2015-03-31/functions/${ENV.SECONDARY_CANARY_FUNCTION}/invocations`]);
    expect(aws.requests.find((r) => r.params.Action)?.params).toMatchObject({ GlobalClusterIdentifier: ENV.GLOBAL_CLUSTER_ID });
    expect(invocation.output.logs).toEqual([expect.objectContaining({ level: 'INFO', outcome: 'primary-healthy', function_request_id: invocation.requestId })]);
    expect(invocation.output.metrics.FailoverDecision).toMatchObject({ namespace: 'TapDR/Failover', value: 1, dimensionValues: { decision: 'primary-healthy' } });
  });

  it('primary silent past the confirmation window (its region unreachable): fails over to the secondary, allowing data loss, and notifies', async () => {
    heartbeatAgeSeconds = Number(ENV.STALE_AFTER_SECONDS) + Number(ENV.CONFIRMATION_SECONDS) + 60;
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'failing-over' });
    const failover = aws.requests.find((r) => r.params.Action === 'FailoverGlobalCluster');
    expect(failover?.params).toMatchObject({ GlobalClusterIdentifier: ENV.GLOBAL_CLUSTER_ID, TargetDbClusterIdentifier: SECONDARY, AllowDataLoss: 'true' });
    const publish = aws.requests.find((r) => r.params.Action === 'Publish');
    expect(publish?.params).toMatchObject({ TopicArn: ENV.TOPIC_ARN, Subject: `DR: failing over ${ENV.GLOBAL_CLUSTER_ID} to ${ENV.AWS_REGION}` });
    expect(invocation.output.logs).toEqual([expect.objectContaining({ level: 'ERROR', outcome: 'failing-over' })]);
  });

  it('misconfigured: names the variable, calls no AWS API', async () => {
    const invocation = await run({ GLOBAL_CLUSTER_ID: '' });
    expect(resultOf(invocation)).toEqual({ outcome: 'misconfigured', error: 'GLOBAL_CLUSTER_ID is not set' });
    expect(aws.requests).toEqual([]);
  });
});
