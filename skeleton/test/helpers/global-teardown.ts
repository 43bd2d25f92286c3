// jest global teardown: remove the run's whole-stack graph folder and stop the database server that
// global-setup.ts started, if it started one.
import { URL_VARIABLE } from './test-database';
import { removeWholeStackCache } from './whole-stack-cache';

export default async function globalTeardown(): Promise<void> {
  removeWholeStackCache();
  const server = globalThis.tapDrTestDatabase;
  if (!server) return;
  globalThis.tapDrTestDatabase = undefined;
  if (process.env[URL_VARIABLE] === server.url) delete process.env[URL_VARIABLE];
  await server.stop();
}
