import { decide, type CanaryReading, type Decision, type GlobalClusterView, type OrchestratorSettings, type PrimaryAlarm } from './decide';

/**
 * Everything one run reads or does, behind a small interface: `aws-adapter.ts` implements it with the
 * AWS SDK; the DR drill of the template's own test suite implements it on local PostgreSQL servers.
 */
export interface OrchestratorPort {
  readGlobalCluster(): Promise<GlobalClusterView | undefined>;
  readSecondaryCanary(): Promise<CanaryReading>;
  readPrimaryAlarm(): Promise<PrimaryAlarm>;
  /** Unplanned failover to the secondary cluster, allowing data loss. */
  failOver(): Promise<void>;
  notify(subject: string, message: string): Promise<void>;
}

/** The parts of Powertools `Logger` and `Metrics` a run uses. */
export interface DecisionSink {
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
  /** One count per run, under the decision's outcome. */
  count(outcome: string): void;
}

export interface RunResult {
  /** Undefined when the global cluster could not be read: nothing can be decided without it. */
  readonly decision?: Decision;
  /** Set when a read, the failover call or the notification failed. */
  readonly error?: string;
}

const LEVEL: Record<Decision['action'], 'info' | 'warn' | 'error'> = { none: 'info', wait: 'warn', hold: 'warn', notify: 'error', 'fail-over': 'error' };

/**
 * One run: observe (the three reads run in parallel), decide, act, and record the decision as one
 * structured log line and one metric. Never throws: a canary that cannot be invoked and a primary
 * region that does not answer are observations the decision handles; a global cluster that cannot be
 * read, or a failed action, is logged, counted and (for an action) notified.
 */
export async function orchestrate(port: OrchestratorPort, settings: OrchestratorSettings, sink: DecisionSink): Promise<RunResult> {
  const [clusterRead, canary, primaryAlarm] = await Promise.all([
    port.readGlobalCluster().then((cluster) => ({ cluster }), (error: Error) => ({ error })),
    port.readSecondaryCanary().catch((error: Error): CanaryReading => ({ ok: false, cause: `invoke failed: ${error.message}` })),
    port.readPrimaryAlarm().catch((): PrimaryAlarm => 'unknown'),
  ]);
  if ('error' in clusterRead) {
    const error = clusterRead.error.message;
    sink.log('error', `cannot read global cluster ${settings.globalClusterId}: ${error}; deciding nothing this run`, { outcome: 'cluster-unreadable', error });
    sink.count('cluster-unreadable');
    return { error };
  }
  const { cluster } = clusterRead;
  const decision = decide({ cluster, canary, primaryAlarm }, settings);
  const fields = { outcome: decision.outcome, action: decision.action, mode: settings.mode, canary, primaryAlarm, globalClusterStatus: cluster?.status };
  let error: string | undefined;
  try {
    if (decision.action === 'fail-over') {
      await port.failOver();
      await port.notify(`DR: failing over ${settings.globalClusterId} to ${settings.secondaryRegion}`, decision.message);
    } else if (decision.action === 'notify') {
      await port.notify(`DR: manual failover of ${settings.globalClusterId} needed`, decision.message);
    }
  } catch (failure) {
    error = (failure as Error).message;
  }
  if (error === undefined) {
    sink.log(LEVEL[decision.action], decision.message, fields);
    sink.count(decision.outcome);
    return { decision };
  }
  const message = `${decision.outcome} failed: ${error}`;
  sink.log('error', message, { ...fields, error });
  sink.count(`${decision.outcome}-failed`);
  await port.notify(`DR: ${decision.action} of ${settings.globalClusterId} FAILED`, `${decision.message}\n${message}`).catch(() => undefined);
  return { decision, error };
}
