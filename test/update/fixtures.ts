// Helpers of the `tap-dr update` tests: the built bin run as a user runs it, a throwaway git repository,
// and an "old version" of this package (its dist/ and a modified copy of skeleton/) placed in the
// version cache, so an upgrade is tested without the npm registry.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTree } from '../helpers/tmp';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'dist/cli/tap-dr.js');

export function ensureBuilt(): void {
  if (!existsSync(BIN)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
}

/** Environment of every run: no registry (a closed local port), a version cache the test owns. */
export function isolatedEnv(cache: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TAP_DR_CACHE: cache,
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_fetch_retries: '0',
    GIT_AUTHOR_NAME: 'Team', GIT_AUTHOR_EMAIL: 'team@example.org', GIT_COMMITTER_NAME: 'Team', GIT_COMMITTER_EMAIL: 'team@example.org',
  };
}

export interface Run { code: number | null; stdout: string; stderr: string }

/** `node <bin> …args` in `cwd`, no TTY. */
export function runBin(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function git(dir: string, args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** `git init` and one commit of everything in `dir`. */
export function commitAll(dir: string, message: string, env: NodeJS.ProcessEnv): void {
  if (!existsSync(join(dir, '.git'))) git(dir, ['init', '-q', '-b', 'main'], env);
  git(dir, ['add', '-A'], env);
  git(dir, ['commit', '-q', '--allow-empty', '-m', message], env);
}

/** The repository's files as path → bytes, without git's own folder. */
export function repoTree(dir: string): Map<string, Buffer> {
  return new Map([...readTree(dir)].filter(([path]) => !path.startsWith('.git/')));
}

export const readText = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
export const writeText = (dir: string, path: string, text: string) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

/**
 * Another version of this package, as `npm install` would leave it in the version cache
 * (`<cache>/generator-tap-dr@<version>/node_modules/generator-tap-dr`): this package's built dist/,
 * its package.json with `version`, and a copy of skeleton/ that `change` edits; its dependencies are
 * this package's node_modules. Returns the path of its `tap-dr` bin.
 */
export function versionInCache(cache: string, version: string, change: (skeleton: string) => void): string {
  const folder = join(cache, `generator-tap-dr@${version}`, 'node_modules', 'generator-tap-dr');
  mkdirSync(folder, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ ...manifest, version }, null, 2));
  cpSync(join(ROOT, 'dist'), join(folder, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'skeleton'), join(folder, 'skeleton'), { recursive: true, filter: (source) => !/[\\/](node_modules|coverage)$/.test(source) });
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'), 'dir');
  change(join(folder, 'skeleton'));
  return join(folder, 'dist/cli/tap-dr.js');
}
