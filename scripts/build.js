// Bundles the front ends into dist/ with esbuild; dependencies stay external (installed with the package).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    // The bin and yo's entry check the Node.js version (and yo's, root) first, then import the
    // command (cli/main.js) and the generator (generators/app/generator.js) at run time.
    'cli/tap-dr': 'generator/cli/bin.ts',
    'cli/main': 'generator/cli/tap-dr.ts',
    'generators/app/index': 'generator/generators/app/entry.ts',
    'generators/app/generator': 'generator/generators/app/index.ts',
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

// dist/graph/child.cjs: the Pulumi runtime and the child process that runs a rendered program under
// mocks to draw its graph documents (generator/graph/). Bundled from this repository's devDependencies,
// pinned to the versions the generated repositories lock. @pulumi/aws is cut to the resources and
// functions the skeleton's program names (all of @pulumi/aws would be 15 MB), and the parts of
// @pulumi/pulumi a preview under mocks never runs (TypeScript and npm for serializing closures) are
// left out.
const require = createRequire(import.meta.url);
const awsRoot = join(require.resolve('@pulumi/aws/package.json'), '..');
const skeletonSources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
  const full = join(dir, entry.name);
  if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : skeletonSources(full);
  return /\.ts(\.ejs)?$/.test(entry.name) ? [readFileSync(full, 'utf8')] : [];
});
const skeleton = fileURLToPath(new URL('../skeleton', import.meta.url));
const programText = [...skeletonSources(join(skeleton, 'lib')), readFileSync(join(skeleton, 'index.pulumi.ts'), 'utf8')].join('\n');
/** `aws.ec2.Vpc`, `aws.getCallerIdentityOutput`, `aws.Provider` → the file of @pulumi/aws that exports it. */
const awsMembers = new Map();
for (const [, first, second] of programText.matchAll(/\baws\.([A-Za-z0-9]+)(?:\.([A-Za-z0-9]+))?/g)) {
  const [space, name] = second ? [first, second] : [undefined, first];
  const base = name.replace(/Output$/, '');
  const file = join(...(space ? [space] : []), `${base[0].toLowerCase()}${base.slice(1)}.js`);
  // Types (aws.rds.ClusterArgs) and namespaces have no file of their own and need none at run time.
  if (existsSync(join(awsRoot, file))) awsMembers.set(`${space ?? ''}.${name}`, { space, name, file });
}
const getter = ({ name, file }) => `get ${name}() { return require(${JSON.stringify(`@pulumi/aws/${file.replaceAll('\\', '/')}`)}).${name}; }`;
const spaces = new Map();
for (const member of awsMembers.values()) if (member.space) spaces.set(member.space, [...(spaces.get(member.space) ?? []), getter(member)]);
const slimAws = `module.exports = {\n${[
  ...[...awsMembers.values()].filter((m) => !m.space).map(getter),
  ...[...spaces].map(([space, getters]) => `${space}: {\n${getters.join(',\n')}\n}`),
].join(',\n')}\n};\n`;
const NEVER_RUN_UNDER_MOCKS = /^(typescript|@npmcli\/arborist|read-package-tree)$|typescript-shim$/;
await build({
  ...common,
  entryPoints: { 'graph/child': 'generator/graph/child-main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  external: ['esbuild'],
  plugins: [{
    name: 'graph-runtime',
    setup(plugin) {
      plugin.onResolve({ filter: /^@pulumi\/aws$/ }, () => ({ path: 'slim-aws', namespace: 'graph-runtime' }));
      plugin.onResolve({ filter: NEVER_RUN_UNDER_MOCKS }, (args) => ({ path: args.path, namespace: 'never-run' }));
      plugin.onLoad({ filter: /.*/, namespace: 'graph-runtime' }, () => ({ contents: slimAws, resolveDir: awsRoot, loader: 'js' }));
      plugin.onLoad({ filter: /.*/, namespace: 'never-run' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  }],
});
