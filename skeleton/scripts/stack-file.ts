import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/**
 * This repository's Pulumi files, for the tools that run the program or its policies without the
 * Pulumi CLI handing them the stack config: `npm run preview:offline`, `npm run policy`,
 * `npm run diagram`, `npm run outputs:flat` and the policy pack (policy/index.ts).
 */

/** The folder holding Pulumi.yaml at or above `start`, from the sources or their compiled copies under bin/. */
export function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'Pulumi.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Pulumi.yaml not found in ${start} or above`);
  }
}

/** The stacks named by `Pulumi.<stack>.yaml` files among `files`. */
export function stackNames(files: readonly string[]): string[] {
  return files.map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined);
}

/** Root of this repository: the folder holding Pulumi.yaml. */
export const REPO_ROOT = findRepoRoot(__dirname);

/**
 * `Pulumi.<stack>.yaml` as the Pulumi CLI hands it to the program: every value as text, with
 * numbers and booleans as their text and maps as JSON. Keys keep the file's order.
 */
export function stackFileConfig(stack: string, root: string = REPO_ROOT): Record<string, string> {
  const file = join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new Error(`no stack "${stack}": ${file} does not exist (stacks here: ${stackNames(readdirSync(root)).join(', ') || 'none'})`);
  }
  const { config } = parse(readFileSync(file, 'utf8')) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}
