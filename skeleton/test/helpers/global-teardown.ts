// jest global teardown: stop the database server that global-setup.ts started, if it started one.
import { URL_VARIABLE } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.tapDrTestDatabase;
  if (!server) return;
  globalThis.tapDrTestDatabase = undefined;
  if (process.env[URL_VARIABLE] === server.url) delete process.env[URL_VARIABLE];
  await server.stop();
}
