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
import type { DatabaseDriver, DatabaseSession, Heartbeat } from './types';

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

export interface CanarySuccess {
  readonly ok: true;
  readonly region: string;
  readonly target: string;
  readonly writable: boolean;
  /** Only for a read-only connection: why it is read-only. */
  readonly readOnlyBecause?: string;
  /** Round trip of the role query, in milliseconds. */
  readonly queryLatencyMs: number;
  /** Only for a read-only connection, when the writer has written a heartbeat. */
  readonly heartbeat?: Heartbeat;
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
  secret?: DatabaseSecret;
  session?: DatabaseSession;
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

/**
 * One canary run: read the config and the secret, connect, run the role query, then write the
 * heartbeat (writable connection) or read it (read-only connection). Never throws: every failure
 * comes back as a `CanaryFailure` naming its cause, and the connection is closed in every case.
 */
export async function runCanary(deps: CanaryDeps): Promise<CanaryOutcome> {
  const read = readConfig(deps.env, deps.driver.engine);
  if ('problems' in read) {
    const detail = read.problems.join('; ');
    return {
      ok: false,
      cause: 'misconfigured',
      stage: 'config',
      target: deps.env.DB_HOST ?? '(DB_HOST not set)',
      message: describeFailure('misconfigured', { stage: 'config', region: '', secretArn: '', target: '', host: '', database: '', user: '', timeoutMs: 0, detail }),
    };
  }
  const config = read.config;
  const run: RunState = { stage: 'secret' };
  try {
    return await withDeadline(probe(deps, config, run), Math.max(0, deps.remainingMs() - PUBLISH_RESERVE_MS));
  } catch (error) {
    // After the deadline, work may still be in flight: make it stop, and close the connection here
    // too, without waiting, so a server that no longer answers cannot hold up the result.
    run.abandoned = true;
    void run.session?.close();
    const cause = classifyError(run.stage, error, deps.driver.failureCause);
    const summary = summarizeError(error);
    const target = targetOf(config, deps.driver.defaultPort, run.secret);
    const message = describeFailure(cause, {
      stage: run.stage,
      region: config.region,
      secretArn: config.secretArn,
      target,
      host: config.host,
      database: config.database ?? run.secret?.dbname ?? '(none)',
      user: run.secret?.username ?? '(unknown)',
      timeoutMs: config.timeoutMs,
      detail: summary.message,
    });
    return { ok: false, cause, stage: run.stage, target, message, error: summary };
  }
}

async function probe(deps: CanaryDeps, config: CanaryConfig, run: RunState): Promise<CanarySuccess> {
  const { driver } = deps;
  run.secret = await fetchSecret(deps, config, false);
  run.stage = 'connect';
  let session: DatabaseSession;
  try {
    session = await driver.connect(optionsFor(config, run.secret, driver));
  } catch (error) {
    // The cached secret may predate a password change: read it afresh once, and retry if it changed.
    if (classifyError('connect', error, driver.failureCause) !== 'authentication') throw error;
    run.stage = 'secret';
    const fresh = await fetchSecret(deps, config, true);
    run.stage = 'connect';
    if (fresh.username === run.secret.username && fresh.password === run.secret.password) throw error;
    run.secret = fresh;
    session = await driver.connect(optionsFor(config, fresh, driver));
  }
  run.session = session;
  try {
    if (run.abandoned) throw new CanaryError('timeout', 'connected only after the run had been given up');
    run.stage = 'query';
    const started = deps.now();
    const role = await session.role();
    const result = {
      ok: true as const,
      region: config.region,
      target: targetOf(config, driver.defaultPort, run.secret),
      writable: role.writable,
      queryLatencyMs: deps.now() - started,
    };
    if (role.writable) {
      await session.writeHeartbeat(config.region);
      return result;
    }
    const heartbeat = await session.readHeartbeat();
    return { ...result, readOnlyBecause: role.readOnlyBecause, ...(heartbeat ? { heartbeat } : {}) };
  } finally {
    await session.close();
    run.session = undefined;
  }
}

async function fetchSecret(deps: CanaryDeps, config: CanaryConfig, forceFetch: boolean): Promise<DatabaseSecret> {
  const secret = parseSecret(await deps.readSecret(config.secretArn, { forceFetch, timeoutMs: config.timeoutMs }));
  if (typeof secret === 'string') throw new CanaryError('secret-invalid', secret);
  return secret;
}

function optionsFor(config: CanaryConfig, secret: DatabaseSecret, driver: DatabaseDriver) {
  const options = connectOptions(config, secret, driver.defaultPort);
  if (typeof options === 'string') throw new CanaryError('misconfigured', options);
  return options;
}
