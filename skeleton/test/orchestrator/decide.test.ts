import { decide, failoverCommand, type CanaryReading, type Observation } from '../../lambda/orchestrator/decide';
import { HEALTHY_CLUSTER, PRIMARY, SECONDARY, SETTINGS } from './fixtures';

const reading = (heartbeatAgeSeconds?: number): CanaryReading => ({ ok: true, writable: false, ...(heartbeatAgeSeconds === undefined ? {} : { heartbeatAgeSeconds }) });
const observe = (o: Partial<Observation>): Observation => ({ cluster: HEALTHY_CLUSTER, canary: reading(20), primaryAlarm: 'unknown', ...o });

describe('decide: the primary is up', () => {
  it('a fresh heartbeat: nothing to do', () => {
    expect(decide(observe({ canary: reading(20) }), SETTINGS)).toMatchObject({ action: 'none', outcome: 'primary-healthy' });
  });

  it('a heartbeat exactly at the stale limit still counts as fresh', () => {
    expect(decide(observe({ canary: reading(65) }), SETTINGS).outcome).toBe('primary-healthy');
  });

  it('an overdue heartbeat while the primary canary alarm is OK: replication stalled, never a failover', () => {
    expect(decide(observe({ canary: reading(600), primaryAlarm: 'ok' }), SETTINGS)).toMatchObject({ action: 'hold', outcome: 'replication-stalled' });
  });
});

describe('decide: the primary has gone silent', () => {
  it.each(['alarm', 'unknown'] as const)('overdue but within the window (primary alarm %s): waits, saying how long', (primaryAlarm) => {
    const decision = decide(observe({ canary: reading(65 + 10), primaryAlarm }), SETTINGS);
    expect(decision).toMatchObject({ action: 'wait', outcome: 'confirming', remainingSeconds: 20 });
    expect(decision.message).toMatch(/must stay silent 20\.0 s more before failing over/);
  });

  it('automatic: fails over once the silence has lasted the whole window', () => {
    const decision = decide(observe({ canary: reading(65 + 30) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'fail-over', outcome: 'failing-over' });
    expect(decision.message).toContain(`failing over aurora-global-prod to ${SECONDARY}, allowing data loss`);
  });

  it('a zero window fails over on the first overdue reading', () => {
    expect(decide(observe({ canary: reading(65.1) }), { ...SETTINGS, confirmationSeconds: 0 }).action).toBe('fail-over');
  });

  it('manual: pages with the exact command on the first confirmed run', () => {
    const manual = { ...SETTINGS, mode: 'manual' as const };
    expect(decide(observe({ canary: reading(65 + 10) }), manual).message).toMatch(/before paging/);
    const decision = decide(observe({ canary: reading(65 + 30) }), manual);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'manual-failover-needed', command: failoverCommand(manual) });
    expect(failoverCommand(manual)).toBe(`npm run dr:failover -- --to eu-west-1 --yes   # or: aws rds failover-global-cluster --region eu-west-1 --global-cluster-identifier aurora-global-prod --target-db-cluster-identifier ${SECONDARY} --allow-data-loss`);
  });

  it('manual: does not page every minute, but reminds every remindEverySeconds', () => {
    const manual = { ...SETTINGS, mode: 'manual' as const };
    const at = (secondsSinceConfirmed: number) => decide(observe({ canary: reading(65 + 30 + secondsSinceConfirmed) }), manual).outcome;
    expect([at(0), at(59), at(60), at(120), at(899), at(900), at(959), at(960)]).toEqual([
      'manual-failover-needed', 'manual-failover-needed', 'manual-failover-pending', 'manual-failover-pending',
      'manual-failover-pending', 'manual-failover-needed', 'manual-failover-needed', 'manual-failover-pending',
    ]);
  });
});

describe('decide: never twice, never blind', () => {
  it('the global cluster is gone: nothing to fail over', () => {
    expect(decide(observe({ cluster: undefined, canary: reading(1000) }), SETTINGS)).toMatchObject({ action: 'none', outcome: 'global-cluster-missing' });
  });

  it('the secondary is no longer a member (detached): never fails over to it', () => {
    const cluster = { ...HEALTHY_CLUSTER, members: [{ arn: PRIMARY, isWriter: true }] };
    expect(decide(observe({ cluster, canary: reading(1000) }), SETTINGS).outcome).toBe('secondary-not-member');
  });

  it.each([
    ['a failover pending', { operation: { status: 'pending', dataLossAllowed: true } }, /failover pending/],
    ['a switchover running', { operation: { status: 'switching-over', dataLossAllowed: false } }, /switchover switching-over/],
    ['the cluster failing over', { status: 'failing-over' }, /busy \(failing-over\)/],
    ['the cluster switching over', { status: 'switching-over' }, /busy \(switching-over\)/],
  ])('%s: waits for it, even with an overdue heartbeat', (_title, change, message) => {
    const decision = decide(observe({ cluster: { ...HEALTHY_CLUSTER, ...change }, canary: reading(1000) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'none', outcome: 'operation-in-progress' });
    expect(decision.message).toMatch(message);
  });

  it('the secondary is already the writer (by the cluster or by its canary): nothing to do', () => {
    const promoted = { ...HEALTHY_CLUSTER, members: [{ arn: PRIMARY, isWriter: false }, { arn: SECONDARY, isWriter: true }] };
    expect(decide(observe({ cluster: promoted, canary: reading(1000) }), SETTINGS).outcome).toBe('already-promoted');
    expect(decide(observe({ canary: { ok: true, writable: true } }), SETTINGS).outcome).toBe('already-promoted');
  });

  it('the secondary canary fails: no evidence, no failover', () => {
    const decision = decide(observe({ canary: { ok: false, cause: 'timeout' } }), SETTINGS);
    expect(decision).toMatchObject({ action: 'hold', outcome: 'secondary-canary-failing' });
    expect(decision.message).toContain('(timeout)');
  });

  it('no heartbeat replicated yet: the silence cannot be measured', () => {
    expect(decide(observe({ canary: reading(undefined) }), SETTINGS)).toMatchObject({ action: 'hold', outcome: 'no-heartbeat' });
  });
});
