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
  // The failover call and the notification fail separately: a failover that started did not fail
  // because its notification could not be sent.
  let failed: string | undefined;
  if (decision.action === 'fail-over') {
    failed = await port.failOver().then(() => undefined, (error: Error) => `FailoverGlobalCluster failed: ${error.message}`);
  }
  let unsent: string | undefined;
  if (decision.action === 'fail-over' || decision.action === 'notify') {
    const subject = failed
      ? `DR: failover of ${settings.globalClusterId} to ${settings.secondaryRegion} FAILED`
      : decision.action === 'fail-over'
        ? `DR: failing over ${settings.globalClusterId} to ${settings.secondaryRegion}`
        : `DR: manual failover of ${settings.globalClusterId} needed`;
    unsent = await port.notify(subject, failed ? `${decision.message}\n${failed}` : decision.message)
      .then(() => undefined, (error: Error) => `notification failed: ${error.message}`);
  }
  const problems = [failed, unsent].filter((p): p is string => p !== undefined);
  const level = problems.length > 0 ? 'error' : LEVEL[decision.action];
  sink.log(level, [decision.message, ...problems].join('; '), { ...fields, ...(problems.length > 0 ? { error: problems.join('; ') } : {}) });
  sink.count(failed ? `${decision.outcome}-failed` : decision.outcome);
  return problems.length > 0 ? { decision, error: problems.join('; ') } : { decision };
}
