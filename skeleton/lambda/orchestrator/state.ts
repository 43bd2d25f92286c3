// What the orchestrator remembers between probes and shares between overlapping runs. Scheduled
// invocations can overlap (each probes for a little longer than the schedule) and Lambda may deliver
// one event twice (aws-facts.ts CONDITIONAL_CHECK_FAILED), and no reserved concurrency keeps two runs
// apart. The decision itself is idempotent against the global cluster's state, but two runs that decide
// in the same second would both call FailoverGlobalCluster and both page: so the one action that must
// happen once is claimed first with a conditional write. The AWS adapter keeps this in a DynamoDB table;
// the template's local drill keeps it in memory.

export interface FailoverState {
  /**
   * Records whether the primary writer is reachable from the secondary region now. While it is not,
   * returns when a run first saw it unreachable (milliseconds since the epoch): concurrent runs agree
   * on the earliest. Returns undefined, and forgets that time, while it is reachable.
   */
  noteReachability(reachable: boolean, nowMs: number): Promise<number | undefined>;
  /** Claims `key` for `ttlSeconds` unless another run holds an unexpired claim on it; true when this run won it. */
  claim(key: string, nowMs: number, ttlSeconds: number): Promise<boolean>;
  /** Gives this run's claim on `key` back, so the next probe may try again (after a failed failover call). */
  release(key: string): Promise<void>;
}

/** The claim of the failover itself. */
export const FAILOVER_CLAIM = 'failover';
/** The claim of one page: its reason and its reminder slot, so each reminder goes out once. */
export const pageClaim = (outcome: string, slot: number) => `page:${outcome}:${slot}`;
