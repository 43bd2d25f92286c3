// `npm i -g yo generator-tap-dr` from this package's tarball into a private prefix, and `yo` run the
// way a developer runs it: their own uid (yo refuses root), their HOME, Node 22 first on PATH, no TTY.
// Used by the real-yo end-to-end test and by `npm run bench`.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tempDir } from './tmp';

/** The library entry of the installed package: the core that the installed yo generator bundles. */
export type Core = typeof import('../../generator/index');

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The user yo runs as when we are root (yo's root-check would switch to it anyway). */
export const USER_ID = 1000;
export const AS_ROOT = process.getuid?.() === 0;
export const NODE_DIR = dirname(process.execPath);
const NPM_CACHE = process.env.npm_config_cache || join(homedir(), '.npm');
const MINUTE = 60_000;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Both streams: yeoman's adapter logs (file statuses, this.log) go to stderr. */
  all: string;
  /** Command, exit status and output, for assertion messages. */
  output: string;
  ms: number;
}

export function sh(command: string, args: string[], options: SpawnSyncOptions & { label: string }): RunResult {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const ms = performance.now() - started;
  const stdout = String(result.stdout);
  const stderr = String(result.stderr);
  const output = `${options.label}: ${command} ${args.join(' ')}\nexit ${result.status} ${result.signal ?? ''}\n${stdout}\n${stderr}`;
  return { code: result.status, stdout, stderr, all: `${stdout}${stderr}`, output, ms };
}

/** A folder the unprivileged user owns (and may write into). */
export function userDir(path: string): string {
  mkdirSync(path, { recursive: true });
  if (AS_ROOT) chownSync(path, USER_ID, USER_ID);
  return path;
}

export interface GlobalYo {
  /** Temporary folder holding the tarball, the prefix and the user's HOME. */
  readonly work: string;
  readonly yo: string;
  readonly tapDr: string;
  readonly userHome: string;
  /** The core inside the installed tarball: what the installed yo generator renders with. */
  readonly core: Core;
  readonly installMs: number;
  run(args: string[], cwd: string, label: string): RunResult;
}

/** Packs this package (its current dist/), installs it with yo@7 into a private prefix. Throws with the npm output on failure. */
export async function installGlobalYo(): Promise<GlobalYo> {
  // Removed when the process ends (./tmp.ts).
  const work = tempDir('yo-global');
  // mkdtemp makes 0700; the unprivileged user must reach the installed yo and its project folder.
  chmodSync(work, 0o755);
  const userHome = userDir(join(work, 'home'));
  if (!existsSync(join(ROOT, 'dist/generators/app/index.js'))) {
    const build = sh('npm', ['run', 'build'], { cwd: ROOT, label: 'build' });
    if (build.code !== 0) throw new Error(build.output);
  }
  // --ignore-scripts: pack the dist/ that is there; prepack would rebuild (rm -rf dist) under other test files.
  const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, label: 'npm pack' });
  if (pack.code !== 0) throw new Error(pack.output);
  const [{ filename, files }] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!files.some((f) => f.path === 'dist/generators/app/index.js')) throw new Error('the tarball must hold dist/generators/app/index.js');
  const install = sh('npm', [
    'install', '--global', '--prefix', join(work, 'prefix'), '--cache', NPM_CACHE,
    '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error',
    // npm's defaults let one stalled registry request hold the install for up to 3 × 5 minutes
    // (fetch-timeout 300000 ms, fetch-retries 2). The same install takes 26–90 s, yet two clean-clone runs hit
    // the 12-minute limit while the render matrix ran: a stalled request is the likely cause, so each try
    // gets a minute and more tries, and cached metadata is used as it is.
    '--prefer-offline', '--fetch-timeout=60000', '--fetch-retries=4',
    'yo@7', join(work, filename),
  ], { cwd: work, label: 'npm install -g yo@7 <tarball>', timeout: 12 * MINUTE });
  if (install.code !== 0) throw new Error(install.output);
  const yo = join(work, 'prefix/bin/yo');
  if (!existsSync(yo)) throw new Error(`${yo} is missing after the install`);
  const core = (await import(pathToFileURL(join(work, 'prefix/lib/node_modules/generator-tap-dr/dist/lib/index.js')).href)) as Core;
  const run = (args: string[], cwd: string, label: string): RunResult => {
    const env = {
      PATH: `${NODE_DIR}:/usr/local/bin:/usr/bin:/bin`,
      HOME: userHome,
      LANG: 'C.UTF-8',
      // No update check (it would reach the registry from a detached process), no colors in assertions.
      NO_UPDATE_NOTIFIER: '1',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    const command = AS_ROOT ? 'setpriv' : yo;
    const argv = AS_ROOT ? [`--reuid=${USER_ID}`, `--regid=${USER_ID}`, '--clear-groups', yo, ...args] : args;
    return sh(command, argv, { cwd, env, label, timeout: 2 * MINUTE });
  };
  return { work, yo, tapDr: join(work, 'prefix/bin/tap-dr'), userHome, core, installMs: install.ms, run };
}
