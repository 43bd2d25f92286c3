// The permissions the README asks operators to hold for the runbook are exactly the calls its commands
// make: each command is run through its whole path (status with the health checks, the changes with
// --yes until the writer has moved) against mocked AWS clients, and every call is named as its IAM action.
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribeDBClusterParametersCommand,
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  ModifyDBClusterParameterGroupCommand,
  RDSClient,
  ResetDBClusterParameterGroupCommand,
  SwitchoverGlobalClusterCommand,
  type GlobalCluster,
} from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { parseAnswers } from '../../lib/config/validate';
import { globalDbRpoSeconds } from '../../lib/config/timings';
import { OPERATOR_ACTIONS } from '../../scripts/dr/operator-permissions';
import { COMMANDS, drTargets, runCommand, type Command, type DrClients, type RunbookOptions } from '../../scripts/dr/runbook';
import { readRepoFile } from '../helpers/repo';

// dr:relax acts only on a stack that blocks commits (Aurora PostgreSQL, rpoEnforcement block-commits).
const answers = parseAnswers({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod', engine: 'aurora-postgresql', rpoEnforcement: 'block-commits' });
const targets = drTargets(answers, { hostedZoneId: 'Z0123456789ABCDEFGHIJ', primaryAlarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:alarms', secondaryAlarmTopicArn: 'arn:aws:sns:eu-west-1:123456789012:alarms' });
const arn = (region: string) => `arn:aws:rds:${region}:123456789012:cluster:${targets.clusterIds[region]}`;

/**
 * IAM actions whose name is not the API call's: Lambda's Invoke API is authorized as
 * `lambda:InvokeFunction` ("Actions, resources, and condition keys for AWS Lambda", Service Authorization
 * Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html).
 */
const IAM_ACTION_OF_CALL: Readonly<Record<string, string>> = { 'lambda:Invoke': 'lambda:InvokeFunction' };
const iamAction = (call: string) => IAM_ACTION_OF_CALL[call] ?? call;

/** Runs `command` with `options` against fresh mocks and returns the IAM actions of every call it made. */
async function callsOf(command: Command, options: Partial<RunbookOptions>): Promise<string[]> {
  const rds = new RDSClient({ region: 'us-east-1' });
  const cloudwatch = new CloudWatchClient({ region: 'us-east-1' });
  const lambda = new LambdaClient({ region: 'us-east-1' });
  const route53 = new Route53Client({ region: 'us-east-1' });
  const sns = new SNSClient({ region: 'us-east-1' });
  const [rdsMock, cloudwatchMock, lambdaMock, route53Mock, snsMock] = [mockClient(rds), mockClient(cloudwatch), mockClient(lambda), mockClient(route53), mockClient(sns)];
  const services: Array<[string, { calls(): Array<{ args: unknown[] }> }]> = [['rds', rdsMock], ['cloudwatch', cloudwatchMock], ['lambda', lambdaMock], ['route53', route53Mock], ['sns', snsMock]];
  snsMock.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:alarms:1' }] });
  let clock = 0;
  // The writer is in the primary region until a change is asked for; then, a little later, in the target region.
  let writer = answers.primaryRegion;
  const cluster = (): GlobalCluster => ({ Status: 'available', GlobalClusterMembers: [answers.primaryRegion, answers.secondaryRegion].map((r) => ({ DBClusterArn: arn(r), IsWriter: r === writer })) });
  const moveWriter = (input: { TargetDbClusterIdentifier: string }) => { writer = input.TargetDbClusterIdentifier.split(':')[3]; return {}; };
  rdsMock.on(DescribeGlobalClustersCommand).callsFake(() => ({ GlobalClusters: [cluster()] }));
  rdsMock.on(SwitchoverGlobalClusterCommand).callsFake(moveWriter);
  rdsMock.on(FailoverGlobalClusterCommand).callsFake(moveWriter);
  rdsMock.on(DescribeDBClusterParametersCommand).resolves({ Parameters: options.restore ? [] : [{ ParameterName: 'rds.global_db_rpo', ParameterValue: String(globalDbRpoSeconds(answers.rpoTargetSeconds)) }] });
  rdsMock.on(ResetDBClusterParameterGroupCommand).resolves({});
  rdsMock.on(ModifyDBClusterParameterGroupCommand).resolves({});
  cloudwatchMock.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Maximum: 800 }] });
  cloudwatchMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
  // The canaries answer the drill's probe: the writer's commits a heartbeat, and both read the replicated rows.
  const heartbeats: Record<string, string> = {};
  lambdaMock.on(InvokeCommand).callsFake(() => {
    const writtenAt = new Date(clock).toISOString();
    heartbeats[writer] = writtenAt;
    const rows = Object.entries(heartbeats).map(([region, at]) => ({ region, writtenAt: at }));
    return { Payload: new TextEncoder().encode(JSON.stringify({ ok: true, writable: true, commit: { ok: true, writtenAt }, heartbeats: rows })) };
  });
  route53Mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [{ Name: 'read.dr.internal.', Type: 'CNAME', HealthCheckId: 'hc-1', Failover: 'PRIMARY' }] });
  route53Mock.on(GetHealthCheckStatusCommand).resolves({ HealthCheckObservations: [{ StatusReport: { Status: 'Success: HTTP Status Code 200' } }] });
  const clients: DrClients = { rds: () => rds, cloudwatch: () => cloudwatch, lambda: () => lambda, route53: () => route53, sns: () => sns };
  const to = command === 'switchover' || command === 'failover' ? answers.secondaryRegion : undefined;
  if (command === 'failback') writer = answers.secondaryRegion;
  const io = { out: () => undefined, write: () => undefined, now: () => clock, sleep: async (ms: number) => { clock += ms; } };
  await runCommand(command, answers, targets, clients, io, { to, yes: true, wait: true, ...options });
  return [...new Set(services.flatMap(([service, mock]) => mock.calls().map((call) => iamAction(`${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`))))];
}

/** Every path of `command` that calls AWS: dr:relax lifts the bound, and with --restore sets it back. */
async function actionsOf(command: Command): Promise<string[]> {
  const runs = command === 'relax' ? [callsOf(command, {}), callsOf(command, { restore: true })] : [callsOf(command, {})];
  return [...new Set((await Promise.all(runs)).flat())];
}

describe('the permissions the runbook needs', () => {
  it('are listed for every command of the runbook', () => {
    expect(Object.keys(OPERATOR_ACTIONS).sort()).toEqual([...COMMANDS].sort());
  });

  it.each(COMMANDS)('dr:%s calls exactly the actions listed for it', async (command) => {
    expect((await actionsOf(command)).sort()).toEqual([...OPERATOR_ACTIONS[command]].sort());
  });

  it('are listed in the README, which says the commands run with the operator\'s own credentials', () => {
    const readme = readRepoFile('README.md');
    expect(readme).toContain('your own AWS credentials');
    for (const action of new Set(Object.values(OPERATOR_ACTIONS).flat())) expect(readme).toContain(`\`${action}\``);
  });
});
