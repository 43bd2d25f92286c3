import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the deployed stack's outputs are read from, relative to the repository root. */
export const FLAT_OUTPUTS_PATH = 'cfn-outputs/flat-outputs.json';

export type FlatOutputs = Record<string, string>;
export type OutputsOrSkip = { readonly outputs: FlatOutputs } | { readonly skip: string };

/**
 * `pulumi stack output --json` → one level of name → text. The optional tiers' outputs, grouped under
 * `tiers` in the program, are lifted to the top; other values that are not text become JSON text.
 */
export function flattenStackOutputs(stackOutputs: Record<string, unknown>): FlatOutputs {
  const flat: FlatOutputs = {};
  const put = (key: string, value: unknown) => {
    if (key in flat) throw new Error(`stack output ${key} appears twice (at the top and under tiers)`);
    flat[key] = typeof value === 'string' ? value : JSON.stringify(value);
  };
  for (const [key, value] of Object.entries(stackOutputs)) {
    if (key === 'tiers' && value !== null && typeof value === 'object') {
      for (const [tierKey, tierValue] of Object.entries(value)) put(tierKey, tierValue);
    } else {
      put(key, value);
    }
  }
  return flat;
}

/**
 * The flat outputs of the deployed stack, or why the integration tests skip: no file means nothing
 * was deployed from here, which is not a failure; a file that is there but unreadable is.
 */
export function readFlatOutputs(root: string, required: readonly string[]): OutputsOrSkip {
  const path = join(root, FLAT_OUTPUTS_PATH);
  if (!existsSync(path)) return { skip: `no ${FLAT_OUTPUTS_PATH}: deploy the stack, then run npm run outputs:flat` };
  const outputs = JSON.parse(readFileSync(path, 'utf8')) as FlatOutputs;
  const missing = required.filter((key) => typeof outputs[key] !== 'string' || outputs[key] === '');
  if (missing.length > 0) throw new Error(`${FLAT_OUTPUTS_PATH} lacks ${missing.join(', ')}: was it written from this stack?`);
  return { outputs };
}

/** Runs `attempt` until it returns no problems or `timeoutMs` passes; returns the last problems. */
export async function eventually(attempt: () => Promise<string[]>, timeoutMs: number, intervalMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await attempt();
    if (problems.length === 0 || Date.now() + intervalMs > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
