import type { DriverFailureCause } from './types';

/** The step of a probe that failed: `commit` is the writer's heartbeat, after the writer has answered. */
export type Stage = 'config' | 'secret' | 'connect' | 'query' | 'commit';

/** Every way a run can fail. Each one is logged with its own sentence and counts as connectivity 0. */
export type FailureCause =
  | 'misconfigured'
  | 'secret-not-found'
  | 'secret-access-denied'
  | 'secret-unreachable'
  | 'secret-invalid'
  | 'secret-error'
  | 'dns'
  | 'connection-refused'
  | 'network-unreachable'
  | DriverFailureCause
  | 'database-error';

/** An error the canary raises itself, with its cause already known. */
export class CanaryError extends Error {
  constructor(
    readonly failureCause: FailureCause,
    message: string,
  ) {
    super(message);
    this.name = 'CanaryError';
  }
}

/** Name, code and message of an error, for the log; never a stack or a password. */
export interface ErrorSummary {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

/**
 * Errors are read by their fields, not with `instanceof Error`: an error made in another realm (a vm
 * context, as under jest) is no instance of this realm's Error but has the same fields.
 */
type ErrorFields = { readonly name?: unknown; readonly message?: unknown; readonly code?: unknown; readonly cause?: unknown; readonly errors?: unknown };
const fields = (error: unknown): ErrorFields => (typeof error === 'object' && error !== null ? error : {});

export function summarizeError(error: unknown): ErrorSummary {
  const { name, message } = fields(error);
  if (typeof message !== 'string') return { name: typeof error, message: String(error) };
  const code = errorCode(error);
  return { name: String(name), ...(code === undefined ? {} : { code }), message };
}

/**
 * The error's `code`: Node system errors (`ECONNREFUSED`), driver codes (`28P01`, `ER_ACCESS_DENIED_ERROR`).
 * Node reports a host with several addresses (IPv4 and IPv6) that all failed as an `AggregateError`
 * whose own code may be missing: then the first inner error's code counts.
 */
export function errorCode(error: unknown): string | undefined {
  const { code, errors } = fields(error);
  if (typeof code === 'string') return code;
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

/** Node network and TLS error codes, the same whichever database driver raised them. */
const NETWORK_CAUSES: Readonly<Record<string, FailureCause>> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  ECONNREFUSED: 'connection-refused',
  EHOSTUNREACH: 'network-unreachable',
  ENETUNREACH: 'network-unreachable',
  ETIMEDOUT: 'timeout',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls',
  CERT_HAS_EXPIRED: 'tls',
  ERR_TLS_CERT_ALTNAME_INVALID: 'tls',
};

/** AWS SDK error names (unwrapped from Powertools' `GetParameterError`) when reading the secret. */
const SECRET_CAUSES: Readonly<Record<string, FailureCause>> = {
  ResourceNotFoundException: 'secret-not-found',
  AccessDeniedException: 'secret-access-denied',
  DecryptionFailure: 'secret-access-denied',
  UnrecognizedClientException: 'secret-access-denied',
  InvalidSignatureException: 'secret-access-denied',
  ExpiredTokenException: 'secret-access-denied',
  CredentialsProviderError: 'secret-access-denied',
  TransformParameterError: 'secret-invalid',
  TimeoutError: 'secret-unreachable',
};

/** Follows `cause` from a wrapper (Powertools' `GetParameterError`) to the error that started it. */
function rootCause(error: unknown): unknown {
  const { cause } = fields(error);
  return typeof cause === 'object' && cause !== null ? rootCause(cause) : error;
}

/**
 * The cause of an error thrown at `stage`. `driverCause` knows the database driver's own codes;
 * whatever it does not recognise falls back to the network codes, then to a generic cause per stage.
 */
export function classifyError(
  stage: Exclude<Stage, 'config'>,
  error: unknown,
  driverCause: (error: unknown) => DriverFailureCause | undefined,
): FailureCause {
  if (error instanceof CanaryError) return error.failureCause;
  if (stage === 'secret') {
    const root = rootCause(error);
    const name = String(fields(root).name);
    const network = NETWORK_CAUSES[errorCode(root) ?? ''];
    return SECRET_CAUSES[name] ?? (network ? 'secret-unreachable' : 'secret-error');
  }
  return driverCause(error) ?? NETWORK_CAUSES[errorCode(error) ?? ''] ?? 'database-error';
}

/**
 * Causes that mean no connection came about: no address for the name, nothing listening, no route,
 * no answer within the timeout, or the socket closed before the server said anything. Every other
 * failure is an answer from the server (a rejected login, too many connections, a cancelled statement,
 * a refused or untrusted TLS session): the server is there.
 */
const NO_CONNECTION: ReadonlySet<FailureCause> = new Set<FailureCause>(['dns', 'connection-refused', 'network-unreachable', 'timeout', 'connection-lost']);

/**
 * Whether a failure at `stage` means the database could not be reached at all. Only the connect step
 * can say so: once a connection is open, whatever fails after it came from a server that answered.
 * A run that failed before it tried to connect (configuration, secret) is no evidence of an outage.
 */
export function connectionNotEstablished(stage: Stage, cause: FailureCause): boolean {
  return stage === 'connect' && NO_CONNECTION.has(cause);
}

/** What the log line needs to name the failing thing. */
export interface FailureContext {
  readonly stage: Stage;
  readonly region: string;
  readonly secretArn: string;
  /** `host:port/database` */
  readonly target: string;
  readonly host: string;
  readonly database: string;
  readonly user: string;
  readonly timeoutMs: number;
  /** The error's own message, or the list of configuration problems. */
  readonly detail: string;
}

/** One sentence an on-call engineer can act on: what failed, and where to look. */
export function describeFailure(cause: FailureCause, c: FailureContext): string {
  switch (cause) {
    case 'misconfigured':
      return `the function's environment is incomplete or invalid: ${c.detail}`;
    case 'secret-not-found':
      return `secret ${c.secretArn} does not exist in ${c.region}; in the secondary region DB_SECRET_ARN must name the replica of the secret there`;
    case 'secret-access-denied':
      return `not allowed to read secret ${c.secretArn} in ${c.region}: the function's role needs secretsmanager:GetSecretValue on it and kms:Decrypt on its key (${c.detail})`;
    case 'secret-unreachable':
      return `cannot reach Secrets Manager in ${c.region} within ${c.timeoutMs} ms: a function in private subnets needs the secretsmanager interface VPC endpoint or a NAT route (${c.detail})`;
    case 'secret-invalid':
      return `secret ${c.secretArn} is not a JSON object with string username and password: ${c.detail}`;
    case 'secret-error':
      return `cannot read secret ${c.secretArn} in ${c.region}: ${c.detail}`;
    case 'dns':
      return `cannot resolve ${c.host}: no DNS record for DB_HOST (${c.detail})`;
    case 'connection-refused':
      return `${c.target} refused the connection: nothing listens there; wrong DB_PORT, or the database is down or restarting (${c.detail})`;
    case 'network-unreachable':
      return `no network route to ${c.target} (${c.detail})`;
    case 'timeout':
      if (c.stage === 'commit') {
        return `the heartbeat commit on ${c.target} did not finish within ${c.timeoutMs} ms: the writer answers but commits are blocked (rds.global_db_rpo while no secondary keeps up) or a lock holds them (${c.detail})`;
      }
      return c.stage === 'query'
        ? `a query on ${c.target} did not finish within ${c.timeoutMs} ms: the database is overloaded or a lock blocks it (${c.detail})`
        : `no answer from ${c.target} within ${c.timeoutMs} ms: a security group, network ACL or route blocks the port, or the database does not respond (${c.detail})`;
    case 'authentication':
      return `${c.target} rejected user ${c.user}: wrong user name or password, or no access to the database; does secret ${c.secretArn} hold the cluster's current master password? (${c.detail})`;
    case 'database-not-found':
      return `database ${c.database} does not exist on ${c.target}: check DB_NAME or the secret's dbname (${c.detail})`;
    case 'database-unavailable':
      return `${c.target} accepts no sessions right now: it is starting, shutting down, failing over or out of connections (${c.detail})`;
    case 'tls':
      return `no trusted TLS session with ${c.target}: ${c.detail}`;
    case 'connection-lost':
      return `the connection to ${c.target} broke during the ${c.stage} step (${c.detail})`;
    case 'database-error':
      return `the ${c.stage} step on ${c.target} failed: ${c.detail}`;
  }
}
