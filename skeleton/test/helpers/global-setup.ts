// jest global setup: the Lambda bundles, built once for the run (the bundle tests invoke them, see
// lambda-runtime.ts; building them in each test file would replace files another worker is loading),
// a fresh folder for the run's shared whole-stack graph (whole-stack-cache.ts), and a real database for the canary's driver tests. The database: TAP_DR_TEST_DATABASE_URL when
// it is set (the CI workflow's service container); otherwise a throwaway server started from the
// installed binaries, its URL set for the test workers. When that fails, the reason is passed on and the driver tests fail with it, saying how to provide a
// database; the other tests still run. TAP_DR_SKIP_DATABASE_TESTS=1 skips all of this on purpose.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from './database';
import { ERROR_VARIABLE, SKIP_NOTICE, URL_VARIABLE, databaseTestsSkipped } from './test-database';
import { REPO_ROOT } from './repo';
import { makeWholeStackCache } from './whole-stack-cache';

export default async function globalSetup(): Promise<void> {
  // `npm run build:lambda`; a bundle that does not build fails the run here, with esbuild's message.
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle-lambdas.js')], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
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
    // Said once here too: each driver test repeats it, but a long run's output may show only its end.
    console.warn(`\nNo database for the canary driver tests: ${process.env[ERROR_VARIABLE]}`);
  }
}
