import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RenderedFiles } from './render';

export type FileAction = 'create' | 'overwrite' | 'identical';

export interface PlannedFile {
  readonly path: string;
  readonly action: FileAction;
  readonly bytes: number;
}

export interface WritePlan {
  readonly directory: string;
  /** Entries already in the directory before writing (0 for a new directory). */
  readonly existingEntries: number;
  readonly files: readonly PlannedFile[];
}

/** Raised before anything is written; the message says what is in the way and how to proceed. */
export class WriteRefusedError extends Error {
  constructor(message: string, readonly plan?: WritePlan) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

export const conflictsOf = (plan: WritePlan) => plan.files.filter((f) => f.action === 'overwrite');

/** Compares rendered files with what is on disk. Reads only; throws when a path cannot be a file. */
export function planWrite(directory: string, files: RenderedFiles): WritePlan {
  const root = resolve(directory);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new WriteRefusedError(`${directory} exists and is not a directory`);
  }
  const existingEntries = existsSync(root) ? readdirSync(root).length : 0;
  const planned: PlannedFile[] = [];
  const blocked: string[] = [];
  for (const [path, content] of files) {
    const target = join(root, path);
    // Every folder on the way must be a folder (or not exist yet).
    for (let dir = dirname(target); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
      if (existsSync(dir) && !statSync(dir).isDirectory()) blocked.push(`${path} (${dir} is a file)`);
    }
    if (!existsSync(target)) {
      planned.push({ path, action: 'create', bytes: content.length });
    } else if (!statSync(target).isFile()) {
      blocked.push(`${path} (a directory is in the way)`);
    } else {
      planned.push({ path, action: readFileSync(target).equals(content) ? 'identical' : 'overwrite', bytes: content.length });
    }
  }
  if (blocked.length > 0) throw new WriteRefusedError(`cannot write into ${directory}:\n${blocked.map((b) => `  - ${b}`).join('\n')}`);
  return { directory: root, existingEntries, files: planned };
}

/**
 * Writes a planned render. A directory that already has entries needs `force`, and even then only
 * files of the render are touched: other files in it stay as they are.
 */
export function applyWrite(plan: WritePlan, files: RenderedFiles, options: { force: boolean }): void {
  if (plan.existingEntries > 0 && !options.force) {
    const conflicts = conflictsOf(plan);
    const listed = conflicts.length > 0
      ? `${conflicts.length === 1 ? 'This file' : `These ${conflicts.length} files`} would be overwritten:\n${conflicts.map((f) => `  - ${f.path}`).join('\n')}\n`
      : 'No file of the render differs from what is there.\n';
    throw new WriteRefusedError(
      `${plan.directory} is not empty (${plan.existingEntries} ${plan.existingEntries === 1 ? 'entry' : 'entries'}). ${listed}Pass --force to write anyway (files not in the render are left alone).`,
      plan,
    );
  }
  for (const file of plan.files) {
    if (file.action === 'identical') continue;
    const target = join(plan.directory, file.path);
    mkdirSync(dirname(target), { recursive: true });
    // Write beside the target, then rename: a crash leaves the old file or the new one, never half of it.
    const temporary = `${target}.tap-dr-${process.pid}.tmp`;
    writeFileSync(temporary, files.get(file.path) as Buffer);
    renameSync(temporary, target);
  }
}
