// Entry of the npm run dr:* scripts (see runbook.ts and USAGE below; dr:restore is scripts/dr/restore.ts).
// Every command takes --stack <name> (default: PULUMI_STACK, else the stack this repository was generated
// for) and --help.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { loadStackConfig } from '../../lib/config/stack-config';
import { DrillError } from './drill';
import { RESTORE_USAGE, restore } from './restore';
import { COMMANDS, RunbookError, awsClients, drTargets, runCommand, type Command, type DrClients, type RunbookIo } from './runbook';

/** What `--help` prints for each command. */
export const USAGE: Readonly<Record<Command, string>> = {
  status: 'npm run dr:status [-- --stack <name>]\n  The global cluster, its writer, the secondary\'s lag, the DR alarms and the health checks.',
  switchover: 'npm run dr:switchover -- --to <region> [--yes] [--no-wait] [--stack <name>]\n  Planned move of the writer to <region>, no data lost. Prints the plan; acts only with --yes.',
  failover: 'npm run dr:failover -- --to <region> [--yes] [--no-wait] [--stack <name>]\n  Unplanned failover to <region>, allowing data loss: only when the writer\'s region is down.',
  failback: 'npm run dr:failback [-- --yes] [--no-wait] [--stack <name>]\n  Switch the writer back to the primary region once it has rejoined.',
  relax: 'npm run dr:relax [-- --restore] [--yes] [--stack <name>]\n  Secondary region down and commits blocked: reset rds.global_db_rpo so the primary commits again;\n  --restore sets it back once the secondary has caught up. Prints the plan; acts only with --yes.',
  drill: 'npm run dr:drill [-- --yes] [--stack <name>]\n  Planned switchover to the secondary and back, each phase timed against the recovery budget;\n  writes drill-reports/drill-<time>.md and .json. Prints the plan; acts only with --yes.',
};

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

export interface CliDeps {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly io: RunbookIo & { readonly err: (line: string) => void };
  readonly clients: DrClients;
}

/** Writes `text` to `path` under `root`, making the folder: where dr:drill puts its reports. */
export function fileWriter(root: string): (path: string, text: string) => void {
  return (path, text) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
}

/** Runs `dr:<command>`; returns the exit code (0 ok, 1 failed, 2 bad request). */
export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        to: { type: 'string' },
        yes: { type: 'boolean', default: false },
        'no-wait': { type: 'boolean', default: false },
        restore: { type: 'boolean', default: false },
        stack: { type: 'string' },
        from: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const command = positionals[0] as Command | 'restore';
    const known = command === 'restore' || COMMANDS.includes(command);
    // --help without a command (or with one this repository does not have) lists every command's usage.
    if (values.help && !known) {
      deps.io.out([...COMMANDS.map((c) => USAGE[c]), RESTORE_USAGE].join('\n\n'));
      return 0;
    }
    if (!known) throw new RunbookError(`unknown command "${positionals[0] ?? ''}": one of ${[...COMMANDS, 'restore'].join(', ')} (--help shows them)`);
    if (values.help) {
      deps.io.out(command === 'restore' ? RESTORE_USAGE : USAGE[command]);
      return 0;
    }
    if (values.restore && command !== 'relax') throw new RunbookError(`--restore belongs to dr:relax, not dr:${command}`);
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
    else await runCommand(command, answers, targets, deps.clients, deps.io, { to: values.to, yes: values.yes, wait: !values['no-wait'], restore: values.restore });
    return 0;
  } catch (error) {
    const bad = error instanceof RunbookError || error instanceof DrillError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') || (error as Error).name === 'InvalidAnswersError';
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
      write: fileWriter(repoRoot(__dirname)),
    },
    clients: awsClients(),
  }).then((code) => {
    process.exitCode = code;
  });
}
