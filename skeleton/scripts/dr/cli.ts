// Entry of the npm run dr:* scripts (see runbook.ts). Usage:
//   npm run dr:status
//   npm run dr:switchover -- --to <region> [--yes] [--no-wait]
//   npm run dr:failover -- --to <region> [--yes] [--no-wait]
//   npm run dr:failback [-- --yes] [--no-wait]
//   npm run dr:restore -- --from <snapshot | s3://export> --to <new cluster> [--yes]   (scripts/dr/restore.ts)
// Options: --stack <name> (default: PULUMI_STACK, else the stack this repository was generated for).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadStackConfig } from '../../lib/config/stack-config';
import { RESTORE_USAGE, restore } from './restore';
import { COMMANDS, RunbookError, awsClients, drTargets, runCommand, type Command, type DrClients, type RunbookIo } from './runbook';

/** The folder holding Pulumi.yaml, from the sources or from their compiled copies under bin/. */
export function repoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'Pulumi.yaml'))) return dir;
    if (dirname(dir) === dir) throw new RunbookError(`Pulumi.yaml not found in ${start} or above it: run the dr:* scripts inside the repository`);
  }
}

/** The stack this repository was generated for, from .yo-rc.json. */
function generatedStack(root: string): string | undefined {
  const file = join(root, '.yo-rc.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8'))['generator-tap-dr']?.answers?.stack : undefined;
}

function readOutputs(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RunbookError(`${file} is not JSON (${(error as Error).message}): write it again with npm run outputs:flat, or delete it`);
  }
}

/** One line per runbook command: what `--help` prints (dr:restore has its own, RESTORE_USAGE). */
const USAGE: Record<Command, string> = {
  status: 'npm run dr:status',
  switchover: 'npm run dr:switchover -- --to <region> [--yes] [--no-wait]',
  failover: 'npm run dr:failover -- --to <region> [--yes] [--no-wait]',
  failback: 'npm run dr:failback [-- --yes] [--no-wait]',
};

export interface CliDeps {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: RunbookIo & { readonly err: (line: string) => void };
  readonly clients: DrClients;
}

/** Runs `dr:<command>`; returns the exit code (0 ok, 1 failed, 2 bad request). */
export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        to: { type: 'string' }, yes: { type: 'boolean', default: false }, 'no-wait': { type: 'boolean', default: false }, stack: { type: 'string' },
        from: { type: 'string' }, help: { type: 'boolean', default: false },
      },
    });
    const command = positionals[0] as Command | 'restore';
    if (command !== 'restore' && !COMMANDS.includes(command)) throw new RunbookError(`unknown command "${positionals[0] ?? ''}": one of ${[...COMMANDS, 'restore'].join(', ')}`);
    if (values.help) {
      deps.io.out(command === 'restore' ? RESTORE_USAGE : `Usage: ${USAGE[command]}\nOptions: --stack <name> (default: PULUMI_STACK, else the stack this repository was generated for).`);
      return 0;
    }
    const stack = values.stack ?? deps.env.PULUMI_STACK ?? generatedStack(deps.root);
    if (!stack) throw new RunbookError('which stack? pass --stack <name> or set PULUMI_STACK (.yo-rc.json names none)');
    const stackFile = join(deps.root, `Pulumi.${stack}.yaml`);
    if (!existsSync(stackFile)) throw new RunbookError(`no stack config ${stackFile}: pass --stack <name>`);
    // An empty file parses to null: then the config checks below say which settings are missing.
    const { config = {} } = (parse(readFileSync(stackFile, 'utf8')) ?? {}) as { config?: Record<string, unknown> };
    const text = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    const answers = loadStackConfig({ config: text, stack, env: deps.env });
    const outputsFile = join(deps.root, 'cfn-outputs', 'flat-outputs.json');
    const outputs = existsSync(outputsFile) ? readOutputs(outputsFile) : {};
    const targets = drTargets(answers, outputs);
    if (command === 'restore') await restore(targets, answers, deps.clients, deps.io, { from: values.from, to: values.to, yes: values.yes });
    else await runCommand(command, answers, targets, deps.clients, deps.io, { to: values.to, yes: values.yes, wait: !values['no-wait'] });
    return 0;
  } catch (error) {
    const bad = error instanceof RunbookError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') || (error as Error).name === 'InvalidAnswersError';
    deps.io.err(`dr: ${(error as Error).message}`);
    return bad ? 2 : 1;
  }
}

// Run when Node was started on this file, not when a test imports it. Not `require.main === module`:
// scripts/run-ts.js loads the compiled script with import(), so require.main is run-ts.js and the
// commands would do nothing. test/dr/entry.test.ts runs the npm script itself.
/* istanbul ignore next -- the process entry point; main() is what the unit tests run */
if (process.argv[1] === __filename) {
  void main(process.argv.slice(2), {
    root: repoRoot(__dirname),
    env: process.env,
    io: {
      out: (line) => console.log(line),
      err: (line) => console.error(line),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
    },
    clients: awsClients(),
  }).then((code) => {
    process.exitCode = code;
  });
}
