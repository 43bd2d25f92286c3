import * as pulumi from '@pulumi/pulumi';
import type { Answers } from '../../lib/config/answers-schema';
import { parseAnswers } from '../../lib/config/validate';
import { createSides, type Sides } from '../../lib/regions';
import { runOffline, type OfflineOptions, type OfflineRun, type RecordedResource } from '../../scripts/offline/recorder';

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
  options: Pick<OfflineOptions, 'existingZones'> = {},
): Promise<OfflineRun> {
  return runOffline(() => {
    const checked = parseAnswers(answers);
    const root = new pulumi.ComponentResource('tap:dr:TestRoot', 'root');
    return build({ answers: checked, sides: createSides(checked, root), root }) ?? {};
  }, options);
}

export const ofType = (run: OfflineRun, type: string): RecordedResource[] => run.resources.filter((r) => r.type === type);

/** The one resource of `type` in the run; fails the test unless there is exactly one. */
export function only(run: OfflineRun, type: string): RecordedResource {
  const found = ofType(run, type);
  expect(found).toHaveLength(1);
  return found[0] as RecordedResource;
}

/** Inputs that Pulumi serialized as JSON text (policies, default tags) parsed back. */
export function json<T = Record<string, unknown>>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A statement of an IAM or resource policy, as the tests read it back. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The Statement list of a policy document serialized as JSON text. */
export const statements = (policy: unknown): Statement[] => (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

/** A policy's `Action` or `Resource`, which may be one string or a list, as a list. */
export const list = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/**
 * `build` with its result kept per arguments, for a test file whose tests read the same graph:
 * the components run once per distinct arguments instead of once per test (most of a component
 * test's time is the run). The recorded graph is frozen, so no test can change what another one reads.
 */
export function sharedRuns<Args extends unknown[], Result>(build: (...args: Args) => Promise<Result>): (...args: Args) => Promise<Result> {
  const results = new Map<string, Promise<Result>>();
  return (...args) => {
    const key = JSON.stringify(args);
    let result = results.get(key);
    if (!result) {
      result = build(...args).then(deepFreeze);
      results.set(key, result);
    }
    return result;
  };
}

/** Plain objects and arrays frozen all the way down; class instances (components, outputs) left as they are. */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  const prototype = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/**
 * A transformation that records each resource's explicit `dependsOn` as `type::name` lists, keyed by
 * `type::name`. Pass it to the component under test (`transformations: [recorder.transformation]`):
 * the offline graph does not record dependencies, and a wrong order fails only against AWS.
 */
export function dependsOnRecorder(): { transformation: pulumi.ResourceTransformation; of(type: string, name: string): string[] | undefined } {
  const seen = new Map<string, string[]>();
  const typeAndName = (resource: pulumi.Resource) => {
    const internal = resource as unknown as { __pulumiType: string; __name: string };
    return `${internal.__pulumiType}::${internal.__name}`;
  };
  return {
    transformation: (args) => {
      seen.set(`${args.type}::${args.name}`, ((args.opts.dependsOn ?? []) as pulumi.Resource[]).map(typeAndName));
      return undefined;
    },
    of: (type, name) => seen.get(`${type}::${name}`),
  };
}
