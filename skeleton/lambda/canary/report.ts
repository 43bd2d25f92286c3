import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CanaryOutcome } from './canary';

/**
 * The metrics of each probe, in the namespace POWERTOOLS_METRICS_NAMESPACE with the one dimension
 * `service` (POWERTOOLS_SERVICE_NAME) that Powertools adds; standard resolution (60 s), so Route 53
 * health checks can use alarms on them. Alarms and dashboards refer to these names.
 * Reachability and commits are separate metrics: a writer that answers but cannot commit (commits
 * blocked by rds.global_db_rpo) is reachable, and only a loss of reachability is an outage.
 */
export const METRIC = {
  /** Count: 1 the probe reached its cluster and the role query answered, 0 it did not (any cause). Every probe publishes it. */
  reachable: 'DatabaseReachable',
  /** Count: 1 the writer committed the heartbeat in time, 0 it answered but the commit failed or was blocked. Writer probes only. */
  heartbeatCommitted: 'HeartbeatCommitted',
  /** Milliseconds: how long the heartbeat commit took. Committed heartbeats only. */
  commitLatency: 'CommitLatency',
  /** Milliseconds: round trip of the role query. Successful probes only. */
  queryLatency: 'QueryLatency',
  /** Count: 1 the connection was writable (writer), 0 read-only (secondary). Successful probes only. */
  isWriter: 'IsWriter',
  /**
   * Seconds: age of the newest heartbeat a read-only connection reads, by the database's own clock
   * (`now() - written_at`). The writer commits one on every probe, so this is the replication delay
   * plus up to one probe interval: it shows that replication flows, not the RPO lag (that is the
   * `AuroraGlobalDBRPOLag` metric of the secondary cluster). Read-only probes that found a heartbeat only.
   */
  replicationDelay: 'ReplicationDelaySeconds',
} as const;

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** The parts of Powertools `Metrics` and `Logger` this module uses. */
export interface MetricsSink {
  addMetric(name: string, unit: Unit, value: number): unknown;
}
export interface LogSink {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Adds the probe's metrics and writes its one log line. */
export function report(outcome: CanaryOutcome, metrics: MetricsSink, logger: LogSink): void {
  if (!outcome.ok) {
    metrics.addMetric(METRIC.reachable, MetricUnit.Count, 0);
    const { cause, stage, target, error } = outcome;
    logger.error(`canary failed (${cause}): ${outcome.message}`, { cause, stage, target, error });
    return;
  }
  const queryLatencyMs = round(outcome.queryLatencyMs, 1);
  metrics.addMetric(METRIC.reachable, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.queryLatency, MetricUnit.Milliseconds, queryLatencyMs);
  metrics.addMetric(METRIC.isWriter, MetricUnit.Count, outcome.writable ? 1 : 0);
  const fields = { target: outcome.target, region: outcome.region, writable: outcome.writable, queryLatencyMs };

  const { commit } = outcome;
  if (commit) {
    metrics.addMetric(METRIC.heartbeatCommitted, MetricUnit.Count, commit.ok ? 1 : 0);
    if (!commit.ok) {
      logger.error(`canary: ${outcome.target} answers, but the heartbeat commit failed (${commit.cause}): ${commit.message}`, { ...fields, commitCause: commit.cause, error: commit.error });
      return;
    }
    const commitLatencyMs = round(commit.latencyMs, 1);
    metrics.addMetric(METRIC.commitLatency, MetricUnit.Milliseconds, commitLatencyMs);
    logger.info(`canary ok: ${outcome.target} is writable, heartbeat committed in ${commitLatencyMs} ms (role query ${queryLatencyMs} ms)`, { ...fields, commitLatencyMs, writtenAt: commit.heartbeat.writtenAt });
    return;
  }
  const because = outcome.readOnlyBecause;
  if (!outcome.heartbeat) {
    logger.warn(
      `canary ok: ${outcome.target} is read-only (${because}) but holds no heartbeat yet, so no replication delay is published; the writer region's canary creates tap_dr_heartbeats`,
      { ...fields, readOnlyBecause: because },
    );
    return;
  }
  // A clock a little behind the writer's can make a fresh heartbeat look written in the future.
  const delaySeconds = round(Math.max(0, outcome.heartbeat.ageSeconds), 3);
  metrics.addMetric(METRIC.replicationDelay, MetricUnit.Seconds, delaySeconds);
  logger.info(
    `canary ok: ${outcome.target} is read-only (${because}); the heartbeat written by ${outcome.heartbeat.region} is ${delaySeconds} s old (role query ${queryLatencyMs} ms)`,
    { ...fields, readOnlyBecause: because, heartbeatRegion: outcome.heartbeat.region, heartbeatAgeSeconds: outcome.heartbeat.ageSeconds },
  );
}
