// Figures of a generated repository, for `npm run bench`: npm ci (warm npm cache), build, unit tests,
// offline preview and policy (medians), node_modules size and each Lambda bundle (minified, AWS SDK
// external), per engine. Nothing here asserts: the goals are printed next to the figures.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cleanInstall } from '../test/helpers/npm-install';

export type Line = (label: string, value: string, goal?: string) => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function sh(cwd: string, command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ENVIRONMENT_SUFFIX: '' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`.slice(-3000));
  return performance.now() - started;
}

const timed = (runs: number, job: () => number) => median(Array.from({ length: runs }, job));

function bytesUnder(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + bytesUnder(join(path, name)), 0);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** KiB, and the bytes too: the goal is in KB (1000 bytes). */
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes)`;

/**
 * Renders `label` with the CLI at `bin`, installs it `runs` times from a warm cache, then times the
 * repository's own commands. `full` = false measures only the install and the Lambda bundles.
 */
export function benchGeneratedRepo(line: Line, bin: string, work: string, label: string, cliArgs: string[], runs: number, full: boolean): void {
  const dir = join(work, label);
  sh(work, process.execPath, [bin, 'new', dir, ...cliArgs, '--force']);
  cleanInstall(dir); // fills the npm cache
  const ci = timed(runs, () => {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    return cleanInstall(dir);
  });
  line(`${label}: npm ci (warm npm cache), median of ${runs}`, seconds(ci));
  line(`${label}: node_modules`, `${(bytesUnder(join(dir, 'node_modules')) / 1024 / 1024).toFixed(0)} MiB`);
  if (full) {
    line(`${label}: npm run build (tsc, bundles, diagram)`, seconds(timed(runs, () => sh(dir, 'npm', ['run', 'build']))));
    line(`${label}: npm test (jest, coverage)`, seconds(timed(runs, () => sh(dir, 'npm', ['test']))), '< 20 s');
    line(`${label}: npm run preview:offline`, seconds(timed(runs, () => sh(dir, 'npm', ['run', 'preview:offline']))), '< 5 s');
    line(`${label}: npm run policy`, seconds(timed(runs, () => sh(dir, 'npm', ['run', 'policy']))));
  } else {
    sh(dir, 'npm', ['run', 'build:lambda']);
  }
  const bundles = join(dir, 'lambda', 'dist');
  for (const name of readdirSync(bundles)) {
    const file = join(bundles, name, 'index.js');
    // Compressed too, as the deployment zip carries it: compression inside the bundle shows here.
    const deflated = gzipSync(readFileSync(file), { level: 9 }).length;
    line(`${label}: Lambda bundle ${name} (minified, AWS SDK external)`, `${kib(bytesUnder(file))}, ${deflated} bytes gzip -9`, '< 300 KB (300000 bytes)');
  }
}
