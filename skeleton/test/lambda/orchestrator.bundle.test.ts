// The deployed failover orchestrator: its bundle, invoked as the Lambda runtime invokes it for the
// EventBridge schedule, with RDS, Lambda, DynamoDB and SNS stood in for by a local endpoint (the AWS SDK
// in the bundle is the one the runtime would load) and CloudWatch in neither region answering. What the
// secondary region does when the primary is fine, when it is confirmed down (and another run already
// claimed the failover), and when the function is misconfigured.
import { describeBundle, resultOf } from '../helpers/lambda-runtime';
import { fakeAws, queryResponse, type AwsAnswer, type AwsRequest, type FakeAws } from '../helpers/fake-aws';
import { ENV, PRIMARY, SECONDARY } from '../orchestrator/fixtures';

const RDS_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';
const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** A scheduled run, as EventBridge invokes the orchestrator (the event only starts a run). */
const SCHEDULED = { 'detail-type': 'Scheduled Event', source: 'aws.events', region: ENV.AWS_REGION, detail: {} };
const CANARY_INVOCATIONS = `/2015-03-31/functions/${ENV.SECONDARY_CANARY_FUNCTION}/invocations`;

const member = (arn: string, writer: boolean) => `<GlobalClusterMember><DBClusterArn>${arn}</DBClusterArn><IsWriter>${writer}</IsWriter></GlobalClusterMember>`;
const GLOBAL_CLUSTER = `<GlobalClusters><GlobalClusterMember><GlobalClusterIdentifier>${ENV.GLOBAL_CLUSTER_ID}</GlobalClusterIdentifier><Status>available</Status><GlobalClusterMembers>${member(PRIMARY, true)}${member(SECONDARY, false)}</GlobalClusterMembers></GlobalClusterMember></GlobalClusters>`;

/** The DynamoDB operation of a JSON-protocol request (`X-Amz-Target: DynamoDB_20120810.PutItem`). */
const dynamoOperation = (r: AwsRequest) => String(r.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
/** What each request was, in the words of the API: `DescribeGlobalClusters`, `PutItem`, `POST /…/invocations`. */
const calls = (requests: readonly AwsRequest[]) => requests.map((r) => r.params.Action ?? (dynamoOperation(r) || `${r.method} ${decodeURIComponent(r.path)}`));
const json = (body: unknown, status = 200): AwsAnswer => ({ status, contentType: 'application/x-amz-json-1.0', body: JSON.stringify(body) });
/** CloudWatch's JSON-protocol target for DescribeAlarms, as the SDK in the bundle sends it. */
const CLOUDWATCH_DESCRIBE_ALARMS = 'GraniteServiceVersion20100801.DescribeAlarms';
const rdsError = (status: number, code: string): AwsAnswer => ({ status, contentType: 'text/xml', body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r</RequestId></ErrorResponse>` });

describeBundle('orchestrator', (bundle) => {
  let aws: FakeAws;
  /** What the secondary canary answers to `{ "action": "probe" }` (lambda/canary/result.ts). */
  let canaryAnswer: Record<string, unknown>;
  /** Seconds ago the state table says the primary became unreachable. */
  let unreachableForSeconds: number;
  /** Whether another run holds the failover claim (the conditional PutItem fails). */
  let claimedElsewhere: boolean;
  /** The primary region's RDS API for DescribeDBClusters: failing on its side (dark), or the cluster's status. */
  let primaryApi: 'dark' | string;
  /** The writer DescribeDBClusters names (none: a member without an identifier), and its DescribeDBInstances answer. */
  let writer: { readonly id: string; readonly answer: AwsAnswer } | undefined;
  /** What the primary region's CloudWatch answers to DescribeAlarms; undefined: CloudWatch answers nowhere. */
  let alarmAnswer: AwsAnswer | undefined;

  beforeAll(async () => {
    aws = await fakeAws((request) => {
      if (request.params.Action === 'DescribeGlobalClusters') return queryResponse('DescribeGlobalClusters', RDS_NAMESPACE, GLOBAL_CLUSTER);
      if (request.params.Action === 'DescribeDBClusters') {
        if (primaryApi === 'dark') return { status: 503, contentType: 'text/xml', body: '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>the region is down</Message></Error><RequestId>r</RequestId></ErrorResponse>' };
        const identifier = writer ? `<DBInstanceIdentifier>${writer.id}</DBInstanceIdentifier>` : '';
        return queryResponse('DescribeDBClusters', RDS_NAMESPACE, `<DBClusters><DBCluster><Status>${primaryApi}</Status><DBClusterMembers><DBClusterMember>${identifier}<IsClusterWriter>true</IsClusterWriter></DBClusterMember></DBClusterMembers></DBCluster></DBClusters>`);
      }
      if (request.params.Action === 'DescribeDBInstances') return writer?.answer;
      if (request.headers['x-amz-target'] === CLOUDWATCH_DESCRIBE_ALARMS) return alarmAnswer;
      if (request.params.Action === 'FailoverGlobalCluster') return queryResponse('FailoverGlobalCluster', RDS_NAMESPACE, '<GlobalCluster/>');
      if (request.params.Action === 'Publish') return queryResponse('Publish', SNS_NAMESPACE, '<MessageId>fake-message</MessageId>');
      if (request.path === CANARY_INVOCATIONS) return { contentType: 'application/json', body: JSON.stringify(canaryAnswer) };
      switch (dynamoOperation(request)) {
        case 'DeleteItem':
          return json({});
        case 'UpdateItem':
          return json({ Attributes: { id: { S: 'primary-unreachable' }, since: { N: String(Date.now() - unreachableForSeconds * 1000) } } });
        case 'PutItem':
          return claimedElsewhere
            ? json({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' }, 400)
            : json({});
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
    claimedElsewhere = false;
    primaryApi = 'dark';
    writer = undefined;
    alarmAnswer = undefined;
  });

  /** The function's environment as lib/failover-orchestrator.ts sets it, with AWS pointed at the fake (CloudWatch nowhere). */
  const env = () => ({
    ...ENV,
    AWS_ENDPOINT_URL_RDS: aws.url,
    AWS_ENDPOINT_URL_LAMBDA: aws.url,
    AWS_ENDPOINT_URL_SNS: aws.url,
    AWS_ENDPOINT_URL_DYNAMODB: aws.url,
    ...(alarmAnswer ? { AWS_ENDPOINT_URL_CLOUDWATCH: aws.url } : {}),
  });
  const run = (overrides: Record<string, string> = {}) => bundle.invoke(SCHEDULED, { region: ENV.AWS_REGION, env: { ...env(), ...overrides }, timeoutMs: 55_000 });
  const requestsOf = (operation: string) => aws.requests.filter((r) => r.params.Action === operation || dynamoOperation(r) === operation);

  /** The primary writer unreachable from the secondary and its heartbeat silent well past the confirmation window. */
  const primaryDown = () => {
    const silentFor = Number(ENV.STALE_AFTER_SECONDS) + Number(ENV.CONFIRMATION_SECONDS) + 60;
    unreachableForSeconds = silentFor + 30;
    // Aurora's own last lag figure, as the canary read it before the silence: 2 s, within the 60 s RPO target.
    canaryAnswer = { ok: true, writable: false, heartbeat: { ageSeconds: silentFor }, globalLag: { rpoLagMs: 2000, calculatedSecondsAgo: silentFor }, peer: { reachable: false, cause: 'timeout', message: 'no answer within 5000 ms' } };
  };

  it('primary healthy: reads the global cluster, asks the secondary canary, clears the remembered conditions, changes nothing', async () => {
    canaryAnswer = { ok: true, writable: false, heartbeat: { ageSeconds: 5 }, peer: { reachable: true } };
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'primary-healthy', probes: 1 });
    expect(calls(aws.requests).sort()).toEqual(['DeleteItem', 'DeleteItem', 'DeleteItem', 'DescribeGlobalClusters', `POST ${CANARY_INVOCATIONS}`]);
    expect(requestsOf('DescribeGlobalClusters')[0].params).toMatchObject({ GlobalClusterIdentifier: ENV.GLOBAL_CLUSTER_ID });
    // Every remembered condition is cleared: the primary region's API dark, unreachable, reachable with a stale heartbeat.
    expect(requestsOf('DeleteItem').map((r) => JSON.parse(r.body)).sort((a, b) => a.Key.id.S.localeCompare(b.Key.id.S))).toEqual([
      { TableName: ENV.STATE_TABLE, Key: { id: { S: 'primary-api-dark' } } },
      { TableName: ENV.STATE_TABLE, Key: { id: { S: 'primary-reachable-silent' } } },
      { TableName: ENV.STATE_TABLE, Key: { id: { S: 'primary-unreachable' } } },
    ]);
    expect(invocation.output.logs).toEqual([expect.objectContaining({ level: 'INFO', outcome: 'primary-healthy', function_request_id: invocation.requestId })]);
    expect(invocation.output.metrics.FailoverDecision).toMatchObject({ namespace: 'TapDR/Failover', value: 1, dimensionValues: { decision: 'primary-healthy' } });
    // The dimension set the blind-outcome alarms (lib/orchestrator-alarms.ts) watch.
    expect(invocation.output.metrics.FailoverDecision.dimensions).toEqual([['service', 'decision']]);
  });

  it('primary down past the confirmation window, loss within the RPO target: claims the failover, fails over allowing data loss, and notifies', async () => {
    primaryDown();
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'failing-over', probes: 1 });
    // The primary region's RDS API failed on its side (5xx): the region is down, the fast path.
    expect(requestsOf('DescribeDBClusters')[0].params).toMatchObject({ DBClusterIdentifier: PRIMARY });
    expect(invocation.output.logs[0]).toMatchObject({ path: 'fast', primaryCluster: { answered: false, kind: 'dark' } });
    const claim = JSON.parse(requestsOf('PutItem')[0].body);
    expect(claim).toMatchObject({ TableName: ENV.STATE_TABLE, Item: { id: { S: expect.any(String) }, holder: { S: invocation.requestId } }, ConditionExpression: expect.stringContaining('attribute_not_exists(id)') });
    expect(requestsOf('FailoverGlobalCluster')[0].params).toMatchObject({ GlobalClusterIdentifier: ENV.GLOBAL_CLUSTER_ID, TargetDbClusterIdentifier: SECONDARY, AllowDataLoss: 'true' });
    // The claim comes before the failover.
    expect(aws.requests.indexOf(requestsOf('PutItem')[0])).toBeLessThan(aws.requests.indexOf(requestsOf('FailoverGlobalCluster')[0]));
    expect(requestsOf('Publish')[0].params).toMatchObject({ TopicArn: ENV.TOPIC_ARN, Subject: `DR: failing over ${ENV.GLOBAL_CLUSTER_ID} to ${ENV.AWS_REGION}` });
    expect(invocation.output.logs).toEqual([expect.objectContaining({ level: 'ERROR', outcome: 'failing-over', acted: 'failed-over' })]);
  });

  it('primary down while its region\'s RDS API says the cluster is failing over in-region: asks for the primary cluster, holds, no failover', async () => {
    primaryDown();
    // Unreachable for less than Aurora's in-region failover typically takes (60 s with replicas).
    unreachableForSeconds = 50;
    primaryApi = 'failing-over';
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'in-region-recovery', probes: 1 });
    expect(requestsOf('DescribeDBClusters')[0].params).toMatchObject({ DBClusterIdentifier: PRIMARY });
    expect(requestsOf('FailoverGlobalCluster')).toEqual([]);
    expect(requestsOf('Publish')).toEqual([]);
    expect(invocation.output.logs).toEqual([expect.objectContaining({ outcome: 'in-region-recovery', primaryCluster: { answered: true, status: 'failing-over', hasWriter: true } })]);
  });

  it('primary down while its region\'s RDS API says the cluster is available: the slow path keeps confirming, no failover yet', async () => {
    primaryDown();
    primaryApi = 'available';
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'confirming', probes: 1 });
    expect(requestsOf('FailoverGlobalCluster')).toEqual([]);
    expect(invocation.output.logs).toEqual([expect.objectContaining({ outcome: 'confirming', path: 'slow', windowSeconds: 180 })]);
    expect(invocation.output.metrics.ConfirmationWindowSeconds).toMatchObject({ value: 180 });
  });

  it('primary down while its region answers: asks for the writer the cluster names, and logs the writer instance\'s status with the cluster\'s', async () => {
    primaryDown();
    primaryApi = 'available';
    writer = { id: 'aurora-instance-2-us-east-1-prod', answer: queryResponse('DescribeDBInstances', RDS_NAMESPACE, '<DBInstances><DBInstance><DBInstanceStatus>rebooting</DBInstanceStatus></DBInstance></DBInstances>') };
    const invocation = await run();
    expect(requestsOf('DescribeDBInstances').map((r) => r.params)).toEqual([expect.objectContaining({ DBInstanceIdentifier: 'aurora-instance-2-us-east-1-prod' })]);
    expect(aws.requests.indexOf(requestsOf('DescribeDBClusters')[0])).toBeLessThan(aws.requests.indexOf(requestsOf('DescribeDBInstances')[0]));
    expect(requestsOf('FailoverGlobalCluster')).toEqual([]);
    expect(invocation.output.logs[0]).toMatchObject({ primaryCluster: { answered: true, status: 'available', hasWriter: true, writerStatus: 'rebooting' } });
  });

  it('the writer\'s read refused (AccessDenied, HTTP 403): the cluster\'s answer stands, without a writer status', async () => {
    primaryDown();
    primaryApi = 'available';
    writer = { id: 'added-by-hand', answer: rdsError(403, 'AccessDenied') };
    const invocation = await run();
    expect(requestsOf('DescribeDBInstances')).toHaveLength(1);
    expect(invocation.output.logs[0].primaryCluster).toEqual({ answered: true, status: 'available', hasWriter: true });
  });

  it.each([
    ['OK', 'ok', json({ MetricAlarms: [{ AlarmName: ENV.PRIMARY_ALARM_NAME, StateValue: 'OK' }] })],
    ['INSUFFICIENT_DATA', 'insufficient-data', json({ MetricAlarms: [{ AlarmName: ENV.PRIMARY_ALARM_NAME, StateValue: 'INSUFFICIENT_DATA' }] })],
    ['no such alarm', 'missing', json({ MetricAlarms: [] })],
    ['AccessDenied (HTTP 403)', 'refused', json({ __type: 'AccessDenied', message: 'not authorized to perform: cloudwatch:DescribeAlarms' }, 403)],
    ['a 503', 'dark', json({ __type: 'ServiceUnavailable', message: 'the region is down' }, 503)],
  ])('the primary region\'s CloudWatch answers %s: the primary alarm reads %s', async (_title, expected, answer) => {
    canaryAnswer = { ok: true, writable: false, heartbeat: { ageSeconds: 5 }, peer: { reachable: true } };
    alarmAnswer = answer;
    const invocation = await run();
    const [alarmRead] = aws.requests.filter((r) => r.headers['x-amz-target'] === CLOUDWATCH_DESCRIBE_ALARMS);
    expect(JSON.parse(alarmRead.body)).toMatchObject({ AlarmNames: [ENV.PRIMARY_ALARM_NAME] });
    expect(invocation.output.logs[0]).toMatchObject({ primaryAlarm: expected });
  });

  it('the primary region\'s CloudWatch not answering at all: the primary alarm reads dark', async () => {
    canaryAnswer = { ok: true, writable: false, heartbeat: { ageSeconds: 5 }, peer: { reachable: true } };
    const invocation = await run({ AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:9' });
    expect(invocation.output.logs[0]).toMatchObject({ primaryAlarm: 'dark' });
  });

  it('primary down, but another run holds the failover claim: no failover call and no second notification', async () => {
    primaryDown();
    claimedElsewhere = true;
    const invocation = await run();
    expect(resultOf(invocation)).toEqual({ outcome: 'failing-over', probes: 1 });
    expect(requestsOf('PutItem')).toHaveLength(1);
    expect(requestsOf('FailoverGlobalCluster')).toEqual([]);
    expect(requestsOf('Publish')).toEqual([]);
    expect(invocation.output.logs).toEqual([expect.objectContaining({ level: 'INFO', outcome: 'failing-over', acted: 'claimed-by-another-run' })]);
  });

  it('misconfigured: names the variable, calls no AWS API', async () => {
    const invocation = await run({ GLOBAL_CLUSTER_ID: '' });
    expect(resultOf(invocation)).toEqual({ outcome: 'misconfigured', probes: 0, error: 'GLOBAL_CLUSTER_ID is not set' });
    expect(aws.requests).toEqual([]);
  });
});
