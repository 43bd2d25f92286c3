// `npm run outputs:flat [-- --stack <name>]`: writes the deployed stack's outputs, one level deep, to
// cfn-outputs/flat-outputs.json for the integration tests. Needs the Pulumi CLI and a deployed stack.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../test/helpers/repo';
import { FLAT_OUTPUTS_PATH, flattenStackOutputs } from '../test/integration/outputs';

const stackIndex = process.argv.indexOf('--stack');
const stackArgs = stackIndex >= 0 ? ['--stack', process.argv[stackIndex + 1]] : [];
const text = execFileSync('pulumi', ['stack', 'output', '--json', ...stackArgs], { cwd: REPO_ROOT, encoding: 'utf8' });
const flat = flattenStackOutputs(JSON.parse(text) as Record<string, unknown>);
const path = join(REPO_ROOT, FLAT_OUTPUTS_PATH);
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, `${JSON.stringify(flat, null, 2)}\n`);
console.log(`${Object.keys(flat).length} outputs written to ${FLAT_OUTPUTS_PATH}`);
