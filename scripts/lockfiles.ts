// `npm run lockfiles`: regenerates skeleton/package-lock.union.json, the one lockfile every render prunes
// to its own package.json (generator/render/lockfiles.ts). It renders package.json.ejs for every
// answer set that can change the dependencies, lets npm resolve the union of them, and stores npm's
// lockfile. Run it after changing the skeleton's dependencies; test/unit/lockfiles.test.ts fails until
// then. Needs the npm registry (or npm's cache), installs nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNION_LOCKFILE, lockfileVariants, unionManifest } from '../generator/render/lockfiles';
import type { PackageManifest } from '../generator/render/prune-lockfile';
import { renderSkeletonFile } from '../generator/render/render';

const SKELETON = fileURLToPath(new URL('../skeleton/', import.meta.url));

const manifests = lockfileVariants().map((answers) => JSON.parse(renderSkeletonFile('package.json.ejs', answers).toString('utf8')) as PackageManifest & Record<string, unknown>);
// Everything but the dependencies (scripts, engines, overrides) is the same in every variant.
const union = { ...manifests[0], ...unionManifest(manifests) };
const dir = mkdtempSync(join(tmpdir(), 'tap-dr-lockfile-'));
try {
  writeFileSync(join(dir, 'package.json'), JSON.stringify(union, null, 2));
  const npm = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
  if (npm.status !== 0) throw new Error(`npm install --package-lock-only failed:\n${npm.stderr}`);
  const lock = readFileSync(join(dir, 'package-lock.json'), 'utf8');
  writeFileSync(join(SKELETON, UNION_LOCKFILE), lock);
  console.log(`skeleton/${UNION_LOCKFILE}: ${Object.keys(JSON.parse(lock).packages).length - 1} packages for the ${manifests.length} answer sets that decide dependencies`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
