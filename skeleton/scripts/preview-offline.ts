// `npm run preview:offline [-- --json] [-- --stack <name>]`: runs the real program in-process under
// Pulumi's mocks (no Pulumi CLI, no AWS account) and prints the resources it would create.
import { readdirSync } from 'node:fs';
import { REPO_ROOT, stackFileConfig } from './stack-file';
import { runOffline } from './offline/recorder';
import { formatPreview } from './preview-tree';

const PROJECT = 'TapStack';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function defaultStack(): string {
  const stacks = readdirSync(REPO_ROOT).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined);
  if (stacks.length !== 1) throw new Error(`name the stack with --stack (found ${stacks.join(', ') || 'no Pulumi.<stack>.yaml'})`);
  return stacks[0];
}

async function main(): Promise<void> {
  const stack = option('--stack') ?? defaultStack();
  const run = await runOffline(() => import('../index') as unknown as Promise<Record<string, unknown>>, {
    project: PROJECT,
    stack,
    config: stackFileConfig(stack),
  });
  if (process.argv.includes('--json')) {
    const resources = run.resources.map(({ urn, type, name, region, parent, provider, inputs }) => ({ urn, type, name, region, parent, provider, inputs }));
    console.log(JSON.stringify({ stack, project: PROJECT, resources, outputs: run.outputs }, null, 2));
  } else {
    console.log(formatPreview(PROJECT, stack, run));
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
