import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { renderLockfile } from '../render/lockfiles';
import type { FileDecision } from './file-decision';
import { hasConflictMarkers } from './merge-text';

const run = promisify(execFile);

export const LOCKFILE = 'package-lock.json';
export const MANIFEST = 'package.json';

/** npm's lockfile for a package.json, starting from a lockfile whose versions it should keep where they fit. */
export type LockfileResolver = (packageJson: Buffer, startingLockfile: Buffer) => Promise<{ ok: true; lockfile: Buffer } | { ok: false; reason: string }>;

/** `npm install --package-lock-only` in a scratch folder: the registry or npm's cache, nothing installed. */
export const npmLockfileResolver: LockfileResolver = async (packageJson, startingLockfile) => {
  const dir = mkdtempSync(join(tmpdir(), 'tap-dr-lock-'));
  try {
    writeFileSync(join(dir, MANIFEST), packageJson);
    writeFileSync(join(dir, LOCKFILE), startingLockfile);
    await run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, lockfile: readFileSync(join(dir, LOCKFILE)) };
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return { ok: false, reason: (e.stderr || e.message).trim().split('\n').slice(-4).join(' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** What decides the installed tree: every dependency list and the overrides. */
function dependencyKey(packageJson: Buffer): string | undefined {
  try {
    const manifest = JSON.parse(packageJson.toString('utf8')) as Record<string, unknown>;
    const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bundleDependencies', 'overrides'];
    return JSON.stringify(fields.map((field) => manifest[field] ?? null));
  } catch {
    return undefined;
  }
}

export interface LockfileSides {
  readonly base: Buffer | undefined;
  readonly theirs: Buffer | undefined;
  readonly ours: Buffer | undefined;
  /** package.json as the update leaves it (merged), the template's new one, and the team's. */
  readonly mergedPackageJson: Buffer | undefined;
  readonly theirsPackageJson: Buffer | undefined;
  readonly oursPackageJson: Buffer | undefined;
}

function outcome(ours: Buffer | undefined, content: Buffer, reason: string): FileDecision {
  if (ours?.equals(content)) return { action: 'unchanged', content, reason: 'already as it should be' };
  return { action: ours === undefined ? 'created' : 'updated', content, reason };
}

/**
 * package-lock.json is never merged as text: it follows the merged package.json. When its
 * dependencies are the template's, the template's own lockfile (the one its CI tested); when they are
 * the team's own, the team's lockfile; otherwise npm resolves it from the merged package.json,
 * starting from the template's lockfile so the template's versions stay where they fit.
 */
export async function decideLockfile(sides: LockfileSides, resolve: LockfileResolver): Promise<FileDecision> {
  const { base, theirs, ours, mergedPackageJson } = sides;
  if (ours === undefined && base !== undefined) return { action: 'unchanged', content: undefined, reason: 'you deleted it; it stays deleted' };
  if (theirs === undefined || mergedPackageJson === undefined) {
    return ours === undefined
      ? { action: 'unchanged', content: undefined, reason: 'no lockfile on either side' }
      : { action: 'kept', content: ours, reason: 'the template renders no lockfile for this package.json; yours stays' };
  }
  if (hasConflictMarkers(mergedPackageJson.toString('utf8'))) {
    return { action: 'conflict', content: ours, conflicts: 1, reason: 'package.json has conflicts: resolve them, then run `npm install` to bring package-lock.json in line' };
  }
  const merged = dependencyKey(mergedPackageJson);
  if (merged !== undefined && merged === dependencyKey(sides.theirsPackageJson ?? Buffer.from(''))) {
    return outcome(ours, renderLockfile(theirs, mergedPackageJson), "the template's lockfile: package.json has the template's dependencies");
  }
  if (ours !== undefined && merged !== undefined && merged === dependencyKey(sides.oursPackageJson ?? Buffer.from(''))) {
    return outcome(ours, ours, 'your lockfile: package.json has your dependencies');
  }
  const resolved = await resolve(mergedPackageJson, theirs);
  if (!resolved.ok) {
    return { action: 'conflict', content: ours, conflicts: 1, reason: `npm could not resolve the merged package.json (${resolved.reason}); yours is kept: run \`npm install\`` };
  }
  return outcome(ours, resolved.lockfile, 'resolved by npm from the merged package.json (your dependency changes and the template\'s)');
}
