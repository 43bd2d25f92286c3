// Database driver of the canary for Aurora PostgreSQL, on `pg`. The generated repository holds it
// as lambda/canary/driver.ts; the MySQL variant exports the same names.
import { Client } from 'pg';
import type { ConnectOptions, DatabaseSession, DriverFailureCause, GlobalLag, Heartbeat, HeartbeatRow, Role } from './types';

export const engine = 'aurora-postgresql';
export const defaultPort = 5432;

/**
 * The server cancels a statement after `timeoutMs` (statement_timeout, which covers lock waits too);
 * the client gives up this much later, for a connection that no longer answers at all.
 */
const CLIENT_TIMEOUT_MARGIN_MS = 1000;

/** Read-only on a secondary cluster (a server in recovery) or when the session is read-only. */
const ROLE_SQL = `SELECT CASE
  WHEN pg_is_in_recovery() THEN 'pg_is_in_recovery() is true'
  WHEN current_setting('transaction_read_only') = 'on' THEN 'transaction_read_only is on'
END AS read_only_because`;

const CREATE_HEARTBEAT_SQL = `CREATE TABLE IF NOT EXISTS public.tap_dr_heartbeats (
  region text PRIMARY KEY,
  written_at timestamptz NOT NULL
)`;

/** `written_at` as ISO 8601 UTC text, whatever the session's time zone. */
const WRITTEN_AT = `to_char(written_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS written_at`;

const WRITE_HEARTBEAT_SQL = `INSERT INTO public.tap_dr_heartbeats (region, written_at) VALUES ($1, now())
ON CONFLICT (region) DO UPDATE SET written_at = EXCLUDED.written_at
RETURNING region, ${WRITTEN_AT}`;

const READ_HEARTBEAT_SQL = `SELECT region, ${WRITTEN_AT}, extract(epoch FROM now() - written_at)::float8 AS age_seconds
FROM public.tap_dr_heartbeats ORDER BY tap_dr_heartbeats.written_at DESC LIMIT 1`;

const READ_HEARTBEATS_SQL = `SELECT region, ${WRITTEN_AT} FROM public.tap_dr_heartbeats ORDER BY region`;

/** Aurora PostgreSQL's view of the global database's lag (aws-facts.ts GLOBAL_STATUS_SOURCE); -1 marks the primary. */
const GLOBAL_LAG_SQL = `SELECT rpo_lag_in_msec::float8 AS rpo_lag_ms,
  extract(epoch FROM now() - last_lag_calculation_time)::float8 AS calculated_seconds_ago
FROM aurora_global_db_status() WHERE aws_region = $1`;

/** PostgreSQL error codes (SQLSTATE) the canary names; https://www.postgresql.org/docs/current/errcodes-appendix.html */
const SQLSTATE_CAUSES: Readonly<Record<string, DriverFailureCause>> = {
  '28P01': 'authentication', // invalid_password
  '28000': 'authentication', // invalid_authorization_specification: no pg_hba.conf entry, no such role
  '3D000': 'database-not-found', // invalid_catalog_name
  '57014': 'timeout', // query_canceled: statement_timeout
  '55P03': 'timeout', // lock_not_available
  '57P01': 'connection-lost', // admin_shutdown: the backend was terminated
  '57P02': 'connection-lost', // crash_shutdown
  '57P03': 'database-unavailable', // cannot_connect_now: starting up, shutting down, in failover
  '53300': 'database-unavailable', // too_many_connections
};

const UNDEFINED_TABLE = '42P01';
/** No aurora_global_db_status() here: not Aurora PostgreSQL (a test database). */
const UNDEFINED_FUNCTION = '42883';

/**
 * pg raises its own timeouts and TLS refusals as plain errors with no code:
 * "Connection terminated due to connection timeout", "Query read timeout",
 * "The server does not support SSL connections".
 */
const MESSAGE_CAUSES: ReadonlyArray<readonly [RegExp, DriverFailureCause]> = [
  [/timeout/i, 'timeout'],
  [/does not support SSL/i, 'tls'],
  [/Connection terminated unexpectedly/i, 'connection-lost'],
];

export function failureCause(error: unknown): DriverFailureCause | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const byCode = typeof code === 'string' ? SQLSTATE_CAUSES[code] : undefined;
  return byCode ?? MESSAGE_CAUSES.find(([pattern]) => pattern.test(String(message)))?.[1];
}

export async function connect(options: ConnectOptions): Promise<DatabaseSession> {
  const client = new Client({
    host: options.host,
    port: options.port,
    database: options.database,
    user: options.user,
    password: options.password,
    // Node's trust store plus the RDS CAs the Lambda runtime adds through NODE_EXTRA_CA_CERTS.
    ssl: options.tls === 'verify' ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    query_timeout: options.timeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
    application_name: 'tap-dr-canary',
  });
  // A connection that breaks between queries emits 'error'; unheard, it would crash the function.
  // Keep the first one, the server's reason, so the next query reports it rather than "not queryable".
  let broken: Error | undefined;
  client.on('error', (error) => {
    broken ??= error;
  });
  // On failure pg closes the socket itself (calling end() then would wait for an 'end' already past).
  await client.connect();

  const query = async <Row extends object>(text: string, values?: unknown[]): Promise<Row[]> => {
    if (broken) throw broken;
    return (await client.query<Row>(text, values)).rows;
  };
  /** Rows of a heartbeat query; none while the writer region's canary has not created the table yet. */
  const readIfCreated = async <Row>(read: () => Promise<Row[]>): Promise<Row[]> => {
    try {
      return await read();
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
      throw error;
    }
  };
  let closed = false;
  return {
    async role(): Promise<Role> {
      const [row] = await query<{ read_only_because: string | null }>(ROLE_SQL);
      return row.read_only_because === null ? { writable: true } : { writable: false, readOnlyBecause: row.read_only_because };
    },
    async writeHeartbeat(region: string): Promise<HeartbeatRow> {
      try {
        const [row] = await query<{ region: string; written_at: string }>(WRITE_HEARTBEAT_SQL, [region]);
        return { region: row.region, writtenAt: row.written_at };
      } catch (error) {
        if ((error as { code?: unknown }).code !== UNDEFINED_TABLE) throw error;
        // First run on this database. Created only then, so audit logs do not see DDL on every probe.
        await query(CREATE_HEARTBEAT_SQL);
        const [row] = await query<{ region: string; written_at: string }>(WRITE_HEARTBEAT_SQL, [region]);
        return { region: row.region, writtenAt: row.written_at };
      }
    },
    async readHeartbeat(): Promise<Heartbeat | undefined> {
      const [row] = await readIfCreated(() => query<{ region: string; written_at: string; age_seconds: number }>(READ_HEARTBEAT_SQL));
      return row && { region: row.region, writtenAt: row.written_at, ageSeconds: row.age_seconds };
    },
    async readHeartbeats(): Promise<HeartbeatRow[]> {
      const rows = await readIfCreated(() => query<{ region: string; written_at: string }>(READ_HEARTBEATS_SQL));
      return rows.map((row) => ({ region: row.region, writtenAt: row.written_at }));
    },
    async readGlobalLag(region: string): Promise<GlobalLag | undefined> {
      try {
        const [row] = await query<{ rpo_lag_ms: number; calculated_seconds_ago: number }>(GLOBAL_LAG_SQL, [region]);
        return row && row.rpo_lag_ms >= 0 ? { rpoLagMs: row.rpo_lag_ms, calculatedSecondsAgo: row.calculated_seconds_ago } : undefined;
      } catch (error) {
        if ((error as { code?: unknown }).code === UNDEFINED_FUNCTION) return undefined;
        throw error;
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await client.end();
    },
  };
}
