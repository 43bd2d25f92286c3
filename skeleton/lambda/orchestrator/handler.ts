// Failover orchestrator of the secondary region, run every minute and on the primary's canary alarm.
// It asks the secondary's canary how old the replicated heartbeat is, reads the global cluster, and
// fails over (automatic) or pages with the command to run (manual) once the primary is confirmed
// silent. The decision is in decide.ts, the run in orchestrate.ts; this file wires AWS and Powertools.
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { awsPort, createAwsClients } from './aws-adapter';
import { readOrchestratorConfig } from './config';
import { orchestrate } from './orchestrate';

/** Defaults for the two Powertools variables, which the Pulumi program sets anyway. */
export const DEFAULT_SERVICE_NAME = 'tap-dr-orchestrator';
export const DEFAULT_METRICS_NAMESPACE = 'TapDR/Failover';
/** Count metric of every run, with the dimension `decision` = the outcome. */
export const DECISION_METRIC = 'FailoverDecision';

const powertools = { POWERTOOLS_SERVICE_NAME: DEFAULT_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE, ...process.env };
const logger = new Logger({ serviceName: powertools.POWERTOOLS_SERVICE_NAME });
const metrics = new Metrics({ serviceName: powertools.POWERTOOLS_SERVICE_NAME, namespace: powertools.POWERTOOLS_METRICS_NAMESPACE });

let clients: ReturnType<typeof createAwsClients> | undefined;

/** Lambda entry point (`index.handler` in the bundle). The event (schedule or SNS) only starts a run. */
export async function handler(_event: unknown, context: Context): Promise<{ outcome: string; error?: string }> {
  logger.addContext(context);
  const read = readOrchestratorConfig(process.env);
  if ('problems' in read) {
    logger.error(`orchestrator misconfigured: ${read.problems.join('; ')}`, { outcome: 'misconfigured' });
    metrics.addDimension('decision', 'misconfigured');
    metrics.addMetric(DECISION_METRIC, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return { outcome: 'misconfigured', error: read.problems.join('; ') };
  }
  const { settings, targets } = read.config;
  clients ??= createAwsClients(settings.secondaryRegion, targets.primaryRegion);
  const result = await orchestrate(awsPort(clients, settings, targets), settings, {
    log: (level, message, fields) => logger[level](message, fields),
    count: (outcome) => {
      metrics.addDimension('decision', outcome);
      metrics.addMetric(DECISION_METRIC, MetricUnit.Count, 1);
    },
  });
  metrics.publishStoredMetrics();
  return { outcome: result.decision?.outcome ?? 'cluster-unreadable', ...(result.error ? { error: result.error } : {}) };
}
