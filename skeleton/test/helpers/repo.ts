import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answers } from '../../lib/config/answers-schema';
import { REPO_ROOT } from '../../scripts/stack-file';

// The tests check this repository's own generated files, whatever answers made them; the root and
// the stack file are read as the tools read them.
export { REPO_ROOT, stackFileConfig } from '../../scripts/stack-file';

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** The answers this repository was generated from, as the generator stored them in `.yo-rc.json`. */
export function generatedAnswers(): Answers {
  return JSON.parse(readRepoFile('.yo-rc.json'))['generator-tap-dr'].answers;
}

/** The command that runs the generator and version that rendered this repository (`.yo-rc.json`). */
export function renderCommand(): string {
  return `npx --package generator-tap-dr@${JSON.parse(readRepoFile('.yo-rc.json'))['generator-tap-dr'].version} tap-dr`;
}
