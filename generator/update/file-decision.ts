import { isBinary, mergeText, type MergeLabels } from './merge-text';

/**
 * What an update does to one file. `kept` means the team's version stays although the template's
 * differs (their own edit, a file they deleted, a file the template dropped that they edited);
 * `unchanged` means there is nothing to do.
 */
export type UpdateAction = 'updated' | 'merged' | 'conflict' | 'created' | 'removed' | 'kept' | 'unchanged';

export interface FileDecision {
  readonly action: UpdateAction;
  /** The file's bytes after the update; undefined when there is no file. */
  readonly content: Buffer | undefined;
  readonly reason: string;
  /** Conflicting regions written with markers. */
  readonly conflicts?: number;
}

/**
 * The three-way rule for one file: `base` is the render the repository started from, `theirs` the
 * new render, `ours` the file on disk (undefined: no such file on that side).
 *
 * - unchanged by the team → the template's; unchanged by the template → the team's; the same on
 *   both → nothing to do; changed on both → line-level merge, markers where the same lines differ;
 * - a file the template no longer renders is removed when the team did not edit it, else kept;
 * - a file the team deleted stays deleted;
 * - binary files are never merged with markers: with changes on both sides the team's stays and the
 *   update reports a conflict.
 */
export function decideFile(base: Buffer | undefined, theirs: Buffer | undefined, ours: Buffer | undefined, labels: MergeLabels): FileDecision {
  if (ours === undefined) {
    if (base !== undefined) {
      return theirs !== undefined && !theirs.equals(base)
        ? { action: 'kept', content: undefined, reason: 'you deleted it; it stays deleted (the template changed it)' }
        : { action: 'unchanged', content: undefined, reason: 'you deleted it; it stays deleted' };
    }
    return theirs === undefined
      ? { action: 'unchanged', content: undefined, reason: 'not in either render' }
      : { action: 'created', content: theirs, reason: 'new in the template' };
  }
  if (theirs === undefined) {
    if (base === undefined) return { action: 'unchanged', content: ours, reason: 'not part of the template' };
    return ours.equals(base)
      ? { action: 'removed', content: undefined, reason: 'the template no longer renders it, and you had not edited it' }
      : { action: 'kept', content: ours, reason: 'the template no longer renders it; you edited it, so it stays' };
  }
  if (ours.equals(theirs)) return { action: 'unchanged', content: ours, reason: 'already as the template renders it' };
  if (base !== undefined && ours.equals(base)) return { action: 'updated', content: theirs, reason: 'changed by the template only' };
  if (base !== undefined && theirs.equals(base)) return { action: 'kept', content: ours, reason: 'your edit; the template did not change it' };
  const why = base === undefined ? 'the template now renders a file you already have' : 'changed by you and by the template';
  if (isBinary(ours) || isBinary(theirs) || (base !== undefined && isBinary(base))) {
    return { action: 'conflict', content: ours, conflicts: 1, reason: `${why}; binary, so not merged: yours is kept, the template's version is not applied` };
  }
  const merged = mergeText(ours.toString('utf8'), base?.toString('utf8') ?? '', theirs.toString('utf8'), labels);
  return merged.conflicts === 0
    ? { action: 'merged', content: Buffer.from(merged.text), reason: `${why}; merged line by line without conflicts` }
    : { action: 'conflict', content: Buffer.from(merged.text), conflicts: merged.conflicts, reason: `${why}; ${merged.conflicts} conflicting region${merged.conflicts === 1 ? '' : 's'} marked` };
}
