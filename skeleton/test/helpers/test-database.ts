// The database the canary's driver tests run against, whatever the engine. jest's global setup
// (global-setup.ts) either takes TAP_DR_TEST_DATABASE_URL as given or starts a throwaway server and
// sets it; the tests read it here. The engine-specific parts are in database.ts, which implements
// StartedServer and AdminSession below.
import { INSTALL_HINT, URL_EXAMPLE, URL_USER_NEEDS } from './database';

/** A server to use instead of starting one, e.g. the service container of the CI workflow. */
export const URL_VARIABLE = 'TAP_DR_TEST_DATABASE_URL';
/** `1` skips the database tests, on purpose. */
export const SKIP_VARIABLE = 'TAP_DR_SKIP_DATABASE_TESTS';
/** Set by the global setup when it could not start a server: why. */
export const ERROR_VARIABLE = 'TAP_DR_TEST_DATABASE_ERROR';

declare global {
  /** The server global-setup.ts started, for global-teardown.ts (both run in jest's main process). */
  var tapDrTestDatabase: StartedServer | undefined;
}

/** A throwaway server that database.ts started (startServer). */
export interface StartedServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** A session on the test database as its admin user, from database.ts (adminSession). */
export interface AdminSession {
  query<Row extends object = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export interface TestDatabase {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export const databaseTestsSkipped = (): boolean => process.env[SKIP_VARIABLE] === '1';

export const SKIP_NOTICE = `${SKIP_VARIABLE}=1: skipping the tests that need a real database; coverage of lambda/ then falls below the enforced 100%, so jest fails its thresholds`;

/** How to get a database, for the failure message. */
export const HOW_TO_PROVIDE = [
  `set ${URL_VARIABLE}=${URL_EXAMPLE} (${URL_USER_NEEDS}),`,
  `or install the server so the tests start their own (${INSTALL_HINT}),`,
  `or skip these tests on purpose with ${SKIP_VARIABLE}=1 (coverage thresholds then fail).`,
].join(' ');

/** The test database; throws, saying how to provide one, when there is none. */
export function testDatabase(): TestDatabase {
  const url = process.env[URL_VARIABLE];
  if (!url) {
    const reason = process.env[ERROR_VARIABLE] ?? 'the global setup did not run';
    throw new Error(`No database for the canary driver tests: ${reason}\nTo fix: ${HOW_TO_PROVIDE}`);
  }
  const parsed = new URL(url);
  return {
    url,
    host: parsed.hostname,
    port: Number(parsed.port),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.slice(1)),
  };
}
