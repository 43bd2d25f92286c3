// Bundles each Lambda function (every lambda/<name>/handler.ts) into one minified file for the
// Node.js Lambda runtime: lambda/dist/<name>/index.js, handler `index.handler`. The Pulumi program
// deploys the folder.
// The AWS SDK v3 stays out of the bundle: the nodejs22.x and nodejs24.x runtimes provide it.
// scripts/bundle-plugins.js lists the esbuild plugins for this engine's database driver (for Aurora
// MySQL, they leave out the parts of mysql2 the canary never uses).
// Usage: npm run build:lambda
//        node scripts/bundle-lambdas.js [--outdir <dir>] [<name>...]   (some functions, into <dir>/<name>/;
//        the tests build the bundle they invoke this way, apart from lambda/dist)
/* global __dirname */
'use strict';

async function main() {
  const { existsSync, readdirSync, rmSync } = await import('node:fs');
  const path = await import('node:path');
  const { build } = await import('esbuild');
  const { default: { plugins } } = await import('./bundle-plugins.js');
  const root = path.resolve(__dirname, '..');
  const { values, positionals } = (await import('node:util')).parseArgs({ allowPositionals: true, options: { outdir: { type: 'string' } } });
  const distdir = path.resolve(root, values.outdir ?? path.join('lambda', 'dist'));
  // The functions this repository was rendered with: the canary, and /health when the application tier is on.
  const lambdas = readdirSync(path.join(root, 'lambda'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'lambda', entry.name, 'handler.ts')))
    .filter((entry) => positionals.length === 0 || positionals.includes(entry.name))
    .map((entry) => ({ name: entry.name, entry: `lambda/${entry.name}/handler.ts` }));
  for (const lambda of lambdas) {
    const outdir = path.join(distdir, lambda.name);
    // Start empty, so no file of an earlier build is deployed with this one.
    rmSync(outdir, { recursive: true, force: true });
    const result = await build({
      entryPoints: [path.join(root, lambda.entry)],
      outfile: path.join(outdir, 'index.js'),
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      plugins,
      metafile: true,
      logLevel: 'warning',
    });
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    console.log(`${lambda.entry} -> ${path.relative(root, outdir)}/index.js (${(bytes / 1024).toFixed(0)} KiB)`);
  }
}

main().catch((error) => {
  console.error(`bundle-lambdas: ${error.message}`);
  process.exitCode = 1;
});
