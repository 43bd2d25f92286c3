// Bundles each Lambda function into one minified file for the Node.js Lambda runtime:
// lambda/dist/<name>/index.js, handler `index.handler`. The Pulumi program deploys the folder.
// The AWS SDK v3 stays out of the bundle: the nodejs22.x and nodejs24.x runtimes provide it.
// Usage: npm run build:lambda
/* global __dirname */
'use strict';

const LAMBDAS = [
  { name: 'canary', entry: 'lambda/canary/handler.ts' },
  { name: 'orchestrator', entry: 'lambda/orchestrator/handler.ts' },
];

async function main() {
  const { rmSync } = await import('node:fs');
  const path = await import('node:path');
  const { build } = await import('esbuild');
  const root = path.resolve(__dirname, '..');
  for (const lambda of LAMBDAS) {
    const outdir = path.join(root, 'lambda', 'dist', lambda.name);
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
