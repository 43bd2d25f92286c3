import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { RENDER_COMMAND } from './package-root';

/**
 * `yo` refuses to run as root: it switches to uid 1000 and keeps root's HOME, so the run then fails
 * with EACCES, an update-check box and a TypeError. The generator's code does run, as that user,
 * and sees it: a user that is not root with a HOME that root owns. One line instead, naming the
 * command that does the same job as root.
 */
export function yoAsRootProblem(uid = process.getuid?.(), home = homedir(), ownerOf = (path: string) => statSync(path).uid): string | undefined {
  if (uid === undefined || uid === 0) return undefined;
  let owner: number;
  try {
    owner = ownerOf(home);
  } catch {
    return undefined;
  }
  if (owner !== 0) return undefined;
  return `yo tap-dr: yo does not run as root (it switched to user ${uid}, who may not write root's files in ${home}); as root, run \`${RENDER_COMMAND} new <dir>\` instead: it renders the same repository.`;
}
