import type { GlobalClusterView, LagMetricReading, PrimaryAlarm, PrimaryClusterReading, SecondaryProbe } from '../../lambda/orchestrator/decide';
import { PROBE_RESERVE_MS, orchestrate, orchestrateLoop, recordGapMs, type DecisionFigures, type DecisionSink, type OrchestratorPort } from '../../lambda/orchestrator/orchestrate';
import { FAILOVER_CLAIM, pageClaim } from '../../lambda/orchestrator/state';
import { HEALTHY_CLUSTER, SETTINGS, probe } from './fixtures';
import { memoryState } from './memory-state';

interface Fake {
  cluster?: () => Promise<GlobalClusterView | undefined>;
  probe?: () => Promise<SecondaryProbe>;
  alarm?: () => Promise<PrimaryAlarm>;
  lag?: (silenceStartedAtMs: number) => Promise<LagMetricReading>;
  primaryCluster?: () => Promise<PrimaryClusterReading>;
  failOver?: () => Promise<void>;
  notify?: (subject: string) => Promise<void>;
}

const T0 = 1_800_000_000_000;
/** When the primary's last heartbeat was written, by default: it went silent 16 s before T0 (stale after 15 s). */
const LAST_HEARTBEAT = T0 - 16_000;

/** A port on fakes sharing `state`; the clock starts at T0 and moves only when the test moves it. */
function setup(fake: Fake, shared = memoryState(), holder = 'run-1') {
  const calls: string[] = [];
  const clock = { now: T0 };
  const port: OrchestratorPort = {
    now: () => clock.now,
    state: shared.forRun(holder),
    readGlobalCluster: fake.cluster ?? (async () => HEALTHY_CLUSTER),
    // By default the primary is unreachable and its heartbeat ages with the clock.
    probeSecondary: fake.probe ?? (async () => probe((clock.now - LAST_HEARTBEAT) / 1000, false)),
    readPrimaryAlarm: fake.alarm ?? (async () => 'dark'),
    // By default the primary region's RDS API does not answer: the region is down (the fast path).
    readPrimaryCluster: async () => {
      if (!fake.primaryCluster) return { answered: false, kind: 'dark', cause: 'TimeoutError' };
      calls.push('primary cluster');
      return fake.primaryCluster();
    },
    readLagMetric: async (at) => {
      calls.push(`lag until ${at}`);
      return (fake.lag ?? (async () => ({ ok: true, lastSeconds: 2 })))(at);
    },
    failOver: async () => {
      calls.push('failOver');
      await fake.failOver?.();
    },
    notify: async (subject) => {
      calls.push(`notify ${subject}`);
      await fake.notify?.(subject);
    },
  };
  const logs: Array<[string, string, Record<string, unknown>]> = [];
  const records: Array<[string, DecisionFigures]> = [];
  const sink: DecisionSink = { log: (level, message, fields) => logs.push([level, message, fields]), record: (o, f) => records.push([o, f]) };
  return { port, calls, logs, records, sink, clock, shared };
}

/**
 * Moves the clock `ms` on, probing every interval on the way as the scheduled runs do (a record not
 * refreshed for longer starts again); the probe at the end is the caller's.
 */
async function probeFor(t: ReturnType<typeof setup>, ms: number, settings = SETTINGS) {
  for (let left = ms; left > 0;) {
    const step = Math.min(settings.intervalSeconds * 1000, left);
    t.clock.now += step;
    left -= step;
    if (left > 0) await orchestrate(t.port, settings, t.sink);
  }
}

/** Probes until the window is confirmed: the first marks the primary unreachable, the last (a window later) decides. */
async function confirmed(t: ReturnType<typeof setup>, settings = SETTINGS) {
  await orchestrate(t.port, settings, t.sink);
  await probeFor(t, settings.confirmationSeconds * 1000, settings);
  t.calls.length = 0;
  t.logs.length = 0;
  t.records.length = 0;
  return orchestrate(t.port, settings, t.sink);
}

describe('orchestrate: one probe', () => {
  it('the first probe that finds the primary unreachable records the time and waits', async () => {
    const t = setup({});
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision).toMatchObject({ action: 'wait', remainingSeconds: 20 });
    expect(t.calls).toEqual([`lag until ${LAST_HEARTBEAT}`]);
    expect(t.records).toEqual([['confirming', { heartbeatAgeSeconds: 16, unreachableSeconds: 0, windowSeconds: 20 }]]);
  });

  it('automatic, confirmed: claims the failover, fails over, notifies, logs one line with its inputs and records the figures', async () => {
    const t = setup({});
    const result = await confirmed(t);
    expect(result).toEqual({ decision: expect.objectContaining({ action: 'fail-over' }), acted: 'failed-over' });
    expect(t.calls).toEqual([`lag until ${LAST_HEARTBEAT}`, 'failOver', 'notify DR: failing over aurora-global-prod to eu-west-1']);
    expect(t.shared.forRun('x').claims.get(FAILOVER_CLAIM)).toBe('run-1');
    expect(t.logs).toEqual([['error', expect.stringContaining('failing over'), expect.objectContaining({
      outcome: 'failing-over', action: 'fail-over', mode: 'automatic', primaryAlarm: 'dark', globalClusterStatus: 'available',
      probe: expect.objectContaining({ primary: expect.objectContaining({ reachable: false }) }), unreachableSeconds: 20,
      lagMetric: { ok: true, lastSeconds: 2 }, estimatedLossSeconds: 16, evidence: { metricSeconds: 2, heartbeatGapSeconds: 16 }, acted: 'failed-over',
    })]]);
    expect(t.records).toEqual([['failing-over', { heartbeatAgeSeconds: 36, unreachableSeconds: 20, estimatedLossSeconds: 16, windowSeconds: 20 }]]);
  });

  it('two runs deciding at once: exactly one failover call, the other says another run claimed it', async () => {
    const shared = memoryState();
    const a = setup({}, shared, 'run-a');
    const b = setup({}, shared, 'run-b');
    await orchestrate(a.port, SETTINGS, a.sink);
    a.clock.now += 20_000;
    b.clock.now = a.clock.now;
    const [first, second] = await Promise.all([orchestrate(a.port, SETTINGS, a.sink), orchestrate(b.port, SETTINGS, b.sink)]);
    expect([first.acted, second.acted].sort()).toEqual(['claimed-by-another-run', 'failed-over']);
    expect([...a.calls, ...b.calls].filter((c) => c === 'failOver')).toHaveLength(1);
    expect(b.logs.at(-1)).toEqual(['info', expect.stringContaining('(another run claimed the failover)'), expect.objectContaining({ acted: 'claimed-by-another-run' })]);
  });

  it('a failover call that fails: releases the claim so the next probe tries again, notifies, records the failure', async () => {
    let fails = true;
    const t = setup({ failOver: async () => (fails ? Promise.reject(new Error('InvalidGlobalClusterStateFault')) : undefined) });
    const result = await confirmed(t);
    expect(result.error).toBe('FailoverGlobalCluster failed: InvalidGlobalClusterStateFault');
    expect(t.calls.slice(1)).toEqual(['failOver', 'notify DR: failover aurora-global-prod to eu-west-1 FAILED']);
    expect(t.records.map(([o]) => o)).toEqual(['failing-over-failed']);
    expect(t.shared.forRun('x').claims.has(FAILOVER_CLAIM)).toBe(false);
    fails = false;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).acted).toBe('failed-over');
  });

  it('the state table does not answer: no automatic failover, a page instead', async () => {
    const t = setup({}, memoryState({ fail: (call) => (call === 'note' ? new Error('ProvisionedThroughputExceededException') : undefined) }));
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result).toMatchObject({ decision: { outcome: 'evidence-incomplete' }, acted: 'paged', error: 'the state table did not answer: ProvisionedThroughputExceededException' });
    expect(t.calls.filter((c) => c === 'failOver')).toEqual([]);
    expect(t.calls).toContain('notify DR: primary of aurora-global-prod down, loss unknown: decide');
  });

  it('the state table fails only when the failover is claimed: nothing called, the error logged', async () => {
    const t = setup({}, memoryState({ fail: (call) => (call === 'claim' ? new Error('throttled') : undefined) }));
    await orchestrate(t.port, SETTINGS, t.sink);
    t.clock.now += 20_000;
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result).toEqual({ decision: expect.objectContaining({ action: 'fail-over' }), error: 'cannot claim the failover: throttled' });
    expect(t.calls.filter((c) => c === 'failOver')).toEqual([]);
  });

  it('a failover that fails, and a claim that cannot be released: both said', async () => {
    const t = setup({ failOver: async () => Promise.reject(new Error('boom')) }, memoryState({ fail: (call) => (call === 'release' ? new Error('gone') : undefined) }));
    await orchestrate(t.port, SETTINGS, t.sink);
    t.clock.now += 20_000;
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result.error).toBe('FailoverGlobalCluster failed: boom; cannot release the failover claim: gone');
  });

  it('manual, confirmed: pages once per reminder slot, even across runs, and never fails over', async () => {
    const manual = { ...SETTINGS, mode: 'manual' as const };
    const shared = memoryState();
    const t = setup({}, shared, 'run-a');
    expect((await confirmed(t, manual)).acted).toBe('paged');
    expect(t.calls).toContain('notify DR: manual failover of aurora-global-prod needed');
    expect(shared.forRun('x').claims.get(pageClaim('manual-failover-needed', 0))).toBe('run-a');
    const other = setup({}, shared, 'run-b');
    other.clock.now = t.clock.now + 10_000;
    expect((await orchestrate(other.port, manual, other.sink)).acted).toBe('already-paged');
    expect(other.logs.at(-1)?.[0]).toBe('info');
    await probeFor(t, 900_000, manual);
    expect((await orchestrate(t.port, manual, t.sink)).acted).toBe('paged');
    expect([...t.calls, ...other.calls].filter((c) => c === 'failOver')).toEqual([]);
  });

  it('a page whose claim cannot be made is sent anyway (twice is better than never)', async () => {
    const t = setup({ probe: async () => probe(1000, true) }, memoryState({ fail: () => new Error('down') }));
    expect(await orchestrate(t.port, SETTINGS, t.sink)).toMatchObject({ acted: 'paged', decision: { outcome: 'heartbeat-stale-primary-reachable' } });
  });

  it('loss above the RPO: pages with the estimate, records it, and never fails over', async () => {
    const t = setup({ lag: async () => ({ ok: true, lastSeconds: 80 }) });
    expect(await confirmed(t)).toMatchObject({ decision: { outcome: 'loss-above-rpo' }, acted: 'paged' });
    expect(t.calls).toEqual([expect.stringMatching(/^lag until/), 'notify DR: primary of aurora-global-prod down, failover would exceed the RPO']);
    expect(t.records).toEqual([['loss-above-rpo', { heartbeatAgeSeconds: 36, unreachableSeconds: 20, estimatedLossSeconds: 80, windowSeconds: 20 }]]);
  });

  it('a lag metric that cannot be read: evidence incomplete', async () => {
    const t = setup({ lag: async () => Promise.reject(new Error('AccessDenied')) });
    expect((await confirmed(t)).decision?.message).toMatch(/the metric could not be read: AccessDenied/);
  });

  it('the primary answers from the secondary, its heartbeat has stopped: a page with its own subject once a heartbeat had time to resume', async () => {
    const shared = memoryState();
    const t = setup({ probe: async () => probe(1000, true) }, shared);
    // First seen now: a writer back from an in-region recovery answers before its next heartbeat replicates.
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('heartbeat-resuming');
    t.clock.now += 20_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('heartbeat-resuming');
    expect(t.calls.filter((c) => c.startsWith('notify'))).toEqual([]);
    t.clock.now += 5_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('heartbeat-stale-primary-reachable');
    expect(t.calls).toContain('notify DR: aurora-global-prod heartbeat stale: lag or canary down, primary up');
  });

  it('a writer back from an in-region recovery whose heartbeat resumes in time: no page, and the record is forgotten', async () => {
    const shared = memoryState();
    let age = 60;
    const t = setup({ probe: async () => probe(age, true) }, shared);
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('heartbeat-resuming');
    age = 3;
    t.clock.now += 10_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('primary-healthy');
    // A later, unrelated stall starts its own grace instead of inheriting this one's.
    age = 1000;
    t.clock.now += 600_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('heartbeat-resuming');
    expect(t.calls.filter((c) => c.startsWith('notify'))).toEqual([]);
  });

  it('the primary\'s own alarm still OK: no hold within the time it needs to notice an outage, a page after it', async () => {
    const early = setup({ alarm: async () => 'ok' as const });
    expect((await confirmed(early)).decision?.outcome).toBe('failing-over');
    const late = setup({ alarm: async () => 'ok' as const });
    expect((await confirmed(late, { ...SETTINGS, confirmationSeconds: SETTINGS.primaryAlarmDelaySeconds })).decision?.outcome).toBe('primary-answers-in-region');
    expect(late.calls).toContain('notify DR: aurora-global-prod primary unreachable from eu-west-1 only');
    expect(late.calls).not.toContain('failOver');
  });

  it('a notification that fails: the error is logged and returned', async () => {
    const t = setup({ probe: async () => probe(1000, true), notify: async () => Promise.reject(new Error('KMS denied')) });
    await orchestrate(t.port, SETTINGS, t.sink);
    // After the heartbeat's grace (heartbeat-resuming), the page is due; sending it fails.
    t.clock.now += 25_000;
    t.logs.length = 0;
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result.error).toBe('notification failed: KMS denied');
    expect(t.logs[0][0]).toBe('error');
  });

  it('the primary reachable again: the record is cleared, so a later outage waits the whole window again', async () => {
    let reachable = false;
    const t = setup({ probe: async () => probe(reachable ? 5 : 100, reachable) });
    await orchestrate(t.port, SETTINGS, t.sink);
    reachable = true;
    t.clock.now += 15_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('primary-healthy');
    reachable = false;
    t.clock.now += 15_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision).toMatchObject({ outcome: 'confirming', remainingSeconds: 20 });
  });

  it('unreachable for hours while the heartbeat still arrives, then a short silence: the window counts from the silence', async () => {
    let age = 5;
    const t = setup({ probe: async () => probe(age, false), alarm: async () => 'alarm' });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('primary-still-writing');
    await probeFor(t, 7_200_000);
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('primary-still-writing');
    // The writer fails over in-region: the heartbeat stops (the newest one is 16 s old, the next was due
    // 6 s ago) and the path is still broken.
    age = SETTINGS.staleAfterSeconds + 1;
    t.clock.now += 10_000;
    const decision = (await orchestrate(t.port, SETTINGS, t.sink)).decision;
    expect(decision).toMatchObject({ outcome: 'confirming', remainingSeconds: SETTINGS.confirmationSeconds - 6 });
    expect(decision?.message).toContain('unreachable for 7210.0 s, no heartbeat for 6.0 s');
    expect(t.calls).not.toContain('failOver');
  });

  it('unreachable with the heartbeat still fresh: the primary region is asked already (its dark spell timed from the start), the lag is not read', async () => {
    const t = setup({ probe: async () => probe(5, false), primaryCluster: async () => ({ answered: false, kind: 'dark', cause: 'TimeoutError' }) });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('primary-still-writing');
    expect(t.calls).toEqual(['primary cluster']);
    expect(await t.shared.forRun('x').noteSince('primary-api-dark', true, T0 + 1000, recordGapMs(SETTINGS))).toBe(T0);
  });

  it('a gap in the probes (the canary failing) restarts the records: an outage is not counted through time nobody watched', async () => {
    let canaryUp = true;
    const t = setup({ probe: async () => (canaryUp ? probe((t.clock.now - LAST_HEARTBEAT) / 1000, false) : { ok: false, cause: 'timeout' }) });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision).toMatchObject({ outcome: 'confirming', remainingSeconds: 20 });
    canaryUp = false;
    t.clock.now += 60_000;
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('secondary-canary-failing');
    canaryUp = true;
    t.clock.now += 10_000;
    // Down 86 s by the heartbeat, but watched for 0 s since the gap: the window starts again.
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision).toMatchObject({ outcome: 'confirming', remainingSeconds: 20 });
    expect(recordGapMs(SETTINGS)).toBe(2 * 10_000 + PROBE_RESERVE_MS);
  });

  it('healthy: acts on nothing, reads no lag, logs at info', async () => {
    const t = setup({ probe: async () => probe(3) });
    await orchestrate(t.port, SETTINGS, t.sink);
    expect(t.calls).toEqual([]);
    expect(t.logs.map(([level, , f]) => [level, f.outcome])).toEqual([['info', 'primary-healthy']]);
    expect(t.records).toEqual([['primary-healthy', { heartbeatAgeSeconds: 3 }]]);
  });

  it('no global cluster: nothing to fail over, said in the log', async () => {
    const t = setup({ cluster: async () => undefined });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('global-cluster-missing');
    expect(t.calls.filter((c) => !c.startsWith('lag'))).toEqual([]);
    expect(t.logs).toEqual([['info', expect.stringContaining('was not found'), expect.objectContaining({ globalClusterStatus: undefined })]]);
  });

  it('the global cluster cannot be read: decides nothing, logs and records it', async () => {
    const t = setup({ cluster: async () => Promise.reject(new Error('AccessDenied')) });
    expect(await orchestrate(t.port, SETTINGS, t.sink)).toEqual({ error: 'AccessDenied' });
    expect(t.records).toEqual([['cluster-unreadable', {}]]);
    expect(t.logs[0]).toEqual(['error', expect.stringContaining('deciding nothing this probe'), expect.objectContaining({ outcome: 'cluster-unreadable' })]);
  });

  it('a canary that cannot be invoked and an alarm read that throws are observations, not errors (the throw counts as refused: no evidence)', async () => {
    const t = setup({ probe: async () => Promise.reject(new Error('Rate exceeded')), alarm: async () => Promise.reject(new Error('ETIMEDOUT')) });
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result.decision).toMatchObject({ action: 'hold', outcome: 'secondary-canary-failing', message: expect.stringContaining('invoke failed: Rate exceeded') });
    expect(t.logs[0][2]).toMatchObject({ primaryAlarm: 'refused', probe: { ok: false, cause: 'invoke failed: Rate exceeded' } });
  });

  it('a promoted secondary: nothing recorded about reachability', async () => {
    const t = setup({ probe: async () => ({ ok: true, writable: true, primary: { reachable: false, cause: 'x' } }) });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('already-promoted');
    expect(t.records).toEqual([['already-promoted', {}]]);
  });
});

describe('orchestrateLoop: a scheduled invocation', () => {
  const loopClock = (remaining = 90_000) => {
    const slept: number[] = [];
    let now = 0;
    return { slept, clock: { now: () => now, sleep: async (ms: number) => { slept.push(ms); now += ms; }, remainingMs: () => remaining - now } };
  };

  it('probes every interval for the window', async () => {
    const t = setup({ probe: async () => probe(3) });
    const { slept, clock } = loopClock();
    const results = await orchestrateLoop(t.port, SETTINGS, t.sink, { windowMs: 70_000, clock });
    expect(results).toHaveLength(8);
    expect(slept).toEqual(Array(7).fill(10_000));
  });

  it('stops once it has failed over', async () => {
    const t = setup({});
    await orchestrate(t.port, SETTINGS, t.sink);
    t.clock.now += 20_000;
    const { clock } = loopClock();
    const results = await orchestrateLoop(t.port, SETTINGS, t.sink, { windowMs: 70_000, clock });
    expect(results.map((r) => r.acted)).toEqual(['failed-over']);
  });

  it('starts no probe without the time to finish it', async () => {
    const t = setup({ probe: async () => probe(3) });
    const { clock } = loopClock(PROBE_RESERVE_MS + 5_000);
    expect(await orchestrateLoop(t.port, SETTINGS, t.sink, { windowMs: 70_000, clock })).toHaveLength(1);
  });
});

describe('orchestrate: the primary region\'s RDS API', () => {
  it('is read only once the outage looks real, and its reading is logged with the decision\'s path and window', async () => {
    const healthy = setup({ probe: async () => probe(5), primaryCluster: async () => ({ answered: true, status: 'available', hasWriter: true }) });
    await orchestrate(healthy.port, SETTINGS, healthy.sink);
    expect(healthy.calls).not.toContain('primary cluster');

    const t = setup({ primaryCluster: async () => ({ answered: true, status: 'available', hasWriter: true }) });
    const result = await confirmed(t);
    expect(result.decision).toMatchObject({ action: 'wait', path: 'slow', windowSeconds: 180 });
    expect(t.calls).toContain('primary cluster');
    expect(t.logs[0][2]).toMatchObject({ primaryCluster: { answered: true, status: 'available' }, path: 'slow', windowSeconds: 180 });
    expect(t.records[0][1]).toMatchObject({ windowSeconds: 180 });
  });

  it('a reading that throws proves nothing about the region: the slow path', async () => {
    const t = setup({ primaryCluster: async () => { throw new Error('boom'); } });
    const result = await confirmed(t);
    expect(result.decision).toMatchObject({ action: 'wait', path: 'slow' });
    expect(t.logs[0][2]).toMatchObject({ primaryCluster: { answered: false, kind: 'refused', cause: 'boom' } });
  });

  it('the cluster recovering in-region beyond its typical time: a page that says so, still no failover call', async () => {
    const t = setup({ primaryCluster: async () => ({ answered: true, status: 'failing-over', hasWriter: true }) });
    await orchestrate(t.port, SETTINGS, t.sink);
    await probeFor(t, 61_000);
    expect(await orchestrate(t.port, SETTINGS, t.sink)).toMatchObject({ decision: { outcome: 'in-region-recovery-overdue' }, acted: 'paged' });
    expect(t.calls).toContain('notify DR: aurora-global-prod primary still recovering in its region');
    expect(t.calls).not.toContain('failOver');
  });

  it('the cluster recovering in-region: a hold, no failover call', async () => {
    const t = setup({ primaryCluster: async () => ({ answered: true, status: 'failing-over', hasWriter: true }) });
    const result = await confirmed(t);
    expect(result.decision).toMatchObject({ action: 'hold', outcome: 'in-region-recovery' });
    expect(t.calls).not.toContain('failOver');
  });
});
