import { connectOptions, parseSecret, readConfig, targetOf, type CanaryConfig, type DatabaseSecret } from './config';
import {
  CanaryError,
  classifyError,
  describeFailure,
  summarizeError,
  type ErrorSummary,
  type FailureCause,
  type Stage,
} from './failure';
import type { DatabaseDriver, DatabaseSession, GlobalLag, Heartbeat, HeartbeatRow, Role } from './types';

/** Time kept back from the Lambda timeout so the result is always logged and published. */
export const PUBLISH_RESERVE_MS = 1000;

/** Reads the secret's value, parsed from JSON; `forceFetch` bypasses the cache. */
export type SecretReader = (secretArn: string, options: { readonly forceFetch: boolean; readonly timeoutMs: number }) => Promise<unknown>;

/** Everything a run touches, so tests can hand in fakes. */
export interface CanaryDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly driver: DatabaseDriver;
  readonly readSecret: SecretReader;
  /** Monotonic clock in milliseconds (`performance.now`). */
  readonly now: () => number;
  /** Milliseconds left before Lambda stops the invocation. */
  readonly remainingMs: () => number;
}

/** What a probe asks for. */
export interface ProbeRequest {
  /**
   * `own`: this region's cluster; a writer commits a heartbeat, a reader reads the newest one.
   * `peer`: the other region's writer (PEER_HOST), reached across the VPC peering; the role query only.
   */
  readonly target: 'own' | 'peer';
  /** Also read every region's heartbeat and, on a reader, Aurora's last lag figure (the orchestrator and the drills ask). */
  readonly detail?: boolean;
}

/** The writer's heartbeat commit: separate from reachability, so blocked commits are seen as such. */
export type CommitResult =
  | { readonly ok: true; readonly heartbeat: HeartbeatRow; readonly latencyMs: number }
  | { readonly ok: false; readonly cause: FailureCause; readonly message: string; readonly error?: ErrorSummary };

export interface CanarySuccess {
  readonly ok: true;
  readonly region: string;
  readonly target: string;
  readonly writable: boolean;
  /** Only for a read-only connection: why it is read-only. */
  readonly readOnlyBecause?: string;
  /** Round trip of the role query, in milliseconds. */
  readonly queryLatencyMs: number;
  /** Only for a writable connection to this region's cluster. */
  readonly commit?: CommitResult;
  /** Only for a read-only connection, when a writer has written a heartbeat. */
  readonly heartbeat?: Heartbeat;
  /** Only for a read-only connection with `detail`, where Aurora reports one. */
  readonly globalLag?: GlobalLag;
  /** Only with `detail`. */
  readonly heartbeats?: HeartbeatRow[];
}

export interface CanaryFailure {
  readonly ok: false;
  readonly cause: FailureCause;
  readonly stage: Stage;
  readonly target: string;
  /** The sentence for the log line. */
  readonly message: string;
  readonly error?: ErrorSummary;
}

export type CanaryOutcome = CanarySuccess | CanaryFailure;

/** How far a run got, so a failure can say where it happened and every connection is always closed. */
interface RunState {
  /** The step the run is at: `connect` while the endpoints are tried, then the chosen connection's. */
  stage: Exclude<Stage, 'config'>;
  /** The endpoint the stage is about: the first one tried until a connection is chosen. */
  host: string;
  secret?: DatabaseSecret;
  /** Every connection open right now, closed without waiting when the deadline passes. */
  readonly sessions: Set<DatabaseSession>;
  /** How far each endpoint's attempt got, while they run: a deadline then names the one that got furthest. */
  readonly attempts: AttemptState[];
  /** Set once the chosen connection's role query answered: the database is reachable whatever happens after. */
  reached?: CanarySuccess;
  /** Set when the deadline passed: work still in flight must close what it opens and stop. */
  abandoned?: boolean;
}

/** Where one endpoint's attempt is. */
interface AttemptState {
  stage: Exclude<Stage, 'config'>;
  readonly host: string;
  secret: DatabaseSecret;
}

/** A connection whose role query answered. */
interface Reached {
  readonly ok: true;
  readonly host: string;
  readonly secret: DatabaseSecret;
  readonly session: DatabaseSession;
  readonly role: Role;
  readonly queryLatencyMs: number;
}
type Attempt = Reached | CanaryFailure;
/** An attempt's outcome and the position of its endpoint in the list tried. */
interface Settled {
  readonly index: number;
  readonly outcome: Attempt;
}

/**
 * Raised when the invocation is about to reach its Lambda timeout. Named like the AWS SDK's timeout
 * and coded like Node's, so it is classified as the step's own timeout (secret or database).
 */
class DeadlineError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`stopped after ${ms} ms to publish the result before the Lambda timeout`);
    this.name = 'TimeoutError';
  }
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

const misconfigured = (target: string, detail: string): CanaryFailure => ({
  ok: false,
  cause: 'misconfigured',
  stage: 'config',
  target,
  message: describeFailure('misconfigured', { stage: 'config', region: '', secretArn: '', target: '', host: '', database: '', user: '', timeoutMs: 0, detail }),
});

/**
 * The endpoints a probe tries: the peer's writer endpoint, or this region's cluster endpoint and its
 * reader endpoint. Only the primary cluster's cluster endpoint takes writes, and a reader endpoint
 * balances across the replicas only when there are any (aws-facts.ts CLUSTER_ENDPOINTS): whichever
 * role the cluster has now, one of the two reaches an instance that can commit or read the heartbeat.
 */
function endpointsOf(config: CanaryConfig, request: ProbeRequest): string[] {
  if (request.target === 'peer') return [config.peerHost as string];
  return [...new Set([config.host, ...(config.readerHost ? [config.readerHost] : [])])];
}

/**
 * One probe: read the config and the secret, connect to every endpoint of the target at once, run the
 * role query on each, then commit the heartbeat on a writable connection or, when none is, read it on
 * a read-only one. Reachability and the commit are reported apart: a writer that answers but cannot
 * commit is a success with a failed `commit`. Never throws: every failure comes back as a
 * `CanaryFailure` naming its cause, and every connection is closed in every case.
 */
export async function runCanary(deps: CanaryDeps, request: ProbeRequest = { target: 'own' }): Promise<CanaryOutcome> {
  const read = readConfig(deps.env, deps.driver.engine);
  if ('problems' in read) return misconfigured(deps.env.DB_HOST ?? '(DB_HOST not set)', read.problems.join('; '));
  const config = read.config;
  if (request.target === 'peer' && !config.peerHost) {
    return misconfigured(config.host, 'PEER_HOST is not set: only the secondary region\'s canary probes the primary writer');
  }
  const hosts = endpointsOf(config, request);
  const run: RunState = { stage: 'secret', host: hosts[0], sessions: new Set(), attempts: [] };
  try {
    return await withDeadline(probe(deps, config, run, hosts, request), Math.max(0, deps.remainingMs() - PUBLISH_RESERVE_MS));
  } catch (error) {
    // After the deadline, work may still be in flight: make it stop, and close the connections here
    // too, without waiting, so a server that no longer answers cannot hold up the result.
    run.abandoned = true;
    for (const session of run.sessions) void session.close();
    if (error instanceof ChosenFailure) return error.failure;
    // Still choosing: the endpoint whose attempt got furthest says most (the first one listed on a tie).
    const at = run.stage === 'connect' ? furthest(run.attempts) : run;
    const failure = describe(deps, config, at, error);
    // The writer answered; only its commit did not finish.
    if (run.reached && run.stage === 'commit') return { ...run.reached, commit: { ok: false, cause: failure.cause, message: failure.message, error: failure.error } };
    return failure;
  }
}

/** The failure `error` at `at`'s stage and endpoint, in the canary's words. */
function describe(
  deps: CanaryDeps,
  config: CanaryConfig,
  at: { readonly stage: Exclude<Stage, 'config'>; readonly host: string; readonly secret?: DatabaseSecret },
  error: unknown,
): CanaryFailure & { error: ErrorSummary } {
  const cause = classifyError(at.stage, error, deps.driver.failureCause);
  const summary = summarizeError(error);
  const target = targetOf(config, deps.driver.defaultPort, at.secret, at.host);
  const message = describeFailure(cause, {
    stage: at.stage,
    region: config.region,
    secretArn: config.secretArn,
    target,
    host: at.host,
    database: config.database ?? at.secret?.dbname ?? '(none)',
    user: at.secret?.username ?? '(unknown)',
    timeoutMs: config.timeoutMs,
    detail: summary.message,
  });
  return { ok: false, cause, stage: at.stage, target, message, error: summary };
}

async function probe(deps: CanaryDeps, config: CanaryConfig, run: RunState, hosts: string[], request: ProbeRequest): Promise<CanarySuccess> {
  const { driver } = deps;
  const secret = await fetchSecret(deps, config, false);
  run.secret = secret;
  run.stage = 'connect';
  // A rejected login makes every endpoint's attempt read the secret afresh: once for all of them.
  let fresh: Promise<DatabaseSecret> | undefined;
  const refresh = () => (fresh ??= fetchSecret(deps, config, true));
  const attempts = hosts.map((host, index) => {
    const state: AttemptState = { stage: 'connect', host, secret };
    run.attempts.push(state);
    return reach(deps, config, run, state, refresh).then((outcome): Settled => ({ index, outcome }));
  });
  const chosen = choose(await settleUntilWritable(run, attempts));
  if (!chosen.ok) throw new ChosenFailure(chosen);
  const { session } = chosen;
  run.stage = 'query';
  run.host = chosen.host;
  run.secret = chosen.secret;
  try {
    const result: CanarySuccess = {
      ok: true,
      region: config.region,
      target: targetOf(config, driver.defaultPort, chosen.secret, chosen.host),
      writable: chosen.role.writable,
      queryLatencyMs: chosen.queryLatencyMs,
      ...(chosen.role.writable ? {} : { readOnlyBecause: chosen.role.readOnlyBecause }),
    };
    run.reached = result;
    if (request.target === 'peer') return result;
    const detail = request.detail ? { heartbeats: await session.readHeartbeats() } : {};
    if (chosen.role.writable) {
      run.stage = 'commit';
      return { ...result, commit: await commitHeartbeat(deps, config, session, run), ...detail };
    }
    const heartbeat = await session.readHeartbeat();
    // Aurora's lag figure only adds evidence: aurora_global_db_status() failing or timing out on a secondary
    // whose primary region is gone must not turn the whole probe into a failure, which would leave the
    // orchestrator blind (secondary-canary-failing) in exactly the outage it is there for.
    const globalLag = request.detail ? await session.readGlobalLag(config.region).catch(() => undefined) : undefined;
    return { ...result, ...(heartbeat ? { heartbeat } : {}), ...(globalLag ? { globalLag } : {}), ...detail };
  } finally {
    run.sessions.delete(session);
    await session.close();
  }
}

/** Carries the failure of every endpoint, already described, out of `probe` (runCanary returns it as is). */
class ChosenFailure extends Error {
  constructor(readonly failure: CanaryFailure) {
    super(failure.message);
  }
}

/**
 * Connects to `host` and runs the role query. Never rejects: a failure comes back described, at the
 * step and endpoint where it happened, and a connection that fails its role query is closed.
 */
async function reach(deps: CanaryDeps, config: CanaryConfig, run: RunState, at: AttemptState, refresh: () => Promise<DatabaseSecret>): Promise<Attempt> {
  const { driver } = deps;
  const { host, secret } = at;
  try {
    let session: DatabaseSession;
    try {
      session = await driver.connect(optionsFor(config, secret, driver, host));
    } catch (error) {
      // The cached secret may predate a password change: read it afresh once, and retry if it changed.
      if (classifyError('connect', error, driver.failureCause) !== 'authentication') throw error;
      at.stage = 'secret';
      const renewed = await refresh();
      at.stage = 'connect';
      if (renewed.username === secret.username && renewed.password === secret.password) throw error;
      at.secret = renewed;
      session = await driver.connect(optionsFor(config, renewed, driver, host));
    }
    run.sessions.add(session);
    try {
      if (run.abandoned) throw new CanaryError('timeout', 'connected only after the run had been given up');
      at.stage = 'query';
      const started = deps.now();
      const role = await session.role();
      return { ok: true, host, secret: at.secret, session, role, queryLatencyMs: deps.now() - started };
    } catch (error) {
      run.sessions.delete(session);
      await session.close();
      throw error;
    }
  } catch (error) {
    return describe(deps, config, at, error);
  }
}

/**
 * Waits for the attempts until one is writable or all have settled: a writable connection is used at
 * once, a read-only one only when no endpoint turns out writable. The attempts run side by side, so
 * the wait is one connect timeout, not one per endpoint. An attempt that reaches its endpoint after
 * the choice is closed at once.
 */
function settleUntilWritable(run: RunState, attempts: Promise<Settled>[]): Promise<Settled[]> {
  return new Promise((resolve) => {
    const settled: Settled[] = [];
    let chosen = false;
    for (const attempt of attempts) {
      void attempt.then((done) => {
        if (chosen) return release(run, done.outcome);
        settled.push(done);
        const { outcome } = done;
        if ((outcome.ok && outcome.role.writable) || settled.length === attempts.length) {
          chosen = true;
          resolve(settled);
        }
      });
    }
  });
}

/**
 * The connection to use, the others closed: a writable one, else a read-only one (the first endpoint
 * listed that answered), else the failure of the attempt that got furthest (the first endpoint's on a tie).
 */
function choose(settled: Settled[]): Reached | CanaryFailure {
  const byEndpoint = [...settled].sort((a, b) => a.index - b.index).map((s) => s.outcome);
  const reached = byEndpoint.filter((a): a is Reached => a.ok);
  const chosen = reached.find((a) => a.role.writable) ?? reached[0];
  if (chosen) {
    for (const other of reached) if (other !== chosen) void other.session.close();
    return chosen;
  }
  const failures = byEndpoint as CanaryFailure[];
  const depth = (f: CanaryFailure) => STAGE_DEPTH[f.stage];
  return failures.reduce((best, f) => (depth(f) > depth(best) ? f : best));
}

/** How far into a probe each step is: the failure that got furthest says most about the cluster. */
const STAGE_DEPTH: Readonly<Record<Stage, number>> = { config: 0, secret: 1, connect: 2, query: 3, commit: 4 };

/** The attempt that got furthest, the first one listed on a tie. */
const furthest = (attempts: AttemptState[]): AttemptState => attempts.reduce((best, a) => (STAGE_DEPTH[a.stage] > STAGE_DEPTH[best.stage] ? a : best));

/** Closes a connection reached after the choice was made. */
function release(run: RunState, outcome: Attempt): void {
  if (!outcome.ok) return;
  run.sessions.delete(outcome.session);
  void outcome.session.close();
}

/**
 * The heartbeat commit. A commit that returns only after the statement timeout counts as blocked: a
 * server may cancel the wait and still commit (PostgreSQL does for synchronous replication), which
 * is exactly what a primary that blocks commits (rds.global_db_rpo) looks like from outside.
 */
async function commitHeartbeat(deps: CanaryDeps, config: CanaryConfig, session: DatabaseSession, run: RunState): Promise<CommitResult> {
  const started = deps.now();
  let heartbeat: HeartbeatRow;
  try {
    heartbeat = await session.writeHeartbeat(config.region);
  } catch (error) {
    const { cause, message, error: summary } = describe(deps, config, run, error);
    return { ok: false, cause, message, error: summary };
  }
  const latencyMs = deps.now() - started;
  if (latencyMs < config.timeoutMs) return { ok: true, heartbeat, latencyMs };
  const { cause, message, error } = describe(deps, config, run, new CanaryError('timeout', `the commit returned only after ${Math.round(latencyMs)} ms`));
  return { ok: false, cause, message, error };
}

async function fetchSecret(deps: CanaryDeps, config: CanaryConfig, forceFetch: boolean): Promise<DatabaseSecret> {
  const secret = parseSecret(await deps.readSecret(config.secretArn, { forceFetch, timeoutMs: config.timeoutMs }));
  if (typeof secret === 'string') throw new CanaryError('secret-invalid', secret);
  return secret;
}

function optionsFor(config: CanaryConfig, secret: DatabaseSecret, driver: DatabaseDriver, host: string) {
  const options = connectOptions(config, secret, driver.defaultPort, host);
  if (typeof options === 'string') throw new CanaryError('misconfigured', options);
  return options;
}
