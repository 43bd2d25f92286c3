// Two PostgreSQL servers on loopback, from the Debian packages' binaries (/usr/lib/postgresql/<version>/bin),
// in a temporary folder: `a` on 127.0.0.1 starts as the primary, `b` on 127.0.0.2 as its streaming standby,
// both on the same port, as two regional clusters of a global database are (the secondary region's canary
// reaches the primary writer by host, on the port of its own cluster). Either can be crashed, stopped,
// promoted and turned into a standby of the other (a planned switchover). As root the servers run as the
// `postgres` user the package creates (initdb and postgres refuse root), through runuser, like the
// generated repository's own database test helper. `stop()` always cleans up.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export type ServerName = 'a' | 'b';

export interface Server {
  readonly name: ServerName;
  readonly host: string;
  readonly port: number;
  readonly data: string;
}

export interface PostgresPair {
  readonly version: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly servers: Readonly<Record<ServerName, Server>>;
  /** `pg_ctl stop -m immediate`: the server dies as in a crash, without shutting down cleanly. */
  crash(server: Server): Promise<void>;
  /** `pg_ctl stop -m fast`: a clean shutdown; a primary's walsenders send the WAL up to its shutdown checkpoint first. */
  stopCleanly(server: Server): Promise<void>;
  start(server: Server): Promise<void>;
  /** The LSN of the server's last checkpoint (pg_controldata): after a clean shutdown, the end of its WAL. */
  checkpointLsn(server: Server): Promise<string>;
  /** Makes a stopped server a streaming standby of `primary` (standby.signal and primary_conninfo); start it next. */
  followOnStart(server: Server, primary: Server): void;
  client(server: Server, options?: { readonly statementTimeoutMs?: number }): Promise<pg.Client>;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL server binaries. */
export function postgresBinDir(): { bin: string; version: string } | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const [version] = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_basebackup'))).sort((a, b) => Number(b) - Number(a));
  return version ? { bin: join(base, version, 'bin'), version } : undefined;
}

const listen = (host: string, port: number) => new Promise<number>((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(port, host, () => {
    const { port: bound } = server.address() as { port: number };
    server.close(() => resolve(bound));
  });
});

/** A port free on both loopback addresses. */
async function freePortOn(hosts: readonly string[]): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listen(hosts[0], 0);
    const others = await Promise.all(hosts.slice(1).map((host) => listen(host, port).then(() => true, () => false)));
    if (others.every(Boolean)) return port;
  }
  throw new Error(`no port free on ${hosts.join(' and ')}`);
}

function runAs(): { wrap: (command: string, args: string[]) => [string, string[]]; owner?: { uid: number; gid: number } } {
  if (process.getuid?.() !== 0) return { wrap: (command, args) => [command, args] };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  // runuser lives in /usr/sbin, which a minimal PATH (env -i, some CI images) leaves out.
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path)) ?? 'runuser';
  return { wrap: (command, args) => [runuser, ['-u', 'postgres', '--', command, ...args]], owner: { uid: id('-u'), gid: id('-g') } };
}

export async function startPostgresPair(): Promise<PostgresPair> {
  const found = postgresBinDir();
  if (!found) throw new Error('no PostgreSQL server binaries in /usr/lib/postgresql/*/bin: apt-get install postgresql');
  const { bin, version } = found;
  const { wrap, owner } = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'tap-dr-drill-'));
  const own = (path: string) => {
    if (owner) chownSync(path, owner.uid, owner.gid);
  };
  own(dir);
  const exec = async (command: string, args: string[]) => {
    const [file, argv] = wrap(join(bin, command), args);
    try {
      return (await run(file, argv, { cwd: dir, timeout: 60_000 })).stdout;
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new Error(`${command} ${args.join(' ')} failed: ${(stderr || message).trim().split('\n').slice(-5).join(' | ')}`, { cause: error });
    }
  };
  const user = 'tap_dr_admin';
  const password = randomBytes(12).toString('hex');
  const database = 'tap_dr_drill';
  const port = await freePortOn(['127.0.0.1', '127.0.0.2']);
  const servers: Record<ServerName, Server> = {
    a: { name: 'a', host: '127.0.0.1', port, data: join(dir, 'a') },
    b: { name: 'b', host: '127.0.0.2', port, data: join(dir, 'b') },
  };
  // One socket folder each: the same port would give both servers the same socket file.
  for (const server of Object.values(servers)) {
    mkdirSync(`${server.data}-socket`);
    own(`${server.data}-socket`);
  }
  const start = async (server: Server) => {
    // wal_retrieve_retry_interval: a standby retries a lost primary every 5 s by default, a reconnect far
    // slower than the drill's scaled timings (a probe every 250 ms for AWS's 10 s).
    await exec('pg_ctl', ['-D', server.data, '-l', `${server.data}.log`, '-w', '-t', '60', '-o', `-c listen_addresses=${server.host} -p ${server.port} -k ${server.data}-socket -c fsync=off -c wal_retrieve_retry_interval=100ms`, 'start']);
  };
  const stopWith = async (server: Server, mode: 'immediate' | 'fast') => {
    await exec('pg_ctl', ['-D', server.data, '-m', mode, '-w', 'stop']);
  };
  const conninfo = (primary: Server) => `host=${primary.host} port=${primary.port} user=${user} password=${password}`;
  const stop = async () => {
    for (const server of Object.values(servers)) {
      if (existsSync(join(server.data, 'postmaster.pid'))) await stopWith(server, 'immediate').catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    own(pwfile);
    await exec('initdb', ['-D', servers.a.data, '-U', user, `--pwfile=${pwfile}`, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // initdb admits 127.0.0.1 only; the standby connects from 127.0.0.2, and the canaries of both "regions" reach both servers.
    appendFileSync(join(servers.a.data, 'pg_hba.conf'), 'host all all 127.0.0.0/8 scram-sha-256\nhost replication all 127.0.0.0/8 scram-sha-256\n');
    await start(servers.a);
    const admin = new pg.Client({ host: servers.a.host, port, user, password, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming standby. The password
    // is in the connection string only because the throwaway server lives for this drill alone.
    await exec('pg_basebackup', ['-d', conninfo(servers.a), '-D', servers.b.data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
    await start(servers.b);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    version, user, password, database, servers, stop, start,
    crash: (server) => stopWith(server, 'immediate'),
    stopCleanly: (server) => stopWith(server, 'fast'),
    checkpointLsn: async (server) => {
      const out = await exec('pg_controldata', ['-D', server.data]);
      const lsn = /^Latest checkpoint location:\s+(\S+)$/m.exec(out)?.[1];
      if (!lsn) throw new Error(`pg_controldata of ${server.data} names no checkpoint location`);
      return lsn;
    },
    followOnStart: (server, primary) => {
      const auto = join(server.data, 'postgresql.auto.conf');
      const kept = readFileSync(auto, 'utf8').split('\n').filter((line) => !line.startsWith('primary_conninfo'));
      writeFileSync(auto, [...kept, `primary_conninfo = '${conninfo(primary)}'`, ''].join('\n'));
      writeFileSync(join(server.data, 'standby.signal'), '');
      own(auto);
      own(join(server.data, 'standby.signal'));
    },
    client: async (server, options = {}) => {
      const client = new pg.Client({
        host: server.host, port: server.port, user, password, database, connectionTimeoutMillis: 2000,
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    },
  };
}
