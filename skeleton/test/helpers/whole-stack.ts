import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOffline, type OfflineRun } from '../../scripts/offline/recorder';
import { generatedAnswers, stackFileConfig } from './repo';
import { WHOLE_STACK_CACHE_VARIABLE } from './whole-stack-cache';

let cached: Promise<OfflineRun> | undefined;

/**
 * The whole program (index.ts) run offline with this repository's own Pulumi.<stack>.yaml, as
 * `pulumi preview` would run it: for tests that check the stack's resource graph.
 *
 * Running it under mocks costs about a second of CPU per test file, so the first file of a jest run
 * that needs it records it into the run's folder (WHOLE_STACK_CACHE_VARIABLE) and later files read
 * it from there. The folder is new for every run, so the graph is always the current code's, and the
 * file that records it runs the program with coverage. Without the folder (a test file run outside
 * this jest config) every file runs the program itself.
 */
export function runWholeStack(): Promise<OfflineRun> {
  cached ??= (async () => {
    delete process.env.ENVIRONMENT_SUFFIX;
    const { stack } = generatedAnswers();
    const config = stackFileConfig(stack);
    const file = cacheFile(stack, config);
    if (file) {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as OfflineRun;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    const run = await runOffline(async () => {
      let program: Record<string, unknown> = {};
      await jest.isolateModulesAsync(async () => {
        program = { ...(await import('../../index')) };
      });
      return program;
    }, { stack, config });
    if (file) {
      // Written whole, then renamed: a worker reading at the same time sees all of it or nothing.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, JSON.stringify(run));
      renameSync(partial, file);
    }
    return run;
  })();
  return cached;
}

/** The graph's file for this stack and config, or undefined outside a jest run that made the folder. */
function cacheFile(stack: string, config: Record<string, string>): string | undefined {
  const folder = process.env[WHOLE_STACK_CACHE_VARIABLE];
  if (!folder) return undefined;
  const key = createHash('sha256').update(JSON.stringify({ stack, config })).digest('hex').slice(0, 16);
  return join(folder, `${stack}-${key}.json`);
}
