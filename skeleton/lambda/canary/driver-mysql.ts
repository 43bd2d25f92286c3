// Database driver of the canary for Aurora MySQL, on `mysql2`. The generated repository holds it as
// lambda/canary/driver.ts; the PostgreSQL variant exports the same names.
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { ConnectOptions, DatabaseSession, DriverFailureCause, GlobalLag, Heartbeat, HeartbeatRow, Role } from './types';

export const engine = 'aurora-mysql';
export const defaultPort = 3306;

/**
 * Read-only on a secondary cluster (Aurora replicas run with innodb_read_only and read_only on) or on
 * a server switched to read_only. Written for both MySQL 8 (Aurora MySQL 3) and MariaDB (the tests).
 */
const ROLE_SQL = `SELECT CASE
  WHEN @@global.innodb_read_only THEN 'innodb_read_only is ON'
  WHEN @@global.read_only THEN 'read_only is ON'
END AS read_only_because`;

const CREATE_HEARTBEAT_SQL = `CREATE TABLE IF NOT EXISTS tap_dr_heartbeats (
  region VARCHAR(64) NOT NULL PRIMARY KEY,
  written_at DATETIME(6) NOT NULL
) ENGINE = InnoDB`;

/** `written_at` (UTC, see below) as ISO 8601 text: mysql2 would read a DATETIME in the client's time zone. */
const WRITTEN_AT = `DATE_FORMAT(written_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS written_at`;

// UTC on both sides, so the sessions' time zones do not matter.
const WRITE_HEARTBEAT_SQL = `INSERT INTO tap_dr_heartbeats (region, written_at) VALUES (?, UTC_TIMESTAMP(6))
ON DUPLICATE KEY UPDATE written_at = UTC_TIMESTAMP(6)`;

const READ_OWN_HEARTBEAT_SQL = `SELECT region, ${WRITTEN_AT} FROM tap_dr_heartbeats WHERE region = ?`;

const READ_HEARTBEAT_SQL = `SELECT region, ${WRITTEN_AT}, TIMESTAMPDIFF(MICROSECOND, written_at, UTC_TIMESTAMP(6)) AS age_us
FROM tap_dr_heartbeats ORDER BY tap_dr_heartbeats.written_at DESC LIMIT 1`;

const READ_HEARTBEATS_SQL = `SELECT region, ${WRITTEN_AT} FROM tap_dr_heartbeats ORDER BY region`;

/**
 * Where Aurora MySQL (3.04.0 and higher) keeps the global database's lag (aws-facts.ts GLOBAL_STATUS_SOURCE).
 * An object, not a constant, only so the tests can point it at a stand-in: MariaDB has no such table.
 */
export const GLOBAL_STATUS = { table: 'information_schema.aurora_global_db_status' };

/** On the primary's row the lag is 0 and the calculation time 1970-01-01: that row is no lag. */
const globalLagSql = () => `SELECT RPO_LAG_IN_MILLISECONDS AS rpo_lag_ms,
  TIMESTAMPDIFF(MICROSECOND, LAST_LAG_CALCULATION_TIMESTAMP, UTC_TIMESTAMP(6)) AS calculated_us_ago,
  YEAR(LAST_LAG_CALCULATION_TIMESTAMP) = 1970 AS is_primary
FROM ${GLOBAL_STATUS.table} WHERE AWS_REGION = ?`;

/** mysql2 error codes the canary names: server errors (ER_*) and mysql2's own (PROTOCOL_*, HANDSHAKE_*). */
const CODE_CAUSES: Readonly<Record<string, DriverFailureCause>> = {
  ER_ACCESS_DENIED_ERROR: 'authentication', // 1045: wrong user or password
  ER_DBACCESS_DENIED_ERROR: 'authentication', // 1044: no access to the database
  ER_BAD_DB_ERROR: 'database-not-found', // 1049
  ER_CON_COUNT_ERROR: 'database-unavailable', // 1040: too many connections
  ER_TOO_MANY_USER_CONNECTIONS: 'database-unavailable', // 1203: the login's max_user_connections reached
  ER_USER_LIMIT_REACHED: 'database-unavailable', // 1226: an account resource limit (connections per hour) reached
  ER_SERVER_SHUTDOWN: 'database-unavailable', // 1053
  ER_LOCK_WAIT_TIMEOUT: 'timeout', // 1205
  PROTOCOL_SEQUENCE_TIMEOUT: 'timeout', // the query timeout below
  PROTOCOL_CONNECTION_LOST: 'connection-lost',
  HANDSHAKE_NO_SSL_SUPPORT: 'tls',
};

const NO_SUCH_TABLE = 'ER_NO_SUCH_TABLE';
/** "Unknown table ... in information_schema": no global-database status here (not Aurora MySQL 3.04+). */
const NO_STATUS_TABLE = new Set([NO_SUCH_TABLE, 'ER_UNKNOWN_TABLE']);

export function failureCause(error: unknown): DriverFailureCause | undefined {
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' ? CODE_CAUSES[code] : undefined;
}

export async function connect(options: ConnectOptions): Promise<DatabaseSession> {
  const connection = await createConnection({
    host: options.host,
    port: options.port,
    database: options.database,
    user: options.user,
    password: options.password,
    // Node's trust store plus the RDS CAs the Lambda runtime adds through NODE_EXTRA_CA_CERTS.
    ssl: options.tls === 'verify' ? { rejectUnauthorized: true } : undefined,
    connectTimeout: options.timeoutMs,
  });
  // A connection that breaks between queries emits 'error'; unheard, it would crash the function.
  // Keep the first one, the real reason, so the next query reports it.
  let broken: Error | undefined;
  connection.on('error', (error: Error) => {
    broken ??= error;
  });

  // After a query that the server did not answer (a timeout, a lost connection), close() does not
  // wait: a query that timed out behind a lock is still the connection's current command, and a
  // polite QUIT would queue behind it. An error the server answered with leaves the connection usable.
  let unusable = false;
  const query = async <Row extends RowDataPacket>(sql: string, values?: unknown[]): Promise<Row[]> => {
    if (broken) throw broken;
    try {
      const [rows] = await connection.query<Row[]>({ sql, timeout: options.timeoutMs }, values);
      return rows;
    } catch (error) {
      if ((error as { sqlState?: unknown }).sqlState === undefined) unusable = true;
      throw error;
    }
  };
  /** Rows of a heartbeat query; none while the writer region's canary has not created the table yet. */
  const readIfCreated = async <Row>(read: () => Promise<Row[]>): Promise<Row[]> => {
    try {
      return await read();
    } catch (error) {
      if ((error as { code?: unknown }).code === NO_SUCH_TABLE) return [];
      throw error;
    }
  };
  let closed = false;
  return {
    async role(): Promise<Role> {
      const [row] = await query<RowDataPacket & { read_only_because: string | null }>(ROLE_SQL);
      return row.read_only_because === null ? { writable: true } : { writable: false, readOnlyBecause: row.read_only_because };
    },
    async writeHeartbeat(region: string): Promise<HeartbeatRow> {
      try {
        await query(WRITE_HEARTBEAT_SQL, [region]);
      } catch (error) {
        if ((error as { code?: unknown }).code !== NO_SUCH_TABLE) throw error;
        // First run on this database. Created only then, so audit logs do not see DDL on every probe.
        await query(CREATE_HEARTBEAT_SQL);
        await query(WRITE_HEARTBEAT_SQL, [region]);
      }
      const [row] = await query<RowDataPacket & { region: string; written_at: string }>(READ_OWN_HEARTBEAT_SQL, [region]);
      return { region: row.region, writtenAt: row.written_at };
    },
    async readHeartbeat(): Promise<Heartbeat | undefined> {
      const [row] = await readIfCreated(() => query<RowDataPacket & { region: string; written_at: string; age_us: number }>(READ_HEARTBEAT_SQL));
      return row && { region: row.region, writtenAt: row.written_at, ageSeconds: Number(row.age_us) / 1e6 };
    },
    async readHeartbeats(): Promise<HeartbeatRow[]> {
      const rows = await readIfCreated(() => query<RowDataPacket & { region: string; written_at: string }>(READ_HEARTBEATS_SQL));
      return rows.map((row) => ({ region: row.region, writtenAt: row.written_at }));
    },
    async readGlobalLag(region: string): Promise<GlobalLag | undefined> {
      try {
        const [row] = await query<RowDataPacket & { rpo_lag_ms: number; calculated_us_ago: number; is_primary: number }>(globalLagSql(), [region]);
        return row && !row.is_primary ? { rpoLagMs: Number(row.rpo_lag_ms), calculatedSecondsAgo: Number(row.calculated_us_ago) / 1e6 } : undefined;
      } catch (error) {
        if (NO_STATUS_TABLE.has(String((error as { code?: unknown }).code))) return undefined;
        throw error;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (unusable || broken) connection.destroy();
      else await connection.end();
    },
  };
}
