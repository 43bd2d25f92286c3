import * as pulumi from '@pulumi/pulumi';
import type { Answers } from '../../lib/config/answers-schema';
import { parseAnswers } from '../../lib/config/validate';
import { createSides, type Sides } from '../../lib/regions';
import { runOffline, type OfflineRun, type RecordedResource } from './offline-stack';

export interface ComponentContext {
  readonly answers: Answers;
  readonly sides: Sides;
  readonly root: pulumi.ComponentResource;
}

/**
 * Builds components under a test root with the stack's three providers, offline, and returns the
 * recorded graph. `answers` are checked like the stack config (defaults filled in).
 */
export function runComponents(
  answers: Record<string, unknown>,
  build: (context: ComponentContext) => Record<string, unknown> | void,
): Promise<OfflineRun> {
  return runOffline(() => {
    const checked = parseAnswers(answers);
    const root = new pulumi.ComponentResource('tap:dr:TestRoot', 'root');
    return build({ answers: checked, sides: createSides(checked, root), root }) ?? {};
  });
}

export const ofType = (run: OfflineRun, type: string): RecordedResource[] => run.resources.filter((r) => r.type === type);

/** Inputs that Pulumi serialized as JSON text (policies, default tags) parsed back. */
export function json<T = Record<string, unknown>>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
