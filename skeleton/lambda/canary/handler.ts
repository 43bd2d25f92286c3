// Connectivity canary of one region, invoked every minute and probing every PROBE_INTERVAL_SECONDS for
// PROBE_WINDOW_SECONDS. Each probe reads the database secret from its own region, connects to its
// region's cluster endpoint, finds out whether the connection is writable, commits (writer) or reads
// (secondary) the heartbeat, and publishes the result as CloudWatch metrics through Embedded Metric
// Format log lines: no CloudWatch API call, no NAT needed for them.
// The logic is in canary.ts and report.ts; this file only wires Powertools and the driver to it.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { Context } from 'aws-lambda';
import { PUBLISH_RESERVE_MS, runCanary, type CanaryDeps, type ProbeRequest, type SecretReader } from './canary';
import { loopSettings } from './config';
import { probeLoop } from '../probe-loop';
import * as driver from './driver';
import { report } from './report';
import { canaryResult, type CanaryResult } from './result';

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

/** `read` with one read per `forceFetch` value, shared by every caller. */
function sharedReads(read: SecretReader): SecretReader {
  const reads = new Map<boolean, Promise<unknown>>();
  return (secretArn, options) => {
    const once = reads.get(options.forceFetch) ?? read(secretArn, options);
    reads.set(options.forceFetch, once);
    return once;
  };
}

const isProbeAction = (event: unknown) => typeof event === 'object' && event !== null && (event as { action?: unknown }).action === 'probe';

/** Lambda entry point (`index.handler` in the bundle). Resolves in every case; every probe is also logged and published. */
export async function handler(event: unknown, context: Context): Promise<CanaryResult> {
  logger.addContext(context);
  const clock = {
    now: () => performance.now(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    remainingMs: () => context.getRemainingTimeInMillis(),
  };
  const deps: CanaryDeps = { env: process.env, driver, readSecret, now: clock.now, remainingMs: clock.remainingMs };
  const probe = async (request?: ProbeRequest, probeDeps: CanaryDeps = deps) => {
    const outcome = await runCanary(probeDeps, request);
    report(outcome, metrics, logger);
    metrics.publishStoredMetrics();
    return outcome;
  };
  if (isProbeAction(event)) {
    // Both probes read the secret once, together: a secret that cannot be read fails this region's
    // own probe too, so it never passes for news about the peer.
    const shared = { ...deps, readSecret: sharedReads(readSecret) };
    const [own, peer] = await Promise.all([
      probe({ target: 'own', detail: true }, shared),
      process.env.PEER_HOST ? runCanary(shared, { target: 'peer' }) : undefined,
    ]);
    const result = canaryResult(own, peer);
    if (peer && !peer.ok) {
      const how = result.peer?.reachable ? 'answers but fails the probe' : 'is unreachable';
      logger.warn(`the peer writer ${how} from ${process.env.AWS_REGION} (${peer.cause}): ${peer.message}`, { peerCause: peer.cause, peerTarget: peer.target, peerReachable: result.peer?.reachable });
    }
    return result;
  }
  const settings = loopSettings(process.env, driver.engine);
  const outcomes = await probeLoop(() => probe(), {
    intervalMs: settings.intervalMs,
    windowMs: settings.windowMs,
    // A probe reads the secret, connects, queries and commits, each within CONNECT_TIMEOUT_MS.
    reserveMs: 3 * settings.timeoutMs + PUBLISH_RESERVE_MS,
    clock,
  });
  return { ...canaryResult(outcomes[outcomes.length - 1]), probes: outcomes.length };
}
