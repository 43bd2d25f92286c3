// The failover orchestrator's decision: a pure function of what one probe observed. No clock, no AWS.
// Only a loss of the primary writer's reachability, seen from the secondary region for the whole
// confirmation window while its replicated heartbeat has stopped for as long, counts as a primary outage; lag
// never triggers a failover, it only decides whether an automatic one is safe: when the last known lag
// exceeds the RPO target, or there is no lag figure at all, the orchestrator pages instead of promoting.
// The global cluster's members say whether a failover already happened or is under way, so a probe
// after a failover sees it and does nothing.
// How long "confirmed" takes depends on the primary region's RDS API, read once the outage looks real:
// dark (the region is down) → the fast path, the configured window; answering with the cluster or its
// writer in an in-region recovery status → no cross-region failover while Aurora recovers it there (for
// as long as the slow path's window after a fault; not at all during a planned change); answering
// otherwise, or refusing → the slow path, a window that outlasts in-region recovery, after which it fails
// over automatically only if its region reports the primary failed (or its recovery stuck) and the
// primary's own alarm is in ALARM: a primary region that answers and calls the primary available, or
// does not say, gets a page, never a data-losing failover on this stack's own canaries' word alone.
import { IN_REGION_RECOVERY_STATUSES, PLANNED_CHANGE_STATUSES, PRIMARY_FAILED_STATUSES, WRITER_RECOVERY_STATUSES } from '../../lib/config/aws-facts';

export type FailoverMode = 'automatic' | 'manual';

export interface OrchestratorSettings {
  readonly mode: FailoverMode;
  readonly globalClusterId: string;
  /** The cluster to promote: the secondary cluster, in the region this function runs in. */
  readonly secondaryClusterArn: string;
  readonly secondaryRegion: string;
  /** Heartbeat age beyond which the primary counts as no longer writing: probe interval + tolerated lag. */
  readonly staleAfterSeconds: number;
  /**
   * How long the primary must stay unreachable from the secondary region before failing over or paging
   * when its region's RDS API does not answer (the fast path).
   */
  readonly confirmationSeconds: number;
  /**
   * The same while that API answers or refuses (the slow path): at least the primary alarm's delay and
   * Aurora's in-region recovery (lib/config/timings.ts slowPathWindowSeconds).
   */
  readonly slowConfirmationSeconds: number;
  /** How long Aurora typically takes to restore the writer in its own region (by instances per cluster). */
  readonly inRegionRecoverySeconds: number;
  /** Seconds between probes. */
  readonly intervalSeconds: number;
  /** A page is repeated this often while its reason lasts. */
  readonly remindEverySeconds: number;
  /**
   * How long the primary's own connectivity alarm may still say OK after an outage began: only an OK
   * that outlasts this, while the primary is unreachable from the secondary region, shows it is up.
   */
  readonly primaryAlarmDelaySeconds: number;
  /** Most data, in seconds of writes, an automatic failover may lose: the RPO target. */
  readonly rpoBudgetSeconds: number;
  /** A lag figure counts as evidence only if it was taken at most this long before the primary went silent. */
  readonly lagEvidenceMaxAgeSeconds: number;
}

/** The global cluster as DescribeGlobalClusters shows it. */
export interface GlobalClusterView {
  readonly status: string;
  readonly members: ReadonlyArray<{ readonly arn: string; readonly isWriter: boolean }>;
  /** FailoverState: set while a switchover or failover is pending or running. */
  readonly operation?: { readonly status: string; readonly dataLossAllowed: boolean };
}

/** The primary writer as the secondary region's canary reaches it across the VPC peering. */
export type PrimaryReach = { readonly reachable: true } | { readonly reachable: false; readonly cause: string };

/** What the secondary region's canary returned (invoked with `{ action: 'probe' }`). */
export type SecondaryProbe =
  | {
    readonly ok: true;
    readonly writable: boolean;
    /** Age of the newest replicated heartbeat; absent before the first one. */
    readonly heartbeatAgeSeconds?: number;
    /** Aurora's last lag figure for the secondary (aurora_global_db_status), where the engine offers one. */
    readonly globalLag?: { readonly rpoLagSeconds: number; readonly calculatedSecondsAgo: number };
    readonly primary: PrimaryReach;
  }
  | { readonly ok: false; readonly cause: string };

/**
 * The primary's own canary alarm, read from the primary region (DescribeAlarms): its state, or why there
 * is none. `dark`: the call timed out, failed on the network or got a 5xx (the region may be down);
 * `refused`: a 4xx (AccessDenied, throttling); `missing`: the region answered but lists no such alarm.
 * `refused` and `missing` are faults of this stack or its account, not evidence about the primary.
 */
export type PrimaryAlarm = 'ok' | 'alarm' | 'insufficient-data' | 'dark' | 'refused' | 'missing';

/** The secondary cluster's AuroraGlobalDBRPOLag before the primary went silent (CloudWatch, secondary region). */
export type LagMetricReading =
  | { readonly ok: true; /** The latest datapoint before the silence, in seconds; absent when there is none. */ readonly lastSeconds?: number }
  | { readonly ok: false; readonly cause: string };

/**
 * The primary cluster as the primary region's RDS API shows it (DescribeDBClusters). Not answered:
 * `dark` when the call timed out, failed on the network or got a 5xx (the region looks down), `refused`
 * for any 4xx (AccessDenied, throttling, not found: the region answers, just not with the cluster).
 */
export type PrimaryClusterReading =
  | {
    readonly answered: true;
    readonly status: string;
    readonly hasWriter: boolean;
    /**
     * The writer instance's status (DescribeDBInstances): a reboot or a change of the writer leaves the
     * cluster "available". Absent when no writer is listed or that read did not answer.
     */
    readonly writerStatus?: string;
  }
  | { readonly answered: false; readonly kind: 'dark' | 'refused'; readonly cause: string };

export interface Observation {
  /** Undefined when the global cluster was not found. */
  readonly cluster: GlobalClusterView | undefined;
  readonly probe: SecondaryProbe;
  readonly primaryAlarm: PrimaryAlarm;
  /**
   * Seconds the primary has been unreachable from the secondary region, by the first run that saw it
   * (lambda/orchestrator/state.ts), heartbeat or not; absent when the record could not be read or written.
   */
  readonly unreachableSeconds?: number;
  /**
   * Seconds the primary has been reachable from the secondary region while its heartbeat was stale, by
   * the first run that saw it; absent when the record could not be read or written.
   */
  readonly reachableSilentSeconds?: number;
  /**
   * Seconds the primary region's RDS API has not answered, read after read, by the first run that saw it;
   * absent when it answered this probe or the record could not be read or written.
   */
  readonly primaryApiDarkSeconds?: number;
  /** Read only when the primary is unreachable and silent (`needsLagEvidence`). */
  readonly lagMetric?: LagMetricReading;
  /** Read whenever the primary is unreachable (`needsPrimaryCluster`); absent counts as refused. */
  readonly primaryCluster?: PrimaryClusterReading;
}

/**
 * Statuses of a global cluster that mean a switchover, failover or change is running. "upgrading": an
 * engine upgrade of the global database, which AWS runs on the secondaries first and then on the
 * primary, so the primary is down for a while with a healthy secondary (Aurora User Guide, "Major
 * version upgrades"/"Minor version upgrades" of a global database:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-upgrade.html).
 * The status names are not enumerated in the RDS API reference; "upgrading" is the one the AWS
 * provider for Terraform waits through (internal/service/rds, globalClusterStatusUpgrading).
 */
const OPERATION_STATUSES = ['failing-over', 'switching-over', 'modifying', 'upgrading'];

/** The lag figures an automatic failover is weighed with, in seconds; absent ones are missing evidence. */
export interface LagEvidence {
  /** AuroraGlobalDBRPOLag's last datapoint before the silence. */
  readonly metricSeconds?: number;
  /** Aurora's own last figure for the secondary (aurora_global_db_status), if not taken long before the silence. */
  readonly auroraStatusSeconds?: number;
  /**
   * How far the replicated heartbeat was behind when the primary became unreachable: its age now minus
   * the time the primary has been unreachable. Catches replication that stalled before the primary
   * died, which the lag before the silence cannot show (the heartbeat's silence began with the stall).
   * It overstates the loss by up to a probe interval (when the outage was first seen: the probe's start)
   * plus a probe interval (how old the last heartbeat was when the primary stopped): conservative.
   */
  readonly heartbeatGapSeconds: number;
}

type Page = 'manual-failover-needed' | 'loss-above-rpo' | 'evidence-incomplete' | 'heartbeat-stale-primary-reachable' | 'primary-answers-in-region' | 'in-region-recovery-overdue';

/** The primary alarm readings that are faults of this stack or its account (a permission, a renamed alarm), not evidence. */
export const UNREADABLE_ALARM: readonly PrimaryAlarm[] = ['refused', 'missing'];

/** Which window applies: `fast` while the primary region's RDS API is dark, `slow` otherwise. */
export type ConfirmationPath = 'fast' | 'slow';

export type Decision =
  | { readonly action: 'none'; readonly outcome: 'global-cluster-missing' | 'secondary-not-member' | 'operation-in-progress' | 'operation-in-progress-primary-down' | 'already-promoted' | 'primary-healthy' | 'primary-alarm-unreadable'; readonly message: string }
  | { readonly action: 'hold'; readonly outcome: 'secondary-canary-failing' | 'no-heartbeat' | 'primary-still-writing' | 'heartbeat-resuming' | 'in-region-recovery'; readonly message: string }
  | { readonly action: 'wait'; readonly outcome: 'confirming'; readonly message: string; readonly remainingSeconds: number; readonly path: ConfirmationPath; readonly windowSeconds: number }
  | { readonly action: 'fail-over'; readonly outcome: 'failing-over'; readonly message: string; readonly estimatedLossSeconds: number; readonly evidence: LagEvidence; readonly path: ConfirmationPath; readonly windowSeconds: number }
  | {
    readonly action: 'notify';
    readonly outcome: Page;
    readonly message: string;
    /** Pages for one reason are repeated once per slot of `remindEverySeconds` (orchestrate.ts claims each slot once). */
    readonly pageSlot: number;
    readonly command?: string;
    readonly estimatedLossSeconds?: number;
    readonly evidence?: LagEvidence;
    readonly path?: ConfirmationPath;
    readonly windowSeconds?: number;
  };

export type Outcome = Decision['outcome'];

/** The commands an operator runs: the repository's runbook, or the AWS CLI directly. */
export function failoverCommand(s: OrchestratorSettings): string {
  return `npm run dr:failover -- --to ${s.secondaryRegion} --yes   # or: aws rds failover-global-cluster --region ${s.secondaryRegion} --global-cluster-identifier ${s.globalClusterId} --target-db-cluster-identifier ${s.secondaryClusterArn} --allow-data-loss`;
}

/** Whether this probe is a confirmed-looking outage for which the lag before the silence must be read. */
export function needsLagEvidence(probe: SecondaryProbe, s: OrchestratorSettings): boolean {
  return needsPrimaryCluster(probe) && probe.ok && probe.heartbeatAgeSeconds !== undefined && probe.heartbeatAgeSeconds > s.staleAfterSeconds;
}

/**
 * Whether this probe must ask the primary region's RDS API about the primary cluster: whenever the primary
 * is unreachable, stale heartbeat or not, so that a dark spell is timed from the start of the outage and
 * the fast path's window runs alongside the heartbeat's stale limit, not after it.
 */
export function needsPrimaryCluster(probe: SecondaryProbe): boolean {
  return probe.ok && !probe.writable && !probe.primary.reachable;
}

/**
 * How long the outage has lasted, as far as the evidence goes: the primary unreachable from the secondary
 * region (by the first probe that found it so) and no heartbeat since the one that was due an interval
 * after the newest one here (by that heartbeat's commit time). Both run from the outage itself, so the
 * confirmation window runs alongside the heartbeat's stale limit instead of after it; and a primary that
 * was unreachable for long while it still wrote (a broken path between the regions) gets no head start
 * when it goes silent. Never longer than the real outage: the newest heartbeat may be up to an interval
 * older than the last moment the primary wrote.
 */
export function outageSeconds(unreachableSeconds: number, heartbeatAgeSeconds: number, s: Pick<OrchestratorSettings, 'intervalSeconds'>): number {
  return Math.max(0, Math.min(unreachableSeconds, heartbeatAgeSeconds - s.intervalSeconds));
}

/**
 * The lag figures that count: the metric's last datapoint before the silence, Aurora's own figure if not
 * taken long before it, and the replicated heartbeat's gap when the primary became unreachable.
 */
export function lagEvidence(o: Observation, s: OrchestratorSettings, silentForSeconds: number, unreachableSeconds: number): LagEvidence {
  const metric = o.lagMetric?.ok ? o.lagMetric.lastSeconds : undefined;
  const status = o.probe.ok ? o.probe.globalLag : undefined;
  const statusCounts = status !== undefined && status.calculatedSecondsAgo <= silentForSeconds + s.lagEvidenceMaxAgeSeconds;
  return {
    ...(metric === undefined ? {} : { metricSeconds: metric }),
    ...(statusCounts ? { auroraStatusSeconds: status.rpoLagSeconds } : {}),
    heartbeatGapSeconds: Math.max(0, silentForSeconds - unreachableSeconds),
  };
}

const seconds = (n: number) => `${n.toFixed(1)} s`;

/** The primary cluster's reading in words, for messages. */
export function describePrimaryCluster(r: PrimaryClusterReading | undefined): string {
  if (!r) return 'not read';
  if (r.answered) return `answers: cluster ${r.status}, ${r.hasWriter ? `a writer listed${r.writerStatus === undefined ? '' : ` (${r.writerStatus})`}` : 'no writer listed'}`;
  return `${r.kind === 'dark' ? 'does not answer' : 'refuses'} (${r.cause})`;
}

/** Whether a planned change (a customer's or scheduled maintenance) holds the primary cluster or its writer, by their status there. */
export function plannedChangeInRegion(r: PrimaryClusterReading | undefined): boolean {
  return r?.answered === true && (PLANNED_CHANGE_STATUSES.includes(r.status) || (r.writerStatus !== undefined && PLANNED_CHANGE_STATUSES.includes(r.writerStatus)));
}

/** Whether the primary region reports the primary cluster or its writer failed beyond in-region recovery. */
export function failedInRegion(r: PrimaryClusterReading | undefined): boolean {
  return r?.answered === true && (PRIMARY_FAILED_STATUSES.includes(r.status) || (r.writerStatus !== undefined && PRIMARY_FAILED_STATUSES.includes(r.writerStatus)));
}

/** Whether Aurora is restoring the primary cluster or its writer in its own region, by their status there. */
export function recoveringInRegion(r: PrimaryClusterReading | undefined): boolean {
  return r?.answered === true && (IN_REGION_RECOVERY_STATUSES.includes(r.status) || (r.writerStatus !== undefined && WRITER_RECOVERY_STATUSES.includes(r.writerStatus)));
}

/**
 * How long an in-region recovery status holds a cross-region failover back: the slow path's window, which
 * with automatic failover already outlasts Aurora's typical in-region recovery (lib/config/timings.ts), and
 * never less than that typical figure. A status that lasts longer (a recovery that failed, a change that
 * hangs) no longer holds: the slow path decides, its own alarm and the lag gate included.
 */
export function inRegionHoldSeconds(s: Pick<OrchestratorSettings, 'slowConfirmationSeconds' | 'inRegionRecoverySeconds'>): number {
  return Math.max(s.slowConfirmationSeconds, s.inRegionRecoverySeconds);
}

/** How long a primary that answers again may go without a fresh heartbeat before that is paged. */
export function heartbeatResumeSeconds(s: Pick<OrchestratorSettings, 'staleAfterSeconds' | 'intervalSeconds'>): number {
  return s.staleAfterSeconds + s.intervalSeconds;
}

export function decide(o: Observation, s: OrchestratorSettings): Decision {
  const { cluster, probe } = o;
  if (!cluster) {
    return { action: 'none', outcome: 'global-cluster-missing', message: `global cluster ${s.globalClusterId} was not found; nothing to fail over` };
  }
  const secondary = cluster.members.find((m) => m.arn === s.secondaryClusterArn);
  if (!secondary) {
    return { action: 'none', outcome: 'secondary-not-member', message: `${s.secondaryClusterArn} is not a member of ${s.globalClusterId} (detached?); not failing over to it` };
  }
  // Never a second failover, never one during a switchover: read the cluster before anything else.
  if (cluster.operation || OPERATION_STATUSES.includes(cluster.status)) {
    const what = cluster.operation ? `${cluster.operation.dataLossAllowed ? 'failover' : 'switchover'} ${cluster.operation.status}` : cluster.status;
    // A switchover or drill that meets a real outage can keep the cluster busy for long: that is paged
    // within minutes (lib/config/blind-outcomes.ts), not after the half hour an upgrade may take.
    if (needsLagEvidence(probe, s)) {
      return { action: 'none', outcome: 'operation-in-progress-primary-down', message: `${s.globalClusterId} is busy (${what}) and the primary writer is unreachable from ${s.secondaryRegion} with its heartbeat ${seconds((probe as { heartbeatAgeSeconds: number }).heartbeatAgeSeconds)} old: no failover while the operation runs; check npm run dr:status and the RDS events` };
    }
    return { action: 'none', outcome: 'operation-in-progress', message: `${s.globalClusterId} is busy (${what}); waiting for it to finish` };
  }
  if (secondary.isWriter || (probe.ok && probe.writable)) {
    return { action: 'none', outcome: 'already-promoted', message: `${s.secondaryClusterArn} is already the writer` };
  }
  if (!probe.ok) {
    return { action: 'hold', outcome: 'secondary-canary-failing', message: `the secondary canary failed (${probe.cause}), so nothing about the primary can be seen from ${s.secondaryRegion}` };
  }
  if (probe.heartbeatAgeSeconds === undefined) {
    return { action: 'hold', outcome: 'no-heartbeat', message: 'the secondary holds no heartbeat yet, so whether the primary still writes cannot be measured' };
  }
  const age = probe.heartbeatAgeSeconds;
  const overdue = age - s.staleAfterSeconds;
  const page = (outcome: Page, elapsed: number, message: string, extra: Partial<Extract<Decision, { action: 'notify' }>> = {}): Decision =>
    ({ action: 'notify', outcome, message, pageSlot: Math.floor(Math.max(0, elapsed) / s.remindEverySeconds), ...extra });

  if (probe.primary.reachable) {
    if (overdue <= 0) {
      const healthy = `the primary writer answers from ${s.secondaryRegion} and its heartbeat is ${seconds(age)} old: it writes and replicates`;
      if (UNREADABLE_ALARM.includes(o.primaryAlarm)) {
        // Nothing is wrong with the primary, but in an outage the slow path could not consult its alarm:
        // said now, while it can be fixed (lib/orchestrator-alarms.ts pages it once it lasts).
        return { action: 'none', outcome: 'primary-alarm-unreadable', message: `${healthy}; but the primary's canary alarm cannot be read from here (${o.primaryAlarm === 'missing' ? 'the primary region lists no such alarm' : 'the primary region refuses the read'}): in an outage while that region answers, the orchestrator would page instead of failing over. Check the alarm's name and the orchestrator role's cloudwatch:DescribeAlarms.` };
      }
      return { action: 'none', outcome: 'primary-healthy', message: healthy };
    }
    // A writer back from an in-region recovery answers before its next heartbeat has been committed
    // and replicated: give one that long (a probe interval, the tolerated lag, the next probe) first.
    const resumeWithin = heartbeatResumeSeconds(s);
    if (o.reachableSilentSeconds !== undefined && o.reachableSilentSeconds < resumeWithin) {
      return { action: 'hold', outcome: 'heartbeat-resuming', message: `the primary writer answers from ${s.secondaryRegion} again (for ${seconds(o.reachableSilentSeconds)}), its newest heartbeat here is ${seconds(age)} old: a heartbeat should arrive within ${resumeWithin} s of its return; paging if none has by then` };
    }
    // The primary is up: whatever stopped the heartbeat (the primary region's canary cannot run or
    // publish, or replication has stalled), promoting would lose everything since. People must look.
    return page('heartbeat-stale-primary-reachable', o.reachableSilentSeconds === undefined ? overdue : o.reachableSilentSeconds - resumeWithin, `the primary writer answers from ${s.secondaryRegion}, but its newest heartbeat here is ${seconds(age)} old (stale after ${s.staleAfterSeconds} s): the primary region's canary cannot run or publish, or replication has stalled; no failover, the primary is up. Check npm run dr:status and the canary's logs in the primary region.`);
  }
  const unreachable = `the primary writer is unreachable from ${s.secondaryRegion} (${probe.primary.cause})`;
  if (overdue <= 0) {
    return { action: 'hold', outcome: 'primary-still-writing', message: `${unreachable}, but its heartbeat still arrives (${seconds(age)} old): the path between the regions is down, not the primary; no failover` };
  }
  const command = failoverCommand(s);
  if (o.unreachableSeconds === undefined) {
    return page('evidence-incomplete', overdue - s.confirmationSeconds, `${unreachable} and silent for ${seconds(overdue)} beyond ${s.staleAfterSeconds} s, but how long it has been unreachable could not be recorded (the orchestrator's state table did not answer); not failing over automatically. If the primary region is down, run: ${command}`, { command });
  }
  const down = outageSeconds(o.unreachableSeconds, age, s);
  const lasting = `${unreachable}: down for ${seconds(down)} (unreachable for ${seconds(o.unreachableSeconds)}, no heartbeat for ${seconds(Math.max(0, age - s.intervalSeconds))})`;
  const api = `the primary region's RDS API ${describePrimaryCluster(o.primaryCluster)}`;
  const holdFor = inRegionHoldSeconds(s);
  const recovering = recoveringInRegion(o.primaryCluster);
  const planned = plannedChangeInRegion(o.primaryCluster);
  if (recovering && (planned || down < holdFor)) {
    // The region is up and Aurora is restoring the writer there, or a planned change holds it: a
    // cross-region failover would race it and lose data for nothing. People look once it takes longer
    // than Aurora says a recovery typically does; a recovery from a fault that is still not done after the
    // slow window is decided below, a planned change never automatically (AWS gives it no bound).
    const beyond = down - s.inRegionRecoverySeconds;
    if (beyond <= 0) {
      return { action: 'hold', outcome: 'in-region-recovery', message: `${lasting}, but ${api}: Aurora is recovering it in its region (typically within ${s.inRegionRecoverySeconds} s); no cross-region failover${planned ? ' during a planned change' : ` for up to ${holdFor} s`}` };
    }
    return page('in-region-recovery-overdue', beyond, `${lasting} and ${api}: ${planned ? `a planned change (a customer's or scheduled maintenance) has kept it down longer than the ${s.inRegionRecoverySeconds} s an in-region recovery typically takes; no automatic cross-region failover while it lasts` : `Aurora's in-region recovery is taking longer than the ${s.inRegionRecoverySeconds} s it typically takes; no automatic cross-region failover until it has lasted ${holdFor} s`}. Check npm run dr:status and the RDS events; if the primary will not come back, run: ${command}`, { command });
  }
  // The primary's own alarm needs minutes to notice an outage: its OK counts only once it has had them.
  if (o.primaryAlarm === 'ok' && down >= s.primaryAlarmDelaySeconds) {
    return page('primary-answers-in-region', down - s.primaryAlarmDelaySeconds, `${lasting} and its heartbeat is ${seconds(age)} old, but the primary's own canary alarm in its region is still OK, ${s.primaryAlarmDelaySeconds} s after it would have noticed an outage: the primary probably answers in its region and replication or the path between the regions is broken; no automatic failover. Check npm run dr:status; if the primary is down after all, run: ${command}`, { command });
  }
  // Only a dark API shows the region is down; one that answers or refuses leaves an in-region recovery,
  // or a primary unreachable only from here, possible: the longer window. Dark means dark for the whole
  // fast window, read after read: one timeout or 5xx during a slow-path wait proves nothing.
  const darkNow = o.primaryCluster?.answered === false && o.primaryCluster.kind === 'dark';
  const path: ConfirmationPath = darkNow && o.primaryApiDarkSeconds !== undefined ? 'fast' : 'slow';
  const windowSeconds = path === 'fast' ? s.confirmationSeconds : s.slowConfirmationSeconds;
  const why = path === 'fast'
    ? `the region looks down (its API dark for ${seconds(o.primaryApiDarkSeconds as number)})`
    : recovering
      ? `Aurora's in-region recovery has outlasted the ${holdFor} s it may hold a failover back`
      : 'the region is not dark, so the primary may be down only in-region or unreachable only from here';
  const remaining = path === 'fast'
    ? Math.max(windowSeconds - down, windowSeconds - (o.primaryApiDarkSeconds as number))
    : windowSeconds - down;
  if (remaining > 0) {
    return { action: 'wait', outcome: 'confirming', remainingSeconds: remaining, path, windowSeconds, message: `${lasting} and ${api}; ${why}, so it must stay down ${seconds(remaining)} more (${path} path, window ${windowSeconds} s) before ${s.mode === 'automatic' ? 'failing over' : 'paging'}` };
  }
  const confirmed = `${lasting} (${path} path, window ${windowSeconds} s: ${api}; ${why}), its heartbeat is ${seconds(age)} old (primary canary alarm ${o.primaryAlarm})`;
  const onPath = { path, windowSeconds };
  const sinceConfirmed = -remaining;
  const evidence = lagEvidence(o, s, age, o.unreachableSeconds);
  // Aurora's figures must be there: the heartbeat gap alone rests on this stack's own canaries.
  const aurora = [evidence.metricSeconds, evidence.auroraStatusSeconds].filter((v): v is number => v !== undefined);
  const shown = `AuroraGlobalDBRPOLag before the silence: ${evidence.metricSeconds === undefined ? 'none' : seconds(evidence.metricSeconds)}; Aurora's own last figure: ${evidence.auroraStatusSeconds === undefined ? 'none' : seconds(evidence.auroraStatusSeconds)}; replicated heartbeat behind by ${seconds(evidence.heartbeatGapSeconds)} when the primary became unreachable`;
  if (aurora.length === 0) {
    return page('evidence-incomplete', sinceConfirmed, `${confirmed}; no lag figure from before the silence (${shown}${o.lagMetric && !o.lagMetric.ok ? `; the metric could not be read: ${o.lagMetric.cause}` : ''}), so the data a failover would lose is unknown; not failing over automatically. To fail over anyway, run: ${command}`, { command, evidence, ...onPath });
  }
  const loss = Math.max(...aurora, evidence.heartbeatGapSeconds);
  if (loss > s.rpoBudgetSeconds) {
    return page('loss-above-rpo', sinceConfirmed, `${confirmed}; a failover now would lose about ${seconds(loss)} of writes (${shown}), more than the RPO target of ${s.rpoBudgetSeconds} s; not failing over automatically. To fail over anyway, accepting that loss, run: ${command}`, { command, estimatedLossSeconds: loss, evidence, ...onPath });
  }
  if (path === 'slow') {
    // The primary's region is up: a failover that loses data needs that region's word that the primary
    // failed (a status Aurora cannot recover from there, or a recovery from a fault still not done after
    // the window) and its own alarm in ALARM. Without it this stack's canaries alone would decide, and a
    // security group change or an exhausted connection limit would look like an outage.
    const estimate = { command, estimatedLossSeconds: loss, evidence, ...onPath };
    if (!failedInRegion(o.primaryCluster) && !recovering) {
      return o.primaryCluster?.answered
        ? page('primary-answers-in-region', sinceConfirmed, `${confirmed}; estimated loss ${seconds(loss)} (${shown}); but its region reports it ${describePrimaryCluster(o.primaryCluster)}, not failed: the primary may be up and unreachable only from ${s.secondaryRegion} (a security group, the peering, its connection limit), or down without its region noticing; no automatic failover. Check npm run dr:status and the primary's canary in its region; if the primary is down, run: ${command}`, estimate)
        : page('evidence-incomplete', sinceConfirmed, `${confirmed}; estimated loss ${seconds(loss)} (${shown}); but its region's RDS API ${describePrimaryCluster(o.primaryCluster)}, so whether the primary failed there is unknown; no automatic failover. If the primary is down, run: ${command}`, estimate);
    }
    if (o.primaryAlarm !== 'alarm') {
      return page('evidence-incomplete', sinceConfirmed, `${confirmed}; estimated loss ${seconds(loss)} (${shown}); but the primary's canary alarm in its region is ${o.primaryAlarm}${UNREADABLE_ALARM.includes(o.primaryAlarm) ? ' (it cannot be read)' : ''}, not ALARM, so its region has not confirmed the outage; no automatic failover. If the primary is down, run: ${command}`, estimate);
    }
  }
  if (s.mode === 'automatic') {
    return { action: 'fail-over', outcome: 'failing-over', estimatedLossSeconds: loss, evidence, ...onPath, message: `${confirmed}; estimated loss ${seconds(loss)} (${shown}) is within the RPO target of ${s.rpoBudgetSeconds} s: failing over ${s.globalClusterId} to ${s.secondaryClusterArn}, allowing data loss` };
  }
  return page('manual-failover-needed', sinceConfirmed, `${confirmed}; estimated loss ${seconds(loss)} (${shown}); failover mode is manual; run: ${command}`, { command, estimatedLossSeconds: loss, evidence, ...onPath });
}
