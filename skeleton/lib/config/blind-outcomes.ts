import type { Outcome } from '../../lambda/orchestrator/decide';

/**
 * Outcomes in which the orchestrator runs but cannot see the primary, waits on another operation, has
 * nothing to fail over to, or could not weigh the primary's own alarm: it would neither fail over nor
 * page if the primary went down meanwhile (or, for an unreadable alarm, would page where it should fail
 * over), so each is paged once it has lasted this many minutes (every minute holding at least one probe
 * with it). A switchover, a managed failover or a drill keeps the global cluster busy for minutes (the
 * primary unreachable for part of them: five minutes ride that out); an engine upgrade may take longer.
 * An unreadable alarm is a permission or a name that is wrong, which lasts; ten minutes ride out throttling.
 * Pure values: lib/orchestrator-alarms.ts creates the alarms, cost-estimate.ts prices them.
 */
/** Decisions, and the record of a probe that could not read the global cluster (orchestrate.ts). */
export type RecordedOutcome = Outcome | 'cluster-unreadable';

export const BLIND_OUTCOMES: ReadonlyArray<{ readonly outcome: RecordedOutcome; readonly minutes: number; readonly what: string }> = [
  { outcome: 'secondary-canary-failing', minutes: 3, what: 'the secondary region\'s canary fails, so the primary cannot be seen from there' },
  { outcome: 'cluster-unreadable', minutes: 3, what: 'the global cluster cannot be read (DescribeGlobalClusters fails)' },
  { outcome: 'no-heartbeat', minutes: 3, what: 'the secondary holds no heartbeat, so whether the primary writes cannot be measured' },
  { outcome: 'operation-in-progress', minutes: 30, what: 'the global cluster has been busy (a switchover, failover, upgrade or change) for this long' },
  { outcome: 'operation-in-progress-primary-down', minutes: 5, what: 'the global cluster is busy (a switchover, failover or change) while the primary writer is unreachable and its heartbeat stopped' },
  { outcome: 'global-cluster-missing', minutes: 3, what: 'the global cluster is not found (deleted, or renamed outside this stack)' },
  { outcome: 'secondary-not-member', minutes: 3, what: 'the secondary cluster is not a member of the global cluster (detached)' },
  { outcome: 'primary-alarm-unreadable', minutes: 10, what: 'the primary\'s canary alarm cannot be read from the secondary region (access denied, throttled, or no such alarm), so during an outage while the primary region answers the orchestrator would page instead of failing over' },
];
