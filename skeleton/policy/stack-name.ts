import { readdirSync } from 'node:fs';
import { REPO_ROOT, stackNames } from '../scripts/stack-file';

/** Names the stack whose config the policies compare against; the CI workflow sets it. */
export const STACK_VARIABLE = 'TAP_DR_STACK';

/** `TAP_DR_STACK`, else the one stack that has a `Pulumi.<stack>.yaml` in this repository. */
export function defaultStack(env: Readonly<Record<string, string | undefined>>, files: readonly string[] = readdirSync(REPO_ROOT)): string {
  if (env[STACK_VARIABLE]) return env[STACK_VARIABLE] as string;
  const stacks = stackNames(files);
  if (stacks.length !== 1) throw new Error(`name the stack with ${STACK_VARIABLE} (found ${stacks.join(', ') || 'no Pulumi.<stack>.yaml'})`);
  return stacks[0] as string;
}
