// The two installs of this repository, for `npm run bench`: the root install (what the README's first
// command needs: install, build, render) and the Backstage test package (test/backstage, installed by
// scripts/test-packages.js for the Backstage tests). Each is a clean `npm ci` from its lockfile in a
// temporary folder (warm npm cache); the figures are its time, its size on disk and the native addons
// it compiled. The root install is then built and renders the trading repository, with nothing else.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Line } from './generated-repo';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`.slice(-3000));
  return performance.now() - started;
}

/** Bytes of files under `path` (links not followed), as `du` counts them apparently. */
function bytesUnder(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

/** Native addons the install built from source: `.node` files under a `build/` folder of a package. */
function compiledAddons(modules: string): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 12) walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.node') && path.includes(`${'/build/'}`)) found.push(path.slice(modules.length + 1));
    }
  };
  walk(modules, 0);
  return found;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
/** What `du -sk` reports (blocks on disk), in MiB: more than the file bytes for many small files. */
function diskMiB(path: string): string {
  const result = spawnSync('du', ['-sk', path], { encoding: 'utf8' });
  return `${(Number(result.stdout.split('\t')[0]) / 1024).toFixed(0)} MiB on disk`;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function nodeHeaders(): string {
  const result = spawnSync(process.execPath, [join(ROOT, '.ci/node-headers.js')], { encoding: 'utf8' });
  return result.stdout.trim();
}

export function benchInstalls(line: Line, withTestPackage: boolean): void {
  const work = mkdtempSync(join(tmpdir(), 'tap-dr-bench-installs-'));
  try {
    const root = join(work, 'root');
    cpSync(ROOT, root, {
      recursive: true,
      // The sources, without any install, build output or the links to the test packages.
      filter: (source) => !/(^|\/)(node_modules|dist|coverage|\.git|\.ci\/\.node)$/.test(source.slice(ROOT.length)) && !source.includes('/test/backstage/screenshots'),
    });
    const installMs = run(root, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
    const size = bytesUnder(join(root, 'node_modules'));
    const addons = compiledAddons(join(root, 'node_modules'));
    line('root npm ci (warm cache): install, build, render', seconds(installMs));
    line('  root node_modules (file bytes)', `${mb(size)}, ${diskMiB(join(root, 'node_modules'))}`, '≤ 150 MB');
    line('  native addons compiled', String(addons.length), '0');
    line('  npm run build on it', seconds(run(root, 'npm', ['run', 'build'])));
    const rendered = join(work, 'rendered');
    line('  tap-dr new --preset trading on it', seconds(run(root, process.execPath, ['dist/cli/tap-dr.js', 'new', rendered, '--preset', 'trading'])));
    if (!existsSync(join(rendered, 'Pulumi.yaml'))) throw new Error('the render from the root install wrote no Pulumi.yaml');

    if (!withTestPackage) return;
    const tests = join(work, 'test-backstage');
    cpSync(join(ROOT, 'test/backstage'), tests, { recursive: true, filter: (source) => !/node_modules|screenshots/.test(source.slice(ROOT.length)) });
    copyFileSync(join(ROOT, 'test/backstage/.npmrc'), join(tests, '.npmrc'));
    const headers = nodeHeaders();
    const testMs = run(tests, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { ...process.env, ...(headers ? { npm_config_nodedir: headers } : {}) });
    const testAddons = compiledAddons(join(tests, 'node_modules'));
    line('test/backstage npm ci (warm cache): Backstage tests', seconds(testMs));
    line('  test/backstage node_modules (file bytes)', `${mb(bytesUnder(join(tests, 'node_modules')))}, ${diskMiB(join(tests, 'node_modules'))}`);
    line('  native addons compiled', `${testAddons.length} (${[...new Set(testAddons.map((a) => a.split('/build/')[0]))].join(', ')})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
