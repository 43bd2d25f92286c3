// Failover orchestrator of the secondary region, invoked every minute and probing every
// PROBE_INTERVAL_SECONDS for PROBE_WINDOW_SECONDS. Each probe has the secondary's canary try the primary
// writer and read the replicated heartbeat, reads the global cluster, and fails over (automatic) or pages
// with the command and the numbers (manual, or when the loss would exceed the RPO target) once the primary
// is confirmed down. The decision is in decide.ts, a probe in orchestrate.ts; this file wires AWS and Powertools.
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { awsPort, createAwsClients } from './aws-adapter';
import { readOrchestratorConfig } from './config';
import { DECISION_METRIC, DECISIONS_RECORDED_METRIC, FIGURE_METRICS } from './metric-names';
import { orchestrateLoop, type DecisionSink } from './orchestrate';

/** Defaults for the two Powertools variables, which the Pulumi program sets anyway. */
export const DEFAULT_SERVICE_NAME = 'tap-dr-orchestrator';
export const DEFAULT_METRICS_NAMESPACE = 'TapDR/Failover';
const powertools = { POWERTOOLS_SERVICE_NAME: DEFAULT_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE, ...process.env };
const logger = new Logger({ serviceName: powertools.POWERTOOLS_SERVICE_NAME });
const metrics = new Metrics({ serviceName: powertools.POWERTOOLS_SERVICE_NAME, namespace: powertools.POWERTOOLS_METRICS_NAMESPACE });

let clients: ReturnType<typeof createAwsClients> | undefined;

/** Publishes one probe's record: the outcome under its own dimension, the figures under the service only. */
function record(outcome: string, figures: Partial<Record<keyof typeof FIGURE_METRICS, number>>): void {
  const decision = metrics.singleMetric();
  decision.addDimension('decision', outcome);
  decision.addMetric(DECISION_METRIC, MetricUnit.Count, 1);
  metrics.addMetric(DECISIONS_RECORDED_METRIC, MetricUnit.Count, 1);
  for (const [key, name] of Object.entries(FIGURE_METRICS)) {
    const value = figures[key as keyof typeof FIGURE_METRICS];
    if (value !== undefined) metrics.addMetric(name, MetricUnit.Seconds, Math.round(value * 1000) / 1000);
  }
  metrics.publishStoredMetrics();
}

/** Lambda entry point (`index.handler` in the bundle). The event (the schedule) only starts a run. */
export async function handler(_event: unknown, context: Context): Promise<{ outcome: string; probes: number; error?: string }> {
  logger.addContext(context);
  const read = readOrchestratorConfig(process.env);
  if ('problems' in read) {
    logger.error(`orchestrator misconfigured: ${read.problems.join('; ')}`, { outcome: 'misconfigured' });
    record('misconfigured', {});
    return { outcome: 'misconfigured', probes: 0, error: read.problems.join('; ') };
  }
  const { settings, targets, windowMs } = read.config;
  clients ??= createAwsClients(settings.secondaryRegion, targets.primaryRegion);
  const sink: DecisionSink = {
    log: (level, message, fields) => logger[level](message, fields),
    record,
  };
  const results = await orchestrateLoop(awsPort(clients, settings, targets, context.awsRequestId), settings, sink, {
    windowMs,
    clock: {
      now: () => performance.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      remainingMs: () => context.getRemainingTimeInMillis(),
    },
  });
  const last = results[results.length - 1];
  return { outcome: last.decision?.outcome ?? 'cluster-unreadable', probes: results.length, ...(last.error ? { error: last.error } : {}) };
}
