import { formatProblem } from '../../skeleton/lib/config/validate';
import { GENERATOR_NAME } from '../package-root';
import type { UpdateAction } from '../update/file-decision';
import { applyUpdate, planUpdate, type PlannedFile, type UpdatePlan, type UpdateResult } from '../update/update';

export interface UpdateOptions {
  answers?: string;
  set: string[];
  toVersion?: string;
  base?: string;
  dryRun: boolean;
  json: boolean;
}

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const err = (text: string): void => void process.stderr.write(`${text}\n`);

/** The order the plan is printed in: what needs the team's attention first. */
const SHOWN: readonly UpdateAction[] = ['conflict', 'kept', 'merged', 'updated', 'created', 'removed'];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fileLine(file: PlannedFile): string {
  const detail = [file.from ? `moved from ${file.from}` : undefined, file.reason].filter(Boolean).join('; ');
  return `  ${file.action.padEnd(9)} ${file.path}  (${detail})`;
}

/** The plan as a person reads it: the version step, the answers that change, then the files by action. */
export function describePlan(plan: UpdatePlan, dryRun: boolean): string {
  const lines = [`${GENERATOR_NAME} ${plan.fromVersion} → ${plan.toVersion} in ${plan.directory} (base: ${plan.base})`];
  if (plan.answerChanges.length > 0) {
    lines.push('Answers that change:');
    for (const change of plan.answerChanges) lines.push(`  ${change.field}: ${JSON.stringify(change.from) ?? 'unset'} → ${JSON.stringify(change.to) ?? 'unset'}`);
  }
  for (const action of SHOWN) for (const file of plan.files.filter((f) => f.action === action)) lines.push(fileLine(file));
  const unchanged = plan.files.filter((f) => f.action === 'unchanged').length;
  const changed = plan.writes.size + plan.removals.length;
  lines.push(`${plural(changed, 'file')} ${dryRun ? 'would change' : 'changed'}, ${unchanged} unchanged.`);
  return lines.join('\n');
}

/** The next step after an update with conflicts. */
export function conflictAdvice(plan: UpdatePlan): string {
  return `${plural(plan.conflicts.length, 'file')} with conflicts:\n${plan.conflicts.map((f) => `  - ${f.path}: ${f.reason}`).join('\n')}\n`
    + 'Resolve each conflict (edit the lines between <<<<<<< and >>>>>>>, keep what both sides need, remove the markers), '
    + 'then run your tests and commit. Running tap-dr update again afterwards changes nothing.';
}

/** Plain data for --json: the plan without the bytes. */
export function planJson(result: UpdateResult, dryRun: boolean): Record<string, unknown> {
  if (!result.ok) return 'problems' in result ? { ok: false, exitCode: result.exitCode, problems: result.problems } : { ok: false, exitCode: result.exitCode, reason: result.reason };
  const { plan } = result;
  return {
    ok: true,
    exitCode: result.exitCode,
    dryRun,
    directory: plan.directory,
    fromVersion: plan.fromVersion,
    toVersion: plan.toVersion,
    base: plan.base,
    answerChanges: plan.answerChanges,
    files: plan.files,
    written: [...plan.writes.keys()].sort(),
    removed: plan.removals,
    answers: plan.answers,
  };
}

export async function runUpdate(directory: string, options: UpdateOptions): Promise<number> {
  const result = await planUpdate({ directory, answersFile: options.answers, sets: options.set, toVersion: options.toVersion, baseRef: options.base });
  if (result.ok && !options.dryRun) applyUpdate(result.plan);
  if (options.json) out(JSON.stringify(planJson(result, options.dryRun), null, 2));
  if (!result.ok) {
    if ('problems' in result) {
      err(`tap-dr update: ${plural(result.problems.length, 'problem')}; nothing was written.`);
      for (const problem of result.problems) err(`  - ${formatProblem(problem)}`);
    } else {
      err(`tap-dr update: ${result.reason}\nNothing was written.`);
    }
    return result.exitCode;
  }
  const { plan } = result;
  if (!options.json) {
    out(describePlan(plan, options.dryRun));
    if (options.dryRun) out('Dry run: nothing was written.');
  }
  if (plan.conflicts.length > 0) err(conflictAdvice(plan));
  else if (!options.dryRun && !options.json) out(plan.writes.size + plan.removals.length > 0 ? 'Next: review the diff (git diff), then npm install && npm run build && npm test, and commit.' : 'Up to date: nothing to change.');
  return result.exitCode;
}
