// The local DR drill: the generated repository's real canary and real orchestrator logic against a real
// PostgreSQL primary and streaming standby, with time scaled down (a heartbeat every second instead of
// every minute). Under a write load the primary is killed; the orchestrator, through a local adapter
// that promotes with pg_promote() where AWS would call FailoverGlobalCluster, detects, confirms and
// promotes, and the canary finds the new writer. Returns what it measured; test/drill/drill.test.ts
// asserts on it and `npm run bench` prints it.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { runCanary, type CanaryOutcome } from '../../skeleton/lambda/canary/canary';
import * as driver from '../../skeleton/lambda/canary/driver-postgres';
import type { CanaryReading, Decision, OrchestratorSettings, PrimaryAlarm } from '../../skeleton/lambda/orchestrator/decide';
import { orchestrate, type OrchestratorPort } from '../../skeleton/lambda/orchestrator/orchestrate';
import { startPostgresPair, type PostgresPair, type Server } from './postgres-pair';

/** The stack's timings, scaled down: seconds in AWS become these in the drill. */
export const DRILL = {
  canaryIntervalMs: 1000,
  lagAllowanceSeconds: 1,
  confirmationSeconds: 1,
  orchestratorIntervalMs: 200,
  writers: 4,
  loadBeforeCrashMs: 4000,
  timeoutMs: 30_000,
} as const;

export interface DrillFigures {
  readonly postgresVersion: string;
  readonly writesPerSecond: number;
  /** Heartbeat age the standby's canary read under load: replication delay plus up to one canary interval. */
  readonly heartbeatAge: { readonly samples: number; readonly medianSeconds: number; readonly maxSeconds: number };
  /** `now() - pg_last_xact_replay_timestamp()` on the standby under load: replication delay alone. */
  readonly replayDelay: { readonly samples: number; readonly medianMs: number; readonly maxMs: number };
  /** Outcomes of the orchestrator runs before the crash (all must be primary-healthy). */
  readonly outcomesBeforeCrash: readonly string[];
  /** Crash → first run that saw the heartbeat overdue. */
  readonly detectionSeconds: number;
  /** Crash → the run that decided to fail over. */
  readonly decisionSeconds: number;
  /** pg_promote() call to return. */
  readonly promotionSeconds: number;
  /** Crash → the canary finds the standby writable and writes its heartbeat there. */
  readonly recoverySeconds: number;
  /** Orchestrator outcomes after the crash, consecutive repeats folded. */
  readonly outcomesAfterCrash: readonly string[];
  readonly rowsAcknowledged: number;
  /** Committed (acknowledged) on the primary, missing on the promoted standby. */
  readonly rowsLost: number;
  /** How long before the crash the oldest lost row was acknowledged (0 when none was lost). */
  readonly lostWindowMs: number;
  /**
   * The stack's budget formula (heartbeat interval + lag allowance + confirmation + orchestrator
   * interval) on the drill's timings, with each interval as it really was (its runs' own time included).
   */
  readonly budgetToDecisionSeconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
};
const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
/** Longest time between consecutive events: the real interval of a loop, its own run time included. */
const maxGap = (times: number[]) => Math.max(0, ...times.slice(1).map((t, i) => t - times[i]));

function canary(pair: PostgresPair, server: Server, region: string): () => Promise<CanaryOutcome> {
  const env = {
    AWS_REGION: region,
    DB_SECRET_ARN: `local:${region}`,
    DB_HOST: '127.0.0.1',
    DB_PORT: String(server.port),
    DB_NAME: pair.database,
    DB_ENGINE: driver.engine,
    DB_TLS: 'off',
    CONNECT_TIMEOUT_MS: '1000',
  };
  return () => runCanary({
    env,
    driver,
    readSecret: async () => ({ username: pair.user, password: pair.password }),
    now: () => performance.now(),
    remainingMs: () => 30_000,
  });
}

export async function runDrill(): Promise<DrillFigures> {
  const pair = await startPostgresPair();
  const clients: pg.Client[] = [];
  /** Loops that run until `stopping`: awaited before the servers stop, so nothing outlives the drill. */
  const loops: Array<Promise<unknown>> = [];
  let stopping = false;
  try {
    const primaryCanary = canary(pair, pair.primary, 'local-primary');
    const secondaryCanary = canary(pair, pair.standby, 'local-secondary');
    const setup = await pair.client(pair.primary);
    clients.push(setup);
    await setup.query('CREATE TABLE drill_writes (writer int NOT NULL, n int NOT NULL, PRIMARY KEY (writer, n))');

    // The primary region's canary: a heartbeat every interval; its failures are the "primary alarm".
    let primaryAlarm: PrimaryAlarm = 'unknown';
    const heartbeatsWritten: number[] = [];
    loops.push((async () => {
      while (!stopping) {
        const outcome = await primaryCanary();
        primaryAlarm = outcome.ok ? 'ok' : 'alarm';
        if (outcome.ok && outcome.writable) heartbeatsWritten.push(performance.now());
        await sleep(DRILL.canaryIntervalMs);
      }
    })());

    // The write load: every acknowledged commit, with the time it was acknowledged.
    const acknowledged = new Map<string, number>();
    const writers = await Promise.all(Array.from({ length: DRILL.writers }, () => pair.client(pair.primary)));
    clients.push(...writers);
    const loadStarted = performance.now();
    const load = writers.map(async (client, writer) => {
      for (let n = 1; ; n++) {
        try {
          await client.query('INSERT INTO drill_writes (writer, n) VALUES ($1, $2)', [writer, n]);
        } catch {
          return;
        }
        acknowledged.set(`${writer}:${n}`, performance.now());
      }
    });

    // Under load: what the standby's canary reads, and the standby's own replay delay.
    const standbyAdmin = await pair.client(pair.standby);
    clients.push(standbyAdmin);
    const ages: number[] = [];
    const replay: number[] = [];
    await sleep(DRILL.canaryIntervalMs * 1.5);
    const sampleUntil = performance.now() + DRILL.loadBeforeCrashMs - DRILL.canaryIntervalMs * 1.5;
    const sampler = (async () => {
      while (performance.now() < sampleUntil) {
        const reading = await secondaryCanary();
        if (reading.ok && reading.heartbeat) ages.push(reading.heartbeat.ageSeconds);
        const { rows } = await standbyAdmin.query<{ ms: number }>('SELECT (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS ms');
        if (rows[0].ms !== null) replay.push(rows[0].ms);
        await sleep(100);
      }
    })();

    // The orchestrator, every interval, through the local adapter.
    let promoted = false;
    let promoting = false;
    let promotionMs = 0;
    const port: OrchestratorPort = {
      readGlobalCluster: async () => ({
        status: 'available',
        members: [{ arn: 'local:primary', isWriter: !promoted }, { arn: 'local:standby', isWriter: promoted }],
        ...(promoting ? { operation: { status: 'failing-over', dataLossAllowed: true } } : {}),
      }),
      readSecondaryCanary: async (): Promise<CanaryReading> => {
        const outcome = await secondaryCanary();
        if (!outcome.ok) return { ok: false, cause: outcome.cause };
        return { ok: true, writable: outcome.writable, ...(outcome.heartbeat ? { heartbeatAgeSeconds: outcome.heartbeat.ageSeconds } : {}) };
      },
      readPrimaryAlarm: async () => primaryAlarm,
      failOver: async () => {
        promoting = true;
        const started = performance.now();
        await standbyAdmin.query('SELECT pg_promote(true, 60)');
        promotionMs = performance.now() - started;
        promoting = false;
        promoted = true;
      },
      notify: async () => undefined,
    };
    const settings: OrchestratorSettings = {
      mode: 'automatic',
      globalClusterId: 'local-drill',
      secondaryClusterArn: 'local:standby',
      secondaryRegion: 'local-secondary',
      staleAfterSeconds: DRILL.canaryIntervalMs / 1000 + DRILL.lagAllowanceSeconds,
      confirmationSeconds: DRILL.confirmationSeconds,
      intervalSeconds: DRILL.orchestratorIntervalMs / 1000,
      remindEverySeconds: 900,
    };
    const sink = { log: () => undefined, count: () => undefined };
    let crashAt = Number.POSITIVE_INFINITY;
    const runs: Array<{ started: number; at: number; decision?: Decision }> = [];
    const orchestratorLoop = (async () => {
      while (!stopping) {
        const started = performance.now();
        const { decision } = await orchestrate(port, settings, sink);
        runs.push({ started, at: performance.now(), decision });
        if (decision?.outcome === 'already-promoted') return;
        await sleep(DRILL.orchestratorIntervalMs);
      }
    })();
    loops.push(orchestratorLoop);

    await sampler;
    const rowsBeforeCrash = acknowledged.size;
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    crashAt = performance.now();
    await pair.crashPrimary();
    await Promise.all(load);

    const deadline = crashAt + DRILL.timeoutMs;
    while (!promoted && performance.now() < deadline) await sleep(20);
    if (!promoted) throw new Error(`no failover within ${DRILL.timeoutMs} ms; orchestrator outcomes: ${runs.map((r) => r.decision?.outcome).join(', ')}`);
    // The canary of the surviving region finds the writer and writes its heartbeat there.
    let recoveredAt = 0;
    while (recoveredAt === 0 && performance.now() < deadline) {
      const outcome = await secondaryCanary();
      if (outcome.ok && outcome.writable) recoveredAt = performance.now();
    }
    await orchestratorLoop;

    const present = new Set((await standbyAdmin.query<{ key: string }>("SELECT writer || ':' || n AS key FROM drill_writes")).rows.map((r) => r.key));
    const lost = [...acknowledged].filter(([key]) => !present.has(key));
    const after = runs.filter((r) => r.at > crashAt);
    const firstAfter = (test: (d: Decision) => boolean) => (after.find((r) => r.decision && test(r.decision))?.at ?? Number.NaN) - crashAt;
    const outcomesAfterCrash = after.map((r) => r.decision?.outcome ?? 'cluster-unreadable').filter((o, i, all) => o !== all[i - 1]);
    return {
      postgresVersion: pair.version,
      writesPerSecond: Math.round(rowsBeforeCrash / loadSeconds),
      heartbeatAge: { samples: ages.length, medianSeconds: round(median(ages)), maxSeconds: round(Math.max(...ages)) },
      replayDelay: { samples: replay.length, medianMs: round(median(replay), 1), maxMs: round(Math.max(...replay), 1) },
      outcomesBeforeCrash: [...new Set(runs.filter((r) => r.at <= crashAt).map((r) => r.decision?.outcome ?? 'cluster-unreadable'))],
      detectionSeconds: round(firstAfter((d) => d.outcome === 'confirming' || d.action === 'fail-over') / 1000),
      decisionSeconds: round(firstAfter((d) => d.action === 'fail-over') / 1000),
      promotionSeconds: round(promotionMs / 1000),
      recoverySeconds: round((recoveredAt - crashAt) / 1000),
      outcomesAfterCrash,
      rowsAcknowledged: acknowledged.size,
      rowsLost: lost.length,
      lostWindowMs: lost.length === 0 ? 0 : round(crashAt - Math.min(...lost.map(([, at]) => at)), 1),
      budgetToDecisionSeconds: round(maxGap(heartbeatsWritten.filter((at) => at <= crashAt)) / 1000 + DRILL.lagAllowanceSeconds + settings.confirmationSeconds + maxGap(runs.map((r) => r.started)) / 1000),
    };
  } finally {
    stopping = true;
    await Promise.allSettled(loops);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await pair.stop();
  }
}
