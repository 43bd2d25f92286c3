import { decide, describePrimaryCluster, failoverCommand, inRegionHoldSeconds, lagEvidence, needsLagEvidence, needsPrimaryCluster, outageSeconds, type Observation, type PrimaryClusterReading } from '../../lambda/orchestrator/decide';
import { HEALTHY_CLUSTER, PRIMARY, SECONDARY, SETTINGS, probe } from './fixtures';

const observe = (o: Partial<Observation>): Observation => ({ cluster: HEALTHY_CLUSTER, probe: probe(5), primaryAlarm: 'dark', ...o });
/** The primary region's RDS API: not answering (the region is down), answering, refusing. */
const DARK: PrimaryClusterReading = { answered: false, kind: 'dark', cause: 'TimeoutError: no answer within 3000 ms' };
const answers = (status: string, writerStatus?: string): PrimaryClusterReading => ({ answered: true, status, hasWriter: true, ...(writerStatus === undefined ? {} : { writerStatus }) });
const REFUSED: PrimaryClusterReading = { answered: false, kind: 'refused', cause: 'AccessDenied: not authorized' };
/**
 * The primary unreachable for `unreachable` s, its heartbeat `age` s old (down for the lesser of
 * `unreachable` and `age` - the 10 s interval), the lag metric at `lag` s before the silence (null: no
 * datapoint), its region's RDS API dark (as long as the primary has been unreachable) unless `extra` says otherwise.
 */
const down = (unreachable: number, age = 100, lag: number | null = 2, extra: Partial<Observation> = {}) =>
  observe({ probe: probe(age, false), unreachableSeconds: unreachable, lagMetric: { ok: true, ...(lag === null ? {} : { lastSeconds: lag }) }, primaryCluster: DARK, primaryApiDarkSeconds: unreachable, ...extra });

describe('decide: lag never moves writes or fails over by itself', () => {
  it('the primary answers and its heartbeat is fresh: nothing to do', () => {
    expect(decide(observe({ probe: probe(5) }), SETTINGS)).toMatchObject({ action: 'none', outcome: 'primary-healthy' });
    expect(decide(observe({ probe: probe(15) }), SETTINGS).outcome).toBe('primary-healthy');
  });

  it('lag far above the RPO while the primary answers: no failover (lag is no outage)', () => {
    const o = observe({ probe: probe(5, true, { globalLag: { rpoLagSeconds: 600, calculatedSecondsAgo: 1 } }), lagMetric: { ok: true, lastSeconds: 600 } });
    expect(decide(o, SETTINGS).outcome).toBe('primary-healthy');
  });

  it('the primary answers again with a stale heartbeat: hold while a heartbeat can still arrive (interval + stale limit), page after', () => {
    const back = (seconds: number) => decide(observe({ probe: probe(300), reachableSilentSeconds: seconds }), SETTINGS);
    expect(back(0)).toMatchObject({ action: 'hold', outcome: 'heartbeat-resuming' });
    expect(back(24.9).message).toMatch(/answers from eu-west-1 again \(for 24\.9 s\), its newest heartbeat here is 300\.0 s old: a heartbeat should arrive within 25 s/);
    expect(back(25)).toMatchObject({ action: 'notify', outcome: 'heartbeat-stale-primary-reachable', pageSlot: 0 });
    // Reminders count from the end of the grace, not from the heartbeat's age.
    expect(back(25 + 900)).toMatchObject({ pageSlot: 1 });
  });

  it('the heartbeat stops while the primary answers from the secondary region: a page, never a failover', () => {
    const decision = decide(observe({ probe: probe(16 + 900) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'heartbeat-stale-primary-reachable', pageSlot: 1 });
    expect(decision.message).toMatch(/answers from eu-west-1, but its newest heartbeat here is 916\.0 s old .* no failover, the primary is up/);
  });
});

describe('decide: the primary unreachable from the secondary region', () => {
  it('while its heartbeat still arrives, the path between the regions is down, not the primary: hold', () => {
    expect(decide(observe({ probe: probe(10, false), unreachableSeconds: 300 }), SETTINGS)).toMatchObject({ action: 'hold', outcome: 'primary-still-writing' });
  });

  it('its own canary alarm still OK once it has had time to notice an outage: a page, never a failover', () => {
    const decision = decide(down(180, 190, 2, { primaryAlarm: 'ok' }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'primary-answers-in-region', pageSlot: 0 });
    expect(decision.message).toMatch(/still OK, 180 s after it would have noticed an outage: the primary probably answers in its region .* no automatic failover/);
    expect(decision).toMatchObject({ command: failoverCommand(SETTINGS) });
  });

  it('its own canary alarm OK within the time it needs to notice: no evidence, the failover goes ahead', () => {
    expect(decide(down(179, 189, 2, { primaryAlarm: 'ok' }), SETTINGS).outcome).toBe('failing-over');
  });

  it.each(['alarm', 'insufficient-data', 'dark', 'refused', 'missing'] as const)('within the window (primary alarm %s): waits, saying how long', (primaryAlarm) => {
    const decision = decide(down(5, 100, 2, { primaryAlarm }), SETTINGS);
    expect(decision).toMatchObject({ action: 'wait', outcome: 'confirming', remainingSeconds: 15 });
    expect(decision).toMatchObject({ path: 'fast', windowSeconds: 20 });
    expect(decision.message).toMatch(/\): down for 5\.0 s \(unreachable for 5\.0 s, no heartbeat for 90\.0 s\) and the primary region's RDS API does not answer \(TimeoutError: no answer within 3000 ms\); the region looks down \(its API dark for 5\.0 s\), so it must stay down 15\.0 s more \(fast path, window 20 s\) before failing over/);
    expect(decide(down(5), { ...SETTINGS, mode: 'manual' }).message).toMatch(/before paging/);
  });

  it('how long it has been unreachable could not be recorded: a page with the command, not a failover', () => {
    const decision = decide(observe({ probe: probe(100, false) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'evidence-incomplete', command: failoverCommand(SETTINGS), pageSlot: 0 });
    expect(decision.message).toMatch(/state table did not answer/);
  });

  it('confirmed, lag within the RPO, automatic: fails over, naming the estimated loss and its evidence', () => {
    // Unreachable for 25 s, the newest heartbeat 30 s old: down for 20 s by the heartbeat, which was 5 s behind.
    const decision = decide(down(25, 30, 2.5, { probe: probe(30, false, { globalLag: { rpoLagSeconds: 1.5, calculatedSecondsAgo: 31 } }) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'fail-over', outcome: 'failing-over', estimatedLossSeconds: 5, evidence: { metricSeconds: 2.5, auroraStatusSeconds: 1.5, heartbeatGapSeconds: 5 } });
    expect(decision.message).toContain(`estimated loss 5.0 s (AuroraGlobalDBRPOLag before the silence: 2.5 s; Aurora's own last figure: 1.5 s; replicated heartbeat behind by 5.0 s when the primary became unreachable) is within the RPO target of 60 s: failing over aurora-global-prod to ${SECONDARY}, allowing data loss`);
    expect(decide(down(25, 29.9, 2.5), SETTINGS)).toMatchObject({ action: 'wait', remainingSeconds: expect.closeTo(0.1) });
  });

  it('a zero window fails over on the first probe that finds the primary unreachable', () => {
    expect(decide(down(0, 16), { ...SETTINGS, confirmationSeconds: 0 }).action).toBe('fail-over');
  });

  it('the loss would exceed the RPO target: a page with the command and the numbers, no promotion', () => {
    const decision = decide(down(20, 30, 75), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'loss-above-rpo', estimatedLossSeconds: 75, command: failoverCommand(SETTINGS) });
    expect(decision.message).toMatch(/a failover now would lose about 75\.0 s of writes .* more than the RPO target of 60 s; not failing over automatically/);
  });

  it('the larger figure counts: Aurora\'s own above the RPO, the metric below', () => {
    const o = down(20, 30, 2, { probe: probe(30, false, { globalLag: { rpoLagSeconds: 90, calculatedSecondsAgo: 150 } }) });
    expect(decide(o, SETTINGS)).toMatchObject({ outcome: 'loss-above-rpo', estimatedLossSeconds: 90 });
  });

  it('replication stalled before the crash: the heartbeat gap shows the loss that the lag before the silence cannot', () => {
    // The heartbeat stopped replicating 80 s before the primary became unreachable; the lag metric,
    // read up to the start of that silence, still says 2 s.
    const decision = decide(down(20, 100, 2), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'loss-above-rpo', estimatedLossSeconds: 80, evidence: { metricSeconds: 2, heartbeatGapSeconds: 80 } });
    expect(decision.message).toContain('replicated heartbeat behind by 80.0 s when the primary became unreachable');
  });

  it('no lag figure at all: evidence incomplete, a page, no promotion (the metric unreadable is said)', () => {
    expect(decide(down(20, 100, null), SETTINGS)).toMatchObject({ action: 'notify', outcome: 'evidence-incomplete' });
    const unreadable = decide(down(20, 100, null, { lagMetric: { ok: false, cause: 'AccessDenied' } }), SETTINGS);
    expect(unreadable.message).toMatch(/the metric could not be read: AccessDenied/);
    expect(decide(down(20, 100, null, { lagMetric: undefined }), SETTINGS).outcome).toBe('evidence-incomplete');
  });

  it('manual: pages with the command and the estimated loss; later probes carry the reminder slot', () => {
    const manual = { ...SETTINGS, mode: 'manual' as const };
    const decision = decide(down(20, 30), manual);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'manual-failover-needed', pageSlot: 0, estimatedLossSeconds: 10, command: failoverCommand(manual) });
    expect(decide(down(20 + 899, 30 + 899), manual)).toMatchObject({ pageSlot: 0 });
    expect(decide(down(20 + 900, 30 + 900), manual)).toMatchObject({ pageSlot: 1 });
    expect(failoverCommand(manual)).toBe(`npm run dr:failover -- --to eu-west-1 --yes   # or: aws rds failover-global-cluster --region eu-west-1 --global-cluster-identifier aurora-global-prod --target-db-cluster-identifier ${SECONDARY} --allow-data-loss`);
  });
});

describe('decide: one dark read is no dark region', () => {
  it('a single timeout or 5xx deep into a slow-path wait does not fail over: the API must stay dark for the fast window', () => {
    const blip = decide(down(60, 100, 2, { primaryApiDarkSeconds: 0 }), SETTINGS);
    expect(blip).toMatchObject({ action: 'wait', outcome: 'confirming', path: 'fast', remainingSeconds: 20 });
    expect(decide(down(60, 100, 2, { primaryApiDarkSeconds: 19.9 }), SETTINGS)).toMatchObject({ action: 'wait', outcome: 'confirming' });
    expect(decide(down(60, 100, 2, { primaryApiDarkSeconds: 20 }), SETTINGS)).toMatchObject({ action: 'fail-over', path: 'fast' });
  });

  it('a dark read whose spell could not be recorded counts as no darkness: the slow path', () => {
    expect(decide(down(60, 100, 2, { primaryApiDarkSeconds: undefined }), SETTINGS)).toMatchObject({ action: 'wait', path: 'slow' });
  });
});

describe('decide: the primary region\'s RDS API tells a dark region from an in-region recovery', () => {
  it('dark: the fast path fails over after the configured window', () => {
    expect(decide(down(20, 30), SETTINGS)).toMatchObject({ action: 'fail-over', path: 'fast', windowSeconds: 20 });
    expect(decide(down(20, 30), SETTINGS).message).toContain('fast path, window 20 s: the primary region\'s RDS API does not answer');
  });

  it.each(['failing-over', 'rebooting'])('answering with the cluster %s (recovering from a fault): holds, no cross-region failover for up to the slow window', (status) => {
    const decision = decide(down(60, 70, 2, { primaryCluster: answers(status) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'hold', outcome: 'in-region-recovery' });
    expect(decision.message).toContain(`answers: cluster ${status}, a writer listed: Aurora is recovering it in its region (typically within 60 s); no cross-region failover for up to 180 s`);
  });

  it.each(['maintenance', 'upgrading', 'starting'])('answering with the cluster %s (a planned change): holds, then pages, never fails over automatically', (status) => {
    const decision = decide(down(60, 70, 2, { primaryCluster: answers(status) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'hold', outcome: 'in-region-recovery' });
    expect(decision.message).toContain('no cross-region failover during a planned change');
    const long = decide(down(3600, 3610, 2, { primaryCluster: answers(status), primaryAlarm: 'alarm' }), SETTINGS);
    expect(long).toMatchObject({ action: 'notify', outcome: 'in-region-recovery-overdue', command: failoverCommand(SETTINGS), pageSlot: 3 });
    expect(long.message).toContain('a planned change (a customer\'s or scheduled maintenance) has kept it down longer than the 60 s an in-region recovery typically takes; no automatic cross-region failover while it lasts');
  });

  it.each(['modifying', 'upgrading', 'maintenance', 'starting'])('a writer %s (an instance class change, an upgrade) is a planned change too: never an automatic failover', (writerStatus) => {
    expect(decide(down(900, 910, 2, { primaryCluster: answers('available', writerStatus), primaryAlarm: 'alarm' }), SETTINGS).outcome).toBe('in-region-recovery-overdue');
  });

  it.each(['rebooting', 'modifying', 'upgrading', 'maintenance', 'starting'])('answering with the cluster available but its writer %s (a reboot or a change of the writer): holds', (writerStatus) => {
    const decision = decide(down(60, 70, 2, { primaryCluster: answers('available', writerStatus) }), SETTINGS);
    expect(decision).toMatchObject({ action: 'hold', outcome: 'in-region-recovery' });
    expect(decision.message).toContain(`answers: cluster available, a writer listed (${writerStatus}): Aurora is recovering it`);
  });

  it('a cluster "modifying" (a customer change) or a writer "available" is no recovery: the slow path', () => {
    expect(decide(down(60, 70, 2, { primaryCluster: answers('modifying') }), SETTINGS)).toMatchObject({ action: 'wait', path: 'slow' });
    expect(decide(down(60, 70, 2, { primaryCluster: answers('available', 'available') }), SETTINGS)).toMatchObject({ action: 'wait', path: 'slow' });
  });

  it('an in-region recovery beyond its typical time: a page with the command, still no automatic failover', () => {
    const decision = decide(down(61, 71, 2, { primaryCluster: answers('failing-over') }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'in-region-recovery-overdue', command: failoverCommand(SETTINGS), pageSlot: 0 });
    expect(decision.message).toMatch(/in-region recovery is taking longer than the 60 s it typically takes; no automatic cross-region failover until it has lasted 180 s/);
    expect(decide(down(179, 189, 2, { primaryCluster: answers('failing-over') }), SETTINGS).outcome).toBe('in-region-recovery-overdue');
  });

  it('a recovery status holds for the slow window only: beyond it, the slow path decides (the alarm and the lag gate)', () => {
    const stuck = answers('available', 'rebooting');
    const decision = decide(down(180, 190, 2, { primaryCluster: stuck, primaryAlarm: 'alarm' }), SETTINGS);
    expect(decision).toMatchObject({ action: 'fail-over', path: 'slow', windowSeconds: 180 });
    expect(decision.message).toContain('Aurora\'s in-region recovery has outlasted the 180 s it may hold a failover back');
    expect(decide(down(180, 190, 2, { primaryCluster: stuck, primaryAlarm: 'ok' }), SETTINGS).outcome).toBe('primary-answers-in-region');
    expect(decide(down(180, 190, 75, { primaryCluster: stuck, primaryAlarm: 'alarm' }), SETTINGS).outcome).toBe('loss-above-rpo');
  });

  it('the hold lasts the slow window, and never less than the typical in-region recovery', () => {
    expect(inRegionHoldSeconds(SETTINGS)).toBe(180);
    // A lone writer with failoverMode manual: the page's slow window (180 s) is shorter than its recreation (600 s).
    expect(inRegionHoldSeconds({ slowConfirmationSeconds: 180, inRegionRecoverySeconds: 600 })).toBe(600);
  });

  it.each([
    ['answering with the cluster available', answers('available'), 'primary-answers-in-region'],
    ['answering with the cluster and its writer available', answers('available', 'available'), 'primary-answers-in-region'],
    ['answering with another status', answers('backing-up'), 'primary-answers-in-region'],
    ['refusing', REFUSED, 'evidence-incomplete'],
    ['not read', undefined, 'evidence-incomplete'],
  ])('%s: the slow path waits the slow window, then pages with the command, never fails over (the region does not say the primary failed)', (_title, primaryCluster, outcome) => {
    const waiting = decide(down(179, 189, 2, { primaryCluster, primaryAlarm: 'alarm' }), SETTINGS);
    expect(waiting).toMatchObject({ action: 'wait', outcome: 'confirming', path: 'slow', windowSeconds: 180, remainingSeconds: 1 });
    expect(waiting.message).toMatch(/the region is not dark, so the primary may be down only in-region or unreachable only from here, so it must stay down 1\.0 s more \(slow path, window 180 s\)/);
    const decision = decide(down(180, 190, 2, { primaryCluster, primaryAlarm: 'alarm' }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome, path: 'slow', estimatedLossSeconds: 10, command: failoverCommand(SETTINGS) });
    expect(decision.message).toContain('no automatic failover');
  });

  it.each([
    ['the cluster', answers('inaccessible-encryption-credentials')],
    ['the cluster', answers('inaccessible-encryption-credentials-recoverable')],
    ['the writer', answers('available', 'failed')],
    ['the writer', answers('available', 'incompatible-network')],
  ])('the region reports %s failed beyond in-region recovery (%j), its alarm in ALARM: fails over after the slow window', (_who, primaryCluster) => {
    expect(decide(down(179, 189, 2, { primaryCluster, primaryAlarm: 'alarm' }), SETTINGS)).toMatchObject({ action: 'wait', path: 'slow' });
    expect(decide(down(180, 190, 2, { primaryCluster, primaryAlarm: 'alarm' }), SETTINGS)).toMatchObject({ action: 'fail-over', path: 'slow', windowSeconds: 180 });
  });

  it('a security group change that cuts both canaries off a writing primary: its region says available, so a page, not a data-losing failover', () => {
    // Unreachable from both canaries, heartbeat stopped, the primary's alarm in ALARM, replication healthy.
    const decision = decide(down(600, 610, 1, { primaryCluster: answers('available', 'available'), primaryAlarm: 'alarm' }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'primary-answers-in-region' });
    expect(decision.message).toContain(`its region reports it answers: cluster available, a writer listed (available), not failed: the primary may be up and unreachable only from eu-west-1`);
  });

  it('the slow path with the primary\'s own alarm still OK after its delay: a page, never a failover', () => {
    expect(decide(down(180, 190, 2, { primaryCluster: answers('available'), primaryAlarm: 'ok' }), SETTINGS).outcome).toBe('primary-answers-in-region');
  });

  it('pages on either path carry the path and its window', () => {
    expect(decide(down(180, 190, 75, { primaryCluster: REFUSED }), SETTINGS)).toMatchObject({ outcome: 'loss-above-rpo', path: 'slow', windowSeconds: 180 });
    expect(decide(down(20, 100, null), SETTINGS)).toMatchObject({ outcome: 'evidence-incomplete', path: 'fast', windowSeconds: 20 });
    expect(decide(down(20, 30), { ...SETTINGS, mode: 'manual' })).toMatchObject({ outcome: 'manual-failover-needed', path: 'fast' });
  });

  it('describes each reading', () => {
    expect(describePrimaryCluster(undefined)).toBe('not read');
    expect(describePrimaryCluster({ answered: true, status: 'available', hasWriter: false })).toBe('answers: cluster available, no writer listed');
    expect(describePrimaryCluster(answers('available', 'rebooting'))).toBe('answers: cluster available, a writer listed (rebooting)');
    expect(describePrimaryCluster(REFUSED)).toBe('refuses (AccessDenied: not authorized)');
  });
});

describe('decide: never twice, never blind', () => {
  it('the global cluster is gone: nothing to fail over', () => {
    expect(decide(down(100, 1000, 1, { cluster: undefined }), SETTINGS)).toMatchObject({ action: 'none', outcome: 'global-cluster-missing' });
  });

  it('the secondary is no longer a member (detached): never fails over to it', () => {
    const cluster = { ...HEALTHY_CLUSTER, members: [{ arn: PRIMARY, isWriter: true }] };
    expect(decide(down(100, 1000, 1, { cluster }), SETTINGS).outcome).toBe('secondary-not-member');
  });

  it.each([
    ['a failover pending', { operation: { status: 'pending', dataLossAllowed: true } }, /failover pending/],
    ['a switchover running', { operation: { status: 'switching-over', dataLossAllowed: false } }, /switchover switching-over/],
    ['the cluster failing over', { status: 'failing-over' }, /busy \(failing-over\)/],
    ['the cluster switching over', { status: 'switching-over' }, /busy \(switching-over\)/],
    ['an engine upgrade, which takes the primary down while the secondary is up', { status: 'upgrading' }, /busy \(upgrading\)/],
  ])('%s: waits for it, even with the primary down', (_title, change, message) => {
    const decision = decide(down(100, 1000, 1, { cluster: { ...HEALTHY_CLUSTER, ...change } }), SETTINGS);
    expect(decision).toMatchObject({ action: 'none', outcome: 'operation-in-progress-primary-down' });
    expect(decision.message).toMatch(message);
  });

  it('the secondary is already the writer (by the cluster or by its canary): nothing to do', () => {
    const promoted = { ...HEALTHY_CLUSTER, members: [{ arn: PRIMARY, isWriter: false }, { arn: SECONDARY, isWriter: true }] };
    expect(decide(down(100, 1000, 1, { cluster: promoted }), SETTINGS).outcome).toBe('already-promoted');
    expect(decide(observe({ probe: { ok: true, writable: true, primary: { reachable: false, cause: 'x' } } }), SETTINGS).outcome).toBe('already-promoted');
  });

  it('the secondary canary fails: nothing can be seen, no failover', () => {
    const decision = decide(observe({ probe: { ok: false, cause: 'timeout' } }), SETTINGS);
    expect(decision).toMatchObject({ action: 'hold', outcome: 'secondary-canary-failing' });
    expect(decision.message).toContain('(timeout)');
  });

  it('no heartbeat replicated yet: whether the primary writes cannot be measured', () => {
    expect(decide(observe({ probe: probe(undefined, false), unreachableSeconds: 100 }), SETTINGS)).toMatchObject({ action: 'hold', outcome: 'no-heartbeat' });
  });
});

describe('the lag evidence', () => {
  it('is read only for an unreachable primary whose heartbeat has stopped', () => {
    expect(needsLagEvidence(probe(100, false), SETTINGS)).toBe(true);
    expect(needsLagEvidence(probe(10, false), SETTINGS)).toBe(false);
    expect(needsLagEvidence(probe(100, true), SETTINGS)).toBe(false);
    expect(needsLagEvidence(probe(undefined, false), SETTINGS)).toBe(false);
    expect(needsLagEvidence({ ok: true, writable: true, heartbeatAgeSeconds: 100, primary: { reachable: false, cause: 'x' } }, SETTINGS)).toBe(false);
    expect(needsLagEvidence({ ok: false, cause: 'x' }, SETTINGS)).toBe(false);
  });

  it('Aurora\'s own figure counts only when taken at most lagEvidenceMaxAgeSeconds before the silence', () => {
    const withStatus = (calculatedSecondsAgo: number) => down(20, 100, null, { probe: probe(100, false, { globalLag: { rpoLagSeconds: 3, calculatedSecondsAgo } }) });
    expect(lagEvidence(withStatus(400), SETTINGS, 100, 20)).toEqual({ auroraStatusSeconds: 3, heartbeatGapSeconds: 80 });
    expect(lagEvidence(withStatus(401), SETTINGS, 100, 20)).toEqual({ heartbeatGapSeconds: 80 });
    expect(lagEvidence(observe({ probe: { ok: false, cause: 'x' } }), SETTINGS, 100, 20)).toEqual({ heartbeatGapSeconds: 80 });
  });

  it('the heartbeat gap is never negative: a primary unreachable for longer than its heartbeat is old was still replicating', () => {
    expect(lagEvidence(down(120, 100), SETTINGS, 100, 120).heartbeatGapSeconds).toBe(0);
  });
});

describe('the outage is timed from its start, by reachability and by the heartbeat together', () => {
  it('the window runs alongside the heartbeat\'s stale limit: unreachable 20 s, heartbeat 30 s old (due 20 s ago) is a confirmed outage', () => {
    expect(outageSeconds(20, 30, SETTINGS)).toBe(20);
    expect(decide(down(20, 30), SETTINGS)).toMatchObject({ action: 'fail-over', path: 'fast' });
  });

  it('unreachable for long while it still wrote (a broken path), then silent: no head start, the window counts from the silence', () => {
    // Unreachable for 10 minutes; the heartbeat stopped 15 s ago (25 s old).
    const decision = decide(down(600, 25), SETTINGS);
    expect(decision).toMatchObject({ action: 'wait', outcome: 'confirming', remainingSeconds: 5 });
    expect(decision.message).toContain('down for 15.0 s (unreachable for 600.0 s, no heartbeat for 15.0 s)');
    expect(decide(down(600, 30), SETTINGS)).toMatchObject({ action: 'fail-over' });
  });

  it('never negative, whatever the figures', () => {
    expect(outageSeconds(0, 5, SETTINGS)).toBe(0);
    expect(outageSeconds(30, 5, SETTINGS)).toBe(0);
  });

  it('the primary region is asked whenever the primary is unreachable, stale heartbeat or not', () => {
    expect(needsPrimaryCluster(probe(5, false))).toBe(true);
    expect(needsPrimaryCluster(probe(100, false))).toBe(true);
    expect(needsPrimaryCluster(probe(5, true))).toBe(false);
    expect(needsPrimaryCluster({ ok: true, writable: true, heartbeatAgeSeconds: 100, primary: { reachable: false, cause: 'x' } })).toBe(false);
    expect(needsPrimaryCluster({ ok: false, cause: 'x' })).toBe(false);
  });
});

describe('decide: the primary\'s own alarm, read or not', () => {
  it.each(['refused', 'missing'] as const)('%s while the primary is healthy: said at once (a blind outcome, paged once it lasts)', (primaryAlarm) => {
    const decision = decide(observe({ primaryAlarm }), SETTINGS);
    expect(decision).toMatchObject({ action: 'none', outcome: 'primary-alarm-unreadable' });
    expect(decision.message).toContain('in an outage while that region answers, the orchestrator would page instead of failing over');
  });

  it.each(['ok', 'alarm', 'insufficient-data', 'dark'] as const)('%s while the primary is healthy: healthy', (primaryAlarm) => {
    expect(decide(observe({ primaryAlarm }), SETTINGS).outcome).toBe('primary-healthy');
  });

  it.each(['refused', 'missing'] as const)('%s on the slow path: a page with the estimate and the command, no failover', (primaryAlarm) => {
    const decision = decide(down(180, 190, 2, { primaryCluster: answers('available', 'failed'), primaryAlarm }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'evidence-incomplete', estimatedLossSeconds: 10, command: failoverCommand(SETTINGS), path: 'slow' });
    expect(decision.message).toContain(`the primary's canary alarm in its region is ${primaryAlarm} (it cannot be read), not ALARM`);
  });

  it('refused on the fast path (the RDS API dark for the window): the failover goes ahead, the alarm said in the message', () => {
    const decision = decide(down(20, 30, 2, { primaryAlarm: 'refused' }), SETTINGS);
    expect(decision).toMatchObject({ action: 'fail-over', path: 'fast' });
    expect(decision.message).toContain('(primary canary alarm refused)');
  });

  it('ALARM on the slow path, the region reporting the primary failed: the failover goes ahead', () => {
    expect(decide(down(180, 190, 2, { primaryCluster: answers('available', 'failed'), primaryAlarm: 'alarm' }), SETTINGS).action).toBe('fail-over');
  });

  it.each(['insufficient-data', 'dark'] as const)('%s on the slow path: the region has not confirmed the outage, a page', (primaryAlarm) => {
    const decision = decide(down(180, 190, 2, { primaryCluster: answers('available', 'failed'), primaryAlarm }), SETTINGS);
    expect(decision).toMatchObject({ action: 'notify', outcome: 'evidence-incomplete' });
    expect(decision.message).toContain(`the primary's canary alarm in its region is ${primaryAlarm}, not ALARM`);
  });

  it('manual mode: the page names the alarm', () => {
    const decision = decide(down(180, 190, 2, { primaryCluster: answers('available', 'failed'), primaryAlarm: 'alarm' }), { ...SETTINGS, mode: 'manual' });
    expect(decision).toMatchObject({ outcome: 'manual-failover-needed' });
    expect(decision.message).toContain('(primary canary alarm alarm)');
  });
});

describe('decide: a busy global cluster while the primary is down', () => {
  it('is said apart from a routine operation, so it is paged within minutes (blind outcome), still without a failover', () => {
    const busy = { ...HEALTHY_CLUSTER, operation: { status: 'switching-over', dataLossAllowed: false } };
    const decision = decide(down(100, 110, 1, { cluster: busy }), SETTINGS);
    expect(decision).toMatchObject({ action: 'none', outcome: 'operation-in-progress-primary-down' });
    expect(decision.message).toContain('busy (switchover switching-over) and the primary writer is unreachable from eu-west-1 with its heartbeat 110.0 s old');
    expect(decide(observe({ cluster: busy }), SETTINGS).outcome).toBe('operation-in-progress');
  });
});
