import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

before(() => {
  if (!existsSync(join(ROOT, 'dist/backstage/index.cjs'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
});

/** Runs a script of a backend that has generator-tap-dr installed (plain node, no tsx). */
function inBackend(file: string, source: string) {
  const dir = tempDir('backend');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/generator-tap-dr'), 'dir');
  writeFileSync(join(dir, file), source);
  const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

const probe = (load: string) => `${load}.then((m) => {
  const feature = m.default;
  const action = m.createRenderAction();
  console.log(JSON.stringify({ feature: feature.$$type, action: action.id, dryRun: action.supportsDryRun }));
});`;

describe('generator-tap-dr/backstage', () => {
  const expected = { feature: '@backstage/BackendFeature', action: 'tap:dr:render', dryRun: true };

  it('loads with require(): what a CommonJS backend\'s compiled `backend.add(import(...))` does', () => {
    // TypeScript compiling to CommonJS turns import() into Promise.resolve().then(() => require()).
    assert.deepEqual(inBackend('index.cjs', probe("Promise.resolve().then(() => require('generator-tap-dr/backstage'))")), expected);
  });

  it('loads with import() from ESM and from CommonJS', () => {
    assert.deepEqual(inBackend('index.mjs', probe("import('generator-tap-dr/backstage')")), expected);
    assert.deepEqual(inBackend('dynamic.cjs', probe("import('generator-tap-dr/backstage')")), expected);
  });

  it('ships type declarations for TypeScript backends', () => {
    const types = join(ROOT, manifest.exports['./backstage'].types);
    assert.match(readFileSync(types, 'utf8'), /export \{ tapDrScaffolderModule as default \}/);
  });

  it('keeps Backstage out of the CLI, the Yeoman generator and the library (npm i -g stays light)', () => {
    for (const folder of ['cli', 'generators/app', 'lib']) {
      for (const file of readdirSync(join(ROOT, 'dist', folder)).filter((f) => f.endsWith('.js'))) {
        assert.doesNotMatch(readFileSync(join(ROOT, 'dist', folder, file), 'utf8'), /@backstage\//, `dist/${folder}/${file}`);
      }
    }
    assert.deepEqual(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@backstage/')), []);
    for (const peer of Object.keys(manifest.peerDependencies)) {
      assert.ok(peer.startsWith('@backstage/'), peer);
      assert.equal(manifest.peerDependenciesMeta[peer]?.optional, true, `${peer} is an optional peer`);
    }
  });
});
