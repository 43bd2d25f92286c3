import { diff3Merge } from 'node-diff3';

/** How the three sides of a conflict are labelled in the markers, git-style. */
export interface MergeLabels {
  readonly ours: string;
  readonly base: string;
  readonly theirs: string;
}

export interface TextMerge {
  readonly text: string;
  /** Conflicting regions written with markers; 0 for a clean merge. */
  readonly conflicts: number;
}

/** Lines with their line ends, so a merge gives back the exact bytes of unconflicted text. */
const lines = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];

/** A side of a conflict must end with a line end before the next marker line. */
const block = (side: readonly string[]): string => {
  const text = side.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
};

/**
 * Line-level three-way merge of the team's file (ours) and the template's new render (theirs) against
 * the render both started from (base), by node-diff3. Changes on one side only are taken; the same
 * change on both sides is taken once; different changes to the same lines are written git-style, with
 * the base between them (git's diff3 conflict style) so a reviewer sees what each side changed:
 *
 *     <<<<<<< ours
 *     ||||||| base
 *     =======
 *     >>>>>>> theirs
 */
export function mergeText(ours: string, base: string, theirs: string, labels: MergeLabels): TextMerge {
  let text = '';
  let conflicts = 0;
  for (const region of diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) {
      text += region.ok.join('');
      continue;
    }
    const conflict = region.conflict as { a: string[]; o: string[]; b: string[] };
    conflicts += 1;
    text += `<<<<<<< ${labels.ours}\n${block(conflict.a)}||||||| ${labels.base}\n${block(conflict.o)}=======\n${block(conflict.b)}>>>>>>> ${labels.theirs}\n`;
  }
  return { text, conflicts };
}

/** Lines a merge tool leaves behind: the start and end markers of an unresolved conflict. */
const MARKER = /^(<{7}|>{7})(?: |$)/m;

export const hasConflictMarkers = (text: string): boolean => MARKER.test(text);

/**
 * Binary files are never merged line by line. Git's rule: a NUL byte in the first 8000 bytes; text
 * that is not valid UTF-8 is treated the same way.
 */
export function isBinary(content: Buffer): boolean {
  if (content.subarray(0, 8000).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return false;
  } catch {
    return true;
  }
}
