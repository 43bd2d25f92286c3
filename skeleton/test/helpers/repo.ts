import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { Answers } from '../../lib/config/answers-schema';

/** The folder holding Pulumi.yaml, from the sources or from their compiled copies under bin/. */
function findRepoRoot(dir: string): string {
  if (existsSync(join(dir, 'Pulumi.yaml'))) return dir;
  const parent = dirname(dir);
  if (parent === dir) throw new Error('Pulumi.yaml not found above ' + __dirname);
  return findRepoRoot(parent);
}

/** Root of this repository: the tests check its own generated files, whatever answers made them. */
export const REPO_ROOT = findRepoRoot(__dirname);

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** The answers this repository was generated from, as the generator stored them in `.yo-rc.json`. */
export function generatedAnswers(): Answers {
  return JSON.parse(readRepoFile('.yo-rc.json'))['generator-tap-dr'].answers;
}

/**
 * `Pulumi.<stack>.yaml` as the Pulumi CLI hands it to the program: every value as text, with
 * numbers and booleans as their text and maps as JSON. Keys keep the file's order.
 */
export function stackFileConfig(stack: string): Record<string, string> {
  const { config } = parse(readRepoFile(`Pulumi.${stack}.yaml`)) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}
