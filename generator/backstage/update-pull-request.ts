import { createHash } from 'node:crypto';
import { GENERATOR_NAME } from '../package-root';
import { RECORD_FILE } from '../render/record';
import type { UpdatePlan } from '../update/update';

/** Table cells may not hold a pipe or a line break. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const shown = (value: unknown) => (value === undefined ? 'unset' : `\`${cell(JSON.stringify(value))}\``);

/** The branch of an update: one per target version and resulting record, so a re-run updates the same pull request. */
export function updateBranch(plan: UpdatePlan): string {
  const record = plan.writes.get(RECORD_FILE) ?? Buffer.from(JSON.stringify(plan.answers));
  return `tap-dr/update-${plan.toVersion}-${createHash('sha256').update(record).digest('hex').slice(0, 8)}`;
}

export function updateTitle(plan: UpdatePlan): string {
  const fields = plan.answerChanges.map((c) => c.field);
  const versionStep = plan.fromVersion === plan.toVersion ? '' : `Update the DR stack to ${GENERATOR_NAME} ${plan.toVersion}`;
  const answersStep = fields.length === 0 ? '' : `${versionStep ? ', changing' : 'Change the DR stack answers:'} ${fields.join(', ')}`;
  return versionStep || answersStep ? `${versionStep}${answersStep}` : `Re-render the DR stack with ${GENERATOR_NAME} ${plan.toVersion}`;
}

/** The pull request's description: what changes, file by file, and what the reviewer must do about conflicts. */
export function updateDescription(plan: UpdatePlan): string {
  const lines = [
    `This pull request was opened by the "Update DR database repository" template (\`tap:dr:update\`): a three-way merge of`,
    `this repository's own edits onto the render of ${GENERATOR_NAME} ${plan.toVersion}, starting from the render it came from (${plan.base}).`,
    'Edits made in this repository are kept; a line changed on both sides is marked as a conflict.',
    '',
  ];
  if (plan.answerChanges.length > 0) {
    lines.push('| answer | was | now |', '|---|---|---|', ...plan.answerChanges.map((c) => `| \`${c.field}\` | ${shown(c.from)} | ${shown(c.to)} |`), '');
  }
  const listed = plan.files.filter((f) => f.action !== 'unchanged');
  lines.push('| file | what happens | why |', '|---|---|---|', ...listed.map((f) => `| \`${cell(f.path)}\` | ${f.action} | ${cell(`${f.from ? `moved from ${f.from}; ` : ''}${f.reason}`)} |`), '');
  if (plan.conflicts.length > 0) {
    lines.push(
      `**${plan.conflicts.length} file${plan.conflicts.length === 1 ? ' has' : 's have'} conflicts**, so this pull request is a draft: check out its branch, resolve the lines between \`<<<<<<<\` and \`>>>>>>>\` in ${plan.conflicts.map((f) => `\`${f.path}\``).join(', ')}, run \`npm ci && npm run build && npm test\`, push, and mark it ready for review.`,
    );
  } else {
    lines.push('No conflicts. Before merging: `npm ci && npm run build && npm test` (the CI workflow runs them) and a `pulumi preview` of the stack.');
  }
  return lines.join('\n');
}
