// The faults of issue 13's drill table, each on a fresh pair of local PostgreSQL servers through the
// local stack (local-stack.ts): what happened, measured. test/drill/drill.test.ts asserts each outcome;
// `npm run bench` prints one row per scenario.
import { performance } from 'node:perf_hooks';
import { heartbeatResumeSeconds } from '../../skeleton/lambda/orchestrator/decide';
import { drillMarkdown, runDrill, type DrillReport } from '../../skeleton/scripts/dr/drill';
import { relaxCommitBound, type RelaxResult } from '../../skeleton/scripts/dr/relax';
import { DRILL, LocalStack, SETTINGS, round, sleep, type Decided, type WriteLoad } from './local-stack';

/** One line of the bench table. */
export interface ScenarioRow {
  readonly scenario: string;
  readonly expected: string;
  readonly decided: string;
  /** From the fault to the decision (or the alarm) that answers it. */
  readonly decisionSeconds?: number;
  readonly rowsLost: number;
}

async function withStack<T>(body: (stack: LocalStack) => Promise<T>): Promise<T> {
  const stack = await LocalStack.start();
  try {
    return await body(stack);
  } finally {
    await stack.stop();
  }
}

const seconds = (from: number, to: number | undefined) => (to === undefined ? Number.NaN : round((to - from) / 1000));
const estimatedLoss = (d: Decided | undefined) => {
  const decision = d?.result.decision;
  return decision && 'estimatedLossSeconds' in decision ? decision.estimatedLossSeconds : undefined;
};
/** Longest time between consecutive probes of one orchestrator run: its real interval, its own run time included. */
function probeGap(stack: LocalStack, until: number): number {
  const times = stack.decisions.filter((d) => d.holder === 'run-a' && d.at <= until).map((d) => d.at);
  return Math.max(0, ...times.slice(1).map((t, i) => t - times[i])) / 1000;
}
const writeRate = (load: WriteLoad, ms: number) => Math.round(load.acknowledged.size / (ms / 1000));

export interface CrashFigures extends ScenarioRow {
  readonly writesPerSecond: number;
  readonly outcomesBeforeCrash: readonly string[];
  readonly outcomesAfterCrash: readonly string[];
  /** The recovery budget's detection and decision terms on the drill's timings, with the probe interval as measured. */
  readonly budgetToDecisionSeconds: number;
  readonly promotionSeconds: number;
  /** Crash → the first row acknowledged by the promoted server through the write name. */
  readonly recoverySeconds: number;
  readonly failOverCalls: number;
  /** What each run did about its failing-over decision: one failed over, the other found the claim taken. */
  readonly acted: readonly string[];
  readonly estimatedLossSeconds?: number;
  readonly rowsAcknowledged: number;
  /** How long before the crash the oldest lost row was acknowledged (0 when none was lost). */
  readonly lostWindowMs: number;
}

/** The primary dies under load: the orchestrator confirms, weighs the loss and promotes once. */
export async function primaryCrash(): Promise<CrashFigures> {
  return withStack(async (stack) => {
    stack.runPrimaryCanary();
    stack.runLagMetric();
    const load = stack.runWriteLoad();
    stack.runOrchestrator();
    const started = performance.now();
    await sleep(DRILL.warmUpMs);
    const writesPerSecond = writeRate(load, performance.now() - started);
    const crashAt = performance.now();
    await stack.regionDown();
    if (!(await stack.until(() => stack.writer === 'b'))) {
      throw new Error(`no failover within ${DRILL.timeoutMs} ms; outcomes: ${stack.outcomesSince(crashAt).join(', ')}`);
    }
    await stack.until(() => [...load.acknowledged.values()].some((r) => r.server === 'b'));
    const recoveredAt = Math.min(...[...load.acknowledged.values()].filter((r) => r.server === 'b').map((r) => r.at));
    // Let both runs see the promoted writer.
    await sleep(DRILL.probeIntervalMs * 3);
    await load.stop();
    const lost = await stack.rowsMissingOn(stack.pair.servers.b, load);
    const decision = stack.firstDecision('failing-over', crashAt);
    const gap = probeGap(stack, crashAt);
    return {
      scenario: 'primary crash',
      expected: 'failover decided and promoted within the budget; rows lost ≤ the RPO bound',
      decided: `failover (${stack.failOverCalls} promotion)`,
      decisionSeconds: seconds(crashAt, decision?.at),
      rowsLost: lost.length,
      writesPerSecond,
      outcomesBeforeCrash: [...new Set(stack.decisions.filter((d) => d.at < crashAt).map((d) => d.result.decision?.outcome ?? 'cluster-unreadable'))],
      outcomesAfterCrash: stack.outcomesSince(crashAt),
      budgetToDecisionSeconds: round(gap + DRILL.connectTimeoutMs / 1000 + DRILL.confirmationSeconds + gap),
      promotionSeconds: round(stack.promotionMs / 1000),
      recoverySeconds: seconds(crashAt, recoveredAt),
      failOverCalls: stack.failOverCalls,
      acted: stack.decisions.filter((d) => d.result.decision?.outcome === 'failing-over').map((d) => d.result.acted ?? 'none'),
      estimatedLossSeconds: estimatedLoss(decision),
      rowsAcknowledged: load.acknowledged.size,
      lostWindowMs: lost.length === 0 ? 0 : round(crashAt - Math.min(...lost.map(([, at]) => at)), 1),
    };
  });
}

export interface HealthyPrimaryFigures extends ScenarioRow {
  readonly failOverCalls: number;
  readonly pages: readonly string[];
  readonly outcomes: readonly string[];
  readonly writeFailures: number;
  /** Where the write name pointed, each time a client (re)connected. */
  readonly writeNameResolvedTo: readonly string[];
  readonly rowsAcknowledged: number;
  /** The lag metric's largest sample during the fault. */
  readonly maxLagSeconds: number;
  /** The decision after the fault ended. */
  readonly outcomeAfter?: string;
  readonly primaryAlarm: string;
}

async function healthyPrimaryFault(
  scenario: string,
  expected: string,
  inject: (stack: LocalStack) => Promise<void>,
  heal: (stack: LocalStack) => Promise<void>,
  faultMs: number,
): Promise<HealthyPrimaryFigures> {
  return withStack(async (stack) => {
    stack.runPrimaryCanary();
    stack.runLagMetric();
    const load = stack.runWriteLoad();
    stack.runOrchestrator();
    await sleep(DRILL.warmUpMs);
    const faultAt = performance.now();
    await inject(stack);
    await sleep(faultMs);
    const primaryAlarm = stack.primaryAlarm();
    const healedAt = performance.now();
    await heal(stack);
    await stack.until(() => stack.outcomesSince(healedAt).at(-1) === 'primary-healthy', 10_000);
    await load.stop();
    const page = stack.decisions.find((d) => d.at >= faultAt && d.result.decision?.action === 'notify');
    return {
      scenario,
      expected,
      decided: page ? `no failover; page (${page.result.decision?.outcome})` : `no failover; no page (${stack.outcomesSince(faultAt).join(', ')})`,
      decisionSeconds: seconds(faultAt, page?.at),
      rowsLost: (await stack.rowsMissingOn(stack.writeName(), load)).length,
      failOverCalls: stack.failOverCalls,
      pages: stack.pages.map((p) => p.subject),
      outcomes: stack.outcomesSince(faultAt),
      writeFailures: load.failures.length,
      writeNameResolvedTo: [...new Set(load.resolvedTo.map((s) => stack.regionOf(s)))],
      rowsAcknowledged: load.acknowledged.size,
      maxLagSeconds: round(Math.max(0, ...stack.lagMetric.filter((p) => p.at >= faultAt && p.at <= healedAt).map((p) => p.seconds))),
      outcomeAfter: stack.outcomesSince(healedAt).at(-1),
      primaryAlarm,
    };
  });
}

/**
 * How long a fault on a healthy primary lasts: until its heartbeat is stale, then the grace a writer back
 * from a restart gets (decide.ts heartbeatResumeSeconds), with a second and four probes to spare for a
 * loaded machine: the page must come while the fault lasts.
 */
const HEALTHY_FAULT_MS = (SETTINGS.staleAfterSeconds + heartbeatResumeSeconds(SETTINGS) + 1) * 1000 + DRILL.probeIntervalMs * 4;

/** Replay paused on the standby past the lag alarm's threshold and the heartbeat's allowance, then resumed. */
export function lagSpike(): Promise<HealthyPrimaryFigures> {
  return healthyPrimaryFault(
    'replication lag spike',
    'no failover; writes keep succeeding on the writer; the write name never points at the standby',
    (stack) => stack.replay('pause'),
    (stack) => stack.replay('resume'),
    HEALTHY_FAULT_MS,
  );
}

/** The primary region's canary stops running and publishing; the database is fine. */
export function canaryImpaired(): Promise<HealthyPrimaryFigures> {
  return healthyPrimaryFault(
    'canary impaired, database healthy',
    'no data-loss failover; a page',
    async (stack) => {
      stack.primaryCanaryImpaired = true;
    },
    async (stack) => {
      stack.primaryCanaryImpaired = false;
    },
    HEALTHY_FAULT_MS,
  );
}

export interface LagThenCrashFigures extends ScenarioRow {
  readonly lagAtCrashSeconds: number;
  readonly failOverCalls: number;
  readonly outcomesAfterCrash: readonly string[];
  readonly estimatedLossSeconds?: number;
  readonly page?: { readonly subject: string; readonly message: string };
  /** Acknowledged rows the standby had not replayed at the crash: what a promotion would have lost. */
  readonly rowsAtRisk: number;
}

/** Replay paused until the lag exceeds the RPO budget, then the primary dies: the orchestrator must not promote. */
export async function lagAboveRpoThenCrash(): Promise<LagThenCrashFigures> {
  return withStack(async (stack) => {
    stack.runPrimaryCanary();
    stack.runLagMetric();
    const load = stack.runWriteLoad();
    stack.runOrchestrator();
    await sleep(DRILL.warmUpMs);
    await stack.replay('pause');
    const lagging = await stack.until(() => (stack.lagMetric.at(-1)?.seconds ?? 0) > DRILL.rpoBudgetSeconds + 0.5, 15_000);
    if (!lagging) throw new Error('the standby never lagged beyond the RPO budget');
    const lagAtCrashSeconds = round(stack.lagMetric.at(-1)?.seconds ?? 0);
    const crashAt = performance.now();
    await stack.regionDown();
    await stack.until(() => stack.firstDecision('loss-above-rpo', crashAt) !== undefined);
    await sleep(DRILL.probeIntervalMs * 4);
    await load.stop();
    const rowsAtRisk = (await stack.rowsMissingOn(stack.pair.servers.b, load)).length;
    const decision = stack.firstDecision('loss-above-rpo', crashAt);
    // The paused replay stops the heartbeat while the primary still answers, which is paged on its own
    // once its grace has passed (heartbeat-resuming), possibly just after the crash: the page this
    // scenario is about is the orchestrator's answer to the crash.
    const page = stack.pages.find((p) => p.at >= crashAt && !/heartbeat stale: lag or canary down, primary up/.test(p.subject));
    return {
      scenario: 'lag above the RPO budget, then primary crash',
      expected: 'no automatic promotion; a page with the estimated loss',
      decided: decision ? `no promotion; page (loss-above-rpo, ~${round(estimatedLoss(decision) ?? 0, 1)} s)` : `no page (${stack.outcomesSince(crashAt).join(', ')})`,
      decisionSeconds: seconds(crashAt, decision?.at),
      // Nothing was promoted, so nothing was lost; rowsAtRisk is what a promotion would have cost.
      rowsLost: stack.failOverCalls === 0 ? 0 : rowsAtRisk,
      lagAtCrashSeconds,
      failOverCalls: stack.failOverCalls,
      outcomesAfterCrash: stack.outcomesSince(crashAt),
      estimatedLossSeconds: estimatedLoss(decision),
      ...(page ? { page: { subject: page.subject, message: page.message } } : {}),
      rowsAtRisk,
    };
  });
}

export interface SecondaryDownFigures extends ScenarioRow {
  /** Standby stopped → the blocked-commit alarm. */
  readonly alarmSeconds: number;
  /** Rows acknowledged between the alarm and the relax command: the writes were blocked. */
  readonly rowsWhileBlocked: number;
  readonly relax: RelaxResult;
  readonly relaxOutput: readonly string[];
  /** Relax command → a heartbeat commits again and the blocked writes complete. */
  readonly restoreSeconds: number;
  readonly commitAlarmAfter: string;
  readonly failOverCalls: number;
  readonly outcomes: readonly string[];
}

/** The standby stops while commits are bound to it: commits block, the alarm fires, the relax command lifts the bound. */
export async function secondaryDown(): Promise<SecondaryDownFigures> {
  return withStack(async (stack) => {
    const bound = stack.commitBound(DRILL.rpoBudgetSeconds);
    await bound.set(DRILL.rpoBudgetSeconds);
    stack.runPrimaryCanary();
    const load = stack.runWriteLoad();
    stack.runOrchestrator();
    await sleep(DRILL.warmUpMs);
    const stoppedAt = performance.now();
    await stack.pair.stopCleanly(stack.pair.servers.b);
    if (!(await stack.until(() => stack.commitBlockedAlarm() === 'alarm', 15_000))) throw new Error('the blocked-commit alarm never fired');
    const alarmAt = performance.now();
    const before = load.acknowledged.size;
    await sleep(DRILL.probeIntervalMs * 2);
    const rowsWhileBlocked = load.acknowledged.size - before;
    const relaxOutput: string[] = [];
    const relax = await relaxCommitBound(bound, { out: (line) => relaxOutput.push(line) }, { restore: false, yes: true, boundSeconds: DRILL.rpoBudgetSeconds });
    const relaxedAt = performance.now();
    const restored = await stack.until(() => stack.primaryCanary.some((r) => r.at > relaxedAt && r.committed === true) && load.acknowledged.size > before + DRILL.writers, 10_000);
    const restoredAt = restored ? performance.now() : undefined;
    await sleep(DRILL.alarmWindowMs + DRILL.probeIntervalMs);
    const commitAlarmAfter = stack.commitBlockedAlarm();
    await load.stop();
    return {
      scenario: 'secondary down (standby stopped)',
      expected: 'primary commit blocking detected and alarmed; the relax command restores writes',
      decided: `commits-blocked alarm; relax ${relax}; writes ${restored ? 'restored' : 'NOT restored'}`,
      decisionSeconds: seconds(stoppedAt, alarmAt),
      rowsLost: (await stack.rowsMissingOn(stack.pair.servers.a, load)).length,
      alarmSeconds: seconds(stoppedAt, alarmAt),
      rowsWhileBlocked,
      relax,
      relaxOutput,
      restoreSeconds: seconds(relaxedAt, restoredAt),
      commitAlarmAfter,
      failOverCalls: stack.failOverCalls,
      outcomes: stack.outcomesSince(stoppedAt),
    };
  });
}

export interface InRegionFailoverFigures extends ScenarioRow {
  /** How long the writer was down. */
  readonly downSeconds: number;
  /** The longest the orchestrator measured the primary unreachable (and silent) during the outage. */
  readonly maxUnreachableSeconds: number;
  readonly failOverCalls: number;
  readonly outcomes: readonly string[];
  readonly pages: readonly string[];
  /** Rows acknowledged by the primary after it came back. */
  readonly rowsAfterRestart: number;
  readonly writeNameResolvedTo: readonly string[];
  readonly outcomeAfter?: string;
}

/**
 * Aurora fails the writer over in its own region: the primary is down for longer than the fast window
 * but within the in-region recovery figure, its region's RDS API answering `failing-over` all along.
 * The orchestrator must hold, not fail over across regions, and the writes resume on the same writer.
 */
export async function inRegionFailover(): Promise<InRegionFailoverFigures> {
  return withStack(async (stack) => {
    stack.runPrimaryCanary();
    stack.runLagMetric();
    const load = stack.runWriteLoad();
    stack.runOrchestrator();
    await sleep(DRILL.warmUpMs);
    // Down long enough for a confirmed outage on the fast path (its window, and the heartbeat's stale
    // limit) with 2 s to spare; back seconds before the in-region recovery figure, so a loaded
    // machine's slower restart still stays within it.
    const downMs = (SETTINGS.staleAfterSeconds + DRILL.confirmationSeconds + 2) * 1000;
    const faultAt = performance.now();
    await stack.inRegionFailover(downMs);
    const restartedAt = performance.now();
    const healthy = await stack.until(() => stack.outcomesSince(restartedAt).at(-1) === 'primary-healthy', 15_000);
    await stack.until(() => [...load.acknowledged.values()].some((r) => r.at > restartedAt && r.server === 'a'), 5000);
    await sleep(DRILL.probeIntervalMs * 2);
    await load.stop();
    const hold = stack.firstDecision('in-region-recovery', faultAt);
    return {
      scenario: 'in-region failover (writer restarts)',
      expected: 'no cross-region failover; 0 rows lost; writes resume on the same writer',
      decided: hold ? `no failover; hold (in-region-recovery)${healthy ? ', then primary-healthy' : ''}` : `no hold (${stack.outcomesSince(faultAt).join(', ')})`,
      decisionSeconds: seconds(faultAt, hold?.at),
      rowsLost: (await stack.rowsMissingOn(stack.pair.servers.a, load)).length,
      downSeconds: round(downMs / 1000),
      maxUnreachableSeconds: round(Math.max(0, ...stack.unreachableSince(faultAt))),
      failOverCalls: stack.failOverCalls,
      outcomes: stack.outcomesSince(faultAt),
      pages: stack.pages.map((p) => p.subject),
      rowsAfterRestart: [...load.acknowledged.values()].filter((r) => r.at > restartedAt && r.server === 'a').length,
      writeNameResolvedTo: [...new Set(load.resolvedTo.map((server) => stack.regionOf(server)))],
      outcomeAfter: stack.outcomesSince(restartedAt).at(-1),
    };
  });
}

export interface SwitchoverFigures extends ScenarioRow {
  readonly report: DrillReport;
  readonly markdown: string;
  readonly writeFailures: number;
  readonly rowsAcknowledged: number;
  readonly finalWriter: string;
  readonly adapterFailures: readonly string[];
}

/** `npm run dr:drill`'s phases (skeleton/scripts/dr/drill.ts) on the local servers, under a write load. */
export async function plannedSwitchover(): Promise<SwitchoverFigures> {
  return withStack(async (stack) => {
    stack.runLagMetric();
    const load = stack.runWriteLoad();
    await sleep(1000);
    const port = stack.drillPort();
    const report = await runDrill(port, { switchoverSeconds: DRILL.switchoverBudgetSeconds, pollMs: 100, timeoutSeconds: 60 }, { out: () => undefined }, { yes: true }) as DrillReport;
    // The clients follow the write name back to the primary region.
    const resumedAt = performance.now();
    await stack.until(() => [...load.acknowledged.values()].some((r) => r.at > resumedAt), 10_000);
    await load.stop();
    const lost = await stack.rowsMissingOn(stack.writeName(), load);
    const switchovers = report.phases.filter((p) => p.phase.startsWith('switchover'));
    return {
      scenario: 'planned switchover and back (dr:drill logic)',
      expected: 'zero rows lost; phase times within the budget',
      decided: `switchover and back: ${report.ok ? 'passed' : 'FAILED'} (${switchovers.map((p) => `${p.seconds} s`).join(' + ')})`,
      decisionSeconds: round(switchovers.reduce((sum, p) => sum + p.seconds, 0)),
      rowsLost: lost.length + report.writesLost,
      report,
      markdown: drillMarkdown(report, 'Local DR drill'),
      writeFailures: load.failures.length,
      rowsAcknowledged: load.acknowledged.size,
      finalWriter: stack.regionOf(stack.writer),
      adapterFailures: port.failures,
    };
  });
}

export const SCENARIOS = [primaryCrash, lagSpike, canaryImpaired, lagAboveRpoThenCrash, secondaryDown, inRegionFailover, plannedSwitchover] as const;
