import type { ConnectOptions, Engine } from './types';

/** Used when CONNECT_TIMEOUT_MS is not set. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** Upper bound of CONNECT_TIMEOUT_MS: a canary that runs every minute must finish well within it. */
export const MAX_TIMEOUT_MS = 20_000;
/** Used when PROBE_INTERVAL_SECONDS is not set. */
export const DEFAULT_PROBE_INTERVAL_SECONDS = 10;

/** Longest probe window (PROBE_WINDOW_SECONDS): a scheduled invocation must end within Lambda's 15 minutes. */
export const MAX_WINDOW_SECONDS = 600;

/**
 * The function's environment, checked. The Pulumi program sets DB_SECRET_ARN, DB_HOST, DB_PORT,
 * DB_READER_HOST, DB_NAME, DB_ENGINE, CONNECT_TIMEOUT_MS, PROBE_INTERVAL_SECONDS and PROBE_WINDOW_SECONDS,
 * and in the secondary region PEER_HOST; Lambda sets AWS_REGION. DB_TLS is for local tests only.
 */
export interface CanaryConfig {
  readonly region: string;
  readonly secretArn: string;
  /** The cluster's cluster (writer) endpoint. */
  readonly host: string;
  /**
   * The same cluster's reader endpoint. Each probe of its own cluster tries both at once: after a
   * switchover the cluster endpoint of the now secondary cluster takes no connections that can read
   * the heartbeat, and the reader endpoint of the now primary cluster balances across its replicas
   * only (aws-facts.ts CLUSTER_ENDPOINTS).
   */
  readonly readerHost?: string;
  /** The other region's writer endpoint (the primary's, for the secondary canary), reached across the VPC peering. */
  readonly peerHost?: string;
  /** A scheduled invocation probes every intervalMs for windowMs (0: one probe). */
  readonly intervalMs: number;
  readonly windowMs: number;
  readonly port?: number;
  readonly database?: string;
  readonly engine: Engine;
  readonly timeoutMs: number;
  readonly tls: ConnectOptions['tls'];
}

/** The database secret: `{ username, password, dbname?, port?, engine? }` (the RDS secret layout). */
export interface DatabaseSecret {
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
  readonly port?: number;
}

type Env = Readonly<Record<string, string | undefined>>;

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/**
 * Reads the configuration from `env` for a bundle whose driver is `engine`. Returns every problem at
 * once (name, value, what is allowed), so one log line says all that is wrong.
 */
export function readConfig(env: Env, engine: Engine): { config: CanaryConfig } | { problems: string[] } {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const region = required('AWS_REGION');
  const secretArn = required('DB_SECRET_ARN');
  const host = required('DB_HOST');
  const engineName = required('DB_ENGINE');
  if (engineName && engineName !== engine) {
    problems.push(`DB_ENGINE is "${engineName}" but this function was built with the ${engine} driver`);
  }

  let port: number | undefined;
  if (env.DB_PORT) {
    port = Number(env.DB_PORT);
    if (!isPort(port)) problems.push(`DB_PORT "${env.DB_PORT}" is not a port number (1-65535)`);
  }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (env.CONNECT_TIMEOUT_MS) {
    timeoutMs = Number(env.CONNECT_TIMEOUT_MS);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
      problems.push(`CONNECT_TIMEOUT_MS "${env.CONNECT_TIMEOUT_MS}" is not a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
    }
  }

  const seconds = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} "${raw}" is not a whole number of seconds from ${min} to ${max}`);
    return value;
  };
  const intervalSeconds = seconds('PROBE_INTERVAL_SECONDS', DEFAULT_PROBE_INTERVAL_SECONDS, 1, MAX_WINDOW_SECONDS);
  const windowSeconds = seconds('PROBE_WINDOW_SECONDS', 0, 0, MAX_WINDOW_SECONDS);

  const tls = env.DB_TLS ?? 'verify';
  if (tls !== 'verify' && tls !== 'off') problems.push(`DB_TLS "${tls}" is neither "verify" (the default) nor "off"`);

  if (problems.length > 0) return { problems };
  return {
    config: {
      region,
      secretArn,
      host,
      ...(env.DB_READER_HOST?.trim() ? { readerHost: env.DB_READER_HOST.trim() } : {}),
      ...(env.PEER_HOST?.trim() ? { peerHost: env.PEER_HOST.trim() } : {}),
      intervalMs: intervalSeconds * 1000,
      windowMs: windowSeconds * 1000,
      ...(port === undefined ? {} : { port }),
      ...(env.DB_NAME ? { database: env.DB_NAME } : {}),
      engine,
      timeoutMs,
      tls: tls as CanaryConfig['tls'],
    },
  };
}

/** Checks the secret's value (already parsed from JSON); returns the problem as text when it is unusable. */
export function parseSecret(value: unknown): DatabaseSecret | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `the value is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not a JSON object`;
  }
  const { username, password, dbname, port } = value as Record<string, unknown>;
  if (typeof username !== 'string' || username === '') return 'username is missing or not a string';
  if (typeof password !== 'string' || password === '') return 'password is missing or not a string';
  const portNumber = port === '' ? undefined : typeof port === 'string' ? Number(port) : port;
  if (portNumber !== undefined && !(typeof portNumber === 'number' && isPort(portNumber))) return `port ${JSON.stringify(port)} is not a port number`;
  return {
    username,
    password,
    ...(typeof dbname === 'string' && dbname !== '' ? { dbname } : {}),
    ...(portNumber === undefined ? {} : { port: portNumber }),
  };
}

/** Port and database: the environment first (set by the Pulumi program), then the secret, then the engine default port. */
export function connectOptions(config: CanaryConfig, secret: DatabaseSecret, defaultPort: number, host: string = config.host): ConnectOptions | string {
  const database = config.database ?? secret.dbname;
  if (!database) return 'no database name: set DB_NAME or put dbname in the secret';
  return {
    host,
    port: config.port ?? secret.port ?? defaultPort,
    database,
    user: secret.username,
    password: secret.password,
    timeoutMs: config.timeoutMs,
    tls: config.tls,
  };
}

/** `host:port/database` as far as it is known yet, the way logs name the target. */
export function targetOf(config: CanaryConfig, defaultPort: number, secret?: DatabaseSecret, host: string = config.host): string {
  const database = config.database ?? secret?.dbname;
  return `${host}:${config.port ?? secret?.port ?? defaultPort}${database ? `/${database}` : ''}`;
}

/** How a scheduled invocation loops: from the environment, or one probe when it is not valid (the probe then reports the problems). */
export function loopSettings(env: Env, engine: Engine): { intervalMs: number; windowMs: number; timeoutMs: number } {
  const read = readConfig(env, engine);
  if ('problems' in read) return { intervalMs: DEFAULT_PROBE_INTERVAL_SECONDS * 1000, windowMs: 0, timeoutMs: DEFAULT_TIMEOUT_MS };
  const { intervalMs, windowMs, timeoutMs } = read.config;
  return { intervalMs, windowMs, timeoutMs };
}
