import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CanaryOutcome } from './canary';

/**
 * The metrics of each run, in the namespace POWERTOOLS_METRICS_NAMESPACE with the one dimension
 * `service` (POWERTOOLS_SERVICE_NAME) that Powertools adds; standard resolution (60 s), so Route 53
 * health checks can use alarms on them. Alarms and dashboards refer to these names.
 */
export const METRIC = {
  /** Count: 1 the run connected and its queries succeeded, 0 it failed (any cause). Every run publishes it. */
  connectivity: 'DatabaseConnectivity',
  /** Milliseconds: round trip of the role query. Successful runs only. */
  queryLatency: 'QueryLatency',
  /** Count: 1 the connection was writable (writer), 0 read-only (secondary). Successful runs only. */
  isWriter: 'IsWriter',
  /**
   * Seconds: age of the heartbeat a read-only connection reads, by the database's own clock
   * (`now() - written_at`). The writer's canary writes once a minute, so this is the replication delay
   * plus up to one minute: it shows that replication flows, not the RPO lag (that is the
   * `AuroraGlobalDBRPOLag` metric of the secondary cluster). Read-only runs that found a heartbeat only.
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

/** Adds the run's metrics and writes its one log line. */
export function report(outcome: CanaryOutcome, metrics: MetricsSink, logger: LogSink): void {
  if (!outcome.ok) {
    metrics.addMetric(METRIC.connectivity, MetricUnit.Count, 0);
    const { cause, stage, target, error } = outcome;
    logger.error(`canary failed (${cause}): ${outcome.message}`, { cause, stage, target, error });
    return;
  }
  const queryLatencyMs = round(outcome.queryLatencyMs, 1);
  metrics.addMetric(METRIC.connectivity, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.queryLatency, MetricUnit.Milliseconds, queryLatencyMs);
  metrics.addMetric(METRIC.isWriter, MetricUnit.Count, outcome.writable ? 1 : 0);
  const fields = { target: outcome.target, region: outcome.region, writable: outcome.writable, queryLatencyMs };

  if (outcome.writable) {
    logger.info(`canary ok: ${outcome.target} is writable, heartbeat written (role query ${queryLatencyMs} ms)`, fields);
    return;
  }
  const because = outcome.readOnlyBecause;
  if (!outcome.heartbeat) {
    logger.warn(
      `canary ok: ${outcome.target} is read-only (${because}) but holds no heartbeat yet, so no replication delay is published; the writer region's canary creates tap_dr_heartbeat`,
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
