// Connectivity canary of one region, run every minute. It reads the database secret from its own
// region, connects to its region's cluster endpoint, finds out whether the connection is writable,
// writes (writer) or reads (secondary) the heartbeat row, and publishes the result as CloudWatch
// metrics through Embedded Metric Format log lines: no CloudWatch API call, no NAT needed for them.
// The logic is in canary.ts and report.ts; this file only wires Powertools and the driver to it.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import { runCanary, type SecretReader } from './canary';
import * as driver from './driver';
import { report } from './report';
import type { Heartbeat } from './types';

/** Defaults for the two Powertools variables, which the Pulumi program sets anyway. */
export const DEFAULT_SERVICE_NAME = 'tap-dr-canary';
export const DEFAULT_METRICS_NAMESPACE = 'TapDR/Canary';
/**
 * How long a secret stays cached in a warm function. A password changed within that time is picked up
 * at once anyway: a login the database rejects makes the run read the secret afresh and retry.
 */
export const SECRET_MAX_AGE_SECONDS = 300;

const powertools = { POWERTOOLS_SERVICE_NAME: DEFAULT_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE: DEFAULT_METRICS_NAMESPACE, ...process.env };
const logger = new Logger({ serviceName: powertools.POWERTOOLS_SERVICE_NAME });
const metrics = new Metrics({ serviceName: powertools.POWERTOOLS_SERVICE_NAME, namespace: powertools.POWERTOOLS_METRICS_NAMESPACE });

// Created on first use, with network timeouts from CONNECT_TIMEOUT_MS, then kept with its cache.
// The SDK comes from the Lambda runtime, so the timeouts are set the way both older and newer SDK
// versions honour: recent ones only enforce requestTimeout with throwOnRequestTimeout, and call the
// idle-socket limit socketTimeout, which older ones took from requestTimeout.
let secrets: SecretsProvider | undefined;
const readSecret: SecretReader = (secretArn, { forceFetch, timeoutMs }) => {
  secrets ??= new SecretsProvider({
    clientConfig: {
      maxAttempts: 2,
      requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, socketTimeout: timeoutMs, throwOnRequestTimeout: true },
    },
  });
  return secrets.get(secretArn, { transform: 'json', maxAge: SECRET_MAX_AGE_SECONDS, forceFetch });
};

/**
 * What an invocation returns. The failover orchestrator invokes the secondary region's canary and reads
 * the heartbeat from it: how long ago the writer last wrote one, as replicated to this region.
 */
export interface CanaryResult {
  readonly ok: boolean;
  readonly cause?: string;
  readonly writable?: boolean;
  readonly heartbeat?: Heartbeat;
}

/** Lambda entry point (`index.handler` in the bundle). Resolves in every case; the result is also logged. */
export async function handler(_event: unknown, context: Context): Promise<CanaryResult> {
  logger.addContext(context);
  const outcome = await runCanary({
    env: process.env,
    driver,
    readSecret,
    now: () => performance.now(),
    remainingMs: () => context.getRemainingTimeInMillis(),
  });
  report(outcome, metrics, logger);
  metrics.publishStoredMetrics();
  if (!outcome.ok) return { ok: false, cause: outcome.cause };
  return { ok: true, writable: outcome.writable, ...(outcome.heartbeat ? { heartbeat: outcome.heartbeat } : {}) };
}
