import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { createRenderAction } from '../../generator/backstage/render-action';

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
    createTemporaryDirectory: async () => mkdtempSync(join(tmpdir(), 'tap-dr-action-tmp-')),
    getInitiatorCredentials: async () => ({ $$type: '@backstage/BackstageCredentials', principal: { type: 'user', userEntityRef: 'user:default/tester' } }),
    task: { id: 'task-1' },
    ...extra,
  };
  return { ctx, logs, outputs };
}
