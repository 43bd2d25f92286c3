import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { createRenderAction } from '../../generator/backstage/render-action';
import { tempDir } from '../helpers/tmp';

type RenderContext = Parameters<ReturnType<typeof createRenderAction>['handler']>[0];

/**
 * A scaffolder action context over a real folder. (`createMockActionContext` from
 * @backstage/plugin-scaffolder-node-test-utils needs jest's globals; these tests run on node:test.)
 */
export function actionContext(workspacePath: string, input: JsonObject, extra: Partial<RenderContext> = {}) {
  const logs: string[] = [];
  const outputs: Record<string, unknown> = {};
  const logger: LoggerService = {
    error: (message) => void logs.push(message),
    warn: (message) => void logs.push(message),
    info: (message) => void logs.push(message),
    debug: (message) => void logs.push(message),
    child: () => logger,
  };
  const ctx: RenderContext = {
    logger,
    workspacePath,
    input,
    output: (name, value) => void (outputs[name] = value),
    checkpoint: async ({ fn }) => fn(),
    createTemporaryDirectory: async () => tempDir('action-tmp'),
    getInitiatorCredentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: { type: 'user', userEntityRef: 'user:default/tester' } }),
    task: { id: 'task-1' },
    ...extra,
  };
  return { ctx, logs, outputs };
}
