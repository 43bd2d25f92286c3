// MariaDB for the canary's driver tests (MySQL-compatible, like Aurora MySQL): starts a throwaway
// server from the installed binaries (Debian's `mariadb-server` package), and opens admin sessions
// on the test database. The generated repository holds this file as test/helpers/database.ts.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { freePort } from '../canary/support';
// Types only: test-database.ts imports this module's constants, so values from it would be a cycle.
import type { AdminSession, StartedServer } from './test-database';

export const ENGINE = 'aurora-mysql';
export const INSTALL_HINT = 'apt-get install mariadb-server';
export const URL_EXAMPLE = 'mysql://root:secret@127.0.0.1:3306/tap_dr_test';
/** What the user of TAP_DR_TEST_DATABASE_URL must be allowed to do. */
export const URL_USER_NEEDS = 'a user that may create users and tables and set read_only, such as root';
/** What the CI workflow's service container runs. */
export const SERVICE_IMAGE = 'mariadb:11';

const run = promisify(execFile);

/** The first of `names` found on PATH or in /usr/sbin (not on every user's PATH), or an error naming them. */
function findBinary(names: string[]): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  for (const name of names) {
    for (const dir of dirs) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(`none of ${names.join(', ')} is installed (looked on PATH and in /usr/sbin)`);
}

/** mariadbd refuses to run as root unless told which user to switch to: the package's `mysql` user. */
function runAs(): { userArgs: string[]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { userArgs: [] };
  try {
    const uid = Number(execFileSync('id', ['-u', 'mysql'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'mysql'], { encoding: 'utf8' }));
    return { userArgs: ['--user=mysql'], uid, gid };
  } catch {
    throw new Error('running as root, but there is no "mysql" user to run the server as (the Debian mariadb-server package creates it)');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mariadb-install-db + mariadbd in a temporary folder, on a free loopback port. */
export async function startServer(): Promise<StartedServer> {
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
  const server = findBinary(['mariadbd', 'mysqld']);
  const { userArgs, uid, gid } = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'tap-dr-my-'));
  if (uid !== undefined && gid !== undefined) chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const errorLog = join(dir, 'error.log');
  const logTail = () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8').trim().split('\n').slice(-5).join(' | ') : 'no error log');

  // The server's temporary files go into its own folder: by default it takes $TMPDIR, which npm test
  // points at a folder of the run's that the mysql user cannot write ("InnoDB: Unable to create
  // temporary file; errno: 13"). mariadb-install-db passes options it does not know on to the server.
  const serverOptions = [`--tmpdir=${dir}`];
  try {
    await run(installDb, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...serverOptions, ...userArgs], { cwd: dir, timeout: 120_000 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${installDb} failed: ${(stderr || message).trim().split('\n').slice(-5).join(' | ')}`, { cause: error });
  }

  const port = await freePort();
  const child = spawn(
    server,
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--log-error=${errorLog}`,
      '--skip-networking=0',
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=32M',
      ...serverOptions,
      ...userArgs,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  const exitedNow = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await exitedNow;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Ready when root can log in through the socket (no password: --auth-root-authentication-method=normal).
    let root: Connection | undefined;
    for (const started = Date.now(); !root; ) {
      if (exited) throw new Error(`${server} ${exited}: ${logTail()}`);
      if (Date.now() - started > 60_000) throw new Error(`${server} did not accept connections within 60 s: ${logTail()}`);
      root = await createConnection({ socketPath: socket, user: 'root' }).catch(() => undefined);
      if (!root) await sleep(100);
    }
    const user = 'tap_dr_admin';
    const password = randomBytes(12).toString('hex');
    await root.query('CREATE DATABASE tap_dr_test');
    await root.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`);
    await root.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'127.0.0.1' WITH GRANT OPTION`);
    await root.end();
    return { url: `mysql://${user}:${password}@127.0.0.1:${port}/tap_dr_test`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A session on the test database as its admin user (the user of TAP_DR_TEST_DATABASE_URL). */
export async function adminSession(url: string): Promise<AdminSession> {
  const connection = await createConnection(url);
  return {
    query: async <Row extends object>(sql: string, values?: unknown[]) => (await connection.query<RowDataPacket[]>(sql, values))[0] as Row[],
    close: () => connection.end(),
  };
}
