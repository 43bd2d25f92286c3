// A PostgreSQL primary and a streaming-replication standby on loopback, from the Debian packages'
// binaries (/usr/lib/postgresql/<version>/bin), in a temporary folder, on free ports. As root the
// servers run as the `postgres` user the package creates (initdb and postgres refuse root), through
// runuser, like the generated repository's own database test helper. `stop()` always cleans up.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface Server {
  readonly port: number;
  readonly data: string;
}

export interface PostgresPair {
  readonly bin: string;
  readonly version: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly primary: Server;
  readonly standby: Server;
  /** `pg_ctl stop -m immediate`: the primary dies as in a crash, without shutting down cleanly. */
  crashPrimary(): Promise<void>;
  client(server: Server): Promise<pg.Client>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL server binaries. */
export function postgresBinDir(): { bin: string; version: string } | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const [version] = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_basebackup'))).sort((a, b) => Number(b) - Number(a));
  return version ? { bin: join(base, version, 'bin'), version } : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runAs(): { wrap: (command: string, args: string[]) => [string, string[]]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { wrap: (command, args) => ['runuser', ['-u', 'postgres', '--', command, ...args]], owner: { uid: id('-u'), gid: id('-g') } };
}

export async function startPostgresPair(): Promise<PostgresPair> {
  const found = postgresBinDir();
  if (!found) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: apt-get install postgresql');
  const { bin, version } = found;
  const { wrap, owner } = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'tap-dr-drill-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const exec = async (command: string, args: string[]) => {
    const [file, argv] = wrap(join(bin, command), args);
    try {
      await run(file, argv, { cwd: dir, timeout: 60_000 });
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new Error(`${command} ${args.join(' ')} failed: ${(stderr || message).trim().split('\n').slice(-5).join(' | ')}`, { cause: error });
    }
  };
  const user = 'tap_dr_admin';
  const password = randomBytes(12).toString('hex');
  const database = 'tap_dr_drill';
  const primary: Server = { port: await freePort(), data: join(dir, 'primary') };
  const standby: Server = { port: await freePort(), data: join(dir, 'standby') };
  const start = (server: Server) => exec('pg_ctl', ['-D', server.data, '-l', `${server.data}.log`, '-w', '-t', '60', '-o', `-c listen_addresses=127.0.0.1 -p ${server.port} -k ${dir} -c fsync=off`, 'start']);
  const stopServer = (server: Server) => (existsSync(server.data) ? exec('pg_ctl', ['-D', server.data, '-m', 'immediate', 'stop']).catch(() => undefined) : undefined);
  const stop = async () => {
    await stopServer(standby);
    await stopServer(primary);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    // initdb's pg_hba.conf admits replication connections from 127.0.0.1 with the same method.
    await exec('initdb', ['-D', primary.data, '-U', user, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await start(primary);
    const admin = new pg.Client({ host: '127.0.0.1', port: primary.port, user, password, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby. The password
    // is in the connection string only because the throwaway server lives for this drill alone.
    await exec('pg_basebackup', ['-d', `host=127.0.0.1 port=${primary.port} user=${user} password=${password}`, '-D', standby.data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    await start(standby);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    bin, version, user, password, database, primary, standby, stop,
    crashPrimary: async () => {
      await exec('pg_ctl', ['-D', primary.data, '-m', 'immediate', 'stop']);
    },
    client: async (server) => {
      const client = new pg.Client({ host: '127.0.0.1', port: server.port, user, password, database, connectionTimeoutMillis: 2000 });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
  };
}
