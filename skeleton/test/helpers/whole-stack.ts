import { runOffline, type OfflineRun } from './offline-stack';
import { generatedAnswers, stackFileConfig } from './repo';

let cached: Promise<OfflineRun> | undefined;

/**
 * The whole program (index.ts) run offline with this repository's own Pulumi.<stack>.yaml, once per
 * test file: for tests that check how a component is wired into the stack.
 */
export function runWholeStack(): Promise<OfflineRun> {
  cached ??= (async () => {
    delete process.env.ENVIRONMENT_SUFFIX;
    const { stack } = generatedAnswers();
    return runOffline(async () => {
      let program: Record<string, unknown> = {};
      await jest.isolateModulesAsync(async () => {
        program = { ...(await import('../../index')) };
      });
      return program;
    }, { stack, config: stackFileConfig(stack) });
  })();
  return cached;
}
