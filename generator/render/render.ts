import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ejs from 'ejs';
import type { Answers } from '../../skeleton/lib/config/answers-schema';
import { GLOBAL_STATUS_SOURCE, REGIONS } from '../../skeleton/lib/config/aws-facts';
import { blocksCommits, formatRecoveryBudget, heartbeatStaleAfterSeconds, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { costEstimate, costTable, probeGbSecondsPerFunction } from '../../skeleton/lib/config/cost-estimate';
import { engineFact } from '../../skeleton/lib/config/rules';
import { OPERATOR_ACTIONS } from '../../skeleton/scripts/dr/operator-permissions';
import { drawGraphDocuments } from '../graph/draw';
import { DATABASE_RECORD_TTL_SECONDS, MANUAL_RESPONSE_SECONDS, PRIMARY_ALARM_DELAY_SECONDS, PRIMARY_REGION_TIMEOUT_SECONDS, PROBE_INTERVAL_SECONDS, PROBE_WINDOW_SECONDS, PROBING_FUNCTIONS, globalDbRpoSeconds, inRegionRecoverySeconds, slowPathWindowSeconds } from '../../skeleton/lib/config/timings';
import { GENERATOR_NAME, PACKAGE_ROOT, PACKAGE_VERSION, renderCommand } from '../package-root';
import { FILE_RULES } from './file-rules';
import { UNION_LOCKFILE, renderLockfile } from './lockfiles';
import { pulumiStackConfig } from './pulumi-config';
import { RECORD_FILE, manifestOf, recordText } from './record';

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

/** The skeleton's files (paths relative to it): what `targetPath` maps to the paths of a render. */
export function skeletonSources(skeletonDir = SKELETON_DIR): string[] {
  return readSkeleton(skeletonDir).map((file) => file.source);
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
export function templateData(answers: Answers, version = PACKAGE_VERSION) {
  return {
    answers,
    generator: { name: GENERATOR_NAME, version, command: renderCommand(version) },
    engine: engineFact(answers.engine),
    primary: REGIONS.find((r) => r.code === answers.primaryRegion),
    secondary: REGIONS.find((r) => r.code === answers.secondaryRegion),
    pulumiStackConfig: pulumiStackConfig(answers),
    recoveryBudget: recoveryBudget(answers),
    recoveryBudgetTable: formatRecoveryBudget(recoveryBudget(answers)),
    heartbeatStaleAfterSeconds: heartbeatStaleAfterSeconds(answers.replicationLagAlarmSeconds),
    blocksCommits: blocksCommits(answers),
    globalDbRpoSeconds: globalDbRpoSeconds(answers.rpoTargetSeconds),
    globalStatusSource: GLOBAL_STATUS_SOURCE[answers.engine],
    probeIntervalSeconds: PROBE_INTERVAL_SECONDS,
    probeWindowSeconds: PROBE_WINDOW_SECONDS,
    primaryAlarmDelaySeconds: PRIMARY_ALARM_DELAY_SECONDS,
    primaryRegionTimeoutSeconds: PRIMARY_REGION_TIMEOUT_SECONDS,
    slowWindowSeconds: slowPathWindowSeconds(answers.failoverConfirmationSeconds, answers.instancesPerCluster, answers.failoverMode),
    inRegionRecoverySeconds: inRegionRecoverySeconds(answers.instancesPerCluster),
    databaseRecordTtlSeconds: DATABASE_RECORD_TTL_SECONDS,
    manualResponseSeconds: MANUAL_RESPONSE_SECONDS,
    probeGbSecondsPerMonth: Math.round(PROBING_FUNCTIONS * probeGbSecondsPerFunction()).toLocaleString('en-US'),
    costEstimate: costEstimate(answers),
    costTable: costTable(costEstimate(answers)),
    operatorActions: OPERATOR_ACTIONS,
  };
}

function renderContent(file: SkeletonFile, data: ReturnType<typeof templateData>, skeletonDir: string): Buffer {
  return file.source.endsWith('.ejs')
    ? Buffer.from(ejs.render(file.content.toString('utf8'), data, { filename: join(skeletonDir, file.source), escape: String }))
    : file.content;
}

/** One skeleton file rendered for some answers, without rules or validation (`npm run lockfiles` renders package.json.ejs for answer sets it makes up). */
export function renderSkeletonFile(source: string, answers: Answers, skeletonDir = SKELETON_DIR): Buffer {
  const file = readSkeleton(skeletonDir).find((f) => f.source === source);
  if (!file) throw new Error(`${source} is not in ${skeletonDir}`);
  return renderContent(file, templateData(answers), skeletonDir);
}

export interface RenderOptions {
  /** The skeleton to render (tests pass a small one of their own). */
  readonly skeletonDir?: string;
  /**
   * Draw the documents made from the program's preview graph (README.md's diagram,
   * docs/architecture.md, docs/deployer-policy.json, docs/preview-policy.json) as the repository's own
   * `npm run diagram` would. On by default: it runs the program offline in a child process (about a
   * second). Off only for checks of answers and templates that render thousands of times; such a render
   * is not shipped.
   */
  readonly drawGraph?: boolean;
  /** The generator version the render records and its printed commands run (tests of `tap-dr update` pass another). */
  readonly version?: string;
}

/**
 * Answers (already validated) → the files of the generated repository. Pure and deterministic:
 * same answers, same bytes; nothing is written, nothing depends on time or chance. `.yo-rc.json`
 * records the version, the answers and a manifest of the other files (see record.ts), so
 * `tap-dr update` can reproduce this render later. `skeletonDir` and `version` are for tests that
 * need another version of the template.
 */
export function render(answers: Answers, options: RenderOptions = {}): RenderedFiles {
  const { skeletonDir = SKELETON_DIR, drawGraph = true, version = PACKAGE_VERSION } = options;
  const data = templateData(answers, version);
  const out = new Map<string, Buffer>();
  let unionLockfile: Buffer | undefined;
  for (const file of readSkeleton(skeletonDir)) {
    if (file.source === UNION_LOCKFILE) {
      unionLockfile = file.content;
      continue;
    }
    const rule = FILE_RULES[file.source.replace(/\.ejs$/, '')];
    if (rule && !rule.when(answers)) continue;
    out.set(targetPath(file.source, answers), renderContent(file, data, skeletonDir));
  }
  const packageJson = out.get('package.json');
  if (unionLockfile && packageJson) out.set('package-lock.json', renderLockfile(unionLockfile, packageJson));
  if (drawGraph) {
    for (const [path, text] of Object.entries(drawGraphDocuments(out, answers.stack))) out.set(path, Buffer.from(text));
  }
  // Last: the manifest covers the drawn documents as shipped.
  out.set(RECORD_FILE, Buffer.from(recordText({ version, answers, manifest: manifestOf(out) })));
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
