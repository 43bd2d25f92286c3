/**
 * The contract between the canary's logic and its database driver. `driver-postgres.ts` (pg) and
 * `driver-mysql.ts` (mysql2) both implement it; the generated repository holds the one of its engine,
 * as `driver.ts`.
 */

export type Engine = 'aurora-postgresql' | 'aurora-mysql';

/** Where and how to connect. Every network step is bounded by `timeoutMs`. */
export interface ConnectOptions {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly timeoutMs: number;
  /**
   * `verify`: TLS, the server certificate checked against the Amazon RDS certificate authorities and
   * the host name. `off`: no TLS, for a local test database only.
   */
  readonly tls: 'verify' | 'off';
}

/** What the role query found out. */
export interface Role {
  /** True when this connection can write: the cluster's writer, not a read-only secondary. */
  readonly writable: boolean;
  /** Why the connection is read-only, in the server's own words (e.g. `pg_is_in_recovery()`), for the log. */
  readonly readOnlyBecause?: string;
}

/** One row of `tap_dr_heartbeats`: the last heartbeat a writer region committed. */
export interface HeartbeatRow {
  /** Region of the writer that wrote it. */
  readonly region: string;
  /** `written_at` in ISO 8601 UTC, by the clock of the database that wrote it. */
  readonly writtenAt: string;
}

/** The newest heartbeat as a read-only connection sees it. */
export interface Heartbeat extends HeartbeatRow {
  /** Server clock now minus `written_at`, in seconds, measured by the database it was read from. */
  readonly ageSeconds: number;
}

/** This region's replication lag as Aurora last calculated it (aws-facts.ts GLOBAL_STATUS_SOURCE). */
export interface GlobalLag {
  /** `rpo_lag_in_msec` / `RPO_LAG_IN_MILLISECONDS`: writes committed on the primary and not yet here. */
  readonly rpoLagMs: number;
  /** Seconds since Aurora calculated it (`last_lag_calculation_time`), by this database's clock. */
  readonly calculatedSecondsAgo: number;
}

/** One open connection. `close()` never throws and may be called more than once. */
export interface DatabaseSession {
  /** The real query of each probe: is this connection writable? */
  role(): Promise<Role>;
  /**
   * Upserts this region's row of `tap_dr_heartbeats` with the server's time, creating the table on
   * first use, and returns the row: the commit the blocked-commit alarm and the drills watch.
   */
  writeHeartbeat(region: string): Promise<HeartbeatRow>;
  /** The newest heartbeat; `undefined` when there is no table or no row yet. */
  readHeartbeat(): Promise<Heartbeat | undefined>;
  /** Every region's last heartbeat (a row per writer region there has been), oldest region name first. */
  readHeartbeats(): Promise<HeartbeatRow[]>;
  /** `region`'s lag from Aurora's global-database status; `undefined` where the engine offers none (or not here). */
  readGlobalLag(region: string): Promise<GlobalLag | undefined>;
  close(): Promise<void>;
}

/** What a driver module exports. */
export interface DatabaseDriver {
  readonly engine: Engine;
  /** Default port of the engine, when neither DB_PORT nor the secret names one. */
  readonly defaultPort: number;
  connect(options: ConnectOptions): Promise<DatabaseSession>;
  /**
   * The failure cause of a driver-specific error (a server error code, the driver's own timeout
   * error), or `undefined` to leave it to the engine-neutral rules (Node network errors).
   */
  failureCause(error: unknown): DriverFailureCause | undefined;
}

/** Causes a driver can recognise in its own errors. */
export type DriverFailureCause =
  | 'authentication'
  | 'database-not-found'
  | 'database-unavailable'
  | 'timeout'
  | 'connection-lost'
  | 'tls';
