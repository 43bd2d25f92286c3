import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import type { Problem } from '../../skeleton/lib/config/validate';
import { prepare } from '../prepare';
import { GENERATOR_NAME, PACKAGE_VERSION } from '../package-root';
import type { RenderedFiles } from '../render/render';
import { readTree } from './tree';

const run = promisify(execFile);

/** A render by some version of the generator, or why there is none. */
export type VersionRender =
  | { readonly ok: true; readonly files: RenderedFiles }
  | { readonly ok: false; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly unavailable: string };

/** Renders answers with a given version of generator-tap-dr. */
export interface VersionSource {
  render(version: string, answers: Record<string, unknown>): Promise<VersionRender>;
}

export const isVersion = (text: string): boolean => semver.valid(text) !== null;
export const compareVersions = (a: string, b: string): number => semver.compare(a, b);

/**
 * Where installed versions of the generator are kept between runs: `$TAP_DR_CACHE`, else
 * `$XDG_CACHE_HOME/tap-dr`, else `~/.cache/tap-dr`. Each version is an ordinary npm install
 * (`<cache>/generator-tap-dr@<version>/node_modules/generator-tap-dr`).
 */
export function versionCache(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TAP_DR_CACHE) return env.TAP_DR_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tap-dr');
}

const installedPackage = (cache: string, version: string) => join(cache, `${GENERATOR_NAME}@${version}`, 'node_modules', GENERATOR_NAME);

function installedVersion(folder: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** npm's error output in a few words: its error lines without the log-file pointer. */
const firstLines = (text: string) => {
  const lines = text.trim().split('\n').map((line) => line.replace(/^npm error\s*/, '').trim()).filter((line) => line && !/complete log|^code\b|can also install from|tarball, folder/.test(line));
  return [...new Set(lines)].slice(0, 3).join(' ');
};

/**
 * The package folder of `generator-tap-dr@<version>`: from the cache, else installed from the npm
 * registry through npm's own cache (`npm install --prefix`, production dependencies, no scripts).
 */
export async function packageOfVersion(version: string, cache = versionCache()): Promise<{ ok: true; folder: string } | { ok: false; reason: string }> {
  const folder = installedPackage(cache, version);
  if (installedVersion(folder) === version) return { ok: true, folder };
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, '.install-'));
  try {
    await run('npm', ['install', '--prefix', staging, '--no-save', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error', `${GENERATOR_NAME}@${version}`], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const e = error as { stderr?: string; message: string };
    return { ok: false, reason: `npm could not install ${GENERATOR_NAME}@${version}: ${firstLines(e.stderr || e.message)}` };
  }
  if (installedVersion(installedPackage(staging, version)) !== version) {
    rmSync(staging, { recursive: true, force: true });
    return { ok: false, reason: `npm installed something other than ${GENERATOR_NAME}@${version}` };
  }
  rmSync(join(cache, `${GENERATOR_NAME}@${version}`), { recursive: true, force: true });
  renameSync(staging, join(cache, `${GENERATOR_NAME}@${version}`));
  return { ok: true, folder };
}

/**
 * Renders with the `tap-dr new` command of an installed package, in its own process: the command is
 * the contract every version keeps (its library exports may change), and `--json` reports the
 * problems of answers it does not accept.
 */
export async function renderWithPackage(folder: string, answers: Record<string, unknown>): Promise<VersionRender> {
  const work = mkdtempSync(join(tmpdir(), 'tap-dr-version-'));
  try {
    writeFileSync(join(work, 'answers.json'), JSON.stringify(answers));
    const bin = join(folder, 'dist', 'cli', 'tap-dr.js');
    if (!existsSync(bin)) return { ok: false, unavailable: `${folder} has no ${join('dist', 'cli', 'tap-dr.js')}` };
    try {
      await run(process.execPath, [bin, 'new', join(work, 'repo'), '--answers', join(work, 'answers.json'), '--json'], { maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string; message: string };
      if (e.code === 2 && e.stdout) {
        const body = JSON.parse(e.stdout) as { problems?: Problem[] };
        if (body.problems) return { ok: false, problems: body.problems };
      }
      return { ok: false, unavailable: `its tap-dr new failed: ${firstLines(e.stderr || e.message)}` };
    }
    return { ok: true, files: readTree(join(work, 'repo')) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** This version renders in process; any other comes from its npm package (see packageOfVersion). */
export function defaultVersionSource(cache = versionCache()): VersionSource {
  return {
    async render(version, answers) {
      if (version === PACKAGE_VERSION) {
        const prepared = prepare({ stored: answers });
        return prepared.ok ? { ok: true, files: prepared.files } : { ok: false, problems: prepared.problems };
      }
      const installed = await packageOfVersion(version, cache);
      if (!installed.ok) return { ok: false, unavailable: installed.reason };
      return renderWithPackage(installed.folder, answers);
    },
  };
}

/** The newest published version (`npm view generator-tap-dr version`, the `latest` tag), or why it is not known. */
export async function latestPublished(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const { stdout } = await run('npm', ['view', `${GENERATOR_NAME}@latest`, 'version', '--json', '--no-update-notifier', '--loglevel=error'], { timeout: 60_000 });
    const version = JSON.parse(stdout);
    return typeof version === 'string' && isVersion(version) ? { ok: true, version } : { ok: false, reason: `npm view printed ${stdout.trim()}` };
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return { ok: false, reason: firstLines(e.stderr || e.message) };
  }
}
