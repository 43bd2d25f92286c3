import { spawnSync } from 'node:child_process';

/** `npm ci` in `dir` (the generated repository's own lockfile); throws with npm's output when it fails. Returns the milliseconds it took. */
export function cleanInstall(dir: string): number {
  const started = performance.now();
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
  if (ci.status !== 0) throw new Error(`npm ci failed in ${dir}:\n${ci.stderr.slice(-3000)}`);
  return performance.now() - started;
}
