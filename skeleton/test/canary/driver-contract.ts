// What the canary must do against a real database, whatever the engine: the driver on its own, then
// the whole handler (with a local stand-in for Secrets Manager, its metrics and log lines read from
// standard output), then the esbuild bundle that is deployed, invoked as the Lambda runtime does
// (test/helpers/lambda-runtime.ts). test/canary/driver.test.ts registers these tests with what differs
// per engine (the driver, its SQL and error codes, how a read-only connection comes about) and adds
// the engine's own. The database comes from TAP_DR_TEST_DATABASE_URL
// or is started by the jest global setup; see test/helpers/global-setup.ts.
import type { handler as Handler } from '../../lambda/canary/handler';
import { classifyError } from '../../lambda/canary/failure';
import type { ConnectOptions, DatabaseDriver, DatabaseSession, Engine } from '../../lambda/canary/types';
import { adminSession } from '../helpers/database';
import { databaseTestsSkipped, testDatabase, type AdminSession, type TestDatabase } from '../helpers/test-database';
import { describeBundle, resultOf } from '../helpers/lambda-runtime';
import { captureOutput, fakeSecretsManager, freePort, lambdaContext, silentServer, withEnv } from './support';

/** A database login other than the test database's admin user. */
export interface Login {
  readonly user: string;
  readonly password: string;
}

/** What `promise` rejected with, the cause the driver gives it, and the cause the canary reports. */
export interface Failure {
  readonly error: Error & { code?: string };
  readonly cause: string | undefined;
  readonly reported: string;
}

/** The test database and ways to use it, for the engine's own setup and tests (set in beforeAll). */
export interface CanaryTestContext {
  readonly db: TestDatabase;
  readonly admin: AdminSession;
  /** Connect options for the test database as its admin user, with `overrides`. */
  options(overrides?: Partial<ConnectOptions>): ConnectOptions;
  /** A driver session with `options(overrides)`, closed after the test. */
  open(overrides?: Partial<ConnectOptions>): Promise<DatabaseSession>;
  /**
   * The error `promise` rejects with, the cause the driver gives it, and the cause the canary reports
   * (the driver's, else the engine-neutral rules for Node network errors).
   */
  failure(promise: Promise<unknown>): Promise<Failure>;
}

/** What differs between the engines in the tests that both must pass. */
export interface EngineUnderTest {
  /** The outermost describe, naming the engine the tests run on. */
  readonly title: string;
  /** The driver module (lambda/canary/driver.ts). */
  readonly driver: DatabaseDriver;
  readonly engine: Engine;
  readonly defaultPort: number;
  /** An engine the function was not built for, to configure it wrongly with. */
  readonly otherEngine: Engine;
  /** The `engine` field of the database secret, as Secrets Manager holds it for RDS. */
  readonly secretEngine: string;
  /** The heartbeat table and the SQL expressions the tests read and age it with. */
  readonly heartbeat: {
    readonly table: string;
    /** Seconds from written_at to now, by the server clock. */
    readonly ageSeconds: string;
    /** A written_at seven seconds before now, by the server clock. */
    readonly sevenSecondsAgo: string;
  };
  /** How the tests get a read-only connection, as on a secondary cluster. */
  readonly readOnly: {
    /** What is read-only, for the test names: "read-only session", "read-only server". */
    readonly name: string;
    /** What role() gives as the reason. */
    readonly because: string;
    /** The login whose sessions are read-only; none when the server is made read-only instead. */
    readonly login?: Login;
    /** Runs `fn` while connections with `login` (or the admin's) are read-only. */
    during<T>(t: CanaryTestContext, fn: () => Promise<T>): Promise<T>;
  };
  /** A login that may connect to the test database but not read the heartbeat table. */
  readonly outsider: Login;
  /** A login the server turns away for too many connections while `during` runs (the server answers: no outage). */
  readonly crowded: {
    readonly login: Login;
    during<T>(t: CanaryTestContext, fn: () => Promise<T>): Promise<T>;
  };
  /**
   * A stand-in for Aurora's global-database status (aws-facts.ts GLOBAL_STATUS_SOURCE), which the test
   * servers lack: `install` makes the driver find one row per region, `remove` takes it away again.
   */
  readonly globalStatus: {
    install(t: CanaryTestContext, rows: ReadonlyArray<{ region: string; rpoLagMs: number; calculatedSecondsAgo: number; primary?: boolean }>): Promise<void>;
    remove(t: CanaryTestContext): Promise<void>;
  };
  /** Runs `fn` while another session holds a lock that makes heartbeat writes wait (a primary that cannot commit). */
  whileWritesBlocked<T>(t: CanaryTestContext, fn: () => Promise<T>): Promise<T>;
  /** Error codes the driver passes on from the server. */
  readonly errorCodes: {
    readonly wrongPassword: string;
    /** Reading a table without the right to. */
    readonly accessDenied: string;
    /** A query on a session the server ended. */
    readonly sessionEnded: string;
  };
  /** Ends every session of the driver's connections on the server, not the admin session. */
  endSessions(t: CanaryTestContext): Promise<void>;
  /** Makes the database as the tests expect it: no heartbeat table, the logins above. */
  setUp(t: CanaryTestContext): Promise<void>;
  /** Removes what setUp and the tests created. */
  tearDown(t: CanaryTestContext): Promise<void>;
  /** Registers the engine's own driver tests, after the shared ones (the heartbeat table exists then). */
  driverTests(t: CanaryTestContext): void;
}

/** Registers the canary's real-database tests for one engine. */
export function describeCanary(engine: EngineUnderTest): void {
  const { driver, heartbeat, readOnly } = engine;

  jest.setTimeout(30_000);

  // TAP_DR_SKIP_DATABASE_TESTS=1 skips them on purpose; the global setup prints the one-line notice.
  const describeDb = databaseTestsSkipped() ? describe.skip : describe;

  let db: TestDatabase;
  let admin: AdminSession;
  const sessions: DatabaseSession[] = [];

  const options = (overrides: Partial<ConnectOptions> = {}): ConnectOptions => ({
    host: db.host,
    port: db.port,
    database: db.database,
    user: db.user,
    password: db.password,
    timeoutMs: 2000,
    tls: 'off',
    ...overrides,
  });

  const t: CanaryTestContext = {
    get db() {
      return db;
    },
    get admin() {
      return admin;
    },
    options,
    async open(overrides = {}) {
      const session = await driver.connect(options(overrides));
      sessions.push(session);
      return session;
    },
    async failure(promise) {
      const error = await promise.then(
        () => {
          throw new Error('expected a failure');
        },
        (e: Error) => e,
      );
      return { error, cause: driver.failureCause(error), reported: classifyError('connect', error, driver.failureCause) };
    },
  };
  const { open, failure } = t;

  describeDb(engine.title, () => {
    beforeAll(async () => {
      db = testDatabase();
      admin = await adminSession(db.url);
      await engine.setUp(t);
    });

    afterEach(async () => {
      await Promise.all(sessions.splice(0).map((s) => s.close()));
    });

    afterAll(async () => {
      if (!admin) return;
      await engine.tearDown(t);
      await admin.close();
    });

    describe('the driver', () => {
      it('exports the engine and its default port', () => {
        expect(driver.engine).toBe(engine.engine);
        expect(driver.defaultPort).toBe(engine.defaultPort);
      });

      it(`${readOnly.name} before any heartbeat: no table yet, so no heartbeat`, async () => {
        await readOnly.during(t, async () => {
          const reader = await open(readOnly.login);
          expect(await reader.role()).toEqual({ writable: false, readOnlyBecause: readOnly.because });
          expect(await reader.readHeartbeat()).toBeUndefined();
        });
      });

      it('writable session on a database without the table: creates it on the first write, and says what it committed', async () => {
        const writer = await open();
        const row = await writer.writeHeartbeat('us-east-1');
        expect(row).toEqual({ region: 'us-east-1', writtenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/) });
        expect(Math.abs(Date.parse(row.writtenAt) - Date.now())).toBeLessThan(5000);
        expect(await admin.query(`SELECT region FROM ${heartbeat.table}`)).toEqual([{ region: 'us-east-1' }]);
      });

      it(`${readOnly.name} with an empty heartbeat table: no heartbeat, no rows`, async () => {
        await admin.query(`DELETE FROM ${heartbeat.table}`);
        await readOnly.during(t, async () => {
          const reader = await open(readOnly.login);
          expect(await reader.readHeartbeat()).toBeUndefined();
          expect(await reader.readHeartbeats()).toEqual([]);
        });
      });

      it('writable session: one row per writer region, each with the server time of its last commit', async () => {
        const writer = await open();
        expect(await writer.role()).toEqual({ writable: true });
        const first = await writer.writeHeartbeat('us-east-1');
        await writer.writeHeartbeat('us-west-2');
        const again = await writer.writeHeartbeat('us-east-1');
        expect(Date.parse(again.writtenAt)).toBeGreaterThanOrEqual(Date.parse(first.writtenAt));
        const rows = await admin.query<{ region: string; age: number }>(`SELECT region, ${heartbeat.ageSeconds} AS age FROM ${heartbeat.table} ORDER BY region`);
        expect(rows.map((r) => r.region)).toEqual(['us-east-1', 'us-west-2']);
        for (const { age } of rows) {
          expect(Number(age)).toBeGreaterThanOrEqual(0);
          expect(Number(age)).toBeLessThan(5);
        }
        expect(await writer.readHeartbeats()).toEqual([{ region: 'us-east-1', writtenAt: again.writtenAt }, { region: 'us-west-2', writtenAt: expect.any(String) }]);
      });

      it(`${readOnly.name}: reads the newest heartbeat and its age by the server clock`, async () => {
        await admin.query(`UPDATE ${heartbeat.table} SET written_at = ${heartbeat.sevenSecondsAgo} WHERE region = 'us-east-1'`);
        await admin.query(`DELETE FROM ${heartbeat.table} WHERE region = 'us-west-2'`);
        await readOnly.during(t, async () => {
          const reader = await open(readOnly.login);
          const read = await reader.readHeartbeat();
          expect(read?.region).toBe('us-east-1');
          expect(read?.ageSeconds).toBeGreaterThanOrEqual(7);
          expect(read?.ageSeconds).toBeLessThan(12);
          expect(Date.now() - Date.parse(read?.writtenAt as string)).toBeGreaterThanOrEqual(6000);
        });
      });

      it('Aurora\'s global-database status: this region\'s lag and its age; none for the primary\'s row, a region not listed, or no status at all', async () => {
        const session = await open();
        expect(await session.readGlobalLag('eu-west-1')).toBeUndefined();
        await engine.globalStatus.install(t, [
          { region: 'us-east-1', rpoLagMs: 0, calculatedSecondsAgo: 0, primary: true },
          { region: 'eu-west-1', rpoLagMs: 1090, calculatedSecondsAgo: 3 },
        ]);
        try {
          const lag = await session.readGlobalLag('eu-west-1');
          expect(lag?.rpoLagMs).toBe(1090);
          expect(lag?.calculatedSecondsAgo).toBeGreaterThanOrEqual(2.5);
          expect(lag?.calculatedSecondsAgo).toBeLessThan(10);
          expect(await session.readGlobalLag('us-east-1')).toBeUndefined();
          expect(await session.readGlobalLag('ap-south-1')).toBeUndefined();
        } finally {
          await engine.globalStatus.remove(t);
        }
      });

      it('a session without the right to read the table: the error is passed on', async () => {
        const outsider = await open(engine.outsider);
        const { error, cause } = await failure(outsider.readHeartbeat());
        expect(error.code).toBe(engine.errorCodes.accessDenied);
        expect(cause).toBeUndefined();
        expect((await failure(outsider.readHeartbeats())).error.code).toBe(engine.errorCodes.accessDenied);
      });

      it('close may be called twice', async () => {
        const session = await driver.connect(options());
        await session.close();
        await expect(session.close()).resolves.toBeUndefined();
      });

      it('wrong password: authentication', async () => {
        const { error, cause } = await failure(driver.connect(options({ password: 'wrong' })));
        expect(error.code).toBe(engine.errorCodes.wrongPassword);
        expect(cause).toBe('authentication');
      });

      it('unknown database: database-not-found', async () => {
        expect((await failure(driver.connect(options({ database: 'tap_dr_no_such_db' })))).cause).toBe('database-not-found');
      });

      it('nothing listening on the port: ECONNREFUSED, left to the network rules (connection-refused)', async () => {
        const { error, cause, reported } = await failure(driver.connect(options({ port: await freePort() })));
        expect(error.code).toBe('ECONNREFUSED');
        expect(cause).toBeUndefined();
        expect(reported).toBe('connection-refused');
      });

      it('a server that never answers: timeout after timeoutMs', async () => {
        const silent = await silentServer();
        try {
          const started = Date.now();
          const { reported } = await failure(driver.connect(options({ port: silent.port, timeoutMs: 300 })));
          expect(reported).toBe('timeout');
          expect(Date.now() - started).toBeLessThan(3000);
        } finally {
          await silent.close();
        }
      });

      it('TLS required but the server offers none: tls, never a plaintext fallback', async () => {
        expect((await failure(driver.connect(options({ tls: 'verify' })))).cause).toBe('tls');
      });

      it('a session the server ends between queries: the next query reports it (connection-lost)', async () => {
        const writer = await open();
        await writer.role();
        await engine.endSessions(t);
        // Give the client a moment to notice: the server's goodbye, or just the closed connection.
        await new Promise((resolve) => setTimeout(resolve, 200));
        const { error, cause } = await failure(writer.role());
        expect(error.code).toBe(engine.errorCodes.sessionEnded);
        expect(cause).toBe('connection-lost');
      });

      engine.driverTests(t);
    });

    describe('the handler, with Secrets Manager stood in for', () => {
      let handler: typeof Handler;
      let secretsManager: Awaited<ReturnType<typeof fakeSecretsManager>>;
      let env: Record<string, string | undefined>;
      const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:tap-dr-db';

      beforeAll(async () => {
        secretsManager = await fakeSecretsManager();
        env = {
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_SESSION_TOKEN: undefined,
          AWS_PROFILE: undefined,
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
          DB_SECRET_ARN: ARN,
          DB_HOST: db.host,
          DB_PORT: String(db.port),
          DB_NAME: db.database,
          DB_ENGINE: engine.engine,
          DB_TLS: 'off',
          CONNECT_TIMEOUT_MS: '1000',
          POWERTOOLS_SERVICE_NAME: 'tap-dr-canary-test',
          POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Canary',
          POWERTOOLS_DEV: undefined,
          POWERTOOLS_METRICS_DISABLED: undefined,
        };
        secretsManager.secrets.set(ARN, { username: db.user, password: db.password, engine: engine.secretEngine });
        // Powertools reads its variables when the module loads, as at a Lambda cold start.
        handler = await withEnv(env, async () => (await import('../../lambda/canary/handler')).handler);
      });

      afterAll(async () => {
        await secretsManager?.close();
      });

      const invoke = (overrides: Record<string, string | undefined> = {}, event: unknown = {}) =>
        withEnv({ ...env, ...overrides }, () => captureOutput(() => handler(event, lambdaContext())));

      it('writer, scheduled: one EMF record with reachable 1, latency, IsWriter 1 and the heartbeat committed, under the service dimension', async () => {
        const { result, output } = await invoke();
        expect(result).toEqual({ ok: true, writable: true, commit: { ok: true, writtenAt: expect.any(String) }, probes: 1 });
        expect(output.metrics).toEqual({
          DatabaseReachable: expect.objectContaining({ namespace: 'TapDR/Canary', unit: 'Count', value: 1, dimensions: [['service']], dimensionValues: { service: 'tap-dr-canary-test' } }),
          QueryLatency: expect.objectContaining({ unit: 'Milliseconds', value: expect.any(Number) }),
          IsWriter: expect.objectContaining({ unit: 'Count', value: 1 }),
          HeartbeatCommitted: expect.objectContaining({ unit: 'Count', value: 1 }),
          CommitLatency: expect.objectContaining({ unit: 'Milliseconds', value: expect.any(Number) }),
        });
        expect(output.logs).toEqual([
          expect.objectContaining({ level: 'INFO', message: expect.stringMatching(/^canary ok: .* is writable, heartbeat committed in/), function_request_id: 'test-request-id' }),
        ]);
      });

      it('scheduled with a window: a probe every interval, each published, until the window ends', async () => {
        const { result, output } = await withEnv({ ...env, PROBE_INTERVAL_SECONDS: '1', PROBE_WINDOW_SECONDS: '2' }, () => captureOutput(() => handler({ source: 'aws.events' }, lambdaContext())));
        // Probes at 0 s and 1 s, and at 2 s when the invocation's time left allows it: with a real
        // database that depends on how long each probe took (probe-loop.test.ts pins the schedule with a
        // fake clock). Every probe is published either way.
        expect(result).toMatchObject({ ok: true, writable: true });
        const { probes } = result as { probes: number };
        expect(probes).toBeGreaterThanOrEqual(2);
        expect(probes).toBeLessThanOrEqual(3);
        expect(output.logs.filter((l) => l.level === 'INFO')).toHaveLength(probes);
      });

      it('the probe action (the orchestrator\'s call): one probe with detail, and the primary writer tried across the peering', async () => {
        const { result } = await invoke({ PEER_HOST: db.host }, { action: 'probe' });
        expect(result).toEqual({
          ok: true, writable: true, commit: { ok: true, writtenAt: expect.any(String) },
          heartbeats: expect.arrayContaining([{ region: 'us-east-1', writtenAt: expect.any(String) }]),
          peer: { reachable: true, writable: true },
        });
        const down = await invoke({ PEER_HOST: db.host, DB_PORT: String(await freePort()) }, { action: 'probe' });
        expect(down.result).toMatchObject({ ok: false, peer: { reachable: false, cause: 'connection-refused', message: expect.stringContaining('refused the connection') } });
        expect(down.output.logs).toContainEqual(expect.objectContaining({ level: 'WARN', peerCause: 'connection-refused' }));
        expect((await invoke({}, { action: 'probe' })).result).not.toHaveProperty('peer');
      });

      describe('the peer (the primary writer, tried across the peering): unreachable only when no connection comes about', () => {
        const probeAction = { action: 'probe' };
        /** A secret of `login` under its own name, for a run whose own probe and peer probe use it. */
        const secretOf = (name: string, login: Login) => {
          secretsManager.secrets.set(`${ARN}-${name}`, { username: login.user, password: login.password });
          return `${ARN}-${name}`;
        };

        it('a wrong password: the server answered, so reachable, with the rejection said', async () => {
          const { result, output } = await invoke({ PEER_HOST: db.host, DB_SECRET_ARN: secretOf('peer-wrong', { user: db.user, password: 'wrong' }) }, probeAction);
          expect(result).toMatchObject({ ok: false, cause: 'authentication', peer: { reachable: true, cause: 'authentication', message: expect.stringContaining('rejected user') } });
          expect(output.logs).toContainEqual(expect.objectContaining({ level: 'WARN', peerCause: 'authentication', peerReachable: true, message: expect.stringContaining('answers but fails the probe') }));
        });

        it('too many connections: the server answered, so reachable, database-unavailable', async () => {
          const arn = secretOf('peer-crowded', engine.crowded.login);
          const { result } = await engine.crowded.during(t, () => invoke({ PEER_HOST: db.host, DB_SECRET_ARN: arn }, probeAction));
          expect(result).toMatchObject({ peer: { reachable: true, cause: 'database-unavailable' } });
        });

        it('a closed port, an unroutable address, a name that does not resolve: unreachable', async () => {
          const closed = await invoke({ PEER_HOST: db.host, DB_PORT: String(await freePort()) }, probeAction);
          expect(closed.result).toMatchObject({ peer: { reachable: false, cause: 'connection-refused' } });
          // TEST-NET-1 (RFC 5737): no host answers there; the connect times out, finds no route, or a
          // firewall on the way refuses it, depending on the network the tests run in.
          const unroutable = await invoke({ PEER_HOST: '192.0.2.1', CONNECT_TIMEOUT_MS: '500' }, probeAction);
          expect(unroutable.result).toMatchObject({ ok: true, peer: { reachable: false, cause: expect.stringMatching(/^(timeout|network-unreachable|connection-refused)$/) } });
          const silent = await silentServer();
          try {
            // A port that accepts the connection and never says a word: no server answered, the connect timed out.
            const mute = await invoke({ PEER_HOST: '127.0.0.1', DB_HOST: db.host, DB_PORT: String(silent.port), CONNECT_TIMEOUT_MS: '500' }, probeAction);
            expect(mute.result).toMatchObject({ peer: { reachable: false, cause: 'timeout' } });
          } finally {
            await silent.close();
          }
          const unnamed = await invoke({ PEER_HOST: 'tap-dr-canary-peer.invalid' }, probeAction);
          expect(unnamed.result).toMatchObject({ ok: true, peer: { reachable: false, cause: 'dns' } });
        });
      });

      it('the cluster endpoint gone (a demoted cluster\'s) and the reader endpoint answering: the probe goes through the reader endpoint', async () => {
        const { result, output } = await invoke({ DB_HOST: 'tap-dr-canary-demoted.invalid', DB_READER_HOST: db.host });
        expect(result).toEqual({ ok: true, writable: true, commit: { ok: true, writtenAt: expect.any(String) }, probes: 1 });
        expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', target: `${db.host}:${db.port}/${db.database}` })]);
      });

      /** The variables of a run in us-west-2 as the read-only login, through its own secret when it has one. */
      function readerEnv(): Record<string, string> {
        if (!readOnly.login) return { AWS_REGION: 'us-west-2' };
        secretsManager.secrets.set(`${ARN}-reader`, { username: readOnly.login.user, password: readOnly.login.password });
        return { DB_SECRET_ARN: `${ARN}-reader`, AWS_REGION: 'us-west-2' };
      }

      it('reader: IsWriter 0 and the heartbeat age as ReplicationDelaySeconds', async () => {
        const overrides = readerEnv();
        const { result, output } = await readOnly.during(t, () => invoke(overrides));
        // What the failover orchestrator reads when it invokes the secondary's canary.
        expect(result).toEqual({ ok: true, writable: false, heartbeat: { region: 'us-east-1', writtenAt: expect.any(String), ageSeconds: expect.any(Number) }, probes: 1 });
        expect(output.metrics.IsWriter.value).toBe(0);
        expect(output.metrics.ReplicationDelaySeconds).toMatchObject({ unit: 'Seconds', value: expect.any(Number) });
        expect(output.metrics.ReplicationDelaySeconds.value).toBeLessThan(5);
        expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', message: expect.stringContaining(`is read-only (${readOnly.because}); the heartbeat written by us-east-1 is`) })]);
      });

      it('reader, probe action: also Aurora\'s lag figure for its region and every region\'s heartbeat (what the orchestrator reads)', async () => {
        const overrides = readerEnv();
        await engine.globalStatus.install(t, [
          { region: 'us-east-1', rpoLagMs: 0, calculatedSecondsAgo: 0, primary: true },
          { region: 'us-west-2', rpoLagMs: 800, calculatedSecondsAgo: 1 },
        ]);
        try {
          const { result } = await readOnly.during(t, () => invoke(overrides, { action: 'probe' }));
          expect(result).toMatchObject({
            ok: true, writable: false, globalLag: { rpoLagMs: 800 }, heartbeats: expect.arrayContaining([expect.objectContaining({ region: 'us-east-1' })]),
          });
        } finally {
          await engine.globalStatus.remove(t);
        }
      });

      it('writer that answers but cannot commit: reachable, with the commit failure apart (not an outage)', async () => {
        const { result, output } = await engine.whileWritesBlocked(t, () => invoke());
        expect(result).toEqual({ ok: true, writable: true, commit: { ok: false, cause: 'timeout' }, probes: 1 });
        expect(output.metrics.DatabaseReachable.value).toBe(1);
        expect(output.metrics.HeartbeatCommitted.value).toBe(0);
      });

      /** A failed run: reachable 0 and nothing else, one ERROR line with the cause. */
      async function expectFailure(overrides: Record<string, string | undefined>, cause: string, message: RegExp) {
        const { result, output } = await invoke(overrides);
        expect(result).toEqual({ ok: false, cause, probes: 1 });
        expect(output.metrics).toEqual({ DatabaseReachable: expect.objectContaining({ unit: 'Count', value: 0 }) });
        expect(output.logs).toEqual([expect.objectContaining({ level: 'ERROR', cause, message: expect.stringMatching(message) })]);
        return output.logs[0];
      }

      it('wrong password: authentication, after reading the secret afresh once', async () => {
        secretsManager.secrets.set(`${ARN}-wrong`, { username: db.user, password: 'wrong' });
        const before = secretsManager.requests.length;
        await expectFailure({ DB_SECRET_ARN: `${ARN}-wrong` }, 'authentication', /^canary failed \(authentication\): .* rejected user /);
        expect(secretsManager.requests.slice(before)).toEqual([`secretsmanager.GetSecretValue ${ARN}-wrong`, `secretsmanager.GetSecretValue ${ARN}-wrong`]);
      });

      it('password changed after the secret was cached: the fresh secret logs in', async () => {
        const arn = `${ARN}-rotated`;
        secretsManager.secrets.set(arn, { username: db.user, password: 'old-password' });
        await expectFailure({ DB_SECRET_ARN: arn }, 'authentication', /rejected user/);
        secretsManager.secrets.set(arn, { username: db.user, password: db.password });
        expect((await invoke({ DB_SECRET_ARN: arn })).result).toMatchObject({ ok: true, writable: true });
      });

      it('missing secret: secret-not-found', async () => {
        await expectFailure({ DB_SECRET_ARN: `${ARN}-missing` }, 'secret-not-found', /secret .*-missing does not exist in us-east-1/);
      });

      it('unreachable host (connection refused): connection-refused', async () => {
        await expectFailure({ DB_PORT: String(await freePort()) }, 'connection-refused', /refused the connection/);
      });

      it('a database that never answers: timeout within CONNECT_TIMEOUT_MS', async () => {
        const silent = await silentServer();
        try {
          const started = Date.now();
          await expectFailure({ DB_PORT: String(silent.port), CONNECT_TIMEOUT_MS: '500' }, 'timeout', /no answer from 127\.0\.0\.1:\d+\/\w+ within 500 ms/);
          expect(Date.now() - started).toBeLessThan(5000);
        } finally {
          await silent.close();
        }
      });

      it('DNS failure: dns', async () => {
        await expectFailure({ DB_HOST: 'tap-dr-canary-test.invalid' }, 'dns', /cannot resolve tap-dr-canary-test\.invalid/);
      });

      it('TLS on by default: a server without TLS is refused', async () => {
        await expectFailure({ DB_TLS: undefined }, 'tls', /no trusted TLS session/);
      });

      it('bad environment: misconfigured, naming the variable', async () => {
        await expectFailure(
          { DB_ENGINE: engine.otherEngine },
          'misconfigured',
          new RegExp(`DB_ENGINE is "${engine.otherEngine}" but this function was built with the ${engine.engine} driver`),
        );
      });
    });

    describeBundle('canary', (bundle) => {
      let secretsManager: Awaited<ReturnType<typeof fakeSecretsManager>>;
      let env: Record<string, string>;

      beforeAll(async () => {
        secretsManager = await fakeSecretsManager();
        secretsManager.secrets.set('db', { username: db.user, password: db.password });
        // Without the Powertools variables, so the defaults apply.
        env = {
          AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
          DB_SECRET_ARN: 'db',
          DB_HOST: db.host,
          DB_PORT: String(db.port),
          DB_NAME: db.database,
          DB_ENGINE: engine.engine,
          DB_TLS: 'off',
          CONNECT_TIMEOUT_MS: '500',
        };
      });

      afterAll(async () => {
        await secretsManager?.close();
      });

      /** A scheduled run, as EventBridge invokes the canary (the event is not read). */
      const scheduled = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} };
      const invoke = async (overrides: Record<string, string> = {}, event: unknown = scheduled) => {
        const invocation = await bundle.invoke(event, { env: { ...env, ...overrides } });
        return { invocation, result: resultOf(invocation), output: invocation.output };
      };

      it('index.handler connects, commits the heartbeat and publishes under the default namespace and service, logging the request id of its context', async () => {
        const { invocation, result, output } = await invoke();
        expect(result).toEqual({ ok: true, writable: true, commit: { ok: true, writtenAt: expect.any(String) }, probes: 1 });
        expect(output.metrics.DatabaseReachable).toMatchObject({ namespace: 'TapDR/Canary', value: 1, dimensionValues: { service: 'tap-dr-canary' } });
        expect(output.metrics.HeartbeatCommitted).toMatchObject({ value: 1 });
        expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', service: 'tap-dr-canary', function_request_id: invocation.requestId, function_name: invocation.functionName })]);
      });

      it('index.handler with the probe action answers the orchestrator: detail and the peer', async () => {
        // A cold process opening two connections at once (its own writer and the peer): more than 500 ms on a busy machine.
        const { result } = await invoke({ PEER_HOST: db.host, CONNECT_TIMEOUT_MS: '5000' }, { action: 'probe' });
        expect(result).toMatchObject({ ok: true, writable: true, heartbeats: expect.any(Array), peer: { reachable: true, writable: true } });
      });

      it("wrong password: authentication, with the server's error code (the driver's error names are in the bundle)", async () => {
        secretsManager.secrets.set('db-wrong', { username: db.user, password: 'wrong' });
        // The rejected login is retried with the secret read afresh: two logins, more than 500 ms on a busy machine.
        const { result, output } = await invoke({ DB_SECRET_ARN: 'db-wrong', CONNECT_TIMEOUT_MS: '5000' });
        expect(result).toEqual({ ok: false, cause: 'authentication', probes: 1 });
        expect(output.logs).toEqual([
          expect.objectContaining({ level: 'ERROR', cause: 'authentication', error: expect.objectContaining({ code: engine.errorCodes.wrongPassword }) }),
        ]);
      });

      it('Secrets Manager refusing connections (no VPC endpoint, no NAT): secret-unreachable', async () => {
        const { result, output } = await invoke({ AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${await freePort()}` });
        expect(result).toEqual({ ok: false, cause: 'secret-unreachable', probes: 1 });
        expect(output.metrics).toEqual({ DatabaseReachable: expect.objectContaining({ value: 0 }) });
        expect(output.logs).toEqual([expect.objectContaining({ level: 'ERROR', message: expect.stringContaining('cannot reach Secrets Manager in us-east-1 within 500 ms') })]);
      });

      it('Secrets Manager never answering: secret-unreachable, bounded by CONNECT_TIMEOUT_MS', async () => {
        const silent = await silentServer();
        try {
          const started = Date.now();
          const { result } = await invoke({ AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${silent.port}` });
          expect(result).toEqual({ ok: false, cause: 'secret-unreachable', probes: 1 });
          expect(Date.now() - started).toBeLessThan(10_000);
        } finally {
          await silent.close();
        }
      });
    });
  });
}
