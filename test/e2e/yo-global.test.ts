// The real thing: `npm i -g yo generator-tap-dr` from this package's tarball, then `yo tap-dr` as an
// ordinary user (yo refuses root), with no TTY. Needs the npm registry for yo and the dependencies.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readTree } from '../helpers/tmp';

/** The library entry of the installed package: the core that the installed yo generator bundles. */
type Core = typeof import('../../generator/index');

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The user yo runs as when we are root (yo's root-check would switch to it anyway). */
const USER_ID = 1000;
const AS_ROOT = process.getuid?.() === 0;
const NODE_DIR = dirname(process.execPath);
const NPM_CACHE = process.env.npm_config_cache || join(homedir(), '.npm');
const MINUTE = 60_000;

let work: string;
let yo: string;
/**
 * Expected bytes come from the core in the tarball, not from this checkout: the skeleton may change
 * in the working tree while the test runs, and the tarball is what users get.
 */
let core: Core;
let userHome: string;
const timings: Record<string, number> = {};

function sh(command: string, args: string[], options: SpawnSyncOptions & { label: string }) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  timings[options.label] = Date.now() - started;
  const output = `${options.label}: ${command} ${args.join(' ')}\nexit ${result.status} ${result.signal ?? ''}\n${String(result.stdout)}\n${String(result.stderr)}`;
  // yeoman's adapter logs (file statuses, this.log) go to stderr; `all` is both streams.
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr), all: `${String(result.stdout)}${String(result.stderr)}`, output };
}

/** A folder the unprivileged user owns (and may write into). */
function userDir(path: string): string {
  mkdirSync(path, { recursive: true });
  if (AS_ROOT) chownSync(path, USER_ID, USER_ID);
  return path;
}

/** Runs the installed `yo` the way a developer does: their own uid, their HOME, Node 22 first on PATH, no TTY. */
function runYo(args: string[], cwd: string, label: string) {
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
}

describe('yo tap-dr from the packed tarball, installed globally with yo@7', { timeout: 15 * MINUTE }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tap-dr-yo-global-'));
    // mkdtemp makes 0700; the unprivileged user must reach the installed yo and its project folder.
    chmodSync(work, 0o755);
    userHome = userDir(join(work, 'home'));
    if (!existsSync(join(ROOT, 'dist/generators/app/index.js'))) {
      const build = sh('npm', ['run', 'build'], { cwd: ROOT, label: 'build' });
      assert.equal(build.code, 0, build.output);
    }
    // --ignore-scripts: pack the dist/ that is there; `prepare` would rebuild (rm -rf dist) under other test files.
    const pack = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, label: 'npm pack' });
    assert.equal(pack.code, 0, pack.output);
    const [{ filename, files }] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    assert.ok(files.some((f) => f.path === 'dist/generators/app/index.js'), 'the tarball must hold dist/generators/app/index.js');
    const install = sh('npm', [
      'install', '--global', '--prefix', join(work, 'prefix'), '--cache', NPM_CACHE,
      '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error',
      'yo@7', join(work, filename),
    ], { cwd: work, label: 'npm install -g yo@7 <tarball>', timeout: 8 * MINUTE });
    assert.equal(install.code, 0, install.output);
    yo = join(work, 'prefix/bin/yo');
    assert.ok(existsSync(yo), `${yo} is missing after the install`);
    core = (await import(pathToFileURL(join(work, 'prefix/lib/node_modules/generator-tap-dr/dist/lib/index.js')).href)) as Core;
  });

  after(() => {
    console.log(`timings (ms): ${JSON.stringify(timings)}`);
    if (work && !process.env.KEEP_E2E) rmSync(work, { recursive: true, force: true });
  });

  it('`yo tap-dr --preset healthcare --yes` as an ordinary user writes the core render, owned by that user', () => {
    const project = userDir(join(work, 'projects/healthcare'));
    const run = runYo(['tap-dr', '--preset', 'healthcare', '--yes'], project, 'yo tap-dr --preset healthcare --yes');
    assert.equal(run.code, 0, run.output);
    const expected = core.prepare({ preset: 'healthcare' });
    assert.ok(expected.ok);
    const written = readTree(project);
    assert.deepEqual([...written.keys()].sort(), [...expected.files.keys()].sort());
    for (const [path, bytes] of written) assert.ok(bytes.equals(expected.files.get(path) as Buffer), `${path} differs from the core render`);
    assert.deepEqual(JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers, expected.answers);
    const expectedUid = AS_ROOT ? USER_ID : process.getuid?.();
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return lstatSync(full).isDirectory() ? [full, ...walk(full)] : [full];
    });
    for (const path of walk(project)) assert.equal(lstatSync(path).uid, expectedUid, `${path} is not owned by uid ${expectedUid}`);
    assert.match(run.all, /healthcare-saas-dr \(us-east-1 → us-west-2/);
  });

  it('answer options go through yo\'s own flag parser (meow) and still equal prepare({ preset, sets })', () => {
    const project = userDir(join(work, 'projects/trading'));
    const run = runYo(['tap-dr', '--preset', 'trading', '--yes', '--primary-region', 'eu-west-2', '--az-count', '2', '--app-tier', '--tags', 'Team=dba'], project, 'yo tap-dr --preset trading --yes <options>');
    assert.equal(run.code, 0, run.output);
    const expected = core.prepare({ preset: 'trading', sets: ['primaryRegion=eu-west-2', 'azCount=2', 'appTier=true', 'tags.Team=dba'] });
    assert.ok(expected.ok);
    assert.deepEqual(readTree(project), new Map(expected.files));
  });

  it('re-running in the generated folder asks nothing and reports every file identical', () => {
    const project = join(work, 'projects/healthcare');
    const before = readTree(project);
    const run = runYo(['tap-dr'], project, 'yo tap-dr (re-run)');
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(readTree(project), before);
    const statuses = run.all.split('\n').map((line) => line.trim().split(/\s+/)[0]).filter((s) => ['create', 'force', 'conflict', 'identical', 'skip'].includes(s));
    assert.equal(statuses.length, before.size, run.output);
    assert.ok(statuses.every((s) => s === 'identical'), run.output);
  });

  it('--yes with a changed answer in a generated folder refuses without prompting; --force overwrites', () => {
    const project = join(work, 'projects/trading');
    const before = readTree(project);
    const stored = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers;
    const refused = runYo(['tap-dr', '--yes', '--az-count', '3'], project, 'yo tap-dr --yes (conflicts)');
    assert.notEqual(refused.code, 0, refused.output);
    assert.match(refused.all, /would change:[\s\S]*nothing was written\. Pass --force/);
    assert.doesNotMatch(refused.all, /Overwrite /, 'no conflict prompt');
    assert.deepEqual(readTree(project), before, 'nothing may change, not even .yo-rc.json');
    const forced = runYo(['tap-dr', '--yes', '--force', '--az-count', '3'], project, 'yo tap-dr --yes --force');
    assert.equal(forced.code, 0, forced.output);
    const expected = core.prepare({ stored, sets: ['azCount=3'] });
    assert.ok(expected.ok);
    assert.deepEqual(readTree(project), new Map(expected.files));
  });

  it('bad options fail with the core messages and write nothing', () => {
    const project = userDir(join(work, 'projects/bad'));
    const run = runYo(['tap-dr', '--preset', 'trading', '--yes', '--instance-class', 'db.t4g.medium', '--secondary-region', 'us-east-1'], project, 'yo tap-dr <bad options>');
    assert.notEqual(run.code, 0, run.output);
    const expected = core.prepare({ preset: 'trading', sets: ['instanceClass=db.t4g.medium', 'secondaryRegion=us-east-1'] });
    assert.ok(!expected.ok);
    assert.match(run.stderr, /the answers have 2 problems; nothing was written/);
    for (const problem of expected.problems) assert.ok(run.stderr.includes(core.formatProblem(problem)), `missing: ${core.formatProblem(problem)}\n${run.output}`);
    assert.deepEqual(readdirSync(project), []);
  });

  it('`yo tap-dr --help` lists the answer options; the installed `tap-dr` bin runs', () => {
    const help = runYo(['tap-dr', '--help'], userHome, 'yo tap-dr --help');
    assert.equal(help.code, 0, help.output);
    for (const option of ['--preset', '--yes', '--primary-region', '--instance-class', '--app-tier', '--tags']) assert.ok(help.all.includes(option), `${option} missing\n${help.output}`);
    const version = sh(join(work, 'prefix/bin/tap-dr'), ['--version'], { label: 'tap-dr --version', env: { PATH: `${NODE_DIR}:/usr/bin:/bin`, HOME: userHome } });
    assert.equal(version.code, 0, version.output);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('`yo --generators` lists tap-dr and no bogus sub-generator (dist/, skeleton/)', () => {
    const run = runYo(['--generators'], userHome, 'yo --generators');
    assert.equal(run.code, 0, run.output);
    const listed = run.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    assert.ok(listed.includes('tap-dr'), run.output);
    assert.ok(!listed.includes('dist'), `dist/index.js would be registered as tap-dr:dist\n${run.output}`);
    assert.ok(!listed.includes('skeleton'), `skeleton/index.ts would be registered as tap-dr:skeleton\n${run.output}`);
  });
});
