import { spawnSync } from 'node:child_process';

/**
 * Packages npm ci may find missing from a lockfile made where the registry does not serve them:
 * some registry mirrors (this project's sandbox among them) lack the non-Linux builds of
 * unrs-resolver (a jest 30 dependency), so `npm run lockfiles` there cannot list them, and npm 11's
 * `npm ci` then refuses the lockfile. A lockfile made against registry.npmjs.org lists them.
 */
const UNSERVED_OPTIONAL = /^@unrs\/resolver-binding-/;

/** What happened instead of a plain `npm ci`, for the run's summary. */
export const installNotes: string[] = [];

/**
 * `npm ci` in `dir`; where only unserved optional builds are missing from the lockfile, `npm install`
 * from the same lockfile, and a note says so. Any other failure throws with npm's output.
 */
export function cleanInstall(dir: string): number {
  const started = performance.now();
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
  if (ci.status === 0) return performance.now() - started;
  const missing = [...ci.stderr.matchAll(/Missing: (\S+)@/g)].map((m) => m[1] as string);
  if (missing.length === 0 || !missing.every((name) => UNSERVED_OPTIONAL.test(name))) throw new Error(`npm ci failed in ${dir}:\n${ci.stderr.slice(-3000)}`);
  installNotes.push(`npm ci refused the lockfile: ${missing.length} optional builds (${missing[0]} …) are not served by this registry; installed with npm install from the same lockfile`);
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`npm install failed in ${dir}:\n${install.stderr.slice(-3000)}`);
  return performance.now() - started;
}
