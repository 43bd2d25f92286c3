import type { CanaryReading, GlobalClusterView, PrimaryAlarm } from '../../lambda/orchestrator/decide';
import { orchestrate, type DecisionSink, type OrchestratorPort } from '../../lambda/orchestrator/orchestrate';
import { HEALTHY_CLUSTER, SETTINGS } from './fixtures';

interface Fake {
  cluster?: () => Promise<GlobalClusterView | undefined>;
  canary?: () => Promise<CanaryReading>;
  alarm?: () => Promise<PrimaryAlarm>;
  failOver?: () => Promise<void>;
  notify?: (subject: string) => Promise<void>;
}

function setup(fake: Fake) {
  const calls: string[] = [];
  const port: OrchestratorPort = {
    readGlobalCluster: fake.cluster ?? (async () => HEALTHY_CLUSTER),
    readSecondaryCanary: fake.canary ?? (async () => ({ ok: true, writable: false, heartbeatAgeSeconds: 1000 })),
    readPrimaryAlarm: fake.alarm ?? (async () => 'unknown'),
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
  const counts: string[] = [];
  const sink: DecisionSink = { log: (level, message, fields) => logs.push([level, message, fields]), count: (o) => counts.push(o) };
  return { port, calls, logs, counts, sink };
}

describe('orchestrate: one run', () => {
  it('automatic, confirmed: fails over, then notifies, logs one line and counts the outcome', async () => {
    const t = setup({});
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result).toEqual({ decision: expect.objectContaining({ action: 'fail-over' }) });
    expect(t.calls).toEqual(['failOver', 'notify DR: failing over aurora-global-prod to eu-west-1']);
    expect(t.logs).toEqual([['error', expect.stringContaining('failing over'), expect.objectContaining({ outcome: 'failing-over', action: 'fail-over', mode: 'automatic', primaryAlarm: 'unknown', globalClusterStatus: 'available' })]]);
    expect(t.counts).toEqual(['failing-over']);
  });

  it('manual, confirmed: notifies with the command and does not fail over', async () => {
    const t = setup({});
    await orchestrate(t.port, { ...SETTINGS, mode: 'manual' }, t.sink);
    expect(t.calls).toEqual(['notify DR: manual failover of aurora-global-prod needed']);
    expect(t.counts).toEqual(['manual-failover-needed']);
  });

  it('healthy: acts on nothing, logs at info', async () => {
    const t = setup({ canary: async () => ({ ok: true, writable: false, heartbeatAgeSeconds: 3 }) });
    await orchestrate(t.port, SETTINGS, t.sink);
    expect(t.calls).toEqual([]);
    expect(t.logs.map(([level, , f]) => [level, f.outcome])).toEqual([['info', 'primary-healthy']]);
  });

  it('a canary that cannot be invoked is an observation: hold, no failover', async () => {
    const t = setup({ canary: async () => { throw new Error('Rate exceeded'); } });
    const { decision } = await orchestrate(t.port, SETTINGS, t.sink);
    expect(decision).toMatchObject({ action: 'hold', outcome: 'secondary-canary-failing' });
    expect(decision?.message).toContain('invoke failed: Rate exceeded');
    expect(t.calls).toEqual([]);
  });

  it('a primary region that does not answer counts as unknown, not as healthy', async () => {
    const t = setup({ alarm: async () => { throw new Error('timeout'); } });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.action).toBe('fail-over');
  });

  it('a global cluster that cannot be read: decides nothing, logs and counts it', async () => {
    const t = setup({ cluster: async () => { throw new Error('AccessDenied'); } });
    expect(await orchestrate(t.port, SETTINGS, t.sink)).toEqual({ error: 'AccessDenied' });
    expect(t.calls).toEqual([]);
    expect(t.logs).toEqual([['error', 'cannot read global cluster aurora-global-prod: AccessDenied; deciding nothing this run', { outcome: 'cluster-unreadable', error: 'AccessDenied' }]]);
    expect(t.counts).toEqual(['cluster-unreadable']);
  });

  it('a failed failover call is logged, counted and notified as FAILED', async () => {
    const t = setup({ failOver: async () => { throw new Error('InvalidGlobalClusterStateFault'); } });
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result.error).toBe('InvalidGlobalClusterStateFault');
    expect(t.calls).toEqual(['failOver', 'notify DR: fail-over of aurora-global-prod FAILED']);
    expect(t.logs[0]).toEqual(['error', 'failing-over failed: InvalidGlobalClusterStateFault', expect.objectContaining({ error: 'InvalidGlobalClusterStateFault' })]);
    expect(t.counts).toEqual(['failing-over-failed']);
  });

  it('a notification that cannot be sent at all still ends the run cleanly', async () => {
    const t = setup({ notify: async () => { throw new Error('SNS down'); } });
    const result = await orchestrate(t.port, { ...SETTINGS, mode: 'manual' }, t.sink);
    expect(result.error).toBe('SNS down');
    expect(t.counts).toEqual(['manual-failover-needed-failed']);
  });
});
