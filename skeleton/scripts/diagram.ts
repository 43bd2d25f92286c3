// `npm run diagram [-- --stack <name>]` (also the last step of `npm run build`): draws the documents
// of scripts/graph-docs.ts from the offline preview graph (docs/architecture.md, its copy in
// README.md, docs/deployer-policy.json, docs/preview-policy.json) and writes the ones that changed;
// files that are up to date are not touched, so a build leaves a clean checkout clean.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultStack } from '../policy/stack-name';
import { REPO_ROOT, stackFileConfig } from './stack-file';
import { drawGraphDocuments } from './graph-docs';

async function main(): Promise<void> {
  const index = process.argv.indexOf('--stack');
  const stack = index >= 0 ? (process.argv[index + 1] as string) : defaultStack(process.env);
  // The documents describe the stack as Pulumi.<stack>.yaml configures it (as the generator drew
  // them), not a suffix one shell happens to set.
  delete process.env.ENVIRONMENT_SUFFIX;
  const documents = await drawGraphDocuments({
    program: () => import('../index') as unknown as Promise<Record<string, unknown>>,
    stack,
    config: stackFileConfig(stack),
    readme: readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'),
  });
  const changed: string[] = [];
  for (const [path, content] of Object.entries(documents)) {
    const file = join(REPO_ROOT, path);
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    changed.push(path);
  }
  console.log(changed.length > 0
    ? `diagram: drew ${changed.join(', ')} from the preview graph of stack ${stack} (commit them)`
    : `diagram: ${Object.keys(documents).join(', ')} are up to date with stack ${stack}`);
}

main().catch((error: Error) => {
  console.error(`diagram: ${error.message}`);
  process.exitCode = 1;
});
