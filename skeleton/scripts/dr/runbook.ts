// The DR runbook as commands: npm run dr:status | dr:switchover -- --to <region> | dr:failover -- --to <region>
// | dr:failback | dr:relax [-- --restore] | dr:drill.
// Every identifier comes from the stack config (Pulumi.<stack>.yaml, checked like the program checks it)
// and the naming rules the program names resources with; the hosted zone comes from the stack outputs
// (cfn-outputs/flat-outputs.json) when they are there. Commands that change anything print their plan
// and act only with --yes.
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
import type { Answers } from '../../lib/config/answers-schema';
import { GLOBAL_DB_RPO_PARAMETER, GLOBAL_LAG_DIMENSIONS, MANAGED_FAILOVER_SECONDS, RPO_LAG_METRIC, isConfirmedSubscription } from '../../lib/config/aws-facts';
import { resourceName } from '../../lib/config/naming';
import { blocksCommits, recoveryBudget } from '../../lib/config/recovery-budget';
import { globalDbRpoSeconds } from '../../lib/config/timings';
import { drillMarkdown, runDrill, type DrillPort, type Marker } from './drill';
import { relaxCommitBound, type CommitBoundPort } from './relax';

export type Command = 'status' | 'switchover' | 'failover' | 'failback' | 'relax' | 'drill';
export const COMMANDS: readonly Command[] = ['status', 'switchover', 'failover', 'failback', 'relax', 'drill'];

/** The names the program gives the database and its alarms (lib/global-database.ts, lib/health-alarms.ts). */
export interface DrTargets {
  readonly globalClusterId: string;
  readonly regions: readonly [primary: string, secondary: string];
  readonly clusterIds: Readonly<Record<string, string>>;
  readonly connectivityAlarms: Readonly<Record<string, string>>;
  readonly commitAlarms: Readonly<Record<string, string>>;
  readonly lagAlarm: { readonly region: string; readonly name: string };
  readonly lagAboveRpoAlarm: { readonly region: string; readonly name: string };
  /** The connectivity canary of each region (lib/connectivity-canary.ts). */
  readonly canaries: Readonly<Record<string, string>>;
  /**
   * Each region's cluster parameter group (lib/global-database.ts). rds.global_db_rpo binds the writer's
   * commits from the group of the writer's cluster, wherever the writer is (dr:relax follows it).
   */
  readonly parameterGroups: Readonly<Record<string, string>>;
  readonly hostedZoneId?: string;
  /** The alarm topics of each region (stack outputs), where every alarm and DR page goes. */
  readonly alarmTopics?: readonly string[];
}

export function drTargets(answers: Answers, outputs: Record<string, unknown> = {}): DrTargets {
  const suffix = answers.environmentSuffix;
  const regions = [answers.primaryRegion, answers.secondaryRegion] as const;
  const byRegion = (kind: 'rdsCluster' | 'rdsParameterGroup' | 'alarm' | 'lambdaFunction', service: string, purpose: string) =>
    Object.fromEntries(regions.map((region) => [region, resourceName(kind, { service, purpose, region, suffix })]));
  const secondaryAlarm = (purpose: string) => ({ region: answers.secondaryRegion, name: resourceName('alarm', { service: 'alarm', purpose, region: answers.secondaryRegion, suffix }) });
  return {
    // A global resource carries the primary region in its name (lib/config/naming.ts).
    globalClusterId: resourceName('rdsGlobalCluster', { service: 'aurora', purpose: 'global', region: answers.primaryRegion, suffix }),
    regions,
    clusterIds: byRegion('rdsCluster', 'aurora', 'cluster'),
    connectivityAlarms: byRegion('alarm', 'alarm', 'db-connectivity'),
    commitAlarms: byRegion('alarm', 'alarm', 'db-commits-blocked'),
    lagAlarm: secondaryAlarm('replication-lag'),
    lagAboveRpoAlarm: secondaryAlarm('lag-above-rpo'),
    canaries: byRegion('lambdaFunction', 'lambda', 'db-canary'),
    parameterGroups: byRegion('rdsParameterGroup', 'aurora', 'params'),
    ...(typeof outputs.hostedZoneId === 'string' ? { hostedZoneId: outputs.hostedZoneId } : {}),
    ...alarmTopicsOf(outputs),
  };
}

function alarmTopicsOf(outputs: Record<string, unknown>): { alarmTopics?: string[] } {
  // The health-check alarms' own topic exists only with the app tier and dashboard when neither region is us-east-1.
  const topics = [outputs.primaryAlarmTopicArn, outputs.secondaryAlarmTopicArn, outputs.healthCheckAlarmTopicArn].filter((v): v is string => typeof v === 'string');
  return topics.length ? { alarmTopics: topics } : {};
}

/** AWS SDK v3 clients per region, made on demand (tests hand in mocked ones). */
export interface DrClients {
  rds(region: string): RDSClient;
  cloudwatch(region: string): CloudWatchClient;
  lambda(region: string): LambdaClient;
  route53(): Route53Client;
  sns(region: string): SNSClient;
}

type AnyClient = RDSClient | CloudWatchClient | LambdaClient | Route53Client | SNSClient;

export function awsClients(): DrClients {
  const cache = new Map<string, AnyClient>();
  const get = <T extends AnyClient>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  return {
    rds: (region) => get(`rds ${region}`, () => new RDSClient({ region })),
    cloudwatch: (region) => get(`cw ${region}`, () => new CloudWatchClient({ region })),
    lambda: (region) => get(`lambda ${region}`, () => new LambdaClient({ region })),
    route53: () => get('route53', () => new Route53Client({ region: 'us-east-1' })),
    sns: (region) => get(`sns ${region}`, () => new SNSClient({ region })),
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
  /** Writes a report file (dr:drill), `path` relative to the repository. */
  readonly write: (path: string, text: string) => void;
}

export interface RunbookOptions {
  readonly to?: string;
  readonly yes: boolean;
  readonly wait: boolean;
  /** dr:relax: set the bound back instead of lifting it. */
  readonly restore?: boolean;
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

/**
 * Where to call SwitchoverGlobalCluster: AWS CLI reference, switchover-global-cluster, runs in "the AWS
 * Region where the primary DB cluster ... is running" (failover-global-cluster in the Region of the
 * secondary to promote). Without a writer, the target's region, whose answer then says why not.
 */
const switchoverRegion = (cluster: GlobalCluster, target: string) => writerRegion(cluster) ?? target;

/**
 * The lag of the secondary cluster `clusterId` in `region` over the last 5 minutes, under the dimension
 * set the alarms watch (aws-facts.ts GLOBAL_LAG_DIMENSIONS): SourceRegion is the writer's region.
 */
function readLag(clients: DrClients, region: string, clusterId: string, sourceRegion: string, io: RunbookIo) {
  const values: Record<string, string> = { DBClusterIdentifier: clusterId, SourceRegion: sourceRegion };
  return clients.cloudwatch(region).send(new GetMetricStatisticsCommand({
    Namespace: 'AWS/RDS', MetricName: RPO_LAG_METRIC, Dimensions: GLOBAL_LAG_DIMENSIONS.map((Name) => ({ Name, Value: values[Name] })),
    StartTime: new Date(io.now() - 5 * 60_000), EndTime: new Date(io.now()), Period: 60, Statistics: ['Maximum'],
  }));
}

export async function status(t: DrTargets, clients: DrClients, io: RunbookIo): Promise<void> {
  const { cluster, from } = await readGlobalCluster(t, clients);
  const operation = cluster.FailoverState?.Status ? `, ${cluster.FailoverState.IsDataLossAllowed ? 'failover' : 'switchover'} ${cluster.FailoverState.Status}` : '';
  io.out(`Global cluster ${t.globalClusterId}: ${cluster.Status}${operation} (read in ${from})`);
  for (const { arn, region, writer } of membersOf(cluster)) {
    let lag = '';
    if (!writer) {
      lag = await readLag(clients, region, arn.split(':').pop() as string, writerRegion(cluster) ?? t.regions[0], io).then(
        ({ Datapoints = [] }) => (Datapoints.length ? `, lag ${Math.max(...Datapoints.map((d) => Number(d.Maximum))) / 1000} s (max of the last 5 min)` : ', lag: no data in the last 5 min'),
        (error: Error) => `, lag unknown (${error.message})`,
      );
    }
    io.out(`  ${writer ? 'WRITER   ' : 'secondary'} ${region.padEnd(15)} ${arn}${lag}`);
  }
  const alarms: Array<[string, string]> = [
    ...t.regions.map((r) => [r, t.connectivityAlarms[r]] as [string, string]),
    ...t.regions.map((r) => [r, t.commitAlarms[r]] as [string, string]),
    [t.lagAlarm.region, t.lagAlarm.name],
    [t.lagAboveRpoAlarm.region, t.lagAboveRpoAlarm.name],
  ];
  for (const [region, name] of alarms) {
    const state = await clients.cloudwatch(region).send(new DescribeAlarmsCommand({ AlarmNames: [name] })).then(
      ({ MetricAlarms = [] }) => MetricAlarms[0]?.StateValue ?? 'not found',
      (error: Error) => `unknown (${error.message})`,
    );
    io.out(`  alarm ${name} (${region}): ${state}`);
  }
  const unheard = await alarmTopicReach(t, clients, io);
  if (!t.hostedZoneId) {
    io.out('  health checks: no hostedZoneId in cfn-outputs/flat-outputs.json; they watch the alarms above');
  } else {
    const { ResourceRecordSets = [] } = await clients.route53().send(new ListResourceRecordSetsCommand({ HostedZoneId: t.hostedZoneId }));
    for (const record of ResourceRecordSets.filter((r) => r.HealthCheckId)) {
      const { HealthCheckObservations = [] } = await clients.route53().send(new GetHealthCheckStatusCommand({ HealthCheckId: record.HealthCheckId }));
      const healthy = HealthCheckObservations.length > 0 && HealthCheckObservations.every((o) => o.StatusReport?.Status?.startsWith('Success'));
      io.out(`  health check of ${record.Name} ${record.Failover}: ${healthy ? 'healthy' : 'UNHEALTHY'} (${record.HealthCheckId})`);
    }
  }
  // A finding, not a bad request (exit 1): a deploy pipeline can gate on it.
  if (unheard.length) throw new Error(`${unheard.length} alarm topic(s) reach nobody: ${unheard.join(', ')}`);
}

/**
 * Whether anyone receives the alarms and DR pages: the confirmed subscriptions of each alarm topic,
 * whoever made them (alarmEmail, or a paging tool subscribed outside the stack, which the policy pack
 * cannot see).
 */
async function alarmTopicReach(t: DrTargets, clients: DrClients, io: RunbookIo): Promise<string[]> {
  if (!t.alarmTopics) {
    io.out('  alarm topics: no primaryAlarmTopicArn / secondaryAlarmTopicArn in cfn-outputs/flat-outputs.json; cannot tell who receives the pages');
    return [];
  }
  const unheard: string[] = [];
  for (const topicArn of t.alarmTopics) {
    let counted: string;
    try {
      const { confirmed, pending } = await confirmedSubscriptions(clients.sns(regionOf(topicArn)), topicArn);
      if (confirmed === 0) unheard.push(topicArn);
      counted = confirmed > 0
        ? `${confirmed} confirmed subscription(s)${pending ? `, ${pending} pending confirmation` : ''}`
        : `NO confirmed subscription${pending ? ` (${pending} pending confirmation)` : ''}: alarms and DR pages reach nobody; subscribe your paging tool, or set alarmEmail and confirm the email`;
    } catch (error) {
      counted = `subscriptions unknown (${(error as Error).message})`;
    }
    io.out(`  alarm topic ${topicArn}: ${counted}`);
  }
  return unheard;
}

async function confirmedSubscriptions(sns: SNSClient, topicArn: string): Promise<{ confirmed: number; pending: number }> {
  let confirmed = 0;
  let pending = 0;
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
    for (const { SubscriptionArn } of page.Subscriptions ?? []) {
      if (isConfirmedSubscription(SubscriptionArn)) confirmed++;
      else pending++;
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return { confirmed, pending };
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
  const callRegion = kind === 'switchover' ? switchoverRegion(cluster, region) : region;
  io.out(kind === 'switchover'
    ? `Plan: SwitchoverGlobalCluster ${t.globalClusterId} → ${arn} (called in ${callRegion}, where the writer is). Planned: Aurora waits until the target has caught up, so no data is lost; writes pause while the writer moves (AWS: about ${MANAGED_FAILOVER_SECONDS} s).`
    : `Plan: FailoverGlobalCluster ${t.globalClusterId} → ${arn} (in ${region}) with AllowDataLoss. Unplanned: writes not yet replicated are lost (budget: up to ${budget.rpo.totalSeconds} s of writes); the promotion itself takes about ${MANAGED_FAILOVER_SECONDS} s. Use it only when the writer's region is down; otherwise use dr:switchover.`);
  if (!options.yes) {
    io.out('Nothing done: run again with --yes to do it.');
    return;
  }
  const started = io.now();
  await clients.rds(callRegion).send(kind === 'switchover' ? new SwitchoverGlobalClusterCommand(input) : new FailoverGlobalClusterCommand({ ...input, AllowDataLoss: true }));
  io.out(`${kind} requested.`);
  if (options.wait) await waitForWriter(t, clients, io, region, started);
  if (blocksCommits(answers)) {
    // The stack sets the commit bound on the primary region's group only; nothing moves it with the writer.
    const other = t.regions.find((r) => r !== region) as string;
    const boundSeconds = globalDbRpoSeconds(answers.rpoTargetSeconds);
    io.out(`Next: once ${other} is a secondary with lag below ${boundSeconds} s (npm run dr:status), run npm run dr:relax -- --restore --yes: it sets the commit bound (${GLOBAL_DB_RPO_PARAMETER}) on ${region}'s parameter group and clears it from ${other}'s (README: Runbook, commit bound after the writer moved).`);
  }
}

/** rds.global_db_rpo on the cluster parameter group of `region` (lib/global-database.ts). */
export function parameterGroupBound(t: DrTargets, region: string, clients: DrClients): CommitBoundPort {
  const name = t.parameterGroups[region];
  const rds = clients.rds(region);
  const parameter = { ParameterName: GLOBAL_DB_RPO_PARAMETER, ApplyMethod: 'immediate' as const };
  return {
    target: `${GLOBAL_DB_RPO_PARAMETER} of ${name} (${region})`,
    async current() {
      const { Parameters = [] } = await rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: name, Source: 'user' }));
      const value = Parameters.find((p) => p.ParameterName === GLOBAL_DB_RPO_PARAMETER)?.ParameterValue;
      return value === undefined ? undefined : Number(value);
    },
    async reset() {
      await rds.send(new ResetDBClusterParameterGroupCommand({ DBClusterParameterGroupName: name, Parameters: [parameter] }));
    },
    async set(seconds) {
      await rds.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: name, Parameters: [{ ...parameter, ParameterValue: String(seconds) }] }));
    },
  };
}

/**
 * `npm run dr:relax [-- --restore]`. Aurora bounds the writer's commits by rds.global_db_rpo in the group of
 * the writer's cluster (aws-facts.ts GLOBAL_DB_RPO_PARAMETER), so both directions act on the region that
 * holds the writer now, read from the global cluster like the other dr: commands, not on the configured
 * primary region. --restore waits for a secondary to bound against (AWS: after a failover, set the bound
 * only once Aurora has rebuilt the cluster in the old region), and clears a bound left on the other
 * region's group (AWS: keep the default there in a two-region global database, or a failover that loses
 * the writer's region blocks every commit of the new writer).
 */
async function relaxFollowingWriter(t: DrTargets, answers: Answers, clients: DrClients, io: RunbookIo, options: RunbookOptions): Promise<void> {
  const { cluster } = await readGlobalCluster(t, clients);
  const writer = writerRegion(cluster);
  if (!writer) throw new RunbookError(`${t.globalClusterId} has no writer (its clusters are detached): no commit bound governs anything; see npm run dr:status`);
  const restore = options.restore === true;
  const boundSeconds = globalDbRpoSeconds(answers.rpoTargetSeconds);
  if (restore) {
    if (cluster.FailoverState?.Status) throw new RunbookError(`${t.globalClusterId} is busy (${cluster.FailoverState.Status}); restore the bound once dr:status shows it available`);
    if (!membersOf(cluster).some((m) => !m.writer)) {
      throw new RunbookError(`${t.globalClusterId} has no secondary cluster yet: with the bound set, Aurora would block every commit of the writer in ${writer}. Restore it once Aurora has rebuilt the cluster in the other region and dr:status shows its lag below ${boundSeconds} s`);
    }
  }
  if (writer !== answers.primaryRegion) io.out(`The writer is in ${writer}, not the primary region ${answers.primaryRegion}: acting on ${writer}'s parameter group.`);
  const result = await relaxCommitBound(parameterGroupBound(t, writer, clients), io, { restore, yes: options.yes, boundSeconds });
  if (restore) {
    const other = t.regions.find((region) => region !== writer) as string;
    const left = parameterGroupBound(t, other, clients);
    const value = await left.current();
    if (value !== undefined) {
      const why = `the secondary's group keeps the default, or a failover to ${other} would block every commit there until ${writer} is rebuilt`;
      if (options.yes) {
        await left.reset();
        io.out(`Done: ${left.target} reset (was ${value} s): ${why}.`);
      } else {
        io.out(`Plan: also reset ${left.target} (now ${value} s): ${why}.`);
        if (result === 'unchanged') io.out('Nothing done: run again with --yes to do it.');
      }
    }
  }
  if (result === 'relaxed' && writer === answers.primaryRegion) {
    // The parameter group is the stack's: any pulumi up, the CI deploy on a push to main included, sets the bound back.
    io.out(`Warning: the next pulumi up sets ${GLOBAL_DB_RPO_PARAMETER} back to ${boundSeconds} s and writes stop again while the secondary is down. Until it is back, do not deploy, or first run: pulumi config set TapStack:rpoEnforcement alarm-only (and set block-commits again after npm run dr:relax -- --restore --yes).`);
  }
  if (restore && result !== 'planned' && writer !== answers.primaryRegion) {
    io.out(`Warning: the stack declares the bound on ${answers.primaryRegion}'s group only. While the writer is in ${writer}, a pulumi refresh and pulumi up puts it back there and takes it off ${writer}'s: fail back (npm run dr:failback -- --yes) before you deploy, or run npm run dr:relax -- --restore --yes again after the deploy.`);
  }
}

/** The canary's answer to `{ "action": "probe" }` that the drill reads (lambda/canary/result.ts CanaryResult). */
interface CanaryAnswer {
  ok: boolean;
  cause?: string;
  commit?: { ok: boolean; writtenAt?: string; cause?: string };
  heartbeats?: Array<{ region: string; writtenAt: string }>;
}

/** The drill's reads and actions on AWS: the global cluster, the lag metric, the canaries' heartbeat commits. */
export function awsDrillPort(t: DrTargets, clients: DrClients, io: RunbookIo): DrillPort {
  const probe = async (region: string): Promise<CanaryAnswer> => {
    const response = await clients.lambda(region).send(new InvokeCommand({
      FunctionName: t.canaries[region], InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify({ action: 'probe' })),
    }));
    const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
    if (response.FunctionError) throw new RunbookError(`the canary ${t.canaries[region]} failed (${response.FunctionError}): ${text}`);
    return JSON.parse(text) as CanaryAnswer;
  };
  const cluster = () => readGlobalCluster(t, clients).then(({ cluster: c }) => c, () => undefined);
  return {
    regions: t.regions,
    writerRegion: async () => {
      const c = await cluster();
      return c && writerRegion(c);
    },
    busy: async () => Boolean((await cluster())?.FailoverState?.Status),
    lagSeconds: async () => {
      const [primary, secondary] = t.regions;
      const { Datapoints = [] } = await readLag(clients, secondary, t.clusterIds[secondary], primary, io).catch(() => ({ Datapoints: [] }));
      return Datapoints.length ? Math.max(...Datapoints.map((d) => Number(d.Maximum))) / 1000 : undefined;
    },
    writeMarker: async (region): Promise<Marker> => {
      const answer = await probe(region);
      if (!answer.ok || !answer.commit?.ok) throw new RunbookError(`the canary in ${region} committed no heartbeat (${answer.cause ?? answer.commit?.cause ?? 'not the writer'}): the drill needs the writer to take writes`);
      return { region, id: answer.commit.writtenAt as string };
    },
    markerPresent: async (marker, region) => {
      const answer = await probe(region);
      const row = answer.heartbeats?.find((h) => h.region === marker.region);
      return row !== undefined && Date.parse(row.writtenAt) >= Date.parse(marker.id);
    },
    switchover: async (region) => {
      const c = (await readGlobalCluster(t, clients)).cluster;
      const arn = target(t, c, region, 'switch over');
      await clients.rds(switchoverRegion(c, region)).send(new SwitchoverGlobalClusterCommand({ GlobalClusterIdentifier: t.globalClusterId, TargetDbClusterIdentifier: arn }));
    },
    now: () => io.now(),
    sleep: (ms) => io.sleep(ms),
  };
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
    case 'relax':
      if (!blocksCommits(answers)) {
        throw new RunbookError(`nothing to relax: this stack does not block commits (${answers.engine === 'aurora-mysql' ? 'Aurora MySQL has no rds.global_db_rpo' : 'rpoEnforcement is alarm-only'})`);
      }
      return relaxFollowingWriter(t, answers, clients, io, options);
    case 'drill': {
      const budget = recoveryBudget(answers);
      const promotion = budget.rto.terms.find((term) => term.phase === 'promotion') as { seconds: number };
      const report = await runDrill(awsDrillPort(t, clients, io), { switchoverSeconds: promotion.seconds, pollMs: 5000, timeoutSeconds: 900 }, io, { yes: options.yes });
      if (!report) return;
      const name = `drill-reports/drill-${new Date(io.now()).toISOString().replace(/[:.]/g, '-')}`;
      io.write(`${name}.json`, `${JSON.stringify({ stack: answers.stack, globalClusterId: t.globalClusterId, ...report }, null, 2)}\n`);
      io.write(`${name}.md`, drillMarkdown(report, `DR drill of ${t.globalClusterId} (stack ${answers.stack})`));
      io.out(`Report: ${name}.md and ${name}.json`);
      // A failed drill is a finding, not a bad request: exit 1.
      if (!report.ok) throw new Error(`the drill failed: see ${name}.md`);
      return;
    }
  }
}
