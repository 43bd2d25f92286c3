import { mkdirSync, readdirSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Answers } from '../../skeleton/lib/config/answers-schema';
import { ANSWER_KEYS } from '../../skeleton/lib/config/answers-schema';
import { validateAnswers, type Problem } from '../../skeleton/lib/config/validate';
import { collectAnswers } from '../answers/collect';
import { GENERATOR_NAME, PACKAGE_VERSION } from '../package-root';
import { RECORD_FILE, fileHash } from '../render/record';
import { skeletonSources, targetPath, type RenderedFiles } from '../render/render';
import { decideFile, type FileDecision, type UpdateAction } from './file-decision';
import { filesAtRef, workTreeChanges } from './git';
import { LOCKFILE, MANIFEST, decideLockfile, npmLockfileResolver, type LockfileResolver } from './lockfile';
import { hasConflictMarkers, isBinary, type MergeLabels } from './merge-text';
import { readRecorded, type Recorded } from './recorded';
import { readFileAt } from './tree';
import { compareVersions, defaultVersionSource, isVersion, type VersionSource } from './versions';

/** Exit codes of `tap-dr update`: the contract CI scripts and bots rely on. */
export const UPDATE_EXIT = { clean: 0, conflicts: 1, badInput: 2, baseNotReproducible: 3 } as const;

export interface UpdateRequest {
  readonly directory: string;
  /** New answers on top of the recorded ones, weakest first: file < object < `--set`. */
  readonly answersFile?: string;
  readonly answers?: Record<string, unknown>;
  readonly sets?: readonly string[];
  /** The version to update to; this one when not given. */
  readonly toVersion?: string;
  /** Take the base (the render the repository started from) from this git commit instead of re-rendering it. */
  readonly baseRef?: string;
  /** How other versions of the generator render (default: their npm packages, through npm's cache). */
  readonly versions?: VersionSource;
  readonly resolveLockfile?: LockfileResolver;
}

export interface PlannedFile {
  readonly path: string;
  readonly action: UpdateAction;
  readonly reason: string;
  /** Where the file was before, when an answer moved it (`Pulumi.<stack>.yaml`). */
  readonly from?: string;
  readonly conflicts?: number;
}

export interface UpdatePlan {
  readonly directory: string;
  readonly fromVersion: string;
  readonly toVersion: string;
  /** Where the base came from: the recorded render, or a git commit. */
  readonly base: string;
  readonly answers: Answers;
  readonly answerChanges: ReadonlyArray<{ readonly field: string; readonly from: unknown; readonly to: unknown }>;
  /** Every path the update looked at, sorted; `.yo-rc.json` last. */
  readonly files: readonly PlannedFile[];
  readonly conflicts: readonly PlannedFile[];
  /** Bytes to write and paths to delete (the record file is written after everything else). */
  readonly writes: ReadonlyMap<string, Buffer>;
  readonly removals: readonly string[];
}

export type UpdateResult =
  | { readonly ok: true; readonly exitCode: 0 | 1; readonly plan: UpdatePlan }
  | { readonly ok: false; readonly exitCode: 2; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly exitCode: 3; readonly reason: string };

const badInput = (problems: Problem[]): UpdateResult => ({ ok: false, exitCode: UPDATE_EXIT.badInput, problems });
const noBase = (reason: string): UpdateResult => ({ ok: false, exitCode: UPDATE_EXIT.baseNotReproducible, reason });

const recordedAnswersOf = (files: RenderedFiles): Answers =>
  JSON.parse((files.get(RECORD_FILE) as Buffer).toString('utf8'))[GENERATOR_NAME].answers as Answers;

/** Paths that follow an answer (`Pulumi.<stack>.yaml`): the same skeleton file lands elsewhere. */
function movedPaths(before: Record<string, unknown>, after: Answers, base: RenderedFiles, theirs: RenderedFiles): Map<string, string> {
  const moves = new Map<string, string>();
  for (const source of skeletonSources()) {
    const from = targetPath(source, before as unknown as Answers);
    const to = targetPath(source, after);
    if (from !== to && base.has(from) && theirs.has(to) && !theirs.has(from) && !base.has(to)) moves.set(from, to);
  }
  return moves;
}

/** Files of the base render whose bytes differ from the manifest, or that one of them lacks. */
function manifestMismatches(files: RenderedFiles, manifest: Readonly<Record<string, string>>): string[] {
  const paths = new Set([...files.keys(), ...Object.keys(manifest)].filter((p) => p !== RECORD_FILE));
  return [...paths].filter((path) => {
    const content = files.get(path);
    return content === undefined || manifest[path] !== fileHash(content);
  }).sort();
}

/** Text files among `paths` in the directory that still hold conflict markers. */
function filesWithMarkers(directory: string, paths: Iterable<string>): string[] {
  const found: string[] = [];
  for (const path of paths) {
    const content = readFileAt(directory, path);
    if (content && !isBinary(content) && hasConflictMarkers(content.toString('utf8'))) found.push(path);
  }
  return found.sort();
}

/** The base taken from git: the files of `ref` that belong to the render (its manifest's, else those the template renders now). */
async function baseFromGit(directory: string, ref: string, theirs: RenderedFiles, oldStackFile: string): Promise<RenderedFiles | string> {
  let files: Map<string, Buffer>;
  try {
    files = await filesAtRef(directory, ref);
  } catch (error) {
    return `--base ${ref}: ${(error as Error).message}`;
  }
  let rendered: (path: string) => boolean = (path) => theirs.has(path) || path === oldStackFile || path === RECORD_FILE;
  const record = files.get(RECORD_FILE);
  try {
    const manifest = record && JSON.parse(record.toString('utf8'))?.[GENERATOR_NAME]?.manifest;
    if (manifest && typeof manifest === 'object') rendered = (path) => path in manifest || path === RECORD_FILE;
  } catch {
    // No readable record at that commit: fall back to the paths the template renders.
  }
  return new Map([...files].filter(([path]) => rendered(path)));
}

/** `.yo-rc.json` after the update: the new record, other generators' entries kept as they were. */
function nextRecord(theirsRecord: Buffer, oursRecord: Recorded): Buffer {
  const others = Object.keys(oursRecord.file).filter((key) => key !== GENERATOR_NAME);
  if (others.length === 0) return theirsRecord;
  const own = JSON.parse(theirsRecord.toString('utf8'))[GENERATOR_NAME];
  const file = Object.fromEntries(Object.entries(oursRecord.file).map(([key, value]) => [key, key === GENERATOR_NAME ? own : value]));
  return Buffer.from(`${JSON.stringify(file, null, 2)}\n`);
}

/**
 * Works out `tap-dr update` completely in memory: the base (the recorded answers rendered by the
 * recorded version, checked against the recorded manifest, or `--base <ref>` from git), theirs (the
 * new answers rendered by the target version) and ours (the files on disk), and the three-way
 * decision for every file. Reads only; `applyUpdate` writes the plan.
 */
export async function planUpdate(request: UpdateRequest): Promise<UpdateResult> {
  const directory = resolve(request.directory);
  const versions = request.versions ?? defaultVersionSource();
  const read = readRecorded(directory);
  if (!read.ok) return badInput([{ field: RECORD_FILE, value: directory, reason: read.reason, allowed: `a repository rendered by ${GENERATOR_NAME}` }]);
  const recorded = read.recorded;
  const problems: Problem[] = [];

  const toVersion = request.toVersion ?? PACKAGE_VERSION;
  if (!isVersion(toVersion)) {
    problems.push({ field: '--to-version', value: toVersion, reason: 'is not a version', allowed: 'a version such as 1.2.3' });
  } else if (isVersion(recorded.version) && compareVersions(toVersion, recorded.version) < 0) {
    problems.push({
      field: request.toVersion ? '--to-version' : 'version',
      value: toVersion,
      reason: `is older than ${recorded.version}, the version that rendered this repository: an update never downgrades`,
      allowed: `${recorded.version} or later${request.toVersion ? '' : ` (run the newer generator: npx --package ${GENERATOR_NAME}@${recorded.version} tap-dr update)`}`,
    });
  }

  const git = await workTreeChanges(directory);
  if (git.repository && git.changes.length > 0) {
    const shown = git.changes.slice(0, 10).map((line) => line.trim()).join(', ');
    problems.push({ field: 'directory', value: directory, reason: `has uncommitted changes (${shown}${git.changes.length > 10 ? ', …' : ''})`, allowed: 'a clean git work tree: commit or stash your changes first, so the update is one reviewable diff' });
  }
  const markers = filesWithMarkers(directory, Object.keys(recorded.manifest ?? {}));
  if (markers.length > 0) {
    problems.push({ field: 'directory', value: directory, reason: `has unresolved conflict markers in ${markers.join(', ')}`, allowed: 'files without <<<<<<< / >>>>>>> lines: resolve the conflicts of the last update and commit first' });
  }

  // Answers a newer schema no longer knows are dropped rather than rejected: they were valid when recorded.
  const stored = toVersion === PACKAGE_VERSION
    ? Object.fromEntries(Object.entries(recorded.answers).filter(([key]) => (ANSWER_KEYS as string[]).includes(key)))
    : recorded.answers;
  const collected = collectAnswers({ stored, answersFile: request.answersFile, answers: request.answers, sets: request.sets });
  problems.push(...collected.problems);
  if (toVersion === PACKAGE_VERSION) {
    const validation = validateAnswers(collected.input);
    if (!validation.ok) problems.push(...validation.problems);
  }
  if (problems.length > 0) return badInput(problems);

  const theirsRender = await versions.render(toVersion, collected.input);
  if (!theirsRender.ok) {
    return 'problems' in theirsRender ? badInput([...theirsRender.problems]) : noBase(`${GENERATOR_NAME}@${toVersion} cannot render the new answers: ${theirsRender.unavailable}`);
  }
  const theirs = theirsRender.files;
  const answers = recordedAnswersOf(theirs);

  let base: RenderedFiles;
  let baseLabel: string;
  if (request.baseRef !== undefined) {
    const oldStackFile = targetPath('Pulumi.__stack__.yaml.ejs', recorded.answers as unknown as Answers);
    const fromGit = await baseFromGit(directory, request.baseRef, theirs, oldStackFile);
    if (typeof fromGit === 'string') return noBase(fromGit);
    base = fromGit;
    baseLabel = `git ${request.baseRef}`;
  } else {
    if (!recorded.manifest) {
      return noBase(`${RECORD_FILE} has no manifest of the rendered files (${GENERATOR_NAME} ${recorded.version} recorded none), so the render this repository started from cannot be checked. Pass --base <git-ref>: the commit that holds the files as they were generated.`);
    }
    const baseRender = await versions.render(recorded.version, recorded.answers);
    if (!baseRender.ok) {
      const why = 'problems' in baseRender ? `it does not accept the recorded answers (${baseRender.problems.map((p) => p.field).join(', ')})` : baseRender.unavailable;
      return noBase(`the base cannot be reproduced: ${GENERATOR_NAME}@${recorded.version} with the answers in ${RECORD_FILE}: ${why}. Pass --base <git-ref> (the commit that holds the files as they were generated) to take the base from git instead.`);
    }
    const mismatches = manifestMismatches(baseRender.files, recorded.manifest);
    if (mismatches.length > 0) {
      return noBase(`the base cannot be reproduced: ${GENERATOR_NAME}@${recorded.version} renders the answers in ${RECORD_FILE} differently from its manifest in ${mismatches.length} file${mismatches.length === 1 ? '' : 's'} (${mismatches.slice(0, 5).join(', ')}${mismatches.length > 5 ? ', …' : ''}). Were the answers in ${RECORD_FILE} edited by hand? Change answers with --set instead, or pass --base <git-ref> to take the base from git.`);
    }
    base = baseRender.files;
    baseLabel = `${GENERATOR_NAME}@${recorded.version}`;
  }

  const labels: MergeLabels = { ours: 'yours', base: `${baseLabel} (base)`, theirs: `${GENERATOR_NAME}@${toVersion}${recorded.version === toVersion ? ' (new answers)' : ''}` };
  const moves = movedPaths(recorded.answers, answers, base, theirs);
  const movedTo = new Map([...moves].map(([from, to]) => [to, from]));
  const ours = (path: string) => readFileAt(directory, path);

  const decisions = new Map<string, FileDecision & { from?: string }>();
  const special = new Set([RECORD_FILE, LOCKFILE]);
  const paths = [...new Set([...base.keys(), ...theirs.keys()])].filter((p) => !special.has(p) && !moves.has(p)).sort();
  for (const path of paths) {
    const from = movedTo.get(path);
    if (from !== undefined && ours(path) === undefined) {
      decisions.set(path, { ...decideFile(base.get(from), theirs.get(path), ours(from), labels), from });
      // The old name goes when the team's file moved to the new one (it stays deleted when they deleted it).
      if (ours(from) !== undefined) decisions.set(from, { action: 'removed', content: undefined, reason: `moved to ${path}` });
    } else {
      decisions.set(path, decideFile(base.get(path), theirs.get(path), ours(path), labels));
      if (from !== undefined) decisions.set(from, decideFile(base.get(from), undefined, ours(from), labels));
    }
  }
  if (base.has(LOCKFILE) || theirs.has(LOCKFILE)) {
    decisions.set(LOCKFILE, await decideLockfile({
      base: base.get(LOCKFILE),
      theirs: theirs.get(LOCKFILE),
      ours: ours(LOCKFILE),
      mergedPackageJson: decisions.get(MANIFEST)?.content ?? ours(MANIFEST),
      theirsPackageJson: theirs.get(MANIFEST),
      oursPackageJson: ours(MANIFEST),
    }, request.resolveLockfile ?? npmLockfileResolver));
  }

  const writes = new Map<string, Buffer>();
  const removals: string[] = [];
  const files: PlannedFile[] = [];
  for (const path of [...decisions.keys()].sort()) {
    const decision = decisions.get(path) as FileDecision & { from?: string };
    const current = ours(path);
    if (decision.content === undefined) {
      if (current !== undefined) removals.push(path);
    } else if (!current?.equals(decision.content)) {
      writes.set(path, decision.content);
    }
    files.push({ path, action: decision.action, reason: decision.reason, ...(decision.from ? { from: decision.from } : {}), ...(decision.conflicts ? { conflicts: decision.conflicts } : {}) });
  }
  const record = nextRecord(theirs.get(RECORD_FILE) as Buffer, recorded);
  const currentRecord = ours(RECORD_FILE);
  const recordChanged = !currentRecord?.equals(record);
  if (recordChanged) writes.set(RECORD_FILE, record);
  files.push({ path: RECORD_FILE, action: recordChanged ? 'updated' : 'unchanged', reason: recordChanged ? 'the new version, answers and manifest (written last)' : 'already as it should be' });

  const answerChanges = [...new Set([...Object.keys(recorded.answers), ...Object.keys(answers)])]
    .filter((field) => JSON.stringify(recorded.answers[field]) !== JSON.stringify((answers as Record<string, unknown>)[field]))
    .map((field) => ({ field, from: recorded.answers[field], to: (answers as Record<string, unknown>)[field] }));
  const conflicts = files.filter((f) => f.action === 'conflict');
  return {
    ok: true,
    exitCode: conflicts.length > 0 ? UPDATE_EXIT.conflicts : UPDATE_EXIT.clean,
    plan: { directory, fromVersion: recorded.version, toVersion, base: baseLabel, answers, answerChanges, files, conflicts, writes, removals },
  };
}

/** Folders the removals emptied go too, up to (not including) the repository folder. */
function removeEmptyFolders(root: string, path: string): void {
  for (let dir = dirname(join(root, path)); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    if (readdirSync(dir).length > 0) return;
    rmdirSync(dir);
  }
}

/** Writes a plan: each file beside its target then renamed over it, removals, and `.yo-rc.json` last. */
export function applyUpdate(plan: UpdatePlan): void {
  const write = (path: string, content: Buffer) => {
    const target = join(plan.directory, path);
    mkdirSync(dirname(target), { recursive: true });
    const temporary = `${target}.tap-dr-${process.pid}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  };
  for (const [path, content] of plan.writes) if (path !== RECORD_FILE) write(path, content);
  for (const path of plan.removals) {
    unlinkSync(join(plan.directory, path));
    removeEmptyFolders(plan.directory, path);
  }
  const record = plan.writes.get(RECORD_FILE);
  if (record) write(RECORD_FILE, record);
}
