// PostgreSQL for the canary's driver tests: starts a throwaway server from the installed binaries
// (Debian's `postgresql` package puts them in /usr/lib/postgresql/<version>/bin), and opens admin
// sessions on the test database. The generated repository holds this file as test/helpers/database.ts.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../canary/support';
// Types only: test-database.ts imports this module's constants, so values from it would be a cycle.
import type { AdminSession, StartedServer } from './test-database';

export const ENGINE = 'aurora-postgresql';
export const INSTALL_HINT = 'apt-get install postgresql';
export const URL_EXAMPLE = 'postgres://postgres:secret@127.0.0.1:5432/tap_dr_test';
/** What the user of TAP_DR_TEST_DATABASE_URL must be allowed to do. */
export const URL_USER_NEEDS = 'a user that may create roles and tables, such as postgres';
/** What the CI workflow's service container runs. */
export const SERVICE_IMAGE = 'postgres:16';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries: Debian's versioned folders first, then PATH. */
function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(base, versions[0], 'bin');
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`no PostgreSQL server binaries (initdb, pg_ctl) in ${base}/*/bin or from pg_config on PATH`);
  }
}

/**
 * initdb and postgres refuse to run as root. As root, the server runs as the `postgres` user that
 * the Debian package creates, in a temporary folder it owns; otherwise as the current user.
 */
function runAs(): { wrap: (command: string, args: string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  } catch {
    throw new Error('running as root, but there is no "postgres" user to run the server as (the Debian postgresql package creates it)');
  }
  // runuser lives in /usr/sbin, which a minimal PATH (env -i, some CI images) leaves out.
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';
  return { wrap: (command, args) => [runuser, ['-u', 'postgres', '--', command, ...args]], uid, gid };
}

async function exec(wrap: (command: string, args: string[]) => [string, string[]], command: string, args: string[], cwd: string) {
  const [file, argv] = wrap(command, args);
  try {
    await run(file, argv, { cwd, timeout: 60_000 });
  } catch (error) {
    const { stderr, stdout, message } = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${[file, ...argv].join(' ')} failed: ${(stderr || stdout || message).trim().split('\n').slice(-5).join(' | ')}`, { cause: error });
  }
}

/** initdb + pg_ctl start in a temporary folder, on a free loopback port, with password logins only. */
export async function startServer(): Promise<StartedServer> {
  const bin = binDir();
  const { wrap, uid, gid } = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'tap-dr-pg-'));
  if (uid !== undefined && gid !== undefined) chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const user = 'tap_dr_admin';
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (uid !== undefined && gid !== undefined) chownSync(pwfile, uid, gid);
  const stop = async () => {
    await exec(wrap, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop'], dir).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // scram-sha-256 for every connection, so a wrong password is really refused.
    await exec(wrap, join(bin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'], dir);
    const port = await freePort();
    const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
    await exec(wrap, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', serverOptions, 'start'], dir);
    const admin = new Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE DATABASE tap_dr_test');
    await admin.end();
    return { url: `postgres://${user}:${password}@127.0.0.1:${port}/tap_dr_test`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A session on the test database as its admin user (the user of TAP_DR_TEST_DATABASE_URL). */
export async function adminSession(url: string): Promise<AdminSession> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    query: async <Row extends object>(sql: string, values?: unknown[]) => (await client.query<Row>(sql, values)).rows,
    close: () => client.end(),
  };
}
