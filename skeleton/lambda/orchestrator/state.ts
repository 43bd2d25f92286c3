// What the orchestrator remembers between probes and shares between overlapping runs. Scheduled
// invocations can overlap (each probes for a little longer than the schedule) and Lambda may deliver
// one event twice (aws-facts.ts CONDITIONAL_CHECK_FAILED), and no reserved concurrency keeps two runs
// apart. The decision itself is idempotent against the global cluster's state, but two runs that decide
// in the same second would both call FailoverGlobalCluster and both page: so the one action that must
// happen once is claimed first with a conditional write. The AWS adapter keeps this in a DynamoDB table;
// the template's local drill keeps it in memory.

/**
 * Conditions whose start the orchestrator remembers: the primary unreachable from the secondary region
 * with its heartbeat stopped (the confirmation window runs from then), and the primary reachable with its
 * heartbeat stopped (a writer back from an in-region recovery answers before its next heartbeat has
 * replicated, so this is paged only once it has lasted long enough for one to arrive), and the primary
 * region's RDS API not answering (one timeout or 5xx is no regional outage: the fast path needs it dark
 * for the whole window, read after read).
 */
export type Condition = 'primary-unreachable' | 'primary-reachable-silent' | 'primary-api-dark';

export interface FailoverState {
  /**
   * Records whether `condition` holds now. While it does, returns when a run first saw it hold
   * (milliseconds since the epoch): concurrent runs agree on the earliest. Returns undefined, and
   * forgets that time, while it does not. A record nobody refreshed for more than `maxGapMs` (the canary
   * failed, the orchestrator did not run) starts again from now: a gap says nothing about what held in it.
   */
  noteSince(condition: Condition, holds: boolean, nowMs: number, maxGapMs: number): Promise<number | undefined>;
  /** Claims `key` for `ttlSeconds` unless another run holds an unexpired claim on it; true when this run won it. */
  claim(key: string, nowMs: number, ttlSeconds: number): Promise<boolean>;
  /** Gives this run's claim on `key` back, so the next probe may try again (after a failed failover call). */
  release(key: string): Promise<void>;
}

/** The claim of the failover itself. */
export const FAILOVER_CLAIM = 'failover';
/** The claim of one page: its reason and its reminder slot, so each reminder goes out once. */
export const pageClaim = (outcome: string, slot: number) => `page:${outcome}:${slot}`;
