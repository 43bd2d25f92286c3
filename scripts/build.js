// Bundles the front ends into dist/ with esbuild; dependencies stay external (installed with the package).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: {
    'cli/tap-dr': 'generator/cli/bin.ts',
    'generators/app/index': 'generator/generators/app/index.ts',
    // Not dist/index.js: yeoman-environment registers every <package>/*/index.js as a sub-generator
    // (`yo tap-dr:dist`); the library entry sits one folder deeper.
    'lib/index': 'generator/index.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }),
  banner: { js: '// generator-tap-dr: built from generator/ and skeleton/lib/config by scripts/build.js' },
  logLevel: 'warning',
});
