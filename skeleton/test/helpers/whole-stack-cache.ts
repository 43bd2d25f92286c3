// The folder in which the test files of one jest run share the whole-stack graph (whole-stack.ts).
// Kept apart from whole-stack.ts so jest's global setup does not load Pulumi.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder's path, for the test workers. A new folder every run, so every run records the graph afresh. */
export const WHOLE_STACK_CACHE_VARIABLE = 'TAP_DR_WHOLE_STACK_CACHE';

declare global {
  /** The folder global-setup.ts made, for global-teardown.ts (both run in jest's main process). */
  var tapDrWholeStackCache: string | undefined;
}

/** For global-setup.ts: a fresh folder for this run's whole-stack graph, passed on to the test workers. */
export function makeWholeStackCache(): void {
  globalThis.tapDrWholeStackCache = mkdtempSync(join(tmpdir(), 'tap-dr-whole-stack-'));
  process.env[WHOLE_STACK_CACHE_VARIABLE] = globalThis.tapDrWholeStackCache;
}

/** For global-teardown.ts. */
export function removeWholeStackCache(): void {
  const folder = globalThis.tapDrWholeStackCache;
  if (!folder) return;
  globalThis.tapDrWholeStackCache = undefined;
  if (process.env[WHOLE_STACK_CACHE_VARIABLE] === folder) delete process.env[WHOLE_STACK_CACHE_VARIABLE];
  rmSync(folder, { recursive: true, force: true });
}

