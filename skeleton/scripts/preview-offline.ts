// `npm run preview:offline [-- --json] [-- --stack <name>]`: runs the real program in-process under
// Pulumi's mocks (no Pulumi CLI, no AWS account) and prints the resources it would create.
import { readdirSync } from 'node:fs';
import { REPO_ROOT, stackFileConfig } from '../test/helpers/repo';
import { runOffline, type RecordedResource } from '../test/helpers/offline-stack';

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

function printTree(stack: string, resources: RecordedResource[]): void {
  console.log(`Previewing stack ${PROJECT}/${stack} offline (mocks; nothing is created)\n`);
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      console.log(`${'    '.repeat(depth)}+ ${r.type.padEnd(Math.max(0, 52 - depth * 4))} ${r.name}${r.region ? `  [${r.region}]` : ''}`);
      walk(`${r.type}::${r.name}`, depth + 1);
    }
  };
  walk(undefined, 1);
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  console.log(`\nResources: + ${resources.length} to create`);
  for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) console.log(`    ${String(count).padStart(3)} ${type}`);
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
    printTree(stack, run.resources);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
