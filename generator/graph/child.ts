// The child process behind drawGraphDocuments (./draw.ts), built into dist/graph/child.cjs: reads the
// rendered repository's TypeScript from stdin, bundles it in memory with esbuild, runs its own
// scripts/graph-docs.ts (the code behind `npm run diagram`) on its own program under Pulumi's mocks,
// and writes the documents to stdout as JSON. A process of its own: Pulumi keeps its state in globals,
// and the environment is empty, so nothing of the caller's (ENVIRONMENT_SUFFIX, PULUMI_*) leaks in.
import { build, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { compileFunction } from 'node:vm';
import { PACKAGES } from './runtime';

export interface DrawRequest {
  /** Path → text of the rendered repository's TypeScript files. */
  readonly files: Record<string, string>;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly readme: string;
}

export type DrawResponse = { ok: true; documents: Record<string, string> } | { ok: false; error: string };

const ROOT = '/repository';
const ENTRY = "export { drawGraphDocuments } from './scripts/graph-docs';\nexport const program = () => import('./index');\n";

/** Resolves the rendered program's relative imports among the rendered files. */
function renderedFiles(files: Record<string, string>): Plugin {
  const find = (path: string) => [path, `${path}.ts`, `${path}/index.ts`].find((candidate) => files[posix.relative(ROOT, candidate)] !== undefined);
  return {
    name: 'rendered-files',
    setup(plugin) {
      plugin.onResolve({ filter: /^\.\.?\// }, (args) => {
        const found = find(posix.resolve(args.resolveDir, args.path));
        return found ? { path: found, namespace: 'rendered' } : { errors: [{ text: `${args.path} (imported by ${args.importer}) is not a rendered file` }] };
      });
      plugin.onResolve({ filter: /^[^.]/ }, (args) => ({ path: args.path, external: true }));
      plugin.onLoad({ filter: /.*/, namespace: 'rendered' }, (args) => ({
        contents: files[posix.relative(ROOT, args.path)],
        loader: 'ts',
        resolveDir: posix.dirname(args.path),
      }));
    },
  };
}

function requireFromProgram(id: string): unknown {
  if (Object.hasOwn(PACKAGES, id)) return PACKAGES[id];
  if (id.startsWith('node:') || builtinModules.includes(id)) return process.getBuiltinModule(id);
  throw new Error(`the rendered program imports ${id}, which the generator does not bundle (add it to generator/graph/runtime.ts)`);
}

export async function draw(request: DrawRequest): Promise<Record<string, string>> {
  const bundled = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'draw-entry.ts', loader: 'ts' },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    logLevel: 'silent',
    plugins: [renderedFiles(request.files)],
  });
  const loaded = { exports: {} as { drawGraphDocuments: (input: unknown) => Promise<Record<string, string>>; program: () => unknown } };
  const filename = `${ROOT}/draw-entry.js`;
  compileFunction(bundled.outputFiles[0]?.text ?? '', ['exports', 'require', 'module', '__filename', '__dirname'], { filename })(
    loaded.exports, requireFromProgram, loaded, filename, ROOT,
  );
  const { drawGraphDocuments, program } = loaded.exports;
  return drawGraphDocuments({ program, stack: request.stack, config: request.config, readme: request.readme });
}

/** Reads a DrawRequest from stdin, writes a DrawResponse to stdout (dist/graph/child.cjs runs this). */
export async function main(): Promise<void> {
  // stdout carries the answer only; anything the program logs goes to stderr.
  console.log = console.info = console.warn = console.error;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  let response: DrawResponse;
  try {
    response = { ok: true, documents: await draw(JSON.parse(Buffer.concat(chunks).toString('utf8')) as DrawRequest) };
  } catch (error) {
    response = { ok: false, error: (error as Error).message };
  }
  // Pulumi's runtime may keep handles open: exit once the answer is written.
  process.stdout.write(JSON.stringify(response), () => process.exit(response.ok ? 0 : 1));
}
