import { probeLoop, type LoopClock } from '../probe-loop';
import {
  decide,
  needsLagEvidence,
  needsPrimaryCluster,
  type Decision,
  type GlobalClusterView,
  type LagMetricReading,
  type OrchestratorSettings,
  type PrimaryAlarm,
  type PrimaryClusterReading,
  type SecondaryProbe,
} from './decide';
import { FAILOVER_CLAIM, pageClaim, type Condition, type FailoverState } from './state';

/**
 * Everything one probe reads or does, behind a small interface: `aws-adapter.ts` implements it with the
 * AWS SDK; the DR drill of the template's own test suite implements it on local PostgreSQL servers.
 */
export interface OrchestratorPort {
  /** Milliseconds since the epoch. */
  now(): number;
  readGlobalCluster(): Promise<GlobalClusterView | undefined>;
  /** Invokes the secondary region's canary: replicated heartbeat, Aurora's lag figure, the primary's reachability. */
  probeSecondary(): Promise<SecondaryProbe>;
  readPrimaryAlarm(): Promise<PrimaryAlarm>;
  /** The secondary cluster's lag metric up to `silenceStartedAtMs`. */
  readLagMetric(silenceStartedAtMs: number): Promise<LagMetricReading>;
  /** The primary cluster through its own region's RDS API: whether that region answers, and what it says. */
  readPrimaryCluster(): Promise<PrimaryClusterReading>;
  readonly state: FailoverState;
  /** Unplanned failover to the secondary cluster, allowing data loss. */
  failOver(): Promise<void>;
  notify(subject: string, message: string): Promise<void>;
}

/** The figures of one probe that are published as metrics besides its outcome. */
export interface DecisionFigures {
  readonly heartbeatAgeSeconds?: number;
  readonly unreachableSeconds?: number;
  readonly estimatedLossSeconds?: number;
  /** The confirmation window the decision applied: the fast path's or the slow path's. */
  readonly windowSeconds?: number;
}

/** The parts of Powertools `Logger` and `Metrics` a run uses. */
export interface DecisionSink {
  log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>): void;
  /** One record per probe: its outcome and its figures. */
  record(outcome: string, figures: DecisionFigures): void;
}

/** What a probe did about its decision. */
export type Acted = 'failed-over' | 'paged' | 'already-paged' | 'claimed-by-another-run';

export interface RunResult {
  /** Undefined when the global cluster could not be read: nothing can be decided without it. */
  readonly decision?: Decision;
  readonly acted?: Acted;
  /** Set when a read, the failover call or the notification failed. */
  readonly error?: string;
}

/** Seconds a failover is claimed for (see timings.ts FAILOVER_CLAIM_SECONDS, passed in by the handler). */
export interface ClaimSettings {
  readonly failoverClaimSeconds: number;
}

/**
 * How long a state record may go without a refresh before it starts again: two probe intervals and the
 * longest a probe may take (PROBE_RESERVE_MS). Longer means probes were missed (the canary failed, no run
 * was started), and an outage or a dark API must not be counted through a gap nobody watched.
 */
export function recordGapMs(s: Pick<OrchestratorSettings, 'intervalSeconds'>): number {
  return 2 * s.intervalSeconds * 1000 + PROBE_RESERVE_MS;
}

const LEVEL: Record<Decision['action'], 'info' | 'warn' | 'error'> = { none: 'info', wait: 'warn', hold: 'warn', notify: 'error', 'fail-over': 'error' };

const SUBJECT: Record<Extract<Decision, { action: 'notify' }>['outcome'], (s: OrchestratorSettings) => string> = {
  'manual-failover-needed': (s) => `DR: manual failover of ${s.globalClusterId} needed`,
  'loss-above-rpo': (s) => `DR: primary of ${s.globalClusterId} down, failover would exceed the RPO`,
  'evidence-incomplete': (s) => `DR: primary of ${s.globalClusterId} down, loss unknown: decide`,
  'heartbeat-stale-primary-reachable': (s) => `DR: ${s.globalClusterId} heartbeat stale: lag or canary down, primary up`,
  'primary-answers-in-region': (s) => `DR: ${s.globalClusterId} primary unreachable from ${s.secondaryRegion} only`,
  'in-region-recovery-overdue': (s) => `DR: ${s.globalClusterId} primary still recovering in its region`,
};

/**
 * One probe: observe (the reads run in parallel), record the primary's reachability, read the lag
 * before the silence when the primary looks down, decide, act, and record the decision with its inputs
 * as one structured log line and one metric record. Never throws: a canary that cannot be invoked and a
 * primary region that does not answer are observations the decision handles; a global cluster that
 * cannot be read, or a failed action, is logged, recorded and (for an action) notified.
 */
export async function orchestrate(port: OrchestratorPort, settings: OrchestratorSettings & ClaimSettings, sink: DecisionSink): Promise<RunResult> {
  const now = port.now();
  const [clusterRead, probe, primaryAlarm] = await Promise.all([
    port.readGlobalCluster().then((cluster) => ({ cluster }), (error: Error) => ({ error })),
    port.probeSecondary().catch((error: Error): SecondaryProbe => ({ ok: false, cause: `invoke failed: ${error.message}` })),
    // A read that throws unexpectedly is no evidence about the primary: counted as refused.
    port.readPrimaryAlarm().catch((): PrimaryAlarm => 'refused'),
  ]);
  if ('error' in clusterRead) {
    const error = clusterRead.error.message;
    sink.log('error', `cannot read global cluster ${settings.globalClusterId}: ${error}; deciding nothing this probe`, { outcome: 'cluster-unreadable', error, probe });
    sink.record('cluster-unreadable', {});
    return { error };
  }
  const { cluster } = clusterRead;
  const problems: string[] = [];

  let unreachableSeconds: number | undefined;
  let reachableSilentSeconds: number | undefined;
  let primaryApiDarkSeconds: number | undefined;
  const secondsSince = (condition: Condition, holds: boolean) => port.state.noteSince(condition, holds, now, recordGapMs(settings)).then(
    (since) => (since === undefined ? undefined : Math.max(0, (now - since) / 1000)),
    (error: Error) => {
      const problem = `the state table did not answer: ${error.message}`;
      if (!problems.includes(problem)) problems.push(problem);
      return undefined;
    },
  );
  if (probe.ok && !probe.writable) {
    // Unreachability is timed from the first probe that saw it, heartbeat or not: the decision measures
    // the outage by it and by the heartbeat's own age together (decide.ts outageSeconds), so a primary
    // that was unreachable for long while it still wrote gets no head start when it goes silent.
    const silent = probe.heartbeatAgeSeconds === undefined || probe.heartbeatAgeSeconds > settings.staleAfterSeconds;
    [unreachableSeconds, reachableSilentSeconds] = await Promise.all([
      secondsSince('primary-unreachable', !probe.primary.reachable),
      secondsSince('primary-reachable-silent', probe.primary.reachable && silent),
    ]);
  }
  let lagMetric: LagMetricReading | undefined;
  let primaryCluster: PrimaryClusterReading | undefined;
  await Promise.all([
    // The outage looks real: what data a failover would lose.
    probe.ok && needsLagEvidence(probe, settings)
      ? port.readLagMetric(now - (probe.heartbeatAgeSeconds as number) * 1000)
        .catch((error: Error): LagMetricReading => ({ ok: false, cause: error.message }))
        .then((reading) => { lagMetric = reading; })
      : undefined,
    // Whether the primary's region answers, from the first probe that finds the primary unreachable.
    // A read that throws unexpectedly proves nothing about the region: the slow path.
    needsPrimaryCluster(probe)
      ? port.readPrimaryCluster()
        .catch((error: Error): PrimaryClusterReading => ({ answered: false, kind: 'refused', cause: error.message }))
        .then((reading) => { primaryCluster = reading; })
      : undefined,
  ]);
  if (probe.ok && !probe.writable) {
    // Any answer, and any probe that did not need to ask, ends a dark spell.
    primaryApiDarkSeconds = await secondsSince('primary-api-dark', primaryCluster?.answered === false && primaryCluster.kind === 'dark');
  }

  const decision = decide({ cluster, probe, primaryAlarm, unreachableSeconds, reachableSilentSeconds, primaryApiDarkSeconds, lagMetric, primaryCluster }, settings);
  const inputs = { probe, primaryAlarm, unreachableSeconds, reachableSilentSeconds, primaryApiDarkSeconds, lagMetric, primaryCluster, globalClusterStatus: cluster?.status };
  let acted: Acted | undefined;
  if (decision.action === 'fail-over') {
    // Only the run that claims the failover calls it; a claim that cannot be made is no claim.
    const won = await port.state.claim(FAILOVER_CLAIM, now, settings.failoverClaimSeconds)
      .catch((error: Error) => void problems.push(`cannot claim the failover: ${error.message}`));
    if (won) {
      const failed = await port.failOver().then(() => undefined, (error: Error) => `FailoverGlobalCluster failed: ${error.message}`);
      if (failed) {
        problems.push(failed);
        // Let the next probe try again.
        await port.state.release(FAILOVER_CLAIM).catch((error: Error) => void problems.push(`cannot release the failover claim: ${error.message}`));
      } else {
        acted = 'failed-over';
      }
      await notify(port, `DR: ${failed ? 'failover' : 'failing over'} ${settings.globalClusterId} to ${settings.secondaryRegion}${failed ? ' FAILED' : ''}`, [decision.message, failed], problems);
    } else if (won === false) {
      acted = 'claimed-by-another-run';
    }
  }
  if (decision.action === 'notify') {
    // Each page (its reason and reminder slot) goes out once, whichever run gets there first; when the
    // state table does not answer, twice is better than never.
    const won = await port.state.claim(pageClaim(decision.outcome, decision.pageSlot), now, settings.remindEverySeconds + settings.intervalSeconds)
      .catch(() => true);
    if (won) {
      await notify(port, SUBJECT[decision.outcome](settings), [decision.message], problems);
      acted = 'paged';
    } else {
      acted = 'already-paged';
    }
  }

  const quiet = acted === 'already-paged' || acted === 'claimed-by-another-run';
  const level = problems.length > 0 ? 'error' : quiet ? 'info' : LEVEL[decision.action];
  const outcome = problems.some((p) => p.startsWith('FailoverGlobalCluster')) ? `${decision.outcome}-failed` : decision.outcome;
  const figures: DecisionFigures = {
    ...(probe.ok && probe.heartbeatAgeSeconds !== undefined ? { heartbeatAgeSeconds: probe.heartbeatAgeSeconds } : {}),
    ...(unreachableSeconds === undefined ? {} : { unreachableSeconds }),
    ...('estimatedLossSeconds' in decision && decision.estimatedLossSeconds !== undefined ? { estimatedLossSeconds: decision.estimatedLossSeconds } : {}),
    ...('windowSeconds' in decision && decision.windowSeconds !== undefined ? { windowSeconds: decision.windowSeconds } : {}),
  };
  const suffix = quiet ? ` (${acted === 'already-paged' ? 'already paged by another run' : 'another run claimed the failover'})` : '';
  sink.log(level, [decision.message + suffix, ...problems].join('; '), {
    outcome, action: decision.action, mode: settings.mode, ...inputs, ...figures,
    ...('evidence' in decision ? { evidence: decision.evidence } : {}),
    ...('path' in decision && decision.path ? { path: decision.path } : {}),
    ...(acted ? { acted } : {}),
    ...(problems.length > 0 ? { error: problems.join('; ') } : {}),
  });
  sink.record(outcome, figures);
  return { decision, ...(acted ? { acted } : {}), ...(problems.length > 0 ? { error: problems.join('; ') } : {}) };
}

async function notify(port: OrchestratorPort, subject: string, lines: ReadonlyArray<string | undefined>, problems: string[]): Promise<void> {
  await port.notify(subject, lines.filter((l): l is string => l !== undefined).join('\n'))
    .catch((error: Error) => void problems.push(`notification failed: ${error.message}`));
}

export interface LoopSettings {
  readonly windowMs: number;
  readonly clock: LoopClock;
}

/** How long one probe and its recording may take: no probe starts with less than this left. */
export const PROBE_RESERVE_MS = 20_000;

/**
 * A scheduled invocation: a probe every `intervalSeconds` for the window. It stops after a failover
 * call that went through; the next invocation sees the failover running and stays idle.
 */
export function orchestrateLoop(port: OrchestratorPort, settings: OrchestratorSettings & ClaimSettings, sink: DecisionSink, loop: LoopSettings): Promise<RunResult[]> {
  return probeLoop(() => orchestrate(port, settings, sink), {
    intervalMs: settings.intervalSeconds * 1000,
    windowMs: loop.windowMs,
    reserveMs: PROBE_RESERVE_MS,
    clock: loop.clock,
    stopAfter: (result) => result.acted === 'failed-over',
  });
}
