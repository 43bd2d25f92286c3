// jest global setup: a fresh folder for the run's shared whole-stack graph (whole-stack-cache.ts),
// and a real database for the canary's driver tests. The database: TAP_DR_TEST_DATABASE_URL when
// it is set (the CI workflow's service container); otherwise a throwaway server started from the
// installed binaries, its URL set for the test workers. When that fails, the reason is passed on and the driver tests fail with it, saying how to provide a
// database; the other tests still run. TAP_DR_SKIP_DATABASE_TESTS=1 skips all of this on purpose.
import { startServer } from './database';
import { ERROR_VARIABLE, SKIP_NOTICE, URL_VARIABLE, databaseTestsSkipped } from './test-database';
import { makeWholeStackCache } from './whole-stack-cache';

export default async function globalSetup(): Promise<void> {
  makeWholeStackCache();
  if (databaseTestsSkipped()) {
    console.warn(`\n${SKIP_NOTICE}`);
    return;
  }
  if (process.env[URL_VARIABLE]) return;
  try {
    globalThis.tapDrTestDatabase = await startServer();
    process.env[URL_VARIABLE] = globalThis.tapDrTestDatabase.url;
  } catch (error) {
    process.env[ERROR_VARIABLE] = `could not start a throwaway server: ${(error as Error).message}`;
  }
}
