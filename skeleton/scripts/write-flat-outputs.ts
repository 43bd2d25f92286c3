// `npm run outputs:flat [-- --stack <name>]`: writes the deployed stack's outputs, one level deep, to
// cfn-outputs/flat-outputs.json for the integration tests and the dr:* scripts. Needs the Pulumi CLI
// and a deployed stack.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from './stack-file';
import { FLAT_OUTPUTS_PATH, flattenStackOutputs } from '../test/integration/outputs';

export interface FlatOutputsDeps {
  readonly root: string;
  /** Runs `pulumi <args>` in the repository and returns what it printed. */
  readonly pulumi: (args: readonly string[]) => string;
  readonly out: (line: string) => void;
}

/** Reads the outputs first and writes only when all of them could be read and flattened. */
export function writeFlatOutputs(argv: readonly string[], deps: FlatOutputsDeps): void {
  const { values } = parseArgs({ args: [...argv], options: { stack: { type: 'string' } } });
  const args = ['stack', 'output', '--json', ...(values.stack === undefined ? [] : ['--stack', values.stack])];
  let text: string;
  try {
    text = deps.pulumi(args);
  } catch (error) {
    // execFileSync's error: `code` ENOENT when there is no such program, `stderr` what Pulumi said.
    const { code, stderr, message } = error as Error & { code?: string; stderr?: string };
    const reason = code === 'ENOENT' ? 'the Pulumi CLI is not on PATH (https://www.pulumi.com/docs/install/)' : stderr?.trim() || message;
    throw new Error(`pulumi ${args.join(' ')} failed: ${reason}`, { cause: error });
  }
  const flat = flattenStackOutputs(JSON.parse(text) as Record<string, unknown>);
  const path = join(deps.root, FLAT_OUTPUTS_PATH);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(flat, null, 2)}\n`);
  deps.out(`${Object.keys(flat).length} outputs written to ${FLAT_OUTPUTS_PATH}`);
}

// Run when Node was started on this file (scripts/run-ts.js loads it with import(), so not `require.main`).
/* istanbul ignore next -- the process entry point; writeFlatOutputs() is what the unit tests run */
if (process.argv[1] === __filename) {
  try {
    writeFlatOutputs(process.argv.slice(2), {
      root: REPO_ROOT,
      pulumi: (args) => execFileSync('pulumi', args, { cwd: REPO_ROOT, encoding: 'utf8' }),
      out: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`outputs:flat: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
