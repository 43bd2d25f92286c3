import { Command, CommanderError } from 'commander';
import { answersJsonSchema } from '../../skeleton/lib/config/answers-schema';
import { costEstimate, costTable } from '../../skeleton/lib/config/cost-estimate';
import { formatRecoveryBudget, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { formatProblem } from '../../skeleton/lib/config/validate';
import { PRESETS, PRESET_NAMES } from '../answers/presets';
import { PACKAGE_VERSION } from '../package-root';
import { prepare, readStoredAnswers } from '../prepare';
import { WriteRefusedError, applyWrite, conflictsOf, planWrite, type PlannedFile } from '../render/write';
import { runCheck } from './check';
import { runUpdate, type UpdateOptions } from './update';

/** Exit codes: the contract CI scripts rely on. */
export const EXIT = { ok: 0, failure: 1, invalidAnswers: 2 } as const;

interface NewOptions {
  preset?: string;
  answers?: string;
  set: string[];
  force: boolean;
  dryRun: boolean;
  json: boolean;
}

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

function fileLines(files: readonly PlannedFile[]): string[] {
  return files.map((f) => `  ${f.action.padEnd(9)} ${f.path}`);
}

function runNew(directory: string, options: NewOptions): number {
  const stored = readStoredAnswers(directory);
  const prepared = prepare({ stored, preset: options.preset, answersFile: options.answers, sets: options.set });
  if (!prepared.ok) {
    err(`tap-dr: the answers have ${prepared.problems.length} problem${prepared.problems.length === 1 ? '' : 's'}; nothing was written.`);
    for (const problem of prepared.problems) {
      err(`  - ${formatProblem(problem)}`);
      // An answer no preset can know (the application's public domain) is given on the command line.
      if (problem.value === undefined && problem.reason.startsWith('is required')) err(`    Pass it with: --set ${problem.field}=<value>`);
    }
    if (options.json) out(JSON.stringify({ ok: false, problems: prepared.problems }, null, 2));
    return EXIT.invalidAnswers;
  }
  const plan = planWrite(directory, prepared.files);
  const conflicts = conflictsOf(plan);
  if (options.dryRun && plan.existingEntries > 0 && !options.force && !options.json) {
    out(`Note: ${directory} is not empty; a real run needs --force.`);
  }
  if (!options.dryRun) applyWrite(plan, prepared.files, { force: options.force });
  const budget = recoveryBudget(prepared.answers);
  if (options.json) {
    out(JSON.stringify({ ok: true, directory: plan.directory, dryRun: options.dryRun, usedStoredAnswers: prepared.usedStored, files: plan.files, answers: prepared.answers, recoveryBudget: { ...budget, table: formatRecoveryBudget(budget) }, costEstimate: costEstimate(prepared.answers) }, null, 2));
    return EXIT.ok;
  }
  if (prepared.usedStored) out(`Using the answers stored in ${directory}/.yo-rc.json (flags override them).`);
  if (conflicts.length > 0) {
    out(`${options.dryRun ? 'Would overwrite' : 'Overwrote'} ${conflicts.length} existing file${conflicts.length === 1 ? '' : 's'} that differ${conflicts.length === 1 ? 's' : ''}:`);
    out(fileLines(conflicts).join('\n'));
  }
  const rest = plan.files.filter((f) => f.action !== 'overwrite');
  if (rest.length > 0) out(fileLines(rest).join('\n'));
  const changed = plan.files.filter((f) => f.action !== 'identical').length;
  if (options.dryRun) {
    out(`\nDry run: ${changed} of ${plan.files.length} files would be written to ${directory}; nothing was written.`);
  } else {
    out(`\nWrote ${changed} of ${plan.files.length} files to ${directory} (${plan.files.length - changed} identical).`);
    out(`Next: cd ${directory} && npm ci && npm run build && npm test; README.md, "Deploy", takes it from there to a first pulumi up.`);
    if (!prepared.answers.alarmEmail) {
      out('Note: no alarmEmail, so the alarm topics have no subscriber and alarms and DR pages reach nobody until someone subscribes: tap-dr update --set alarmEmail=<address>, or your paging tool (npm run policy reports it).');
    }
  }
  // Every run ends with what the answers commit to: the recovery budget and the monthly cost.
  const estimate = costEstimate(prepared.answers);
  out(`\nRecovery budget of these answers (worst case, seconds):\n${formatRecoveryBudget(budget)}`);
  out(`\nEstimated fixed monthly cost (${estimate.priceRegion} on-demand list prices recorded on ${estimate.pricesRecordedOn}, not re-checked against the pricing pages; approximate, usage extra):\n${costTable(estimate)}`);
  return EXIT.ok;
}

export function buildProgram(): Command {
  const program = new Command('tap-dr')
    .description('Render a two-region Aurora Global Database DR stack as a Pulumi TypeScript repository.')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    .exitOverride();

  program
    .command('new')
    .description('render a DR repository into <dir> (a new or empty folder; --force for a non-empty one)')
    .argument('<dir>', 'target folder')
    .option('-p, --preset <name>', `start from a reference scenario: ${PRESET_NAMES.join(' or ')}`)
    .option('-a, --answers <file>', 'answers from a JSON or YAML file')
    .option('-s, --set <key=value>', 'one answer, e.g. --set primaryRegion=eu-west-1 or --set tags.Team=dba (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('-f, --force', 'write into a non-empty folder, overwriting files of the render (conflicts are listed first)', false)
    .option('-n, --dry-run', 'list what would be written, write nothing', false)
    .option('--json', 'print the result as JSON on stdout', false)
    .addHelpText('after', '\nAnswers are layered: schema defaults < .yo-rc.json in <dir> < --preset < --answers < --set.\nRun `tap-dr schema` for every answer, its type and default.\nExit codes: 0 ok, 2 invalid answers (nothing written), 1 anything else.')
    .action((dir: string, options: NewOptions) => {
      process.exitCode = runNew(dir, options);
    });

  program
    .command('update')
    .description('bring a generated repository to this version (or --to-version) and to changed answers, keeping your edits (three-way merge)')
    .argument('[dir]', 'the generated repository', '.')
    .option('-a, --answers <file>', 'changed answers from a JSON or YAML file')
    .option('-s, --set <key=value>', 'change one answer, e.g. --set eventBridge=true (repeatable)', (v: string, all: string[]) => [...all, v], [])
    .option('--to-version <version>', 'render the new files with this version of the generator (default: this one)')
    .option('--base <git-ref>', 'take the files as they were generated from this git commit instead of re-rendering them')
    .option('-n, --dry-run', 'print the plan, write nothing', false)
    .option('--json', 'print the plan as JSON on stdout', false)
    .addHelpText('after', '\nPer file: changed only by the template → the template\'s; only by you → yours; by both → merged line by line,\nwith git-style conflict markers where the same lines differ. package-lock.json follows the merged package.json.\nExit codes: 0 clean, 1 written with conflicts, 2 bad input (nothing written), 3 the base cannot be reproduced.')
    .action(async (dir: string, options: UpdateOptions) => {
      process.exitCode = await runUpdate(dir, options);
    });

  program
    .command('check')
    .description('exit 1 when a newer generator than the one that rendered [dir] exists (for CI and bots)')
    .argument('[dir]', 'the generated repository', '.')
    .option('--json', 'print the result as JSON', false)
    .action(async (dir: string, options: { json: boolean }) => {
      process.exitCode = await runCheck(dir, options);
    });

  program
    .command('presets')
    .description('list the reference scenarios and their answers')
    .option('--json', 'print as JSON', false)
    .action((options: { json: boolean }) => {
      if (options.json) return out(JSON.stringify(PRESETS, null, 2));
      for (const [name, preset] of Object.entries(PRESETS)) {
        out(`${name}: ${preset.title} — ${preset.description}`);
        for (const [key, value] of Object.entries(preset.answers)) out(`  ${key}: ${JSON.stringify(value)}`);
      }
    });

  program
    .command('schema')
    .description('print the JSON Schema of the answers')
    .action(() => out(JSON.stringify(answersJsonSchema(), null, 2)));

  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.failure;
    }
    if (error instanceof WriteRefusedError) {
      err(`tap-dr: ${error.message}`);
      return EXIT.failure;
    }
    err(`tap-dr: ${(error as Error).message}`);
    return EXIT.failure;
  }
}
