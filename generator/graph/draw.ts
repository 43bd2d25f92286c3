import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../package-root';
import type { DrawRequest, DrawResponse } from './child';

/** The child process that draws (./child.ts), built with the Pulumi runtime by `npm run build`. */
export const GRAPH_CHILD = join(PACKAGE_ROOT, 'dist', 'graph', 'child.cjs');

/** The files of a render the drawing reads: the program and the scripts, not the tests. */
const isProgramFile = (path: string) => path.endsWith('.ts') && !path.startsWith('test/');

const drawn = new Map<string, Record<string, string>>();

/**
 * `Pulumi.<stack>.yaml` as the Pulumi CLI hands it to the program: every value as text, numbers and
 * booleans as their text, maps as JSON (the same reading as the rendered scripts/stack-file.ts).
 */
export function stackConfigOf(yamlText: string): Record<string, string> {
  const { config } = parse(yamlText) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

/**
 * The documents the rendered repository's own `npm run diagram` draws from its preview graph
 * (README.md with the diagram, docs/architecture.md, docs/deployer-policy.json, docs/preview-policy.json),
 * drawn by running the rendered program offline, with the rendered scripts/graph-docs.ts, in a child
 * process. Same files, same documents; the answer is kept for the life of this process.
 */
export function drawGraphDocuments(files: ReadonlyMap<string, Buffer>, stack: string): Record<string, string> {
  const stackFile = files.get(`Pulumi.${stack}.yaml`);
  const readme = files.get('README.md');
  if (!stackFile || !readme) throw new Error(`cannot draw the graph documents: the render has no Pulumi.${stack}.yaml or README.md`);
  const request: DrawRequest = {
    files: Object.fromEntries([...files].filter(([path]) => isProgramFile(path)).map(([path, bytes]) => [path, bytes.toString('utf8')])),
    stack,
    config: stackConfigOf(stackFile.toString('utf8')),
    readme: readme.toString('utf8'),
  };
  const input = JSON.stringify(request);
  const key = createHash('sha256').update(input).digest('hex');
  const known = drawn.get(key);
  if (known) return known;
  if (!existsSync(GRAPH_CHILD)) {
    throw new Error(`${GRAPH_CHILD} is missing: run \`npm run build\` in ${PACKAGE_ROOT} (it bundles the Pulumi runtime that draws a render's architecture diagram)`);
  }
  // An empty environment: the documents depend on the render only (no ENVIRONMENT_SUFFIX, no PULUMI_*).
  const env: NodeJS.ProcessEnv = process.platform === 'win32' ? { SystemRoot: process.env.SystemRoot } : {};
  const child = spawnSync(process.execPath, [GRAPH_CHILD], { input, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 5 * 60_000 });
  let response: DrawResponse | undefined;
  try {
    response = JSON.parse(child.stdout) as DrawResponse;
  } catch {
    response = undefined;
  }
  if (!response?.ok) {
    const why = response?.error ?? (child.error?.message || `exit ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-5).join(' / ')}`);
    throw new Error(`drawing the architecture diagram and deployer policy from the rendered program failed: ${why}`);
  }
  drawn.set(key, response.documents);
  return response.documents;
}
