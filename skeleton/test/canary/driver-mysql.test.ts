// The canary against a real MySQL-compatible server (MariaDB; Aurora MySQL speaks the same protocol
// and SQL): the driver on its own, then the whole handler (with a local stand-in for Secrets
// Manager, its metrics and log lines read from standard output), then the esbuild bundle that is
// deployed. The database comes from TAP_DR_TEST_DATABASE_URL or is started by the jest global setup;
// see test/helpers/global-setup.ts. The generated repository holds this file as
// test/canary/driver.test.ts.
import { randomBytes } from 'node:crypto';
import type { handler as Handler } from '../../lambda/canary/handler';
import * as driver from '../../lambda/canary/driver';
import { classifyError } from '../../lambda/canary/failure';
import type { ConnectOptions, DatabaseSession } from '../../lambda/canary/types';
import { adminSession, type AdminSession } from '../helpers/database';
import { databaseTestsSkipped, testDatabase, type TestDatabase } from '../helpers/test-database';
import {
  buildBundle,
  captureOutput,
  closedPort,
  fakeSecretsManager,
  invokeBundle,
  lambdaContext,
  silentServer,
  withEnv,
} from './support';

jest.setTimeout(30_000);

// TAP_DR_SKIP_DATABASE_TESTS=1 skips them on purpose; the global setup prints the one-line notice.
const describeDb = databaseTestsSkipped() ? describe.skip : describe;

/** A login that may use the test database but not read the heartbeat table. */
const OUTSIDER = { user: 'tap_dr_canary_outsider', password: randomBytes(8).toString('hex') };
/** A login with no access to the test database at all. */
const STRANGER = { user: 'tap_dr_canary_stranger', password: randomBytes(8).toString('hex') };

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

async function open(overrides: Partial<ConnectOptions> = {}): Promise<DatabaseSession> {
  const session = await driver.connect(options(overrides));
  sessions.push(session);
  return session;
}

/**
 * The error `promise` rejects with, the cause the driver gives it, and the cause the canary reports
 * (the driver's, else the engine-neutral rules for Node network errors).
 */
async function failure(promise: Promise<unknown>): Promise<{ error: Error & { code?: string }; cause: string | undefined; reported: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
  return { error, cause: driver.failureCause(error), reported: classifyError('connect', error, driver.failureCause) };
}

async function dropUsers() {
  for (const { user } of [OUTSIDER, STRANGER]) await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
}

/**
 * Runs `fn` with the server switched to read_only, which is what an Aurora MySQL replica reports (it
 * runs with read_only and innodb_read_only on). Needs a user with SUPER (or READ_ONLY ADMIN).
 */
async function whileReadOnly<T>(fn: () => Promise<T>): Promise<T> {
  await admin.query('SET GLOBAL read_only = ON');
  try {
    return await fn();
  } finally {
    await admin.query('SET GLOBAL read_only = OFF');
  }
}

describeDb('canary on MySQL (MariaDB)', () => {
  beforeAll(async () => {
    db = testDatabase();
    admin = await adminSession(db.url);
    await admin.query('SET GLOBAL read_only = OFF');
    await admin.query('DROP TABLE IF EXISTS tap_dr_heartbeat');
    await admin.query('CREATE TABLE IF NOT EXISTS tap_dr_other (id INT PRIMARY KEY)');
    await dropUsers();
    await admin.query(`CREATE USER '${OUTSIDER.user}'@'%' IDENTIFIED BY '${OUTSIDER.password}'`);
    // A right on another table of the database lets it connect to the database, not read the heartbeat.
    await admin.query(`GRANT SELECT ON ${db.database}.tap_dr_other TO '${OUTSIDER.user}'@'%'`);
    await admin.query(`CREATE USER '${STRANGER.user}'@'%' IDENTIFIED BY '${STRANGER.password}'`);
  });

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.query('SET GLOBAL read_only = OFF');
    await admin.query('DROP TABLE IF EXISTS tap_dr_heartbeat');
    await admin.query('DROP TABLE IF EXISTS tap_dr_other');
    await dropUsers();
    await admin.close();
  });

  describe('the driver', () => {
    it('exports the engine and its default port', () => {
      expect(driver.engine).toBe('aurora-mysql');
      expect(driver.defaultPort).toBe(3306);
    });

    it('read-only server before any heartbeat: no table yet, so no heartbeat', async () => {
      await whileReadOnly(async () => {
        const reader = await open();
        expect(await reader.role()).toEqual({ writable: false, readOnlyBecause: 'read_only is ON' });
        expect(await reader.readHeartbeat()).toBeUndefined();
      });
    });

    it('writable session on a database without the table: creates it on the first write', async () => {
      const writer = await open();
      await writer.writeHeartbeat('us-east-1');
      expect(await admin.query('SELECT region FROM tap_dr_heartbeat')).toEqual([{ region: 'us-east-1' }]);
    });

    it('read-only server with an empty heartbeat table: no heartbeat', async () => {
      await admin.query('DELETE FROM tap_dr_heartbeat');
      await whileReadOnly(async () => {
        const reader = await open();
        expect(await reader.readHeartbeat()).toBeUndefined();
      });
    });

    it('writable session: keeps one row, with the region and the server time', async () => {
      const writer = await open();
      expect(await writer.role()).toEqual({ writable: true });
      await writer.writeHeartbeat('us-east-1');
      await writer.writeHeartbeat('us-west-2');
      const rows = await admin.query<{ region: string; age: number }>('SELECT region, TIMESTAMPDIFF(MICROSECOND, written_at, UTC_TIMESTAMP(6)) / 1e6 AS age FROM tap_dr_heartbeat');
      expect(rows).toHaveLength(1);
      expect(rows[0].region).toBe('us-west-2');
      expect(rows[0].age).toBeGreaterThanOrEqual(0);
      expect(rows[0].age).toBeLessThan(5);
    });

    it('read-only server: reads the heartbeat and its age by the server clock', async () => {
      await admin.query(`UPDATE tap_dr_heartbeat SET region = 'us-east-1', written_at = UTC_TIMESTAMP(6) - INTERVAL 7 SECOND`);
      await whileReadOnly(async () => {
        const reader = await open();
        const heartbeat = await reader.readHeartbeat();
        expect(heartbeat?.region).toBe('us-east-1');
        expect(heartbeat?.ageSeconds).toBeGreaterThanOrEqual(7);
        expect(heartbeat?.ageSeconds).toBeLessThan(12);
      });
    });

    it('a session without the right to read the table: the error is passed on', async () => {
      const outsider = await open(OUTSIDER);
      const { error, cause } = await failure(outsider.readHeartbeat());
      expect(error.code).toBe('ER_TABLEACCESS_DENIED_ERROR');
      expect(cause).toBeUndefined();
    });

    it('a login without access to the database: authentication', async () => {
      const { error, cause } = await failure(driver.connect(options(STRANGER)));
      expect(error.code).toBe('ER_DBACCESS_DENIED_ERROR');
      expect(cause).toBe('authentication');
    });

    it('close may be called twice', async () => {
      const session = await driver.connect(options());
      await session.close();
      await expect(session.close()).resolves.toBeUndefined();
    });

    it('wrong password: authentication', async () => {
      const { error, cause } = await failure(driver.connect(options({ password: 'wrong' })));
      expect(error.code).toBe('ER_ACCESS_DENIED_ERROR');
      expect(cause).toBe('authentication');
    });

    it('unknown database: database-not-found', async () => {
      expect((await failure(driver.connect(options({ database: 'tap_dr_no_such_db' })))).cause).toBe('database-not-found');
    });

    it('nothing listening on the port: ECONNREFUSED, left to the network rules (connection-refused)', async () => {
      const { error, cause, reported } = await failure(driver.connect(options({ port: await closedPort() })));
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

    it('a statement blocked by a lock: given up after timeoutMs (timeout), and the connection closes at once', async () => {
      const locker = await adminSession(db.url);
      try {
        await locker.query('LOCK TABLES tap_dr_heartbeat WRITE');
        const writer = await driver.connect(options({ timeoutMs: 300 }));
        const { error, cause } = await failure(writer.writeHeartbeat('us-east-1'));
        expect(error.code).toBe('PROTOCOL_SEQUENCE_TIMEOUT');
        expect(cause).toBe('timeout');
        // The blocked statement is still the connection's current command: close must not wait for it.
        const started = Date.now();
        await writer.close();
        expect(Date.now() - started).toBeLessThan(1000);
      } finally {
        await locker.query('UNLOCK TABLES');
        await locker.close();
      }
    });

    it('a session killed between queries: the next query reports it (connection-lost)', async () => {
      const writer = await open();
      await writer.role();
      const others = await admin.query<{ id: number }>('SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND user = ?', [db.user]);
      for (const { id } of others) await admin.query(`KILL ${Number(id)}`);
      // Give the client a moment to notice the closed connection.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { error, cause } = await failure(writer.role());
      expect(error.code).toBe('PROTOCOL_CONNECTION_LOST');
      expect(cause).toBe('connection-lost');
    });

    it('leaves errors without a code it knows to the engine-neutral rules', () => {
      expect(driver.failureCause(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
      expect(driver.failureCause(Object.assign(new Error('numeric code'), { code: 1045 }))).toBeUndefined();
      expect(driver.failureCause(undefined)).toBeUndefined();
    });
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
        DB_ENGINE: 'aurora-mysql',
        DB_TLS: 'off',
        CONNECT_TIMEOUT_MS: '1000',
        POWERTOOLS_SERVICE_NAME: 'tap-dr-canary-test',
        POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Canary',
        POWERTOOLS_DEV: undefined,
        POWERTOOLS_METRICS_DISABLED: undefined,
      };
      secretsManager.secrets.set(ARN, { username: db.user, password: db.password, engine: 'mysql' });
      // Powertools reads its variables when the module loads, as at a Lambda cold start.
      handler = await withEnv(env, async () => (await import('../../lambda/canary/handler')).handler);
    });

    afterAll(async () => {
      await secretsManager?.close();
    });

    const invoke = (overrides: Record<string, string | undefined> = {}) =>
      withEnv({ ...env, ...overrides }, () => captureOutput(() => handler({}, lambdaContext())));

    it('writer: one EMF record with connectivity 1, latency and IsWriter 1 under the service dimension', async () => {
      const { result, output } = await invoke();
      expect(result).toEqual({ ok: true, writable: true });
      expect(output.metrics).toEqual({
        DatabaseConnectivity: expect.objectContaining({ namespace: 'TapDR/Canary', unit: 'Count', value: 1, dimensions: [['service']], dimensionValues: { service: 'tap-dr-canary-test' } }),
        QueryLatency: expect.objectContaining({ unit: 'Milliseconds', value: expect.any(Number) }),
        IsWriter: expect.objectContaining({ unit: 'Count', value: 1 }),
      });
      expect(output.logs).toEqual([
        expect.objectContaining({ level: 'INFO', message: expect.stringMatching(/^canary ok: .* is writable, heartbeat written/), function_request_id: 'test-request-id' }),
      ]);
    });

    it('reader: IsWriter 0 and the heartbeat age as ReplicationDelaySeconds', async () => {
      const { result, output } = await whileReadOnly(() => invoke({ AWS_REGION: 'us-west-2' }));
      expect(result).toEqual({ ok: true, writable: false });
      expect(output.metrics.IsWriter.value).toBe(0);
      expect(output.metrics.ReplicationDelaySeconds).toMatchObject({ unit: 'Seconds', value: expect.any(Number) });
      expect(output.metrics.ReplicationDelaySeconds.value).toBeLessThan(5);
      expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', message: expect.stringContaining('is read-only (read_only is ON); the heartbeat written by us-east-1 is') })]);
    });

    /** A failed run: connectivity 0 and nothing else, one ERROR line with the cause. */
    async function expectFailure(overrides: Record<string, string | undefined>, cause: string, message: RegExp) {
      const { result, output } = await invoke(overrides);
      expect(result).toEqual({ ok: false, cause });
      expect(output.metrics).toEqual({ DatabaseConnectivity: expect.objectContaining({ unit: 'Count', value: 0 }) });
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
      expect((await invoke({ DB_SECRET_ARN: arn })).result).toEqual({ ok: true, writable: true });
    });

    it('missing secret: secret-not-found', async () => {
      await expectFailure({ DB_SECRET_ARN: `${ARN}-missing` }, 'secret-not-found', /secret .*-missing does not exist in us-east-1/);
    });

    it('unreachable host (connection refused): connection-refused', async () => {
      await expectFailure({ DB_PORT: String(await closedPort()) }, 'connection-refused', /refused the connection/);
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
      await expectFailure({ DB_ENGINE: 'aurora-postgresql' }, 'misconfigured', /DB_ENGINE is "aurora-postgresql" but this function was built with the aurora-mysql driver/);
    });
  });

  describe('the bundle (npm run build:lambda), run by plain Node as Lambda would', () => {
    let secretsManager: Awaited<ReturnType<typeof fakeSecretsManager>>;
    let env: Record<string, string>;

    beforeAll(async () => {
      expect(await buildBundle()).toMatch(/lambda\/dist\/canary\/index\.js/);
      secretsManager = await fakeSecretsManager();
      secretsManager.secrets.set('db', { username: db.user, password: db.password });
      // Without the Powertools variables, so the defaults apply.
      env = {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.url,
        DB_SECRET_ARN: 'db',
        DB_HOST: db.host,
        DB_PORT: String(db.port),
        DB_NAME: db.database,
        DB_ENGINE: 'aurora-mysql',
        DB_TLS: 'off',
        CONNECT_TIMEOUT_MS: '500',
      };
    });

    afterAll(async () => {
      await secretsManager?.close();
    });

    it('index.handler connects, writes the heartbeat and publishes under the default namespace and service', async () => {
      const { result, output } = await invokeBundle(env);
      expect(result).toEqual({ ok: true, writable: true });
      expect(output.metrics.DatabaseConnectivity).toMatchObject({ namespace: 'TapDR/Canary', value: 1, dimensionValues: { service: 'tap-dr-canary' } });
      expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', service: 'tap-dr-canary' })]);
    });

    it('Secrets Manager refusing connections (no VPC endpoint, no NAT): secret-unreachable', async () => {
      const { result, output } = await invokeBundle({ ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${await closedPort()}` });
      expect(result).toEqual({ ok: false, cause: 'secret-unreachable' });
      expect(output.metrics).toEqual({ DatabaseConnectivity: expect.objectContaining({ value: 0 }) });
      expect(output.logs).toEqual([expect.objectContaining({ level: 'ERROR', message: expect.stringContaining('cannot reach Secrets Manager in us-east-1 within 500 ms') })]);
    });

    it('Secrets Manager never answering: secret-unreachable, bounded by CONNECT_TIMEOUT_MS', async () => {
      const silent = await silentServer();
      try {
        const started = Date.now();
        const { result } = await invokeBundle({ ...env, AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${silent.port}` });
        expect(result).toEqual({ ok: false, cause: 'secret-unreachable' });
        expect(Date.now() - started).toBeLessThan(10_000);
      } finally {
        await silent.close();
      }
    });
  });
});
