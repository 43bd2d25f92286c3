// jest global setup: make sure the canary's driver tests have a real database. Uses
// TAP_DR_TEST_DATABASE_URL when it is set (the CI workflow's service container); otherwise starts a
// throwaway server from the installed binaries and sets the variable for the test workers. When
// that fails, the reason is passed on and the driver tests fail with it, saying how to provide a
// database; the other tests still run. TAP_DR_SKIP_DATABASE_TESTS=1 skips all of this on purpose.
import { startServer } from './database';
import { ERROR_VARIABLE, SKIP_NOTICE, URL_VARIABLE, databaseTestsSkipped } from './test-database';

export default async function globalSetup(): Promise<void> {
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
