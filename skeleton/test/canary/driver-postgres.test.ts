// The canary against a real PostgreSQL: the tests every engine must pass (driver-contract.ts), with
// PostgreSQL's SQL, error codes and read-only login, then the tests of what only pg does. The
// generated repository holds this file as test/canary/driver.test.ts.
import { randomBytes } from 'node:crypto';
import * as driver from '../../lambda/canary/driver';
import { adminSession } from '../helpers/database';
import type { AdminSession } from '../helpers/test-database';
import { describeCanary } from './driver-contract';

/** A login whose sessions are read-only, as on a secondary cluster. */
const READER = { user: 'tap_dr_canary_reader', password: randomBytes(8).toString('hex') };
/** A login that may connect but not read the heartbeat table. */
const OUTSIDER = { user: 'tap_dr_canary_outsider', password: randomBytes(8).toString('hex') };
/** A login allowed no connection at all (CONNECTION LIMIT 0): the server answers it with too_many_connections. */
const CROWDED = { user: 'tap_dr_canary_crowded', password: randomBytes(8).toString('hex') };

describeCanary({
  title: 'canary on PostgreSQL',
  driver,
  engine: 'aurora-postgresql',
  defaultPort: 5432,
  otherEngine: 'aurora-mysql',
  secretEngine: 'postgres',
  heartbeat: {
    table: 'public.tap_dr_heartbeats',
    ageSeconds: 'extract(epoch FROM now() - written_at)::float8',
    sevenSecondsAgo: "now() - interval '7 seconds'",
  },
  readOnly: {
    name: 'read-only session',
    because: 'transaction_read_only is on',
    login: READER,
    during: (_t, fn) => fn(),
  },
  outsider: OUTSIDER,
  crowded: { login: CROWDED, during: (_t, fn) => fn() },
  globalStatus: {
    // A function of the name and columns Aurora PostgreSQL has, in the public schema the driver's search path finds.
    async install({ admin }, rows) {
      const select = rows.map((r) => `SELECT '${r.region}'::text, 0::bigint, ${r.primary ? -1 : r.rpoLagMs}::bigint, ${r.primary ? -1 : r.rpoLagMs}::bigint, ${r.primary ? "'1970-01-01'::timestamptz" : `now() - interval '${r.calculatedSecondsAgo} seconds'`}, 0, 0::bigint`).join(' UNION ALL ');
      await admin.query(`CREATE OR REPLACE FUNCTION public.aurora_global_db_status() RETURNS TABLE (aws_region text, highest_lsn_written bigint, durability_lag_in_msec bigint, rpo_lag_in_msec bigint, last_lag_calculation_time timestamptz, feedback_epoch integer, feedback_xmin bigint) LANGUAGE sql AS $$ ${select} $$`);
    },
    async remove({ admin }) {
      await admin.query('DROP FUNCTION IF EXISTS public.aurora_global_db_status()');
    },
  },
  async whileWritesBlocked(t, fn) {
    const locker = await adminSession(t.db.url);
    try {
      await locker.query('BEGIN');
      // EXCLUSIVE lets readers in and makes every write wait, as a commit bound does.
      await locker.query('LOCK TABLE public.tap_dr_heartbeats IN EXCLUSIVE MODE');
      return await fn();
    } finally {
      await locker.query('ROLLBACK');
      await locker.close();
    }
  },
  errorCodes: {
    wrongPassword: '28P01', // invalid_password
    accessDenied: '42501', // insufficient_privilege
    sessionEnded: '57P01', // admin_shutdown
  },

  async endSessions({ admin }) {
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tap-dr-canary' AND pid <> pg_backend_pid()");
  },

  async setUp({ admin }) {
    await admin.query('DROP TABLE IF EXISTS public.tap_dr_heartbeats');
    await dropRoles(admin);
    await admin.query(`CREATE ROLE ${READER.user} LOGIN PASSWORD '${READER.password}'`);
    // Every session of this login is read-only, which is what a secondary cluster looks like to a client.
    await admin.query(`ALTER ROLE ${READER.user} SET default_transaction_read_only = on`);
    await admin.query(`GRANT pg_read_all_data TO ${READER.user}`);
    await admin.query(`CREATE ROLE ${OUTSIDER.user} LOGIN PASSWORD '${OUTSIDER.password}'`);
    await admin.query(`ALTER ROLE ${OUTSIDER.user} SET default_transaction_read_only = on`);
    await admin.query(`CREATE ROLE ${CROWDED.user} LOGIN PASSWORD '${CROWDED.password}' CONNECTION LIMIT 0`);
  },

  async tearDown({ admin }) {
    await admin.query('DROP TABLE IF EXISTS public.tap_dr_heartbeats');
    await dropRoles(admin);
  },

  driverTests(t) {
    const { open, failure } = t;

    it('a statement blocked by a lock: the server cancels it after timeoutMs (timeout)', async () => {
      const locker = await adminSession(t.db.url);
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE public.tap_dr_heartbeats IN ACCESS EXCLUSIVE MODE');
        const writer = await open({ timeoutMs: 300 });
        const { error, cause } = await failure(writer.writeHeartbeat('us-east-1'));
        expect(error.code).toBe('57014'); // query_canceled
        expect(cause).toBe('timeout');
      } finally {
        await locker.query('ROLLBACK');
        await locker.close();
      }
    });

    it('an error from the status function other than its absence is passed on', async () => {
      await t.admin.query(`CREATE OR REPLACE FUNCTION public.aurora_global_db_status() RETURNS TABLE (aws_region text, rpo_lag_in_msec bigint, last_lag_calculation_time timestamptz) LANGUAGE sql AS $$ SELECT 'x'::text, 1/0::bigint, now() $$`);
      try {
        const session = await open();
        expect((await failure(session.readGlobalLag('x'))).error.code).toBe('22012'); // division_by_zero
      } finally {
        await t.admin.query('DROP FUNCTION IF EXISTS public.aurora_global_db_status()');
      }
    });

    it('recognises pg errors without a code by their message', () => {
      expect(driver.failureCause(new Error('Query read timeout'))).toBe('timeout');
      expect(driver.failureCause(new Error('Connection terminated unexpectedly'))).toBe('connection-lost');
      expect(driver.failureCause(new Error('something else'))).toBeUndefined();
      expect(driver.failureCause(undefined)).toBeUndefined();
    });
  },
});

async function dropRoles(admin: AdminSession) {
  for (const { user } of [READER, OUTSIDER, CROWDED]) {
    await admin.query(`DROP OWNED BY ${user}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${user}`);
  }
}
