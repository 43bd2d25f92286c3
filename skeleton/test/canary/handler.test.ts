// The canary's decisions, with a fake driver and a fake secret reader: what each outcome is, that
// the connection is always closed, that the run never throws, and which metrics and log line each
// outcome produces. The real drivers, the real handler and the bundle are tested against a real
// database in driver.test.ts.
import { PUBLISH_RESERVE_MS, runCanary, type CanaryDeps, type CanaryFailure, type CanaryOutcome } from '../../lambda/canary/canary';
import { canaryResult } from '../../lambda/canary/result';
import { METRIC, report, type LogSink, type MetricsSink } from '../../lambda/canary/report';
import type { ConnectOptions, DatabaseDriver, DatabaseSession, GlobalLag, Heartbeat, HeartbeatRow, Role } from '../../lambda/canary/types';

const ENV = {
  AWS_REGION: 'us-east-1',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf',
  DB_HOST: 'db.cluster-abc.us-east-1.rds.amazonaws.com',
  DB_PORT: '5432',
  DB_NAME: 'app',
  DB_ENGINE: 'aurora-postgresql',
  CONNECT_TIMEOUT_MS: '2000',
  PEER_HOST: 'primary.cluster-abc.us-east-1.rds.amazonaws.com',
};
const SECRET = { username: 'admin', password: 'right' };
const TARGET = `${ENV.DB_HOST}:5432/app`;

interface FakeSessionBehaviour {
  role?: () => Promise<Role>;
  heartbeat?: Heartbeat;
  heartbeats?: HeartbeatRow[];
  globalLag?: GlobalLag | Error;
  writeHeartbeat?: () => Promise<void>;
}

/** A heartbeat's commit time as the drivers return it: ISO 8601 with microseconds. */
const isoMicros = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
const WRITTEN_AT = isoMicros(Date.UTC(2026, 11, 1, 10));

type FakeBehaviour = FakeSessionBehaviour & { connect?: (options: ConnectOptions) => Promise<void> };

/**
 * A driver whose connect and session do what the test says, and which records what happened. With
 * `hosts`, each endpoint behaves as its entry says (over the shared behaviour) and every event after
 * the connect names the endpoint it happened on.
 */
function fakeDriver(shared: FakeBehaviour & { hosts?: Record<string, FakeBehaviour> } = {}) {
  const events: string[] = [];
  const driver: DatabaseDriver = {
    engine: 'aurora-postgresql',
    defaultPort: 5432,
    failureCause: (error) => ((error as { code?: string }).code === '28P01' ? 'authentication' : undefined),
    async connect(options) {
      events.push(`connect ${options.user}:${options.password}@${options.host}:${options.port}/${options.database} ${options.timeoutMs}ms tls=${options.tls}`);
      const behaviour: FakeBehaviour = { ...shared, ...shared.hosts?.[options.host] };
      const push = (event: string) => events.push(shared.hosts ? `${event} @${options.host}` : event);
      await behaviour.connect?.(options);
      const session: DatabaseSession = {
        role: async () => {
          push('role');
          return (behaviour.role ?? (async () => ({ writable: true })))();
        },
        writeHeartbeat: async (region) => {
          push(`write ${region}`);
          await behaviour.writeHeartbeat?.();
          return { region, writtenAt: WRITTEN_AT };
        },
        readHeartbeat: async () => {
          push('read');
          return behaviour.heartbeat;
        },
        readHeartbeats: async () => {
          push('read all');
          return behaviour.heartbeats ?? [];
        },
        readGlobalLag: async (region) => {
          push(`global lag ${region}`);
          if (behaviour.globalLag instanceof Error) throw behaviour.globalLag;
          return behaviour.globalLag;
        },
        close: async () => {
          push('close');
        },
      };
      return session;
    },
  };
  return { driver, events };
}

const authError = () => Object.assign(new Error('password authentication failed for user "admin"'), { code: '28P01' });

function deps(driver: DatabaseDriver, overrides: Partial<CanaryDeps> = {}): CanaryDeps & { secretReads: string[] } {
  const secretReads: string[] = [];
  let clock = 0;
  return {
    env: ENV,
    driver,
    readSecret: async (arn, { forceFetch, timeoutMs }) => {
      secretReads.push(`${arn} forceFetch=${forceFetch} ${timeoutMs}ms`);
      return SECRET;
    },
    // Each reading of the clock is 4 ms after the last.
    now: () => (clock += 4),
    remainingMs: () => 30_000,
    secretReads,
    ...overrides,
  };
}

describe('runCanary', () => {
  it('writable connection: commits the heartbeat, measures the role query and the commit, closes', async () => {
    const { driver, events } = fakeDriver();
    const d = deps(driver);
    expect(await runCanary(d)).toEqual({
      ok: true, region: 'us-east-1', target: TARGET, writable: true, queryLatencyMs: 4,
      commit: { ok: true, heartbeat: { region: 'us-east-1', writtenAt: WRITTEN_AT }, latencyMs: 4 },
    });
    expect(events).toEqual([`connect admin:right@${ENV.DB_HOST}:5432/app 2000ms tls=verify`, 'role', 'write us-east-1', 'close']);
    expect(d.secretReads).toEqual([`${ENV.DB_SECRET_ARN} forceFetch=false 2000ms`]);
  });

  it('read-only connection: reads the heartbeat instead of writing it', async () => {
    const heartbeat = { region: 'us-east-1', writtenAt: WRITTEN_AT, ageSeconds: 1.25 };
    const { driver, events } = fakeDriver({ role: async () => ({ writable: false, readOnlyBecause: 'pg_is_in_recovery() is true' }), heartbeat });
    expect(await runCanary(deps(driver, { env: { ...ENV, AWS_REGION: 'eu-west-1' } }))).toEqual({
      ok: true,
      region: 'eu-west-1',
      target: TARGET,
      writable: false,
      readOnlyBecause: 'pg_is_in_recovery() is true',
      queryLatencyMs: 4,
      heartbeat,
    });
    expect(events.slice(1)).toEqual(['role', 'read', 'close']);
  });

  it('read-only connection without a heartbeat yet: succeeds without one', async () => {
    const { driver } = fakeDriver({ role: async () => ({ writable: false, readOnlyBecause: 'transaction_read_only is on' }) });
    const outcome = await runCanary(deps(driver));
    expect(outcome).toMatchObject({ ok: true, writable: false });
    expect(outcome).not.toHaveProperty('heartbeat');
  });

  it('bad environment: fails as misconfigured before reading any secret', async () => {
    const { driver, events } = fakeDriver();
    const d = deps(driver, { env: { ...ENV, DB_HOST: undefined, DB_ENGINE: 'aurora-mysql' } });
    expect(await runCanary(d)).toEqual({
      ok: false,
      cause: 'misconfigured',
      stage: 'config',
      target: '(DB_HOST not set)',
      message: `the function's environment is incomplete or invalid: DB_HOST is not set; DB_ENGINE is "aurora-mysql" but this function was built with the aurora-postgresql driver`,
    });
    expect(d.secretReads).toEqual([]);
    expect(events).toEqual([]);
    expect(await runCanary(deps(driver, { env: { ...ENV, DB_PORT: 'x' } }))).toMatchObject({ cause: 'misconfigured', target: ENV.DB_HOST });
  });

  it('secret that cannot be read: fails at the secret stage with the classified cause', async () => {
    const { driver, events } = fakeDriver();
    const notFound = Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' });
    const outcome = await runCanary(deps(driver, { readSecret: async () => Promise.reject(new Error('wrapped', { cause: notFound })) }));
    expect(outcome).toMatchObject({ ok: false, cause: 'secret-not-found', stage: 'secret', target: `${ENV.DB_HOST}:5432/app` });
    expect(events).toEqual([]);
  });

  it('secret without a password: fails as secret-invalid', async () => {
    const { driver } = fakeDriver();
    expect(await runCanary(deps(driver, { readSecret: async () => ({ username: 'admin' }) }))).toMatchObject({
      ok: false,
      cause: 'secret-invalid',
      stage: 'secret',
      message: `secret ${ENV.DB_SECRET_ARN} is not a JSON object with string username and password: password is missing or not a string`,
      error: { name: 'CanaryError', message: 'password is missing or not a string' },
    });
  });

  it('no database name anywhere: fails as misconfigured at the connect stage', async () => {
    const { driver, events } = fakeDriver();
    const { DB_NAME: _name, ...env } = ENV;
    expect(await runCanary(deps(driver, { env }))).toMatchObject({
      ok: false,
      cause: 'misconfigured',
      stage: 'connect',
      target: `${ENV.DB_HOST}:5432`,
      message: "the function's environment is incomplete or invalid: no database name: set DB_NAME or put dbname in the secret",
    });
    expect(events).toEqual([]);
  });

  it('connection refused: fails at the connect stage, naming target and user', async () => {
    const { driver } = fakeDriver({ connect: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) });
    const d = deps(driver);
    expect(await runCanary(d)).toEqual({
      ok: false,
      cause: 'connection-refused',
      stage: 'connect',
      target: TARGET,
      message: `${TARGET} refused the connection: nothing listens there; wrong DB_PORT, or the database is down or restarting (connect ECONNREFUSED)`,
      error: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
    });
    // Only a rejected login makes the run read the secret again.
    expect(d.secretReads).toHaveLength(1);
  });

  it('wrong password: reads the secret afresh once, and fails when it has not changed', async () => {
    const { driver, events } = fakeDriver({ connect: async () => Promise.reject(authError()) });
    const d = deps(driver);
    expect(await runCanary(d)).toMatchObject({ ok: false, cause: 'authentication', stage: 'connect', message: expect.stringContaining('rejected user admin') });
    expect(d.secretReads).toEqual([`${ENV.DB_SECRET_ARN} forceFetch=false 2000ms`, `${ENV.DB_SECRET_ARN} forceFetch=true 2000ms`]);
    expect(events.filter((e) => e.startsWith('connect'))).toHaveLength(1);
  });

  it('password changed since the secret was cached: retries with the fresh secret and succeeds', async () => {
    const { driver, events } = fakeDriver({
      connect: async (options) => (options.password === 'right' ? undefined : Promise.reject(authError())),
    });
    const values = [{ username: 'admin', password: 'old' }, SECRET];
    const outcome = await runCanary(deps(driver, { readSecret: async () => values.shift() }));
    expect(outcome).toMatchObject({ ok: true, writable: true });
    expect(events.filter((e) => e.startsWith('connect'))).toEqual([
      `connect admin:old@${ENV.DB_HOST}:5432/app 2000ms tls=verify`,
      `connect admin:right@${ENV.DB_HOST}:5432/app 2000ms tls=verify`,
    ]);
  });

  it('user name changed in the secret: retries too', async () => {
    const { driver } = fakeDriver({ connect: async (options) => (options.user === 'admin' ? undefined : Promise.reject(authError())) });
    const values = [{ username: 'old-admin', password: 'right' }, SECRET];
    expect(await runCanary(deps(driver, { readSecret: async () => values.shift() }))).toMatchObject({ ok: true });
  });

  it('secret unreadable on the fresh read: reports the secret failure', async () => {
    const { driver } = fakeDriver({ connect: async () => Promise.reject(authError()) });
    const values: Array<() => Promise<unknown>> = [async () => SECRET, async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }))];
    expect(await runCanary(deps(driver, { readSecret: () => values.shift()!() }))).toMatchObject({ ok: false, cause: 'secret-access-denied', stage: 'secret' });
  });

  it('a commit that fails: the writer is still reachable, the commit failure is reported apart, the connection closed', async () => {
    const { driver, events } = fakeDriver({ writeHeartbeat: async () => Promise.reject(new Error('permission denied for schema public')) });
    expect(await runCanary(deps(driver))).toMatchObject({
      ok: true,
      writable: true,
      commit: { ok: false, cause: 'database-error', message: `the commit step on ${TARGET} failed: permission denied for schema public`, error: { message: 'permission denied for schema public' } },
    });
    expect(events.filter((e) => e === 'close')).toHaveLength(1);
  });

  it('a commit that returns only after the timeout counts as blocked (a cancelled wait that still committed)', async () => {
    const { driver } = fakeDriver();
    let clock = 0;
    // The role query takes 1 ms, the commit the whole 2000 ms timeout.
    const steps = [0, 1, 1, 2001];
    const outcome = await runCanary(deps(driver, { now: () => steps.shift() ?? (clock += 1) }));
    expect(outcome).toMatchObject({ ok: true, writable: true, commit: { ok: false, cause: 'timeout', message: expect.stringMatching(/^the heartbeat commit on .* did not finish within 2000 ms: the writer answers but commits are blocked .*the commit returned only after 2000 ms/) } });
  });

  it('the Lambda deadline during the commit: reachable, the commit timed out', async () => {
    const { driver, events } = fakeDriver({ writeHeartbeat: () => new Promise<void>(() => undefined) });
    const outcome = await runCanary(deps(driver, { remainingMs: () => PUBLISH_RESERVE_MS + 50 }));
    expect(outcome).toMatchObject({ ok: true, writable: true, commit: { ok: false, cause: 'timeout', error: { name: 'TimeoutError' } } });
    expect(events.slice(-1)).toEqual(['close']);
  });

  it('with detail: a writer also reads every region\'s heartbeat; a reader also Aurora\'s lag figure for its region', async () => {
    const heartbeats = [{ region: 'eu-west-1', writtenAt: isoMicros(Date.UTC(2026, 10, 30, 9)) }, { region: 'us-east-1', writtenAt: WRITTEN_AT }];
    const writer = fakeDriver({ heartbeats });
    expect(await runCanary(deps(writer.driver), { target: 'own', detail: true })).toMatchObject({ ok: true, writable: true, heartbeats, commit: { ok: true } });
    const globalLag = { rpoLagMs: 1200, calculatedSecondsAgo: 2 };
    const reader = fakeDriver({ role: async () => ({ writable: false, readOnlyBecause: 'pg_is_in_recovery() is true' }), heartbeats, globalLag });
    expect(await runCanary(deps(reader.driver, { env: { ...ENV, AWS_REGION: 'eu-west-1' } }), { target: 'own', detail: true })).toMatchObject({ writable: false, heartbeats, globalLag });
    expect(reader.events).toContain('global lag eu-west-1');
    const noLag = fakeDriver({ role: async () => ({ writable: false, readOnlyBecause: 'x' }) });
    expect(await runCanary(deps(noLag.driver), { target: 'own', detail: true })).not.toHaveProperty('globalLag');
    // Aurora's function failing (or timing out) costs the figure only, not the probe.
    const lagFails = fakeDriver({ role: async () => ({ writable: false, readOnlyBecause: 'x' }), heartbeats, globalLag: Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }) });
    const result = await runCanary(deps(lagFails.driver), { target: 'own', detail: true });
    expect(result).toMatchObject({ ok: true, writable: false, heartbeats });
    expect(result).not.toHaveProperty('globalLag');
    expect(lagFails.events.at(-1)).toBe('close');
  });

  it('the peer: connects to PEER_HOST, runs the role query only', async () => {
    const { driver, events } = fakeDriver();
    expect(await runCanary(deps(driver), { target: 'peer' })).toEqual({
      ok: true, region: 'us-east-1', target: `${ENV.PEER_HOST}:5432/app`, writable: true, queryLatencyMs: 4,
    });
    expect(events).toEqual([`connect admin:right@${ENV.PEER_HOST}:5432/app 2000ms tls=verify`, 'role', 'close']);
  });

  it('the peer unreachable: a failure naming the peer', async () => {
    const { driver } = fakeDriver({ connect: async () => Promise.reject(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })) });
    expect(await runCanary(deps(driver), { target: 'peer' })).toMatchObject({ ok: false, cause: 'timeout', target: `${ENV.PEER_HOST}:5432/app`, message: expect.stringContaining(`no answer from ${ENV.PEER_HOST}`) });
  });

  it('the peer without PEER_HOST: misconfigured, nothing read', async () => {
    const { driver, events } = fakeDriver();
    const { PEER_HOST: _peer, ...env } = ENV;
    expect(await runCanary(deps(driver, { env }), { target: 'peer' })).toMatchObject({ ok: false, cause: 'misconfigured', message: expect.stringContaining('PEER_HOST is not set') });
    expect(events).toEqual([]);
  });

  it('something thrown that is not an Error: still a failure, never a throw', async () => {
    const { driver } = fakeDriver({ role: async () => Promise.reject('a string') });
    expect(await runCanary(deps(driver))).toMatchObject({ ok: false, cause: 'database-error', message: `the query step on ${TARGET} failed: a string` });
  });

  describe('the Lambda deadline', () => {
    it('a query still running near the timeout: reports a timeout and closes the connection', async () => {
      const { driver, events } = fakeDriver({ role: () => new Promise<Role>(() => undefined) });
      const outcome = await runCanary(deps(driver, { remainingMs: () => PUBLISH_RESERVE_MS + 50 }));
      expect(outcome).toMatchObject({
        ok: false,
        cause: 'timeout',
        stage: 'query',
        error: { name: 'TimeoutError', code: 'ETIMEDOUT', message: 'stopped after 50 ms to publish the result before the Lambda timeout' },
      });
      expect(events.slice(-2)).toEqual(['role', 'close']);
    });

    it('a secret read still running: reports Secrets Manager as unreachable', async () => {
      const { driver } = fakeDriver();
      const outcome = await runCanary(deps(driver, { readSecret: () => new Promise(() => undefined), remainingMs: () => 10 }));
      expect(outcome).toMatchObject({ ok: false, cause: 'secret-unreachable', stage: 'secret' });
    });

    it('a connection that opens only after the deadline: is closed and used for nothing', async () => {
      let open: () => void = () => undefined;
      const { driver, events } = fakeDriver({ connect: () => new Promise<void>((resolve) => (open = resolve)) });
      expect(await runCanary(deps(driver, { remainingMs: () => PUBLISH_RESERVE_MS + 20 }))).toMatchObject({ ok: false, cause: 'timeout', stage: 'connect' });
      open();
      await new Promise((resolve) => setImmediate(resolve));
      expect(events.slice(1)).toEqual(['close']);
    });
  });
});

describe('runCanary on a cluster\'s two endpoints (DB_HOST and DB_READER_HOST)', () => {
  const WRITER = ENV.DB_HOST;
  const READER = 'db.cluster-ro-abc.us-east-1.rds.amazonaws.com';
  const env = { ...ENV, DB_READER_HOST: READER };
  const readOnly = async (): Promise<Role> => ({ writable: false, readOnlyBecause: 'pg_is_in_recovery() is true' });
  const refused = async () => Promise.reject(Object.assign(new Error(`connect ECONNREFUSED`), { code: 'ECONNREFUSED' }));
  const heartbeat = { region: 'eu-west-1', writtenAt: WRITTEN_AT, ageSeconds: 0.5 };
  const connectTo = (host: string) => `connect admin:right@${host}:5432/app 2000ms tls=verify`;

  it('the writer (a promoted cluster with replicas): commits through the cluster endpoint, closes both connections, reads the secret once', async () => {
    const { driver, events } = fakeDriver({ hosts: { [READER]: { role: readOnly } } });
    const d = deps(driver, { env });
    expect(await runCanary(d)).toMatchObject({ ok: true, writable: true, target: `${WRITER}:5432/app`, commit: { ok: true } });
    expect(events).toEqual(expect.arrayContaining([connectTo(WRITER), connectTo(READER), `write us-east-1 @${WRITER}`, `close @${WRITER}`, `close @${READER}`]));
    expect(events.filter((e) => e.startsWith('write'))).toHaveLength(1);
    expect(d.secretReads).toHaveLength(1);
  });

  it('the writer whose reader endpoint is the writer too (one instance): one heartbeat, on whichever is writable', async () => {
    const { driver, events } = fakeDriver({ hosts: { [READER]: {} } });
    expect(await runCanary(deps(driver, { env }))).toMatchObject({ ok: true, writable: true, commit: { ok: true } });
    expect(events.filter((e) => e.startsWith('write'))).toEqual([`write us-east-1 @${WRITER}`]);
  });

  it('a demoted cluster (a secondary after a switchover): its cluster endpoint takes no connection, the reader endpoint reads the heartbeat', async () => {
    const { driver, events } = fakeDriver({ hosts: { [WRITER]: { connect: refused }, [READER]: { role: readOnly, heartbeat } } });
    expect(await runCanary(deps(driver, { env }), { target: 'own', detail: true })).toMatchObject({
      ok: true, writable: false, target: `${READER}:5432/app`, heartbeat, heartbeats: [],
    });
    expect(events).toContain(`global lag us-east-1 @${READER}`);
    expect(events.at(-1)).toBe(`close @${READER}`);
  });

  it('a demoted cluster whose cluster endpoint still reaches a read-only instance: read-only, the heartbeat read once', async () => {
    const { driver, events } = fakeDriver({ role: readOnly, heartbeat, hosts: { [WRITER]: {}, [READER]: {} } });
    expect(await runCanary(deps(driver, { env }))).toMatchObject({ ok: true, writable: false, target: `${WRITER}:5432/app`, heartbeat });
    expect(events.filter((e) => e.startsWith('read'))).toEqual([`read @${WRITER}`]);
    expect(events.filter((e) => e.startsWith('close')).sort()).toEqual([`close @${WRITER}`, `close @${READER}`]);
  });

  it('the promoted cluster\'s writer found first: used at once, without waiting for the reader endpoint, which is closed when it opens', async () => {
    let open: () => void = () => undefined;
    const { driver, events } = fakeDriver({ hosts: { [READER]: { role: readOnly, connect: () => new Promise<void>((resolve) => (open = resolve)) } } });
    expect(await runCanary(deps(driver, { env }))).toMatchObject({ ok: true, writable: true, commit: { ok: true } });
    expect(events).not.toContain(`close @${READER}`);
    open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toContain(`role @${READER}`);
    expect(events.at(-1)).toBe(`close @${READER}`);
  });

  it('the writer behind the reader endpoint: a read-only cluster endpoint does not hide it', async () => {
    const { driver } = fakeDriver({ hosts: { [WRITER]: { role: readOnly }, [READER]: {} } });
    expect(await runCanary(deps(driver, { env }))).toMatchObject({ ok: true, writable: true, target: `${READER}:5432/app` });
  });

  it('neither endpoint answers: the failure that got furthest, naming its endpoint; on a tie the cluster endpoint\'s', async () => {
    const queryFails = fakeDriver({ hosts: { [WRITER]: { connect: refused }, [READER]: { role: async () => Promise.reject(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })) } } });
    queryFails.driver.failureCause = (error) => ((error as { code?: string }).code === '57014' ? 'timeout' : undefined);
    expect(await runCanary(deps(queryFails.driver, { env }))).toMatchObject({ ok: false, cause: 'timeout', stage: 'query', target: `${READER}:5432/app` });
    const bothRefused = fakeDriver({ connect: refused, hosts: { [WRITER]: {}, [READER]: {} } });
    expect(await runCanary(deps(bothRefused.driver, { env }))).toMatchObject({ ok: false, cause: 'connection-refused', stage: 'connect', target: `${WRITER}:5432/app` });
  });

  it('a login both endpoints reject: the secret read afresh once for both', async () => {
    const { driver } = fakeDriver({ connect: async () => Promise.reject(authError()), hosts: { [WRITER]: {}, [READER]: {} } });
    const d = deps(driver, { env });
    expect(await runCanary(d)).toMatchObject({ ok: false, cause: 'authentication' });
    expect(d.secretReads).toEqual([`${ENV.DB_SECRET_ARN} forceFetch=false 2000ms`, `${ENV.DB_SECRET_ARN} forceFetch=true 2000ms`]);
  });

  it('the Lambda deadline while the endpoints are tried: the attempt that got furthest, every connection closed', async () => {
    const { driver, events } = fakeDriver({ hosts: { [WRITER]: { connect: () => new Promise<void>(() => undefined) }, [READER]: { role: () => new Promise<Role>(() => undefined) } } });
    expect(await runCanary(deps(driver, { env, remainingMs: () => PUBLISH_RESERVE_MS + 50 }))).toMatchObject({ ok: false, cause: 'timeout', stage: 'query', target: `${READER}:5432/app` });
    expect(events.at(-1)).toBe(`close @${READER}`);
  });

  it('the Lambda deadline with the cluster endpoint further on than the reader endpoint: the cluster endpoint\'s step is reported', async () => {
    const { driver } = fakeDriver({ hosts: { [WRITER]: { role: () => new Promise<Role>(() => undefined) }, [READER]: { connect: () => new Promise<void>(() => undefined) } } });
    expect(await runCanary(deps(driver, { env, remainingMs: () => PUBLISH_RESERVE_MS + 50 }))).toMatchObject({ ok: false, cause: 'timeout', stage: 'query', target: `${WRITER}:5432/app` });
  });

  it('the writer found first and the reader endpoint failing afterwards: the writer\'s result, the late failure ignored', async () => {
    let fail: () => void = () => undefined;
    const { driver } = fakeDriver({ hosts: { [READER]: { connect: () => new Promise<void>((_, reject) => (fail = () => reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))) } } });
    expect(await runCanary(deps(driver, { env }))).toMatchObject({ ok: true, writable: true, commit: { ok: true } });
    fail();
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('DB_READER_HOST equal to DB_HOST: one connection', async () => {
    const { driver, events } = fakeDriver();
    expect(await runCanary(deps(driver, { env: { ...ENV, DB_READER_HOST: WRITER } }))).toMatchObject({ ok: true, writable: true });
    expect(events.filter((e) => e.startsWith('connect'))).toEqual([connectTo(WRITER)]);
  });
});

describe('canaryResult: the peer as the orchestrator reads it', () => {
  const own: CanaryOutcome = { ok: true, region: 'eu-west-1', target: 'reader:5432/app', writable: false, queryLatencyMs: 1 };
  const failed = (stage: CanaryFailure['stage'], cause: CanaryFailure['cause']): CanaryFailure => ({ ok: false, stage, cause, target: 'writer:5432/app', message: `${cause} at ${stage}` });

  it.each([
    ['connect', 'dns'], ['connect', 'connection-refused'], ['connect', 'network-unreachable'], ['connect', 'timeout'], ['connect', 'connection-lost'],
  ] as const)('no connection (%s, %s): unreachable, with the cause', (stage, cause) => {
    expect(canaryResult(own, failed(stage, cause)).peer).toEqual({ reachable: false, cause, message: `${cause} at ${stage}` });
  });

  it.each([
    ['connect', 'authentication'], ['connect', 'database-unavailable'], ['connect', 'tls'], ['connect', 'database-not-found'], ['connect', 'database-error'],
    ['query', 'timeout'], ['query', 'connection-lost'], ['query', 'database-error'], ['secret', 'secret-unreachable'],
  ] as const)('an answer from the server, or no attempt at all (%s, %s): reachable, the error said, no outage', (stage, cause) => {
    expect(canaryResult(own, failed(stage, cause)).peer).toEqual({ reachable: true, cause, message: `${cause} at ${stage}` });
  });

  it('a peer that answered the role query: reachable, with its role', () => {
    expect(canaryResult(own, { ...own, writable: true }).peer).toEqual({ reachable: true, writable: true });
  });
});

describe('report', () => {
  function sinks() {
    const metrics: Array<[string, string, number]> = [];
    const logs: Array<[string, string, Record<string, unknown>]> = [];
    const metricsSink: MetricsSink = { addMetric: (name, unit, value) => metrics.push([name, unit, value]) };
    const log = (level: string) => (message: string, extra: Record<string, unknown>) => void logs.push([level, message, extra]);
    const logSink: LogSink = { info: log('info'), warn: log('warn'), error: log('error') };
    return { metrics, logs, metricsSink, logSink };
  }
  const run = (outcome: CanaryOutcome) => {
    const s = sinks();
    report(outcome, s.metricsSink, s.logSink);
    return s;
  };

  it('writer: reachable 1, latency, IsWriter 1, heartbeat committed 1 and its latency; one info line', () => {
    const { metrics, logs } = run({ ok: true, region: 'us-east-1', target: TARGET, writable: true, queryLatencyMs: 3.14159, commit: { ok: true, heartbeat: { region: 'us-east-1', writtenAt: WRITTEN_AT }, latencyMs: 7.77 } });
    expect(metrics).toEqual([
      [METRIC.reachable, 'Count', 1],
      [METRIC.queryLatency, 'Milliseconds', 3.1],
      [METRIC.isWriter, 'Count', 1],
      [METRIC.heartbeatCommitted, 'Count', 1],
      [METRIC.commitLatency, 'Milliseconds', 7.8],
    ]);
    expect(logs).toEqual([
      ['info', `canary ok: ${TARGET} is writable, heartbeat committed in 7.8 ms (role query 3.1 ms)`, { target: TARGET, region: 'us-east-1', writable: true, queryLatencyMs: 3.1, commitLatencyMs: 7.8, writtenAt: WRITTEN_AT }],
    ]);
  });

  it('writer that answers but cannot commit: reachable 1, heartbeat committed 0; one error line saying so', () => {
    const { metrics, logs } = run({ ok: true, region: 'us-east-1', target: TARGET, writable: true, queryLatencyMs: 1, commit: { ok: false, cause: 'timeout', message: 'MESSAGE', error: { name: 'Error', message: 'Query read timeout' } } });
    expect(metrics).toEqual([[METRIC.reachable, 'Count', 1], [METRIC.queryLatency, 'Milliseconds', 1], [METRIC.isWriter, 'Count', 1], [METRIC.heartbeatCommitted, 'Count', 0]]);
    expect(logs).toEqual([['error', `canary: ${TARGET} answers, but the heartbeat commit failed (timeout): MESSAGE`, expect.objectContaining({ commitCause: 'timeout', error: { name: 'Error', message: 'Query read timeout' } })]]);
  });

  it('reader with a heartbeat: IsWriter 0 and the replication delay in seconds', () => {
    const { metrics, logs } = run({
      ok: true,
      region: 'eu-west-1',
      target: TARGET,
      writable: false,
      readOnlyBecause: 'pg_is_in_recovery() is true',
      queryLatencyMs: 12,
      heartbeat: { region: 'us-east-1', writtenAt: WRITTEN_AT, ageSeconds: 2.34567 },
    });
    expect(metrics).toEqual([
      [METRIC.reachable, 'Count', 1],
      [METRIC.queryLatency, 'Milliseconds', 12],
      [METRIC.isWriter, 'Count', 0],
      [METRIC.replicationDelay, 'Seconds', 2.346],
    ]);
    expect(logs).toHaveLength(1);
    expect(logs[0][0]).toBe('info');
    expect(logs[0][1]).toBe(`canary ok: ${TARGET} is read-only (pg_is_in_recovery() is true); the heartbeat written by us-east-1 is 2.346 s old (role query 12 ms)`);
    expect(logs[0][2]).toMatchObject({ heartbeatRegion: 'us-east-1', heartbeatAgeSeconds: 2.34567 });
  });

  it('reader whose clock runs a little behind the writer: the delay is 0, not negative', () => {
    const { metrics } = run({ ok: true, region: 'eu-west-1', target: TARGET, writable: false, queryLatencyMs: 1, heartbeat: { region: 'us-east-1', writtenAt: WRITTEN_AT, ageSeconds: -0.02 } });
    expect(metrics).toContainEqual([METRIC.replicationDelay, 'Seconds', 0]);
  });

  it('reader without a heartbeat: no delay metric, one warning that says why', () => {
    const { metrics, logs } = run({ ok: true, region: 'eu-west-1', target: TARGET, writable: false, readOnlyBecause: 'read_only is ON', queryLatencyMs: 1 });
    expect(metrics.map(([name]) => name)).toEqual([METRIC.reachable, METRIC.queryLatency, METRIC.isWriter]);
    expect(logs).toEqual([['warn', expect.stringContaining('is read-only (read_only is ON) but holds no heartbeat yet'), expect.objectContaining({ readOnlyBecause: 'read_only is ON' })]]);
  });

  it('failure: reachable 0 only; one error line naming cause, stage and target', () => {
    const { metrics, logs } = run({
      ok: false,
      cause: 'connection-refused',
      stage: 'connect',
      target: TARGET,
      message: 'MESSAGE',
      error: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
    });
    expect(metrics).toEqual([[METRIC.reachable, 'Count', 0]]);
    expect(logs).toEqual([
      [
        'error',
        'canary failed (connection-refused): MESSAGE',
        { cause: 'connection-refused', stage: 'connect', target: TARGET, error: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } },
      ],
    ]);
  });
});
