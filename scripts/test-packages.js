// Installs the test packages: the Backstage backend and frontend packages that only test/backstage/
// needs (the in-process scaffolder backend with its SQLite driver, compiled at install time, and the
// scaffolder frontend the portal form is tested in). They are kept out of the root package so that
// installing, building and rendering need no native compile and a fraction of the download.
//
// `npm test`, `npm run lint` and `.ci/run` run this first: `node scripts/test-packages.js`.
// It runs `npm ci` in each test package whose lockfile changed since its last install (a stamp in its
// node_modules records the lockfile's hash and the node ABI the native modules were built for), then
// links the package's node_modules into the source folders that import Backstage
// (generator/backstage*/node_modules), so node, tsx, tsc and esbuild resolve those imports there.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each test package and the source folders that resolve their Backstage imports from it. */
export const TEST_PACKAGES = [
  { dir: 'test/backstage', linkedFrom: ['generator/backstage', 'generator/backstage-form'] },
];

const STAMP = '.tap-dr-install-stamp';

function stampOf(dir) {
  const lock = readFileSync(join(ROOT, dir, 'package-lock.json'));
  return `${createHash('sha256').update(lock).digest('hex')} node-abi-${process.versions.modules} ${process.platform}-${process.arch}\n`;
}

function nodeHeaders() {
  const run = spawnSync(process.execPath, [join(ROOT, '.ci/node-headers.js')], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : '';
}

function install(dir) {
  const modules = join(ROOT, dir, 'node_modules');
  const stamp = stampOf(dir);
  if (existsSync(join(modules, STAMP)) && readFileSync(join(modules, STAMP), 'utf8') === stamp) return false;
  console.log(`test-packages: npm ci in ${dir} (its lockfile changed, or it was never installed)`);
  const env = { ...process.env };
  // better-sqlite3 compiles against the running node's own headers, whatever nodedir npm is set to.
  const headers = nodeHeaders();
  if (headers) env.npm_config_nodedir = headers;
  const started = Date.now();
  const run = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: join(ROOT, dir), stdio: 'inherit', env });
  if (run.status !== 0) {
    console.error(`test-packages: npm ci failed in ${dir}. Native modules need a C++ toolchain (build-essential, python3) and the headers of this node (${process.version}); see .ci/node-headers.js.`);
    process.exit(run.status ?? 1);
  }
  writeFileSync(join(modules, STAMP), stamp);
  console.log(`test-packages: ${dir} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

function link(dir, from) {
  const path = join(ROOT, from, 'node_modules');
  const target = relative(join(ROOT, from), join(ROOT, dir, 'node_modules'));
  const current = existsSync(path) || isLink(path) ? lstatSync(path) : undefined;
  if (current?.isSymbolicLink() && readlinkSync(path) === target) return;
  if (current && !current.isSymbolicLink()) throw new Error(`${from}/node_modules exists and is not a link to ${dir}/node_modules; remove it`);
  if (current) rmSync(path);
  symlinkSync(target, path, 'dir');
}

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function installTestPackages() {
  for (const { dir, linkedFrom } of TEST_PACKAGES) {
    install(dir);
    for (const from of linkedFrom) link(dir, from);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) installTestPackages();
