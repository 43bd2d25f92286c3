// `npm run policy [-- --stack <name>] [-- --json]`: runs the policy pack offline against the graph
// `npm run preview:offline` prints (same program, same mocks). Exits non-zero when a mandatory
// policy is violated; advisory findings are printed and do not fail.
import { loadStackConfig } from '../lib/config/stack-config';
import { failsMandatory, formatResults, runPolicies, toPolicyResources } from '../policy/offline';
import { POLICIES } from '../policy/policies';
import { stackFacts } from '../policy/stack-facts';
import { defaultStack } from '../policy/stack-name';
import { stackFileConfig } from './stack-file';
import { runOffline } from './offline/recorder';

const PROJECT = 'TapStack';

async function main(): Promise<void> {
  const index = process.argv.indexOf('--stack');
  const stack = index >= 0 ? (process.argv[index + 1] as string) : defaultStack(process.env);
  const config = stackFileConfig(stack);
  const facts = stackFacts(loadStackConfig({ config, stack, env: process.env }));
  const run = await runOffline(() => import('../index') as unknown as Promise<Record<string, unknown>>, { project: PROJECT, stack, config });
  const results = await runPolicies(POLICIES, toPolicyResources(run), facts);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ stack, results }, null, 2));
  else console.log(`Policy pack tap-dr on ${PROJECT}/${stack} (offline preview graph, ${run.resources.length} resources)\n\n${formatResults(results)}`);
  if (failsMandatory(results)) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
