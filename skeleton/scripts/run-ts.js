// Runs a TypeScript script at once, without type-checking the program first: esbuild transpiles
// the script and the repository files it imports into one file (packages stay external, so Pulumi
// is loaded once), then Node runs it. `npm run build` and `npm run lint` are the type check.
// Usage: node scripts/run-ts.js scripts/preview-offline.ts [args...]
/* global __dirname */
'use strict';

async function main() {
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { build } = await import('esbuild');
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) throw new Error('name the script to run, e.g. scripts/preview-offline.ts');
  const root = path.resolve(__dirname, '..');
  const outfile = path.join(root, 'bin', '.run', path.basename(entry).replace(/\.ts$/, '.js'));
  await build({
    entryPoints: [path.join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  process.argv = [process.argv[0], outfile, ...args];
  await import(pathToFileURL(outfile).href);
}

main().catch((error) => {
  console.error(`run-ts: ${error.message}`);
  process.exitCode = 1;
});
