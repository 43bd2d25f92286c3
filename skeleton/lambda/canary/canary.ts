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
import type { DatabaseDriver, DatabaseSession, GlobalLag, Heartbeat, HeartbeatRow } from './types';

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

/** How far a run got, so a failure can say where it happened and the connection is always closed. */
interface RunState {
  stage: Exclude<Stage, 'config'>;
  host: string;
  secret?: DatabaseSecret;
  session?: DatabaseSession;
  /** Set once the role query answered: the database is reachable whatever happens after. */
  reached?: CanarySuccess;
  /** Set when the deadline passed: work still in flight must close what it opens and stop. */
  abandoned?: boolean;
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
 * One probe: read the config and the secret, connect, run the role query, then commit the heartbeat
 * (writer) or read it (reader). Reachability and the commit are reported apart: a writer that answers
 * but cannot commit is a success with a failed `commit`. Never throws: every failure comes back as a
 * `CanaryFailure` naming its cause, and the connection is closed in every case.
 */
export async function runCanary(deps: CanaryDeps, request: ProbeRequest = { target: 'own' }): Promise<CanaryOutcome> {
  const read = readConfig(deps.env, deps.driver.engine);
  if ('problems' in read) return misconfigured(deps.env.DB_HOST ?? '(DB_HOST not set)', read.problems.join('; '));
  const config = read.config;
  if (request.target === 'peer' && !config.peerHost) {
    return misconfigured(config.host, 'PEER_HOST is not set: only the secondary region\'s canary probes the primary writer');
  }
  const run: RunState = { stage: 'secret', host: request.target === 'peer' ? config.peerHost as string : config.host };
  try {
    return await withDeadline(probe(deps, config, run, request), Math.max(0, deps.remainingMs() - PUBLISH_RESERVE_MS));
  } catch (error) {
    // After the deadline, work may still be in flight: make it stop, and close the connection here
    // too, without waiting, so a server that no longer answers cannot hold up the result.
    run.abandoned = true;
    void run.session?.close();
    const failure = describe(deps, config, run, error);
    // The writer answered; only its commit did not finish.
    if (run.reached && run.stage === 'commit') return { ...run.reached, commit: { ok: false, cause: failure.cause, message: failure.message, error: failure.error } };
    return failure;
  }
}

/** The failure `error` at the run's stage, in the canary's words. */
function describe(deps: CanaryDeps, config: CanaryConfig, run: RunState, error: unknown): CanaryFailure & { error: ErrorSummary } {
  const cause = classifyError(run.stage, error, deps.driver.failureCause);
  const summary = summarizeError(error);
  const target = targetOf(config, deps.driver.defaultPort, run.secret, run.host);
  const message = describeFailure(cause, {
    stage: run.stage,
    region: config.region,
    secretArn: config.secretArn,
    target,
    host: run.host,
    database: config.database ?? run.secret?.dbname ?? '(none)',
    user: run.secret?.username ?? '(unknown)',
    timeoutMs: config.timeoutMs,
    detail: summary.message,
  });
  return { ok: false, cause, stage: run.stage, target, message, error: summary };
}

async function probe(deps: CanaryDeps, config: CanaryConfig, run: RunState, request: ProbeRequest): Promise<CanarySuccess> {
  const { driver } = deps;
  run.secret = await fetchSecret(deps, config, false);
  run.stage = 'connect';
  let session: DatabaseSession;
  try {
    session = await driver.connect(optionsFor(config, run.secret, driver, run.host));
  } catch (error) {
    // The cached secret may predate a password change: read it afresh once, and retry if it changed.
    if (classifyError('connect', error, driver.failureCause) !== 'authentication') throw error;
    run.stage = 'secret';
    const fresh = await fetchSecret(deps, config, true);
    run.stage = 'connect';
    if (fresh.username === run.secret.username && fresh.password === run.secret.password) throw error;
    run.secret = fresh;
    session = await driver.connect(optionsFor(config, fresh, driver, run.host));
  }
  run.session = session;
  try {
    if (run.abandoned) throw new CanaryError('timeout', 'connected only after the run had been given up');
    run.stage = 'query';
    const started = deps.now();
    const role = await session.role();
    const result: CanarySuccess = {
      ok: true,
      region: config.region,
      target: targetOf(config, driver.defaultPort, run.secret, run.host),
      writable: role.writable,
      queryLatencyMs: deps.now() - started,
      ...(role.writable ? {} : { readOnlyBecause: role.readOnlyBecause }),
    };
    run.reached = result;
    if (request.target === 'peer') return result;
    const detail = request.detail ? { heartbeats: await session.readHeartbeats() } : {};
    if (role.writable) {
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
    await session.close();
    run.session = undefined;
  }
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
