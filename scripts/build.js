// Bundles the front ends into dist/ with esbuild; dependencies stay external (installed with the package).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

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
// Type declarations of the Backstage entry, for TypeScript backends.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, 'generator/backstage/index.ts', '--declaration', '--emitDeclarationOnly', '--outDir', 'dist/types',
  '--target', 'es2023', '--module', 'preserve', '--moduleResolution', 'bundler', '--strict', '--skipLibCheck', '--esModuleInterop',
  '--resolveJsonModule', '--types', 'node'], { stdio: 'inherit' });
