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

  it('no global cluster: nothing to fail over, said in the log', async () => {
    const t = setup({ cluster: async () => undefined });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).decision?.outcome).toBe('global-cluster-missing');
    expect(t.calls).toEqual([]);
    expect(t.logs).toEqual([['info', expect.stringContaining('was not found'), expect.objectContaining({ globalClusterStatus: undefined })]]);
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
    expect(result.error).toBe('FailoverGlobalCluster failed: InvalidGlobalClusterStateFault');
    expect(t.calls).toEqual(['failOver', 'notify DR: failover of aurora-global-prod to eu-west-1 FAILED']);
    expect(t.logs).toEqual([['error', expect.stringMatching(/allowing data loss; FailoverGlobalCluster failed: InvalidGlobalClusterStateFault$/), expect.objectContaining({ error: 'FailoverGlobalCluster failed: InvalidGlobalClusterStateFault' })]]);
    expect(t.counts).toEqual(['failing-over-failed']);
  });

  it('a failover that started is not counted as failed when only its notification could not be sent', async () => {
    const t = setup({ notify: async () => { throw new Error('SNS down'); } });
    const result = await orchestrate(t.port, SETTINGS, t.sink);
    expect(result.error).toBe('notification failed: SNS down');
    expect(t.calls).toEqual(['failOver', 'notify DR: failing over aurora-global-prod to eu-west-1']);
    expect(t.counts).toEqual(['failing-over']);
    expect(t.logs[0][0]).toBe('error');
  });

  it('both failing: both are reported', async () => {
    const t = setup({ failOver: async () => { throw new Error('denied'); }, notify: async () => { throw new Error('SNS down'); } });
    expect((await orchestrate(t.port, SETTINGS, t.sink)).error).toBe('FailoverGlobalCluster failed: denied; notification failed: SNS down');
    expect(t.counts).toEqual(['failing-over-failed']);
  });

  it('manual: a page that cannot be sent is an error of the run', async () => {
    const t = setup({ notify: async () => { throw new Error('SNS down'); } });
    const result = await orchestrate(t.port, { ...SETTINGS, mode: 'manual' }, t.sink);
    expect(result.error).toBe('notification failed: SNS down');
    expect(t.counts).toEqual(['manual-failover-needed']);
  });
});
