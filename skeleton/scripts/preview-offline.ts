// `npm run preview:offline [-- --json] [-- --stack <name>]`: runs the real program in-process under
// Pulumi's mocks (no Pulumi CLI, no AWS account) and prints the resources it would create. Without
// --stack: TAP_DR_STACK, else the one Pulumi.<stack>.yaml, as `npm run policy` and `npm run diagram`.
import { defaultStack } from '../policy/stack-name';
import { stackFileConfig } from './stack-file';
import { runOffline } from './offline/recorder';
import { formatPreview } from './preview-tree';

const PROJECT = 'TapStack';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const stack = option('--stack') ?? defaultStack(process.env);
  const run = await runOffline(() => import('../index') as unknown as Promise<Record<string, unknown>>, {
    project: PROJECT,
    stack,
    config: stackFileConfig(stack),
  });
  if (process.argv.includes('--json')) {
    const resources = run.resources.map(({ urn, type, name, region, parent, provider, inputs, id }) => ({ urn, type, name, region, parent, provider, inputs, id }));
    console.log(JSON.stringify({ stack, project: PROJECT, resources, outputs: run.outputs }, null, 2));
  } else {
    console.log(formatPreview(PROJECT, stack, run));
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
