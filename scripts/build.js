// Bundles the front ends into dist/ with esbuild; dependencies stay external (installed with the package).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DECLARATION_ENTRIES, DECLARATION_OPTIONS } from './declarations.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  external: Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
  banner: { js: '// generator-tap-dr: built from generator/ and skeleton/lib/config by scripts/build.js' },
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: {
    'cli/tap-dr': 'generator/cli/bin.ts',
    'generators/app/index': 'generator/generators/app/index.ts',
    // Not dist/index.js: yeoman-environment registers every <package>/*/index.js as a sub-generator
    // (`yo tap-dr:dist`); the library entry sits one folder deeper.
    'lib/index': 'generator/index.ts',
    // The Backstage backend module; only this entry imports @backstage/* (optional peer dependencies).
    'backstage/index': 'generator/backstage/index.ts',
  },
  outdir: 'dist',
  format: 'esm',
});
// The same module for CommonJS backends, whose `import('generator-tap-dr/backstage')` TypeScript may
// compile to require(). import.meta.url (used to find skeleton/) becomes this file's URL.
await build({
  ...common,
  entryPoints: { 'backstage/index': 'generator/backstage/index.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__tapDrModuleUrl' },
  banner: { js: `${common.banner.js}\nconst __tapDrModuleUrl = require('node:url').pathToFileURL(__filename).href;` },
});
// The portal form's review field, for Backstage apps: an ES module their bundler takes, with React,
// @material-ui/core and the @backstage/* frontend packages left to the app (optional peer dependencies).
await build({
  ...common,
  entryPoints: { 'backstage-form/index': 'generator/backstage-form/index.ts' },
  outdir: 'dist',
  platform: 'browser',
  target: 'es2022',
  format: 'esm',
  jsx: 'automatic',
});
// Type declarations of the Backstage entries. The Backstage packages they refer to are test packages
// (scripts/test-packages.js), not root dependencies, so the declarations are emitted without type
// checking: every export is annotated, `npm run lint` type-checks the sources against the real packages,
// and test/backstage/package-entry.test.ts checks that an emit which cannot see them equals this one.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, ...DECLARATION_ENTRIES, ...DECLARATION_OPTIONS, '--outDir', 'dist/types', '--noCheck'], { stdio: 'inherit' });
