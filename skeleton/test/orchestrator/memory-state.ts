// lambda/orchestrator/state.ts in memory, with the conditional-write semantics of the DynamoDB table:
// the earliest time a condition was seen wins, a claim is won by one caller until it expires or is released.
// JavaScript runs one callback at a time, so each call is atomic, like one DynamoDB conditional write.
// The orchestrator's tests and the template's local drill (test/drill in the generator) use it.
import type { Condition, FailoverState } from '../../lambda/orchestrator/state';

export interface MemoryState extends FailoverState {
  /** The claims held now: key → holder. */
  readonly claims: ReadonlyMap<string, string>;
}

/** What a call is, for a test that makes some of them fail. */
export type StateCall = 'note' | 'claim' | 'release';

/** A state shared by every run made with `forRun(holder)`; `fail` makes the calls it returns an error for reject (the table is down). */
export function memoryState(options: { fail?: (call: StateCall) => Error | undefined } = {}): { forRun(holder: string): MemoryState } {
  const since = new Map<Condition, { since: number; seen: number }>();
  const claims = new Map<string, { holder: string; expiresAt: number }>();
  const check = async (call: StateCall) => {
    const error = options.fail?.(call);
    if (error) throw error;
  };
  return {
    forRun: (holder) => ({
      get claims() {
        return new Map([...claims].map(([key, claim]) => [key, claim.holder]));
      },
      async noteSince(condition, holds, nowMs, maxGapMs) {
        await check('note');
        if (!holds) {
          since.delete(condition);
          return undefined;
        }
        const record = since.get(condition);
        const kept = record !== undefined && record.seen >= nowMs - maxGapMs ? record.since : nowMs;
        since.set(condition, { since: kept, seen: nowMs });
        return kept;
      },
      async claim(key, nowMs, ttlSeconds) {
        await check('claim');
        const held = claims.get(key);
        if (held && held.expiresAt >= nowMs) return false;
        claims.set(key, { holder, expiresAt: nowMs + ttlSeconds * 1000 });
        return true;
      },
      async release(key) {
        await check('release');
        if (claims.get(key)?.holder === holder) claims.delete(key);
      },
    }),
  };
}
