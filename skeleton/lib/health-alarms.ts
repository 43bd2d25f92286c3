import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { GLOBAL_LAG_DIMENSIONS, RPO_LAG_METRIC } from './config/aws-facts';
import { CANARY_NAMESPACE, HEARTBEAT_COMMITTED_METRIC, REACHABLE_METRIC } from './connectivity-canary';
import type { Side } from './regions';

import { ALARM_PERIOD_SECONDS, CONNECTIVITY_EVALUATION_PERIODS, PROBE_INTERVAL_SECONDS, globalDbRpoSeconds } from './config/timings';

// Defined with the other timings, which the recovery budget adds up.
export { CONNECTIVITY_EVALUATION_PERIODS };
/**
 * Replication lag as the secondary sees it (milliseconds, in the secondary region, under the dimension
 * set of aws-facts.ts GLOBAL_LAG_DIMENSIONS). Every engine version the answers accept (Aurora
 * PostgreSQL, Aurora MySQL ≥ 3.04) publishes it.
 */
export const LAG_METRIC = RPO_LAG_METRIC;

/**
 * The blocked-commit alarm: no heartbeat commit succeeded for this many periods while the writer
 * answered. The local drill (test/drill in the template repository) evaluates the same rule.
 */
export const COMMIT_BLOCKED_ALARM = { metric: HEARTBEAT_COMMITTED_METRIC, statistic: 'Maximum', threshold: 1, evaluationPeriods: 2 } as const;

export interface RegionSignals {
  readonly side: Side;
  /** `service` dimension of this region's canary metrics. */
  readonly canaryServiceName: string;
  /** SNS topic in this region: alarm actions must be in the alarm's region. */
  readonly topicArn: pulumi.Input<string>;
}

export interface HealthAlarmsArgs {
  readonly primary: RegionSignals;
  readonly secondary: RegionSignals;
  readonly secondaryClusterId: pulumi.Input<string>;
  readonly lagThresholdSeconds: number;
  readonly rpoTargetSeconds: number;
  /** Whether the primary blocks commits beyond rds.global_db_rpo (recovery-budget.ts blocksCommits). */
  readonly blocksCommits: boolean;
}

/**
 * An alarm a Route 53 health check can watch: its name and region, and what Route 53 copies of it.
 * Route 53 keeps its own copy of the alarm's configuration from when the check was created, so a check
 * passes `triggers` to be updated whenever these values change (failover-dns.ts).
 */
export interface AlarmRef {
  readonly name: pulumi.Output<string>;
  readonly region: string;
  readonly triggers: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The parts of an alarm Route 53 copies into a CLOUDWATCH_METRIC health check, as `triggers`. */
function triggersOf(spec: { metricName: string; statistic: string; period: number; evaluationPeriods: number; comparisonOperator: string; threshold: number; treatMissingData: string; dimensions: Record<string, pulumi.Input<string>> }): Record<string, pulumi.Input<string>> {
  return {
    metricName: spec.metricName,
    statistic: spec.statistic,
    period: String(spec.period),
    evaluationPeriods: String(spec.evaluationPeriods),
    comparisonOperator: spec.comparisonOperator,
    threshold: String(spec.threshold),
    treatMissingData: spec.treatMissingData,
    dimensions: pulumi.jsonStringify(spec.dimensions),
  };
}

/**
 * The signals failover decisions and people rest on: can each region's canary reach its cluster, can the
 * writer commit, does the secondary keep up. No lag alarm reads missing data as healthy: AWS documents no
 * dimension set for the lag metric, and a metric that stops is no proof of a secondary that keeps up.
 */
export class HealthAlarms extends pulumi.ComponentResource {
  public readonly primaryConnectivity: AlarmRef;
  public readonly secondaryConnectivity: AlarmRef;
  public readonly replicationLag: AlarmRef;
  public readonly alarmNames: pulumi.Output<string>[] = [];

  constructor(name: string, args: HealthAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:HealthAlarms', name, {}, opts);
    const alarm = (side: Side, id: string, spec: aws.cloudwatch.MetricAlarmArgs & { name: string }) => {
      const created = new aws.cloudwatch.MetricAlarm(`${name}-${id}`, spec, { parent: this, provider: side.provider });
      this.alarmNames.push(created.name);
      return created;
    };

    const connectivity = (signals: RegionSignals): AlarmRef => {
      const spec = {
        metricName: REACHABLE_METRIC,
        dimensions: { service: signals.canaryServiceName },
        // No probe of the period reached the database: one failed probe of six is not an outage.
        statistic: 'Maximum',
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: CONNECTIVITY_EVALUATION_PERIODS,
        comparisonOperator: 'LessThanThreshold',
        threshold: 1,
        // No canary result is as bad as a failed one: the canary itself may be what broke.
        treatMissingData: 'breaching',
      };
      const created = alarm(signals.side, `${signals.side.role}-connectivity`, {
        name: signals.side.name('alarm', 'alarm', 'db-connectivity'),
        alarmDescription: `No probe of the ${signals.side.role} canary (every ${PROBE_INTERVAL_SECONDS} s) reached its Aurora cluster for ${CONNECTIVITY_EVALUATION_PERIODS * ALARM_PERIOD_SECONDS} s`,
        namespace: CANARY_NAMESPACE,
        ...spec,
        alarmActions: [signals.topicArn],
        okActions: [signals.topicArn],
      });
      return { name: created.name, region: signals.side.region, triggers: triggersOf(spec) };
    };
    this.primaryConnectivity = connectivity(args.primary);
    this.secondaryConnectivity = connectivity(args.secondary);

    // Whichever region holds the writer publishes HeartbeatCommitted; a reader publishes none, and no
    // commit tried is no commit blocked, so missing data is OK here (reachability has its own alarm).
    for (const signals of [args.primary, args.secondary]) {
      alarm(signals.side, `${signals.side.role}-commits-blocked`, {
        name: signals.side.name('alarm', 'alarm', 'db-commits-blocked'),
        alarmDescription: args.blocksCommits
          ? `The ${signals.side.role} writer answers but committed no heartbeat for ${COMMIT_BLOCKED_ALARM.evaluationPeriods} minutes: rds.global_db_rpo blocks commits while the secondary lags (is the secondary region down? npm run dr:relax restores writes), or a lock holds them`
          : `The ${signals.side.role} writer answers but committed no heartbeat for ${COMMIT_BLOCKED_ALARM.evaluationPeriods} minutes: a lock or a storage problem holds commits`,
        namespace: CANARY_NAMESPACE,
        metricName: COMMIT_BLOCKED_ALARM.metric,
        dimensions: { service: signals.canaryServiceName },
        statistic: COMMIT_BLOCKED_ALARM.statistic,
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: COMMIT_BLOCKED_ALARM.evaluationPeriods,
        comparisonOperator: 'LessThanThreshold',
        threshold: COMMIT_BLOCKED_ALARM.threshold,
        treatMissingData: 'notBreaching',
        alarmActions: [signals.topicArn],
        okActions: [signals.topicArn],
      });
    }

    const { secondary } = args;
    const lagDimensions: Record<string, pulumi.Input<string>> = { DBClusterIdentifier: args.secondaryClusterId, SourceRegion: args.primary.side.region };
    const lag = (id: string, purpose: string, thresholdSeconds: number, description: string) => {
      const spec = {
        metricName: LAG_METRIC,
        dimensions: Object.fromEntries(GLOBAL_LAG_DIMENSIONS.map((d) => [d, lagDimensions[d]])),
        statistic: 'Maximum',
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: 1,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: thresholdSeconds * 1000,
        // Missing lag is not a secondary that keeps up: the metric may not reach this dimension set, the
        // secondary region may be down, or the secondary was promoted. Each needs a look.
        treatMissingData: 'breaching',
      };
      const created = alarm(secondary.side, id, {
        name: secondary.side.name('alarm', 'alarm', purpose),
        alarmDescription: description,
        namespace: 'AWS/RDS',
        ...spec,
        alarmActions: [secondary.topicArn],
        okActions: [secondary.topicArn],
      });
      return { name: created.name, region: secondary.side.region, triggers: triggersOf(spec) };
    };
    this.replicationLag = lag('replication-lag', 'replication-lag', args.lagThresholdSeconds,
      `The secondary cluster lags the primary by more than ${args.lagThresholdSeconds} s, or no lag is published (secondary region down, or promoted)`);
    // With the commit bound, lag stops growing at the bound (the primary blocks commits there), so an
    // alarm at the RPO target would never fire: it fires at the bound instead, the moment writes stop.
    const boundSeconds = globalDbRpoSeconds(args.rpoTargetSeconds);
    if (args.blocksCommits) {
      lag('lag-above-rpo', 'lag-above-rpo', boundSeconds,
        `The secondary lags more than ${boundSeconds} s, the commit bound (rds.global_db_rpo), or publishes no lag: the primary is blocking every commit until the secondary catches up (secondary region down? npm run dr:relax -- --yes restores writes). No failover loses more than ${boundSeconds} s meanwhile`);
    } else {
      lag('lag-above-rpo', 'lag-above-rpo', args.rpoTargetSeconds,
        `The secondary lags more than the RPO target of ${args.rpoTargetSeconds} s (or publishes no lag): an unplanned failover now would lose more than the target, so the orchestrator will page instead of promoting`);
    }

    this.registerOutputs({
      primaryConnectivityAlarm: this.primaryConnectivity.name,
      secondaryConnectivityAlarm: this.secondaryConnectivity.name,
      replicationLagAlarm: this.replicationLag.name,
    });
  }
}
