// The permissions the README asks operators to hold for the runbook are exactly the calls its commands
// make: each command is run through its whole path (status with the health checks, the changes with
// --yes until the writer has moved) against mocked AWS clients, and every call is named as its IAM action.
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeGlobalClustersCommand, FailoverGlobalClusterCommand, RDSClient, SwitchoverGlobalClusterCommand, type GlobalCluster } from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { parseAnswers } from '../../lib/config/validate';
import { OPERATOR_ACTIONS } from '../../scripts/dr/operator-permissions';
import { COMMANDS, drTargets, runCommand, type Command, type DrClients } from '../../scripts/dr/runbook';
import { readRepoFile } from '../helpers/repo';

const answers = parseAnswers({ primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', environmentSuffix: 'prod' });
const targets = drTargets(answers, { hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
const arn = (region: string) => `arn:aws:rds:${region}:123456789012:cluster:${targets.clusterIds[region]}`;

/** Runs `command` against fresh mocks and returns the IAM actions of every call it made. */
async function actionsOf(command: Command): Promise<string[]> {
  const rds = new RDSClient({ region: 'us-east-1' });
  const cloudwatch = new CloudWatchClient({ region: 'us-east-1' });
  const route53 = new Route53Client({ region: 'us-east-1' });
  const [rdsMock, cloudwatchMock, route53Mock] = [mockClient(rds), mockClient(cloudwatch), mockClient(route53)];
  const services: Array<[string, { calls(): Array<{ args: unknown[] }> }]> = [['rds', rdsMock], ['cloudwatch', cloudwatchMock], ['route53', route53Mock]];
  // The writer is in the primary region until a change is asked for; then it is in the target region.
  let writer = answers.primaryRegion;
  const cluster = (): GlobalCluster => ({ Status: 'available', GlobalClusterMembers: [answers.primaryRegion, answers.secondaryRegion].map((r) => ({ DBClusterArn: arn(r), IsWriter: r === writer })) });
  rdsMock.on(DescribeGlobalClustersCommand).callsFake(() => ({ GlobalClusters: [cluster()] }));
  rdsMock.on(SwitchoverGlobalClusterCommand).callsFake((input: { TargetDbClusterIdentifier: string }) => { writer = input.TargetDbClusterIdentifier.split(':')[3]; return {}; });
  rdsMock.on(FailoverGlobalClusterCommand).callsFake((input: { TargetDbClusterIdentifier: string }) => { writer = input.TargetDbClusterIdentifier.split(':')[3]; return {}; });
  cloudwatchMock.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Maximum: 800 }] });
  cloudwatchMock.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ StateValue: 'OK' }] });
  route53Mock.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [{ Name: 'db.dr.internal.', Type: 'CNAME', HealthCheckId: 'hc-1', Failover: 'PRIMARY' }] });
  route53Mock.on(GetHealthCheckStatusCommand).resolves({ HealthCheckObservations: [{ StatusReport: { Status: 'Success: HTTP Status Code 200' } }] });
  const clients: DrClients = { rds: () => rds, cloudwatch: () => cloudwatch, route53: () => route53 };
  let clock = 0;
  const to = command === 'status' || command === 'failback' ? undefined : answers.secondaryRegion;
  if (command === 'failback') writer = answers.secondaryRegion;
  await runCommand(command, answers, targets, clients, { out: () => undefined, now: () => clock, sleep: async (ms) => { clock += ms; } }, { to, yes: true, wait: true });
  return [...new Set(services.flatMap(([service, mock]) => mock.calls().map((call) => `${service}:${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`)))];
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
