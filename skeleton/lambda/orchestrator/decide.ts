// The failover orchestrator's decision: a pure function of what one run observed. No clock, no AWS,
// no state kept between runs: the heartbeat's age says how long the primary has been silent, and the
// global cluster's members say whether a failover already happened or is under way. So two runs that
// observe the same thing decide the same thing, and a run after a failover sees it and does nothing.

export type FailoverMode = 'automatic' | 'manual';

export interface OrchestratorSettings {
  readonly mode: FailoverMode;
  readonly globalClusterId: string;
  /** The cluster to promote: the secondary cluster, in the region this function runs in. */
  readonly secondaryClusterArn: string;
  readonly secondaryRegion: string;
  /** Heartbeat age beyond which the primary counts as silent: canary interval + tolerated lag. */
  readonly staleAfterSeconds: number;
  /** How long the primary must stay silent beyond `staleAfterSeconds` before failing over or paging. */
  readonly confirmationSeconds: number;
  /** How often the orchestrator runs; manual mode pages on the first confirmed run and then every `remindEverySeconds`. */
  readonly intervalSeconds: number;
  readonly remindEverySeconds: number;
}

/** The global cluster as DescribeGlobalClusters shows it. */
export interface GlobalClusterView {
  readonly status: string;
  readonly members: ReadonlyArray<{ readonly arn: string; readonly isWriter: boolean }>;
  /** FailoverState: set while a switchover or failover is pending or running. */
  readonly operation?: { readonly status: string; readonly dataLossAllowed: boolean };
}

/** What the secondary region's canary returned: its view of the replicated heartbeat. */
export type CanaryReading =
  | { readonly ok: true; readonly writable: boolean; readonly heartbeatAgeSeconds?: number }
  | { readonly ok: false; readonly cause: string };

/** The primary's own canary alarm, read from the primary region: `unknown` when that region does not answer. */
export type PrimaryAlarm = 'ok' | 'alarm' | 'unknown';

export interface Observation {
  /** Undefined when the global cluster was not found. */
  readonly cluster: GlobalClusterView | undefined;
  readonly canary: CanaryReading;
  readonly primaryAlarm: PrimaryAlarm;
}

/** Statuses of a global cluster that mean a switchover or failover is running. */
const OPERATION_STATUSES = ['failing-over', 'switching-over', 'modifying'];

export type Decision =
  | { readonly action: 'none'; readonly outcome: 'global-cluster-missing' | 'secondary-not-member' | 'operation-in-progress' | 'already-promoted' | 'primary-healthy' | 'manual-failover-pending'; readonly message: string }
  | { readonly action: 'hold'; readonly outcome: 'secondary-canary-failing' | 'no-heartbeat' | 'replication-stalled'; readonly message: string }
  | { readonly action: 'wait'; readonly outcome: 'confirming'; readonly message: string; readonly remainingSeconds: number }
  | { readonly action: 'fail-over'; readonly outcome: 'failing-over'; readonly message: string }
  | { readonly action: 'notify'; readonly outcome: 'manual-failover-needed'; readonly message: string; readonly command: string };

export type Outcome = Decision['outcome'];

/** The commands an operator runs in manual mode: the repository's runbook, or the AWS CLI directly. */
export function failoverCommand(s: OrchestratorSettings): string {
  return `npm run dr:failover -- --to ${s.secondaryRegion} --yes   # or: aws rds failover-global-cluster --region ${s.secondaryRegion} --global-cluster-identifier ${s.globalClusterId} --target-db-cluster-identifier ${s.secondaryClusterArn} --allow-data-loss`;
}

export function decide(o: Observation, s: OrchestratorSettings): Decision {
  const { cluster, canary } = o;
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
    return { action: 'none', outcome: 'operation-in-progress', message: `${s.globalClusterId} is busy (${what}); waiting for it to finish` };
  }
  if (secondary.isWriter || (canary.ok && canary.writable)) {
    return { action: 'none', outcome: 'already-promoted', message: `${s.secondaryClusterArn} is already the writer` };
  }
  if (!canary.ok) {
    return { action: 'hold', outcome: 'secondary-canary-failing', message: `the secondary canary failed (${canary.cause}), so the primary's silence cannot be confirmed from ${s.secondaryRegion}` };
  }
  if (canary.heartbeatAgeSeconds === undefined) {
    return { action: 'hold', outcome: 'no-heartbeat', message: 'the secondary holds no heartbeat yet, so the primary\'s silence cannot be measured' };
  }
  const age = canary.heartbeatAgeSeconds;
  const overdue = age - s.staleAfterSeconds;
  if (overdue <= 0) {
    return { action: 'none', outcome: 'primary-healthy', message: `heartbeat is ${age.toFixed(1)} s old (silent only beyond ${s.staleAfterSeconds} s): the primary writes and replicates` };
  }
  // Its own canary still reaches the primary: it is up, only replication has stopped. Promoting would
  // lose everything since; the lag alarm pages about it.
  if (o.primaryAlarm === 'ok') {
    return { action: 'hold', outcome: 'replication-stalled', message: `heartbeat is ${age.toFixed(1)} s old, but the primary's canary alarm is OK: replication is stalled, the primary is not down` };
  }
  const remaining = s.confirmationSeconds - overdue;
  if (remaining > 0) {
    return { action: 'wait', outcome: 'confirming', remainingSeconds: remaining, message: `heartbeat is ${age.toFixed(1)} s old; the primary must stay silent ${remaining.toFixed(1)} s more before ${s.mode === 'automatic' ? 'failing over' : 'paging'}` };
  }
  const silent = `the primary has been silent ${overdue.toFixed(1)} s beyond ${s.staleAfterSeconds} s (window ${s.confirmationSeconds} s; primary canary alarm ${o.primaryAlarm})`;
  if (s.mode === 'automatic') {
    return { action: 'fail-over', outcome: 'failing-over', message: `${silent}: failing over ${s.globalClusterId} to ${s.secondaryClusterArn}, allowing data loss` };
  }
  // Page on the first confirmed run, then every remindEverySeconds, not every minute.
  if (-remaining % s.remindEverySeconds < s.intervalSeconds) {
    return { action: 'notify', outcome: 'manual-failover-needed', command: failoverCommand(s), message: `${silent}: failover mode is manual; run: ${failoverCommand(s)}` };
  }
  return { action: 'none', outcome: 'manual-failover-pending', message: `${silent}: the operator has been paged; waiting for the manual failover` };
}
