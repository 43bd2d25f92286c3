// Entry of the npm run dr:* scripts (see runbook.ts). `npm run dr:<command> -- --help` prints the usage:
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

/** The runbook's commands and dr:restore (scripts/dr/restore.ts), which has a usage of its own. */
type CliCommand = Command | 'restore';
const CLI_COMMANDS: readonly CliCommand[] = [...COMMANDS, 'restore'];

/** The options of every dr: command, as `parseArgs` reads them. */
const OPTIONS = {
  to: { type: 'string' },
  from: { type: 'string' },
  yes: { type: 'boolean', default: false },
  'no-wait': { type: 'boolean', default: false },
  stack: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** What each option does, for --help (a new option without a line here does not compile). */
const OPTION_HELP: Readonly<Record<keyof typeof OPTIONS, [usage: string, text: string]>> = {
  to: ['--to <region>', "the Region that gets the writer (switchover, failover): one of the stack's two Regions; for restore, the new cluster's identifier"],
  from: ['--from <snapshot>', 'restore: the snapshot or s3:// export to restore (npm run dr:restore -- --help says more)'],
  yes: ['--yes', 'act; without it the command prints its plan and changes nothing'],
  'no-wait': ['--no-wait', 'return once AWS accepted the request instead of waiting (up to 15 minutes) for the writer to move'],
  stack: ['--stack <name>', 'the stack whose Pulumi.<stack>.yaml (and cfn-outputs/flat-outputs.json) to use; default PULUMI_STACK, else the stack in .yo-rc.json'],
  help: ['-h, --help', 'this help; nothing is read or changed'],
};

/** One line per command for --help; a command without one is listed by name. */
const COMMAND_HELP: Readonly<Partial<Record<CliCommand, string>>> = {
  status: "the writer's Region, the other cluster's lag, the failover record and every alarm",
  switchover: 'planned move of the writer to --to <region> while both Regions are up; no data loss',
  failover: 'unplanned: promote --to <region> when the primary Region is down; may lose up to the RPO of writes',
  failback: 'after a failover, move the writer back to the primary Region once it has rejoined',
  restore: 'restore a backup into a NEW cluster next to the global database, for corruption a failover cannot undo',
};

/** `--help` of one command, or of all of them (dr:restore's is RESTORE_USAGE). */
export function usage(command?: CliCommand, commandHelp: Readonly<Partial<Record<CliCommand, string>>> = COMMAND_HELP): string {
  if (command === 'restore') return RESTORE_USAGE;
  const shown = CLI_COMMANDS.filter((c) => command === undefined || c === command);
  const width = Math.max(...Object.values(OPTION_HELP).map(([u]) => u.length));
  return [
    `Usage: npm run dr:${command ?? '<command>'} -- [options]`,
    '',
    ...(command === undefined ? ['Commands:'] : []),
    ...shown.map((c) => `${command === undefined ? `  ${c.padEnd(11)}` : ''}${commandHelp[c] ?? `npm run dr:${c}`}`),
    '',
    'Options:',
    ...Object.values(OPTION_HELP).map(([u, text]) => `  ${u.padEnd(width)}  ${text}`),
  ].join('\n');
}

export interface CliDeps {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: RunbookIo & { readonly err: (line: string) => void };
  readonly clients: DrClients;
}

/** Runs `dr:<command>`; returns the exit code (0 ok, 1 failed, 2 bad request). */
export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    const { positionals, values } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
    const command = positionals[0] as CliCommand;
    if (values.help) {
      deps.io.out(usage(CLI_COMMANDS.includes(command) ? command : undefined));
      return 0;
    }
    if (!CLI_COMMANDS.includes(command)) throw new RunbookError(`unknown command "${positionals[0] ?? ''}": one of ${CLI_COMMANDS.join(', ')} (--help shows them)`);
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
