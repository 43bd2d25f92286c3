// The generated stack's failover machinery on two local PostgreSQL servers, time scaled down: the real
// canary (skeleton/lambda/canary) probing both "regions", the real orchestrator (orchestrate + decide)
// through a local OrchestratorPort, the real lock (the in-memory FailoverState with DynamoDB's
// conditional-write semantics), and the same phase logic as `npm run dr:drill` and `npm run dr:relax`
// (skeleton/scripts/dr) through local ports. Where AWS would act, the local adapter does the same on the
// servers: FailoverGlobalCluster is pg_promote(), a managed switchover is a clean shutdown, catch-up,
// promotion and the old primary following the new one, rds.global_db_rpo is synchronous replication,
// the write name (db.<zone>, the global writer endpoint) is whichever server the global cluster says
// is the writer, AuroraGlobalDBRPOLag is the standby's replay delay sampled every probe, and the alarms
// are evaluated from the canary's results with the stack's rules.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { runCanary, type CanaryOutcome, type ProbeRequest } from '../../skeleton/lambda/canary/canary';
import * as driver from '../../skeleton/lambda/canary/driver-postgres';
import { canaryResult } from '../../skeleton/lambda/canary/result';
import type { GlobalClusterView, LagMetricReading, OrchestratorSettings, PrimaryAlarm, PrimaryClusterReading } from '../../skeleton/lambda/orchestrator/decide';
import { orchestrate, type ClaimSettings, type DecisionSink, type OrchestratorPort, type RunResult } from '../../skeleton/lambda/orchestrator/orchestrate';
import { secondaryProbe, type ProbeAnswer } from '../../skeleton/lambda/orchestrator/probe-answer';
import type { DrillPort, Marker } from '../../skeleton/scripts/dr/drill';
import type { CommitBoundPort } from '../../skeleton/scripts/dr/relax';
import { memoryState } from '../../skeleton/test/orchestrator/memory-state';
import { startPostgresPair, type PostgresPair, type Server, type ServerName } from './postgres-pair';

/** The stack's timings, scaled down: what is 10 s in AWS is DRILL.probeIntervalMs here. */
export const DRILL = {
  /** Canary and orchestrator probe interval (PROBE_INTERVAL_SECONDS). */
  probeIntervalMs: 250,
  /** Connect and statement timeout of every probe (PROBE_TIMEOUT_SECONDS). */
  connectTimeoutMs: 1000,
  /** Replication lag the heartbeat may carry before it counts as stopped (replicationLagAlarmSeconds). */
  lagAllowanceSeconds: 1,
  /** failoverConfirmationSeconds: the fast path's window (the primary region's RDS API dark). */
  confirmationSeconds: 1,
  /**
   * Aurora's in-region recovery with a replica (IN_REGION_REPLICA_FAILOVER_SECONDS), scaled: long enough
   * that an in-region outage outlasts the fast window by seconds, so only the control plane's answer
   * can keep the orchestrator from failing over.
   */
  inRegionRecoverySeconds: 8,
  /** The RPO target the orchestrator's lag gate weighs the estimated loss against. */
  rpoBudgetSeconds: 2,
  /** How far back a lag figure counts as evidence (LAG_EVIDENCE_MAX_AGE_SECONDS). */
  lagEvidenceMaxAgeSeconds: 10,
  /** The alarms' evaluation: two periods, scaled (ALARM_PERIOD_SECONDS × CONNECTIVITY_EVALUATION_PERIODS). */
  alarmWindowMs: 1000,
  /** Clients writing through the write name. */
  writers: 4,
  /** Load and probes before a fault is injected. */
  warmUpMs: 2500,
  /** Longest a scenario waits for what it expects. */
  timeoutMs: 30_000,
  /** Longest one planned switchover may keep the writer away (the budget's promotion term, scaled to local servers). */
  switchoverBudgetSeconds: 20,
} as const;

export const PRIMARY_REGION = 'local-primary';
export const SECONDARY_REGION = 'local-secondary';
const arnOf = (region: string) => `local:${region}`;

/** The orchestrator's settings as lambda/orchestrator/config.ts would read them from the scaled timings. */
export const SETTINGS: OrchestratorSettings & ClaimSettings = {
  mode: 'automatic',
  globalClusterId: 'local-drill',
  secondaryClusterArn: arnOf(SECONDARY_REGION),
  secondaryRegion: SECONDARY_REGION,
  staleAfterSeconds: DRILL.probeIntervalMs / 1000 + DRILL.lagAllowanceSeconds,
  confirmationSeconds: DRILL.confirmationSeconds,
  intervalSeconds: DRILL.probeIntervalMs / 1000,
  remindEverySeconds: 60,
  // The alarm's evaluation window plus the period the outage began in, as PRIMARY_ALARM_DELAY_SECONDS.
  primaryAlarmDelaySeconds: (DRILL.alarmWindowMs * 1.5) / 1000,
  // As lib/config/timings.ts slowPathWindowSeconds, on the scaled figures.
  slowConfirmationSeconds: Math.max(DRILL.confirmationSeconds, (DRILL.alarmWindowMs * 1.5) / 1000, DRILL.inRegionRecoverySeconds),
  inRegionRecoverySeconds: DRILL.inRegionRecoverySeconds,
  rpoBudgetSeconds: DRILL.rpoBudgetSeconds,
  lagEvidenceMaxAgeSeconds: DRILL.lagEvidenceMaxAgeSeconds,
  failoverClaimSeconds: 30,
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A loop running `body` every `intervalMs` until stopped; `stop()` waits for the iteration in flight. */
function every(intervalMs: number, body: () => Promise<void>): { stop(): Promise<void> } {
  let stopping = false;
  const done = (async () => {
    while (!stopping) {
      await body().catch(() => undefined);
      if (!stopping) await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      stopping = true;
      await done;
    },
  };
}

export interface CanaryRecord {
  readonly at: number;
  readonly reachable: boolean;
  /** Undefined when no commit was tried (a reader, or the writer unreachable). */
  readonly committed?: boolean;
}

export interface Decided {
  readonly at: number;
  readonly holder: string;
  readonly result: RunResult;
}

export interface Page {
  readonly at: number;
  readonly subject: string;
  readonly message: string;
}

export interface WriteLoad {
  /** Acknowledged rows: key → [time, server]. */
  readonly acknowledged: ReadonlyMap<string, { readonly at: number; readonly server: ServerName }>;
  /** Writes that failed, with when. */
  readonly failures: ReadonlyArray<{ readonly at: number; readonly message: string }>;
  /** The servers the write name resolved to, one entry per (re)connection. */
  readonly resolvedTo: ReadonlyArray<ServerName>;
  stop(): Promise<void>;
}

/** The two regions, their servers and the global cluster's view of them. */
export class LocalStack {
  /** The server holding the writer, as the global cluster shows it. */
  writer: ServerName = 'a';
  /** FailoverState of the global cluster while a failover or switchover runs. */
  operation: 'failing-over' | 'switching-over' | undefined;
  /** Canary results of the primary region's scheduled canary. */
  readonly primaryCanary: CanaryRecord[] = [];
  /** The lag metric: the standby's replay delay, sampled every probe interval. */
  readonly lagMetric: Array<{ at: number; seconds: number }> = [];
  readonly decisions: Decided[] = [];
  /** How long the orchestrator had the primary unreachable (and silent), by probe. */
  readonly unreachable: Array<{ at: number; seconds: number }> = [];
  readonly pages: Page[] = [];
  failOverCalls = 0;
  promotionMs = 0;
  /** Set to make the primary region's canary stop running and publishing (a Lambda or EventBridge impairment). */
  primaryCanaryImpaired = false;
  /**
   * The primary region's RDS API as DescribeDBClusters would answer for the primary cluster: `dark`
   * while the region is down, otherwise the cluster's status there.
   */
  primaryControlPlane: 'dark' | { readonly status: string } = { status: 'available' };
  private readonly loops: Array<{ stop(): Promise<void> }> = [];
  private readonly clients: pg.Client[] = [];

  private constructor(readonly pair: PostgresPair) {}

  static async start(): Promise<LocalStack> {
    const stack = new LocalStack(await startPostgresPair());
    try {
      const setup = await stack.connect(stack.pair.servers.a);
      await setup.query('CREATE TABLE drill_writes (writer int NOT NULL, n int NOT NULL, PRIMARY KEY (writer, n))');
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  serverOf(region: string): Server {
    return region === PRIMARY_REGION ? this.pair.servers.a : this.pair.servers.b;
  }

  regionOf(server: ServerName): string {
    return server === 'a' ? PRIMARY_REGION : SECONDARY_REGION;
  }

  /** The write name (db.<zone> → the global writer endpoint): the server holding the writer. */
  writeName(): Server {
    return this.pair.servers[this.writer];
  }

  /** The server that is not the writer. */
  standby(): Server {
    return this.pair.servers[this.writer === 'a' ? 'b' : 'a'];
  }

  async connect(server: Server, options?: { readonly statementTimeoutMs?: number }): Promise<pg.Client> {
    const client = await this.pair.client(server, options);
    this.clients.push(client);
    return client;
  }

  /** The canary of `region` with the environment the Pulumi program gives it; the secondary's probes the primary writer as its peer. */
  canary(region: string, request: ProbeRequest = { target: 'own' }): Promise<CanaryOutcome> {
    const server = this.serverOf(region);
    return runCanary({
      env: {
        AWS_REGION: region,
        DB_SECRET_ARN: `local:${region}`,
        DB_HOST: server.host,
        DB_PORT: String(server.port),
        DB_NAME: this.pair.database,
        DB_ENGINE: driver.engine,
        DB_TLS: 'off',
        CONNECT_TIMEOUT_MS: String(DRILL.connectTimeoutMs),
        ...(region === SECONDARY_REGION ? { PEER_HOST: this.pair.servers.a.host } : {}),
      },
      driver,
      readSecret: async () => ({ username: this.pair.user, password: this.pair.password }),
      now: () => performance.now(),
      remainingMs: () => 30_000,
    }, request);
  }

  /** The primary region's scheduled canary: a heartbeat commit every probe interval, unless impaired. */
  runPrimaryCanary(): void {
    this.loops.push(every(DRILL.probeIntervalMs, async () => {
      if (this.primaryCanaryImpaired) return;
      const outcome = await this.canary(PRIMARY_REGION);
      this.primaryCanary.push({
        at: performance.now(),
        reachable: outcome.ok,
        ...(outcome.ok && outcome.commit ? { committed: outcome.commit.ok } : {}),
      });
    }));
  }

  /** AuroraGlobalDBRPOLag, stood in for: how far the standby's replay is behind what it received. */
  runLagMetric(): void {
    this.loops.push(every(DRILL.probeIntervalMs, async () => {
      const client = await this.pair.client(this.standby(), { statementTimeoutMs: DRILL.connectTimeoutMs });
      try {
        // now() is the statement's start: a commit replayed after it would read as a negative lag.
        const { rows } = await client.query<{ lag: number | null }>(
          'SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::float8 END AS lag',
        );
        if (rows[0]?.lag !== null && rows[0]?.lag !== undefined) this.lagMetric.push({ at: performance.now(), seconds: Number(rows[0].lag) });
      } finally {
        await client.end().catch(() => undefined);
      }
    }));
  }

  /**
   * The primary's connectivity alarm (lib/health-alarms.ts): no probe of the window reached the
   * database, missing data breaching. The orchestrator's read of it gets `dark` instead while the region is
   * down (readPrimaryAlarm below), as the AWS adapter does when CloudWatch there does not answer.
   */
  primaryAlarm(): PrimaryAlarm {
    const since = performance.now() - DRILL.alarmWindowMs;
    return this.primaryCanary.some((r) => r.at >= since && r.reachable) ? 'ok' : 'alarm';
  }

  /** The blocked-commit alarm (COMMIT_BLOCKED_ALARM): commits tried in the window and none succeeded; no commit tried is OK. */
  commitBlockedAlarm(): 'ok' | 'alarm' {
    const tried = this.primaryCanary.filter((r) => r.at >= performance.now() - DRILL.alarmWindowMs && r.committed !== undefined);
    return tried.length > 0 && tried.every((r) => r.committed === false) ? 'alarm' : 'ok';
  }

  /** Clients writing rows through the write name, reconnecting to wherever it points after a failure. */
  runWriteLoad(): WriteLoad {
    const acknowledged = new Map<string, { at: number; server: ServerName }>();
    const failures: Array<{ at: number; message: string }> = [];
    const resolvedTo: ServerName[] = [];
    let stopping = false;
    const writers = Array.from({ length: DRILL.writers }, async (_, writer) => {
      let client: pg.Client | undefined;
      let server: ServerName | undefined;
      for (let n = 1; !stopping; n++) {
        try {
          if (!client) {
            server = this.writer;
            resolvedTo.push(server);
            client = await this.pair.client(this.writeName());
          }
          await client.query('INSERT INTO drill_writes (writer, n) VALUES ($1, $2)', [writer, n]);
          acknowledged.set(`${writer}:${n}`, { at: performance.now(), server: server as ServerName });
        } catch (error) {
          failures.push({ at: performance.now(), message: (error as Error).message });
          await client?.end().catch(() => undefined);
          client = undefined;
          await sleep(50);
        }
      }
      await client?.end().catch(() => undefined);
    });
    return {
      acknowledged, failures, resolvedTo,
      async stop() {
        stopping = true;
        await Promise.all(writers);
      },
    };
  }

  /** Acknowledged rows missing on `server`. */
  async rowsMissingOn(server: Server, load: WriteLoad): Promise<Array<[string, number]>> {
    const client = await this.connect(server);
    const present = new Set((await client.query<{ key: string }>("SELECT writer || ':' || n AS key FROM drill_writes")).rows.map((r) => r.key));
    return [...load.acknowledged].filter(([key]) => !present.has(key)).map(([key, { at }]) => [key, at]);
  }

  /** What AWS does on FailoverGlobalCluster: the secondary becomes the writer (pg_promote), the global cluster follows. */
  private async failOver(): Promise<void> {
    this.failOverCalls += 1;
    this.operation = 'failing-over';
    const started = performance.now();
    const standby = await this.pair.client(this.pair.servers.b);
    try {
      await standby.query('SELECT pg_promote(true, 60)');
    } finally {
      await standby.end().catch(() => undefined);
    }
    this.promotionMs = performance.now() - started;
    this.writer = 'b';
    this.operation = undefined;
  }

  private orchestratorPort(state: ReturnType<typeof memoryState>, holder: string): OrchestratorPort {
    return {
      now: () => Date.now(),
      state: state.forRun(holder),
      readGlobalCluster: async (): Promise<GlobalClusterView> => ({
        status: 'available',
        members: [{ arn: arnOf(PRIMARY_REGION), isWriter: this.writer === 'a' }, { arn: arnOf(SECONDARY_REGION), isWriter: this.writer === 'b' }],
        ...(this.operation ? { operation: { status: this.operation, dataLossAllowed: this.operation === 'failing-over' } } : {}),
      }),
      // The secondary canary's probe action, built from the same probes and result as its Lambda handler.
      probeSecondary: async () => {
        const [own, peer] = await Promise.all([this.canary(SECONDARY_REGION, { target: 'own', detail: true }), this.canary(SECONDARY_REGION, { target: 'peer' })]);
        return secondaryProbe(JSON.parse(JSON.stringify(canaryResult(own, peer))) as ProbeAnswer);
      },
      readPrimaryAlarm: async (): Promise<PrimaryAlarm> => (this.primaryControlPlane === 'dark' ? 'dark' : this.primaryAlarm()),
      readPrimaryCluster: async (): Promise<PrimaryClusterReading> => (this.primaryControlPlane === 'dark'
        ? { answered: false, kind: 'dark', cause: 'TimeoutError: the primary region did not answer' }
        : { answered: true, status: this.primaryControlPlane.status, hasWriter: true }),
      readLagMetric: async (silenceStartedAtMs): Promise<LagMetricReading> => {
        // The port's clock is the epoch (Date.now); the samples are on performance.now().
        const until = performance.now() - (Date.now() - silenceStartedAtMs);
        const points = this.lagMetric.filter((p) => p.at <= until && p.at >= until - DRILL.lagEvidenceMaxAgeSeconds * 1000);
        return points.length === 0 ? { ok: true } : { ok: true, lastSeconds: points[points.length - 1].seconds };
      },
      failOver: () => this.failOver(),
      notify: async (subject, message) => {
        this.pages.push({ at: performance.now(), subject, message });
      },
    };
  }

  /**
   * The failover orchestrator: two runs probing side by side every interval, as overlapping scheduled
   * invocations do, sharing one state; each decision is kept with its time.
   */
  runOrchestrator(): void {
    const state = memoryState();
    const sink: DecisionSink = {
      log: () => undefined,
      record: (_outcome, figures) => {
        if (figures.unreachableSeconds !== undefined) this.unreachable.push({ at: performance.now(), seconds: figures.unreachableSeconds });
      },
    };
    const runs = ['run-a', 'run-b'].map((holder) => ({ holder, port: this.orchestratorPort(state, holder) }));
    this.loops.push(every(DRILL.probeIntervalMs, async () => {
      await Promise.all(runs.map(async ({ holder, port }) => {
        const result = await orchestrate(port, SETTINGS, sink);
        this.decisions.push({ at: performance.now(), holder, result });
      }));
    }));
  }

  /** Decision outcomes at or after `since`, consecutive repeats folded. */
  outcomesSince(since: number): string[] {
    return this.decisions.filter((d) => d.at >= since).map((d) => d.result.decision?.outcome ?? 'cluster-unreadable').filter((o, i, all) => o !== all[i - 1]);
  }

  /** The unreachable times the orchestrator measured at or after `since`. */
  unreachableSince(since: number): number[] {
    return this.unreachable.filter((u) => u.at >= since).map((u) => u.seconds);
  }

  /** When the first decision at or after `since` with `outcome` was made, or undefined. */
  firstDecision(outcome: string, since: number): Decided | undefined {
    return this.decisions.find((d) => d.at >= since && d.result.decision?.outcome === outcome);
  }

  /** The primary region goes down: its writer dies and its RDS API stops answering. */
  async regionDown(): Promise<void> {
    this.primaryControlPlane = 'dark';
    await this.pair.crash(this.pair.servers.a);
  }

  /**
   * Aurora recovers the writer in its own region (an in-region failover to a replica): the writer is
   * gone for `downMs` while the region's RDS API reports the cluster `failing-over`, then the same
   * server takes writes again and the cluster is `available`.
   */
  async inRegionFailover(downMs: number): Promise<void> {
    this.primaryControlPlane = { status: 'failing-over' };
    await this.pair.crash(this.pair.servers.a);
    await sleep(downMs);
    await this.pair.start(this.pair.servers.a);
    this.primaryControlPlane = { status: 'available' };
  }

  /** Waits until `test` holds, checking every 20 ms; false when `timeoutMs` passed first. */
  async until(test: () => boolean | Promise<boolean>, timeoutMs: number = DRILL.timeoutMs): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (await test()) return true;
      await sleep(20);
    }
    return false;
  }

  /** The standby's replay: paused (a lag spike) or resumed. */
  async replay(action: 'pause' | 'resume'): Promise<void> {
    const client = await this.pair.client(this.standby());
    try {
      await client.query(action === 'pause' ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()');
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * rds.global_db_rpo on the primary, stood in for by synchronous replication: while set, every commit
   * waits for the standby, as Aurora PostgreSQL blocks commits while every secondary lags beyond the
   * bound. The runbook's dr:relax logic (relaxCommitBound) drives it.
   */
  commitBound(boundSeconds: number): CommitBoundPort {
    const primary = this.pair.servers.a;
    const alter = async (sql: string) => {
      const client = await this.pair.client(primary);
      try {
        await client.query(sql);
        await client.query('SELECT pg_reload_conf()');
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    return {
      target: 'synchronous_standby_names of the local primary (standing in for rds.global_db_rpo)',
      current: async () => {
        const client = await this.pair.client(primary);
        try {
          const { rows } = await client.query<{ synchronous_standby_names: string }>('SHOW synchronous_standby_names');
          return rows[0].synchronous_standby_names === '' ? undefined : boundSeconds;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      reset: () => alter('ALTER SYSTEM RESET synchronous_standby_names'),
      set: () => alter("ALTER SYSTEM SET synchronous_standby_names = '*'"),
    };
  }

  /** The phases of `npm run dr:drill` on the local servers: a managed switchover is a clean handover. */
  drillPort(): DrillPort & { readonly failures: string[] } {
    const failures: string[] = [];
    const canaryOn = async (region: string, detail: boolean) => canaryResult(await this.canary(region, { target: 'own', detail }));
    return {
      failures,
      regions: [PRIMARY_REGION, SECONDARY_REGION],
      writerRegion: async () => (this.operation ? undefined : this.regionOf(this.writer)),
      busy: async () => this.operation !== undefined,
      lagSeconds: async () => this.lagMetric.at(-1)?.seconds,
      writeMarker: async (region): Promise<Marker> => {
        const answer = await canaryOn(region, false);
        if (!answer.ok || !answer.commit?.ok) throw new Error(`the canary in ${region} committed no heartbeat`);
        return { region, id: answer.commit.writtenAt };
      },
      markerPresent: async (marker, region) => {
        const row = (await canaryOn(region, true)).heartbeats?.find((h) => h.region === marker.region);
        return row !== undefined && Date.parse(row.writtenAt) >= Date.parse(marker.id);
      },
      switchover: async (region) => {
        this.operation = 'switching-over';
        // Runs on while the drill polls, as the AWS operation does.
        void this.handOver(this.pair.servers[this.writer], this.serverOf(region)).then(
          () => {
            this.writer = this.serverOf(region).name;
            this.operation = undefined;
          },
          (error: Error) => void failures.push(error.message),
        );
      },
      now: () => performance.now(),
      sleep,
    };
  }

  /**
   * A planned switchover without data loss: the old writer shuts down cleanly (its walsender ships the
   * WAL up to the shutdown checkpoint), the new one replays up to that point and is promoted, the old
   * one restarts as its standby on the new timeline.
   */
  private async handOver(from: Server, to: Server): Promise<void> {
    await this.pair.stopCleanly(from);
    const lsn = await this.pair.checkpointLsn(from);
    const client = await this.pair.client(to);
    try {
      const caughtUp = await this.until(async () => (await client.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0].ok, 60_000);
      if (!caughtUp) throw new Error(`${to.host} did not replay up to ${lsn}`);
      await client.query('SELECT pg_promote(true, 60)');
    } finally {
      await client.end().catch(() => undefined);
    }
    this.pair.followOnStart(from, to);
    await this.pair.start(from);
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.loops.map((loop) => loop.stop()));
    await Promise.all(this.clients.map((c) => c.end().catch(() => undefined)));
    await this.pair.stop();
  }
}
