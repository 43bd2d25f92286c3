// `npm run lockfiles`: regenerates the generated repository's lockfiles (skeleton/package-lock-*.json.ejs)
// from skeleton/package.json.ejs, one per engine variant. Run it after changing the skeleton's
// dependencies; test/unit/lockfiles.test.ts fails until then. Needs the npm registry, installs nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepare } from '../generator/prepare';
import { LOCKFILE_VARIANTS, NAME_PLACEHOLDER, NAME_TAG } from '../generator/render/lockfiles';

const SKELETON = fileURLToPath(new URL('../skeleton/', import.meta.url));

for (const variant of LOCKFILE_VARIANTS) {
  const prepared = prepare(variant.sources, { drawGraph: false });
  if (!prepared.ok) throw new Error(`${variant.source}: ${JSON.stringify(prepared.problems)}`);
  const manifest = JSON.parse(prepared.files.get('package.json')?.toString() as string);
  const dir = mkdtempSync(join(tmpdir(), 'tap-dr-lockfile-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, name: NAME_PLACEHOLDER }, null, 2));
    const npm = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
    if (npm.status !== 0) throw new Error(`npm install --package-lock-only failed for ${variant.source}:\n${npm.stderr}`);
    const lock = readFileSync(join(dir, 'package-lock.json'), 'utf8');
    const template = lock.replaceAll(JSON.stringify(NAME_PLACEHOLDER), NAME_TAG);
    writeFileSync(join(SKELETON, variant.source), template);
    console.log(`skeleton/${variant.source}: ${Object.keys(JSON.parse(lock).packages).length - 1} packages`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
