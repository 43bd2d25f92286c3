// `npm run diagram [-- --stack <name>]` (also the last step of `npm run build`): writes
// docs/architecture.md from the offline preview graph and refreshes the copy in README.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultStack } from '../policy/stack-name';
import { REPO_ROOT, stackFileConfig } from './stack-file';
import { runOffline } from './offline/recorder';
import { architectureDiagram, architectureDocument, replaceDiagramBlock } from './architecture';

async function main(): Promise<void> {
  const index = process.argv.indexOf('--stack');
  const stack = index >= 0 ? (process.argv[index + 1] as string) : defaultStack(process.env);
  const run = await runOffline(() => import('../index') as unknown as Promise<Record<string, unknown>>, { project: 'TapStack', stack, config: stackFileConfig(stack) });
  const document = architectureDocument(stack, architectureDiagram(run));
  mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'docs', 'architecture.md'), document);
  const readme = join(REPO_ROOT, 'README.md');
  writeFileSync(readme, replaceDiagramBlock(readFileSync(readme, 'utf8'), document));
  console.log(`docs/architecture.md and README.md: architecture of stack ${stack}`);
}

main().catch((error: Error) => {
  console.error(`diagram: ${error.message}`);
  process.exitCode = 1;
});
