// The loop inside a scheduled invocation of the canaries and the orchestrator. EventBridge schedules run
// at most once a minute; to probe every 10 seconds, each invocation probes, sleeps to the next tick and
// probes again until its window ends (as AWS's fast-failover sample does: aws-facts.ts
// FAST_FAILOVER_PROBE_SECONDS). Shared by both bundles; no AWS, no clock of its own.

export interface LoopClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Milliseconds left before Lambda stops the invocation. */
  remainingMs(): number;
}

export interface LoopOptions<T> {
  /** Time between the starts of two probes. */
  readonly intervalMs: number;
  /** Probes start only within this long of the first (0: one probe). */
  readonly windowMs: number;
  /** What a probe and its publishing may take: no probe starts with less than this left. */
  readonly reserveMs: number;
  readonly clock: LoopClock;
  /** Ends the loop early after this result (the orchestrator stops once it has acted). */
  readonly stopAfter?: (result: T) => boolean;
}

/**
 * Runs `probe` at once and then on every tick of `intervalMs` until the window or the invocation's time
 * runs out; returns every result in order. A probe that overruns its tick is followed at once by the next.
 */
export async function probeLoop<T>(probe: (index: number) => Promise<T>, options: LoopOptions<T>): Promise<T[]> {
  const { intervalMs, windowMs, reserveMs, clock } = options;
  const started = clock.now();
  const results: T[] = [];
  for (let index = 0; ; index++) {
    const result = await probe(index);
    results.push(result);
    if (options.stopAfter?.(result)) return results;
    // Compared as offsets, not as next - started: the clock reads fractional milliseconds, and that
    // difference could come out a hair above the window and drop its last probe at random.
    const offset = (index + 1) * intervalMs;
    if (offset > windowMs) return results;
    const next = started + offset;
    const wait = Math.max(0, next - clock.now());
    if (clock.remainingMs() - wait < reserveMs) return results;
    await clock.sleep(wait);
  }
}
