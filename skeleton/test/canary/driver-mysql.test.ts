// The canary against a real MySQL-compatible server (MariaDB; Aurora MySQL speaks the same protocol
// and SQL): the tests every engine must pass (driver-contract.ts), with MySQL's SQL, error codes and
// a server switched to read_only, then the tests of what only mysql2 does. The generated repository
// holds this file as test/canary/driver.test.ts.
import { randomBytes } from 'node:crypto';
import * as driver from '../../lambda/canary/driver';
import { adminSession } from '../helpers/database';
import type { AdminSession } from '../helpers/test-database';
import { describeCanary, type CanaryTestContext } from './driver-contract';

/** A login that may use the test database but not read the heartbeat table. */
const OUTSIDER = { user: 'tap_dr_canary_outsider', password: randomBytes(8).toString('hex') };
/** Where Aurora MySQL keeps the global database's lag, and the table that stands in for it here. */
const AURORA_TABLE = driver.GLOBAL_STATUS.table;
const STAND_IN = 'tap_dr_global_status_standin';
/** A login with no access to the test database at all. */
const STRANGER = { user: 'tap_dr_canary_stranger', password: randomBytes(8).toString('hex') };
/** A login allowed one connection at a time (MAX_USER_CONNECTIONS 1), held by the test while it runs. */
const CROWDED = { user: 'tap_dr_canary_crowded', password: randomBytes(8).toString('hex') };

describeCanary({
  title: 'canary on MySQL (MariaDB)',
  driver,
  engine: 'aurora-mysql',
  defaultPort: 3306,
  otherEngine: 'aurora-postgresql',
  secretEngine: 'mysql',
  heartbeat: {
    table: 'tap_dr_heartbeats',
    ageSeconds: 'TIMESTAMPDIFF(MICROSECOND, written_at, UTC_TIMESTAMP(6)) / 1e6',
    sevenSecondsAgo: 'UTC_TIMESTAMP(6) - INTERVAL 7 SECOND',
  },
  readOnly: {
    name: 'read-only server',
    because: 'read_only is ON',
    during: whileReadOnly,
  },
  outsider: OUTSIDER,
  crowded: {
    login: CROWDED,
    async during(t, fn) {
      const holder = await driver.connect(t.options(CROWDED));
      try {
        return await fn();
      } finally {
        await holder.close();
      }
    },
  },
  globalStatus: {
    // MariaDB has no information_schema.aurora_global_db_status: a table of its columns in the test
    // database stands in, and the driver is pointed at it.
    async install({ admin }, rows) {
      await admin.query(`CREATE TABLE ${STAND_IN} (AWS_REGION VARCHAR(64), HIGHEST_LSN_WRITTEN BIGINT, DURABILITY_LAG_IN_MILLISECONDS BIGINT, RPO_LAG_IN_MILLISECONDS BIGINT, LAST_LAG_CALCULATION_TIMESTAMP DATETIME(6), OLDEST_READ_VIEW_TRX_ID BIGINT)`);
      for (const r of rows) {
        await admin.query(`INSERT INTO ${STAND_IN} VALUES (?, 0, ?, ?, ${r.primary ? "'1970-01-01 00:00:00'" : `UTC_TIMESTAMP(6) - INTERVAL ${r.calculatedSecondsAgo} SECOND`}, 0)`, [r.region, r.rpoLagMs, r.rpoLagMs]);
      }
      driver.GLOBAL_STATUS.table = STAND_IN;
    },
    async remove({ admin }) {
      driver.GLOBAL_STATUS.table = AURORA_TABLE;
      await admin.query(`DROP TABLE IF EXISTS ${STAND_IN}`);
    },
  },
  async whileWritesBlocked(t, fn) {
    const locker = await adminSession(t.db.url);
    try {
      await locker.query('LOCK TABLES tap_dr_heartbeats WRITE');
      return await fn();
    } finally {
      await locker.query('UNLOCK TABLES');
      await locker.close();
    }
  },
  errorCodes: {
    wrongPassword: 'ER_ACCESS_DENIED_ERROR',
    accessDenied: 'ER_TABLEACCESS_DENIED_ERROR',
    sessionEnded: 'PROTOCOL_CONNECTION_LOST',
  },

  async endSessions({ admin, db }) {
    const others = await admin.query<{ id: number }>('SELECT id FROM information_schema.processlist WHERE id <> CONNECTION_ID() AND user = ?', [db.user]);
    for (const { id } of others) await admin.query(`KILL ${Number(id)}`);
  },

  async setUp({ admin, db }) {
    await admin.query('SET GLOBAL read_only = OFF');
    await admin.query('DROP TABLE IF EXISTS tap_dr_heartbeats');
    await admin.query('CREATE TABLE IF NOT EXISTS tap_dr_other (id INT PRIMARY KEY)');
    await dropUsers(admin);
    await admin.query(`CREATE USER '${OUTSIDER.user}'@'%' IDENTIFIED BY '${OUTSIDER.password}'`);
    // A right on another table of the database lets it connect to the database, not read the heartbeat.
    await admin.query(`GRANT SELECT ON ${db.database}.tap_dr_other TO '${OUTSIDER.user}'@'%'`);
    await admin.query(`CREATE USER '${STRANGER.user}'@'%' IDENTIFIED BY '${STRANGER.password}'`);
    await admin.query(`CREATE USER '${CROWDED.user}'@'%' IDENTIFIED BY '${CROWDED.password}' WITH MAX_USER_CONNECTIONS 1`);
    await admin.query(`GRANT SELECT ON ${db.database}.tap_dr_other TO '${CROWDED.user}'@'%'`);
  },

  async tearDown({ admin }) {
    await admin.query('SET GLOBAL read_only = OFF');
    await admin.query('DROP TABLE IF EXISTS tap_dr_heartbeats');
    await admin.query('DROP TABLE IF EXISTS tap_dr_other');
    await dropUsers(admin);
  },

  driverTests(t) {
    const { options, failure } = t;

    it('a login without access to the database: authentication', async () => {
      const { error, cause } = await failure(driver.connect(options(STRANGER)));
      expect(error.code).toBe('ER_DBACCESS_DENIED_ERROR');
      expect(cause).toBe('authentication');
    });

    it('a statement blocked by a lock: given up after timeoutMs (timeout), and the connection closes at once', async () => {
      const locker = await adminSession(t.db.url);
      try {
        await locker.query('LOCK TABLES tap_dr_heartbeats WRITE');
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

    it('looks for the lag where Aurora MySQL keeps it', () => {
      expect(AURORA_TABLE).toBe('information_schema.aurora_global_db_status');
    });

    it('an error from the status table other than its absence is passed on', async () => {
      driver.GLOBAL_STATUS.table = 'tap_dr_other';
      try {
        const session = await t.open();
        expect((await failure(session.readGlobalLag('x'))).error.code).toBe('ER_BAD_FIELD_ERROR');
      } finally {
        driver.GLOBAL_STATUS.table = AURORA_TABLE;
      }
    });

    it('leaves errors without a code it knows to the engine-neutral rules', () => {
      expect(driver.failureCause(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
      expect(driver.failureCause(Object.assign(new Error('numeric code'), { code: 1045 }))).toBeUndefined();
      expect(driver.failureCause(undefined)).toBeUndefined();
    });
  },
});

async function dropUsers(admin: AdminSession) {
  for (const { user } of [OUTSIDER, STRANGER, CROWDED]) await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
}

/**
 * Runs `fn` with the server switched to read_only, which is what an Aurora MySQL replica reports (it
 * runs with read_only and innodb_read_only on). Needs a user with SUPER (or READ_ONLY ADMIN).
 */
async function whileReadOnly<T>({ admin }: CanaryTestContext, fn: () => Promise<T>): Promise<T> {
  await admin.query('SET GLOBAL read_only = ON');
  try {
    return await fn();
  } finally {
    await admin.query('SET GLOBAL read_only = OFF');
  }
}
