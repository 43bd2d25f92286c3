import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DECLARATION_ENTRIES, DECLARATION_OPTIONS } from '../../scripts/declarations.js';
import { readTree, tempDir } from '../helpers/tmp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEST_PACKAGE_MODULES = fileURLToPath(new URL('./node_modules', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const work = tempDir('package-entry');

/**
 * A backend that installed the packed package: generator-tap-dr unpacked in its node_modules with its
 * own dependencies beside it, and the backend's Backstage packages (this test package's) around it.
 */
let backend: string;

before(() => {
  if (!existsSync(join(ROOT, 'dist/backstage/index.cjs'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  backend = join(work, 'backend');
  const modules = join(backend, 'node_modules');
  mkdirSync(modules, { recursive: true });
  for (const entry of readdirSync(TEST_PACKAGE_MODULES)) {
    if (!entry.startsWith('.')) symlinkSync(join(TEST_PACKAGE_MODULES, entry), join(modules, entry), 'dir');
  }
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
  const installed = join(modules, 'generator-tap-dr');
  mkdirSync(installed);
  execFileSync('tar', ['xzf', join(work, packed.filename), '-C', installed, '--strip-components=1']);
  symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
});

after(() => rmSync(work, { recursive: true, force: true }));

/** Runs a script of the backend (plain node, no tsx). */
function inBackend(file: string, source: string) {
  writeFileSync(join(backend, file), source);
  const run = spawnSync(process.execPath, [file], { cwd: backend, encoding: 'utf8' });
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
        assert.doesNotMatch(readFileSync(join(ROOT, 'dist', folder, file), 'utf8'), /@backstage\/|@material-ui\/|from "react"/, `dist/${folder}/${file}`);
      }
    }
    assert.deepEqual(Object.keys(manifest.dependencies).filter((d) => d.startsWith('@backstage/') || d === 'react'), []);
    for (const peer of Object.keys(manifest.peerDependencies)) {
      assert.equal(manifest.peerDependenciesMeta[peer]?.optional, true, `${peer} is an optional peer`);
    }
  });
});

describe('generator-tap-dr/backstage-form', () => {
  it('resolves, for an app\'s bundler, to an ES module that leaves React, Material UI and Backstage to the app', () => {
    const resolved = createRequire(join(backend, 'package.json')).resolve('generator-tap-dr/backstage-form');
    assert.equal(resolved, join(backend, 'node_modules/generator-tap-dr', manifest.exports['./backstage-form'].default));
    const code = readFileSync(resolved, 'utf8');
    const imports = [...code.matchAll(/\bfrom "([^"]+)";$/gm)].map((m) => m[1]);
    assert.ok(imports.includes('@backstage/plugin-scaffolder-react') && imports.includes('react/jsx-runtime'), imports.join(', '));
    for (const specifier of imports) {
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      assert.ok(name in manifest.peerDependencies || name in manifest.dependencies, `${specifier} is a dependency or a peer dependency`);
    }
    assert.doesNotMatch(code, /from "node:/);
    assert.match(readFileSync(join(ROOT, manifest.exports['./backstage-form'].types), 'utf8'), /TapDrReviewFieldExtension[\s\S]*tapDrFormModule as default/);
  });
});

describe('type declarations', () => {
  it('do not depend on the Backstage packages being installed: the root install emits the same', () => {
    // The build emits them without type checking, so that it needs no Backstage package (they are test
    // packages); `npm run lint` type-checks the same sources against the real packages. Every export is
    // annotated, so the emit is the same where those packages cannot be found: the sources copied
    // beside the root's node_modules alone, as after the README's first command.
    const copy = join(work, 'root-install');
    const shipped = readTree(join(ROOT, 'dist/types'));
    // The source folders of every shipped declaration (the entries and what they import, such as
    // skeleton/scripts/dr for the runbook's permissions), without any node_modules.
    for (const folder of new Set([...shipped.keys()].map((path) => dirname(path)))) {
      cpSync(join(ROOT, folder), join(copy, folder), { recursive: true, filter: (source) => !source.endsWith('node_modules') });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, ...DECLARATION_ENTRIES, ...DECLARATION_OPTIONS, '--outDir', 'types', '--noCheck'], { cwd: copy, encoding: 'utf8' });
    for (const [from, name] of [['generator/backstage', '@backstage/plugin-scaffolder-node'], ['generator/backstage-form', '@backstage/plugin-scaffolder-react']]) {
      assert.throws(() => createRequire(join(copy, from, 'index.ts')).resolve(name), /Cannot find module/, `${name} is out of reach of ${from}`);
    }
    assert.ok(shipped.has('generator/backstage-form/index.d.ts') && shipped.has('generator/backstage/index.d.ts'));
    assert.deepEqual(readTree(join(copy, 'types')), shipped);
  });
});
