import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ejs from 'ejs';
import type { Answers } from '../../skeleton/lib/config/answers-schema';
import { REGIONS } from '../../skeleton/lib/config/aws-facts';
import { formatRecoveryBudget, heartbeatStaleAfterSeconds, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { costEstimate, costTable } from '../../skeleton/lib/config/cost-estimate';
import { engineFact } from '../../skeleton/lib/config/rules';
import { OPERATOR_ACTIONS } from '../../skeleton/scripts/dr/operator-permissions';
import { GENERATOR_NAME, PACKAGE_ROOT, PACKAGE_VERSION } from '../package-root';
import { FILE_RULES } from './file-rules';
import { pulumiStackConfig } from './pulumi-config';

/** Path (POSIX, relative to the new repository) → bytes, in sorted path order. */
export type RenderedFiles = ReadonlyMap<string, Buffer>;

export const SKELETON_DIR = join(PACKAGE_ROOT, 'skeleton');

/** Folders of a skeleton checkout that are never part of a rendered repository. */
const SKIPPED = new Set(['node_modules', 'coverage', 'bin', 'cfn-outputs']);

interface SkeletonFile {
  readonly source: string;
  readonly content: Buffer;
}

const skeletonCache = new Map<string, SkeletonFile[]>();

function readSkeleton(dir: string): SkeletonFile[] {
  const cached = skeletonCache.get(dir);
  if (cached) return cached;
  const files: SkeletonFile[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name)) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push({ source: relative(dir, full).split(sep).join('/'), content: readFileSync(full) });
    }
  };
  walk(dir);
  skeletonCache.set(dir, files);
  return files;
}

/**
 * Files kept under another name in `skeleton/` because package tooling reads the real one: yo takes
 * any `<folder>/index.ts` of a generator package for a sub-generator (`yo tap-dr:skeleton`).
 */
const STORED_AS: Readonly<Record<string, string>> = { 'index.pulumi.ts': 'index.ts' };

/**
 * Where a skeleton file lands: `.ejs` is dropped after rendering, `__stack__` becomes the stack
 * name, a leading `_` becomes `.` (npm would drop a real `.gitignore` from the package), and the
 * files in `STORED_AS` get their real names.
 */
export function targetPath(source: string, answers: Answers): string {
  return (FILE_RULES[source.replace(/\.ejs$/, '')]?.target ?? STORED_AS[source] ?? source)
    .replace(/\.ejs$/, '')
    .split('/')
    .map((segment) => segment.replaceAll('__stack__', answers.stack).replace(/^_/, '.'))
    .join('/');
}

/** What every template sees. Templates only fill in text; logic stays in the TypeScript program. */
export function templateData(answers: Answers) {
  return {
    answers,
    generator: { name: GENERATOR_NAME, version: PACKAGE_VERSION },
    engine: engineFact(answers.engine),
    primary: REGIONS.find((r) => r.code === answers.primaryRegion),
    secondary: REGIONS.find((r) => r.code === answers.secondaryRegion),
    pulumiStackConfig: pulumiStackConfig(answers),
    recoveryBudget: recoveryBudget(answers),
    recoveryBudgetTable: formatRecoveryBudget(recoveryBudget(answers)),
    heartbeatStaleAfterSeconds: heartbeatStaleAfterSeconds(answers.replicationLagAlarmSeconds),
    costEstimate: costEstimate(answers),
    costTable: costTable(costEstimate(answers)),
    operatorActions: OPERATOR_ACTIONS,
  };
}

/** `.yo-rc.json`: the answers, so a later `tap-dr new --force` or `yo tap-dr` re-renders the same repo. */
export function storedAnswers(answers: Answers): string {
  return `${JSON.stringify({ [GENERATOR_NAME]: { version: PACKAGE_VERSION, answers } }, null, 2)}\n`;
}

/**
 * Answers (already validated) → the files of the generated repository. Pure and deterministic:
 * same answers, same bytes; nothing is written, nothing depends on time or chance.
 */
export function render(answers: Answers, skeletonDir = SKELETON_DIR): RenderedFiles {
  const data = templateData(answers);
  const out = new Map<string, Buffer>();
  for (const file of readSkeleton(skeletonDir)) {
    const rule = FILE_RULES[file.source.replace(/\.ejs$/, '')];
    if (rule && !rule.when(answers)) continue;
    const content = file.source.endsWith('.ejs')
      ? Buffer.from(ejs.render(file.content.toString('utf8'), data, { filename: join(skeletonDir, file.source), escape: String }))
      : file.content;
    out.set(targetPath(file.source, answers), content);
  }
  out.set('.yo-rc.json', Buffer.from(storedAnswers(answers)));
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
