// The canary against a real PostgreSQL: the driver on its own, then the whole handler (with a local
// stand-in for Secrets Manager, its metrics and log lines read from standard output), then the
// esbuild bundle that is deployed. The database comes from TAP_DR_TEST_DATABASE_URL or is started by
// the jest global setup; see test/helpers/global-setup.ts. The generated repository holds this file
// as test/canary/driver.test.ts.
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

/** A login whose sessions are read-only, as on a secondary cluster. */
const READER = { user: 'tap_dr_canary_reader', password: randomBytes(8).toString('hex') };
/** A login that may connect but not read the heartbeat table. */
const OUTSIDER = { user: 'tap_dr_canary_outsider', password: randomBytes(8).toString('hex') };

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

async function dropRoles() {
  for (const { user } of [READER, OUTSIDER]) {
    await admin.query(`DROP OWNED BY ${user}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${user}`);
  }
}

describeDb('canary on PostgreSQL', () => {
  beforeAll(async () => {
    db = testDatabase();
    admin = await adminSession(db.url);
    await admin.query('DROP TABLE IF EXISTS public.tap_dr_heartbeat');
    await dropRoles();
    await admin.query(`CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}'`);
    // Every session of this login is read-only, which is what a secondary cluster looks like to a client.
    await admin.query(`ALTER ROLE ${READER.user} SET default_transaction_read_only = on`);
    await admin.query(`GRANT pg_read_all_data TO ${READER.user}`);
    await admin.query(`CREATE ROLE ${OUTSIDER.user} LOGIN PASSWORD '${OUTSIDER.password}'`);
    await admin.query(`ALTER ROLE ${OUTSIDER.user} SET default_transaction_read_only = on`);
  });

  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    if (!admin) return;
    await admin.query('DROP TABLE IF EXISTS public.tap_dr_heartbeat');
    await dropRoles();
    await admin.close();
  });

  describe('the driver', () => {
    it('exports the engine and its default port', () => {
      expect(driver.engine).toBe('aurora-postgresql');
      expect(driver.defaultPort).toBe(5432);
    });

    it('read-only session before any heartbeat: no table yet, so no heartbeat', async () => {
      const reader = await open(READER);
      expect(await reader.role()).toEqual({ writable: false, readOnlyBecause: 'transaction_read_only is on' });
      expect(await reader.readHeartbeat()).toBeUndefined();
    });

    it('writable session on a database without the table: creates it on the first write', async () => {
      const writer = await open();
      await writer.writeHeartbeat('us-east-1');
      expect(await admin.query('SELECT region FROM public.tap_dr_heartbeat')).toEqual([{ region: 'us-east-1' }]);
    });

    it('read-only session on an empty heartbeat table: no heartbeat', async () => {
      await admin.query('DELETE FROM public.tap_dr_heartbeat');
      const reader = await open(READER);
      expect(await reader.readHeartbeat()).toBeUndefined();
    });

    it('writable session: keeps one row, with the region and the server time', async () => {
      const writer = await open();
      expect(await writer.role()).toEqual({ writable: true });
      await writer.writeHeartbeat('us-east-1');
      await writer.writeHeartbeat('us-west-2');
      const rows = await admin.query<{ region: string; age: number }>('SELECT region, extract(epoch FROM now() - written_at)::float8 AS age FROM public.tap_dr_heartbeat');
      expect(rows).toHaveLength(1);
      expect(rows[0].region).toBe('us-west-2');
      expect(rows[0].age).toBeGreaterThanOrEqual(0);
      expect(rows[0].age).toBeLessThan(5);
    });

    it('read-only session: reads the heartbeat and its age by the server clock', async () => {
      await admin.query(`UPDATE public.tap_dr_heartbeat SET region = 'us-east-1', written_at = now() - interval '7 seconds'`);
      const reader = await open(READER);
      const heartbeat = await reader.readHeartbeat();
      expect(heartbeat?.region).toBe('us-east-1');
      expect(heartbeat?.ageSeconds).toBeGreaterThanOrEqual(7);
      expect(heartbeat?.ageSeconds).toBeLessThan(12);
    });

    it('read-only session without the right to read the table: the error is passed on', async () => {
      const outsider = await open(OUTSIDER);
      const { error, cause } = await failure(outsider.readHeartbeat());
      expect(error.code).toBe('42501'); // insufficient_privilege
      expect(cause).toBeUndefined();
    });

    it('close may be called twice', async () => {
      const session = await driver.connect(options());
      await session.close();
      await expect(session.close()).resolves.toBeUndefined();
    });

    it('wrong password: authentication', async () => {
      const { error, cause } = await failure(driver.connect(options({ password: 'wrong' })));
      expect(error.code).toBe('28P01');
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

    it('a statement blocked by a lock: the server cancels it after timeoutMs (timeout)', async () => {
      const locker = await adminSession(db.url);
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE public.tap_dr_heartbeat IN ACCESS EXCLUSIVE MODE');
        const writer = await open({ timeoutMs: 300 });
        const { error, cause } = await failure(writer.writeHeartbeat('us-east-1'));
        expect(error.code).toBe('57014'); // query_canceled
        expect(cause).toBe('timeout');
      } finally {
        await locker.query('ROLLBACK');
        await locker.close();
      }
    });

    it('a session terminated between queries: the next query reports why (connection-lost)', async () => {
      const writer = await open();
      await writer.role();
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tap-dr-canary' AND pid <> pg_backend_pid()");
      // Give the client a moment to receive the server's goodbye.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { error, cause } = await failure(writer.role());
      expect(error.code).toBe('57P01'); // admin_shutdown
      expect(cause).toBe('connection-lost');
    });

    it('recognises pg errors without a code by their message', () => {
      expect(driver.failureCause(new Error('Query read timeout'))).toBe('timeout');
      expect(driver.failureCause(new Error('Connection terminated unexpectedly'))).toBe('connection-lost');
      expect(driver.failureCause(new Error('something else'))).toBeUndefined();
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
        DB_ENGINE: 'aurora-postgresql',
        DB_TLS: 'off',
        CONNECT_TIMEOUT_MS: '1000',
        POWERTOOLS_SERVICE_NAME: 'tap-dr-canary-test',
        POWERTOOLS_METRICS_NAMESPACE: 'TapDR/Canary',
        POWERTOOLS_DEV: undefined,
        POWERTOOLS_METRICS_DISABLED: undefined,
      };
      secretsManager.secrets.set(ARN, { username: db.user, password: db.password, engine: 'postgres' });
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
      secretsManager.secrets.set(`${ARN}-reader`, { username: READER.user, password: READER.password });
      const { result, output } = await invoke({ DB_SECRET_ARN: `${ARN}-reader`, AWS_REGION: 'us-west-2' });
      expect(result).toEqual({ ok: true, writable: false });
      expect(output.metrics.IsWriter.value).toBe(0);
      expect(output.metrics.ReplicationDelaySeconds).toMatchObject({ unit: 'Seconds', value: expect.any(Number) });
      expect(output.metrics.ReplicationDelaySeconds.value).toBeLessThan(5);
      expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', message: expect.stringContaining('is read-only (transaction_read_only is on); the heartbeat written by us-east-1 is') })]);
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
      await expectFailure({ DB_ENGINE: 'aurora-mysql' }, 'misconfigured', /DB_ENGINE is "aurora-mysql" but this function was built with the aurora-postgresql driver/);
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
        DB_ENGINE: 'aurora-postgresql',
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
