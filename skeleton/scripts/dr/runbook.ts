// The DR runbook as commands: npm run dr:status | dr:switchover -- --to <region> | dr:failover -- --to <region> | dr:failback.
// Every identifier comes from the stack config (Pulumi.<stack>.yaml, checked like the program checks it)
// and the naming rules the program names resources with; the hosted zone comes from the stack outputs
// (cfn-outputs/flat-outputs.json) when they are there. Commands that change anything print their plan
// and act only with --yes.
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeGlobalClustersCommand,
  FailoverGlobalClusterCommand,
  RDSClient,
  SwitchoverGlobalClusterCommand,
  type GlobalCluster,
} from '@aws-sdk/client-rds';
import { GetHealthCheckStatusCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import type { Answers } from '../../lib/config/answers-schema';
import { MANAGED_FAILOVER_SECONDS } from '../../lib/config/aws-facts';
import { resourceName } from '../../lib/config/naming';
import { recoveryBudget } from '../../lib/config/recovery-budget';

export type Command = 'status' | 'switchover' | 'failover' | 'failback';
export const COMMANDS: readonly Command[] = ['status', 'switchover', 'failover', 'failback'];

/** The names the program gives the database and its alarms (lib/global-database.ts, lib/health-alarms.ts). */
export interface DrTargets {
  readonly globalClusterId: string;
  readonly regions: readonly [primary: string, secondary: string];
  readonly clusterIds: Readonly<Record<string, string>>;
  readonly connectivityAlarms: Readonly<Record<string, string>>;
  readonly lagAlarm: { readonly region: string; readonly name: string };
  readonly hostedZoneId?: string;
}

export function drTargets(answers: Answers, outputs: Record<string, unknown> = {}): DrTargets {
  const suffix = answers.environmentSuffix;
  const regions = [answers.primaryRegion, answers.secondaryRegion] as const;
  const byRegion = (kind: 'rdsCluster' | 'alarm', service: string, purpose: string) =>
    Object.fromEntries(regions.map((region) => [region, resourceName(kind, { service, purpose, region, suffix })]));
  return {
    // A global resource carries the primary region in its name (lib/config/naming.ts).
    globalClusterId: resourceName('rdsGlobalCluster', { service: 'aurora', purpose: 'global', region: answers.primaryRegion, suffix }),
    regions,
    clusterIds: byRegion('rdsCluster', 'aurora', 'cluster'),
    connectivityAlarms: byRegion('alarm', 'alarm', 'db-connectivity'),
    lagAlarm: { region: answers.secondaryRegion, name: resourceName('alarm', { service: 'alarm', purpose: 'replication-lag', region: answers.secondaryRegion, suffix }) },
    ...(typeof outputs.hostedZoneId === 'string' ? { hostedZoneId: outputs.hostedZoneId } : {}),
  };
}

/** AWS SDK v3 clients per region, made on demand (tests hand in mocked ones). */
export interface DrClients {
  rds(region: string): RDSClient;
  cloudwatch(region: string): CloudWatchClient;
  route53(): Route53Client;
}

export function awsClients(): DrClients {
  const cache = new Map<string, RDSClient | CloudWatchClient | Route53Client>();
  const get = <T extends RDSClient | CloudWatchClient | Route53Client>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return {
    rds: (region) => get(`rds ${region}`, () => new RDSClient({ region })),
    cloudwatch: (region) => get(`cw ${region}`, () => new CloudWatchClient({ region })),
    route53: () => get('route53', () => new Route53Client({ region: 'us-east-1' })),
  };
}

export class RunbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunbookError';
  }
}

export interface RunbookIo {
  readonly out: (line: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export interface RunbookOptions {
  readonly to?: string;
  readonly yes: boolean;
  readonly wait: boolean;
}

const regionOf = (arn: string) => arn.split(':')[3];

interface Member {
  readonly arn: string;
  readonly region: string;
  readonly writer: boolean;
}

/** The member clusters (AWS names each by its ARN); a global cluster whose clusters were all detached has none. */
const membersOf = (cluster: GlobalCluster): Member[] =>
  (cluster.GlobalClusterMembers ?? []).map((m) => ({ arn: String(m.DBClusterArn), region: regionOf(String(m.DBClusterArn)), writer: m.IsWriter === true }));

/** The global cluster from the first region that answers: in a regional outage, one of them does not. */
async function readGlobalCluster(t: DrTargets, clients: DrClients): Promise<{ cluster: GlobalCluster; from: string }> {
  const errors: string[] = [];
  for (const region of t.regions) {
    try {
      const { GlobalClusters = [] } = await clients.rds(region).send(new DescribeGlobalClustersCommand({ GlobalClusterIdentifier: t.globalClusterId }));
      if (GlobalClusters[0]) return { cluster: GlobalClusters[0], from: region };
      errors.push(`${region}: not found`);
    } catch (error) {
      errors.push(`${region}: ${(error as Error).message}`);
    }
  }
  throw new RunbookError(`cannot read global cluster ${t.globalClusterId} (${errors.join('; ')}); check AWS credentials and TapStack:environmentSuffix / ENVIRONMENT_SUFFIX`);
}

const writerRegion = (cluster: GlobalCluster) => membersOf(cluster).find((m) => m.writer)?.region;

export async function status(t: DrTargets, clients: DrClients, io: RunbookIo): Promise<void> {
  const { cluster, from } = await readGlobalCluster(t, clients);
  const operation = cluster.FailoverState?.Status ? `, ${cluster.FailoverState.IsDataLossAllowed ? 'failover' : 'switchover'} ${cluster.FailoverState.Status}` : '';
  io.out(`Global cluster ${t.globalClusterId}: ${cluster.Status}${operation} (read in ${from})`);
  for (const { arn, region, writer } of membersOf(cluster)) {
    let lag = '';
    if (!writer) {
      lag = await clients.cloudwatch(region).send(new GetMetricStatisticsCommand({
        Namespace: 'AWS/RDS', MetricName: 'AuroraGlobalDBRPOLag', Dimensions: [{ Name: 'DBClusterIdentifier', Value: arn.split(':').pop() }],
        StartTime: new Date(io.now() - 5 * 60_000), EndTime: new Date(io.now()), Period: 60, Statistics: ['Maximum'],
      })).then(
        ({ Datapoints = [] }) => (Datapoints.length ? `, lag ${Math.max(...Datapoints.map((d) => Number(d.Maximum))) / 1000} s (max of the last 5 min)` : ', lag: no data in the last 5 min'),
        (error: Error) => `, lag unknown (${error.message})`,
      );
    }
    io.out(`  ${writer ? 'WRITER   ' : 'secondary'} ${region.padEnd(15)} ${arn}${lag}`);
  }
  const alarms: Array<[string, string]> = [...t.regions.map((r) => [r, t.connectivityAlarms[r]] as [string, string]), [t.lagAlarm.region, t.lagAlarm.name]];
  for (const [region, name] of alarms) {
    const state = await clients.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNames: [name] })).then(
      ({ MetricAlarms = [] }) => MetricAlarms[0]?.StateValue ?? 'not found',
      (error: Error) => `unknown (${error.message})`,
    );
    io.out(`  alarm ${name} (${region}): ${state}`);
  }
  if (!t.hostedZoneId) {
    io.out('  health checks: no hostedZoneId in cfn-outputs/flat-outputs.json; they watch the alarms above');
    return;
  }
  const { ResourceRecordSets = [] } = await clients.route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: t.hostedZoneId }));
  for (const record of ResourceRecordSets.filter((r) => r.HealthCheckId)) {
    const { HealthCheckObservations = [] } = await clients.route53().send(new GetHealthCheckStatusCommand({ HealthCheckId: record.HealthCheckId }));
    const healthy = HealthCheckObservations.length > 0 && HealthCheckObservations.every((o) => o.StatusReport?.Status?.startsWith('Success'));
    io.out(`  health check of ${record.Name} ${record.Failover}: ${healthy ? 'healthy' : 'UNHEALTHY'} (${record.HealthCheckId})`);
  }
}

/** `--to`, checked against the stack's regions before anything is asked of AWS. */
function targetRegion(t: DrTargets, region: string | undefined): string {
  if (!region) throw new RunbookError(`--to <region> is required: ${t.regions.join(' or ')}`);
  if (!t.regions.includes(region)) {
    throw new RunbookError(`--to ${region} is not a region of this stack: use ${t.regions[0]} (primary) or ${t.regions[1]} (secondary)`);
  }
  return region;
}

/** The member cluster in `region`, checked against the cluster's state. */
function target(t: DrTargets, cluster: GlobalCluster, region: string, verb: string): string {
  if (cluster.FailoverState?.Status) throw new RunbookError(`${t.globalClusterId} is busy (${cluster.FailoverState.Status}); wait until dr:status shows it available`);
  const member = membersOf(cluster).find((m) => m.region === region);
  if (!member) throw new RunbookError(`no cluster of ${t.globalClusterId} in ${region} (detached or not rejoined yet): nothing to ${verb} to`);
  if (member.writer) throw new RunbookError(`${region} already holds the writer of ${t.globalClusterId}: nothing to ${verb}`);
  return member.arn;
}

async function waitForWriter(t: DrTargets, clients: DrClients, io: RunbookIo, region: string, started: number): Promise<void> {
  const deadline = started + 15 * 60_000;
  while (io.now() < deadline) {
    await io.sleep(10_000);
    const { cluster } = await readGlobalCluster(t, clients).catch(() => ({ cluster: undefined }));
    if (cluster && writerRegion(cluster) === region && !cluster.FailoverState?.Status) {
      io.out(`Done: ${region} holds the writer after ${Math.round((io.now() - started) / 1000)} s. Verify with: npm run dr:status`);
      return;
    }
  }
  throw new RunbookError(`${region} does not hold the writer after 15 minutes; check npm run dr:status and the RDS events`);
}

async function change(kind: 'switchover' | 'failover', t: DrTargets, answers: Answers, clients: DrClients, io: RunbookIo, options: RunbookOptions, verb: string = kind): Promise<void> {
  const region = targetRegion(t, options.to);
  const { cluster } = await readGlobalCluster(t, clients);
  const arn = target(t, cluster, region, verb);
  const budget = recoveryBudget(answers);
  const input = { GlobalClusterIdentifier: t.globalClusterId, TargetDbClusterIdentifier: arn };
  io.out(kind === 'switchover'
    ? `Plan: SwitchoverGlobalCluster ${t.globalClusterId} → ${arn} (in ${region}). Planned: Aurora waits until the target has caught up, so no data is lost; writes pause while the writer moves (AWS: about ${MANAGED_FAILOVER_SECONDS} s).`
    : `Plan: FailoverGlobalCluster ${t.globalClusterId} → ${arn} (in ${region}) with AllowDataLoss. Unplanned: writes not yet replicated are lost (budget: up to ${budget.rpo.totalSeconds} s of writes); the promotion itself takes about ${MANAGED_FAILOVER_SECONDS} s. Use it only when the writer's region is down; otherwise use dr:switchover.`);
  if (!options.yes) {
    io.out('Nothing done: run again with --yes to do it.');
    return;
  }
  const started = io.now();
  await clients.rds(region).send(kind === 'switchover' ? new SwitchoverGlobalClusterCommand(input) : new FailoverGlobalClusterCommand({ ...input, AllowDataLoss: true }));
  io.out(`${kind} requested.`);
  if (options.wait) await waitForWriter(t, clients, io, region, started);
}

/** Runs one runbook command. Throws `RunbookError` with a message for the operator on a bad request. */
export async function runCommand(command: Command, answers: Answers, t: DrTargets, clients: DrClients, io: RunbookIo, options: RunbookOptions): Promise<void> {
  switch (command) {
    case 'status':
      return status(t, clients, io);
    case 'switchover':
      return change('switchover', t, answers, clients, io, options);
    case 'failover':
      return change('failover', t, answers, clients, io, options);
    case 'failback':
      if (options.to && options.to !== answers.primaryRegion) {
        throw new RunbookError(`dr:failback always returns the writer to the primary region ${answers.primaryRegion}; for another region use dr:switchover -- --to ${options.to}`);
      }
      return change('switchover', t, answers, clients, io, { ...options, to: answers.primaryRegion }, 'fail back');
  }
}
