import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_BUFFER = 256 * 1024 * 1024;

async function git(directory: string, args: string[], input?: string): Promise<{ ok: true; stdout: Buffer } | { ok: false; message: string }> {
  try {
    const child = run('git', ['-C', directory, ...args], { encoding: 'buffer', maxBuffer: MAX_BUFFER });
    if (input !== undefined) child.child.stdin?.end(input);
    const { stdout } = await child;
    return { ok: true, stdout };
  } catch (error) {
    const e = error as { stderr?: Buffer; code?: string | number; message: string };
    return { ok: false, message: e.code === 'ENOENT' ? 'git is not installed' : (e.stderr?.toString('utf8').trim() || e.message) };
  }
}

/** Whether `directory` is inside a git work tree, and what `git status` lists below it (tracked changes and untracked files). */
export async function workTreeChanges(directory: string): Promise<{ repository: false } | { repository: true; changes: string[] }> {
  const inside = await git(directory, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.stdout.toString().trim() !== 'true') return { repository: false };
  const status = await git(directory, ['status', '--porcelain', '--untracked-files=all', '--', '.']);
  if (!status.ok) throw new Error(`git status failed in ${directory}: ${status.message}`);
  return { repository: true, changes: status.stdout.toString('utf8').split('\n').filter(Boolean) };
}

/**
 * The files below `directory` as they were at `ref` (a commit, tag or branch), as path → bytes with
 * paths relative to `directory`. Throws with git's message when the ref or folder is not there.
 */
export async function filesAtRef(directory: string, ref: string): Promise<Map<string, Buffer>> {
  const prefix = await git(directory, ['rev-parse', '--show-prefix']);
  if (!prefix.ok) throw new Error(prefix.message);
  const tree = await git(directory, ['ls-tree', '-r', '-z', '--full-name', `${ref}`, '--', '.']);
  if (!tree.ok) throw new Error(`git ls-tree ${ref}: ${tree.message}`);
  const strip = prefix.stdout.toString('utf8').trim();
  const blobs: Array<{ path: string; id: string }> = [];
  for (const entry of tree.stdout.toString('utf8').split('\0').filter(Boolean)) {
    const [meta, path] = [entry.slice(0, entry.indexOf('\t')), entry.slice(entry.indexOf('\t') + 1)];
    const [, type, id] = meta.split(' ');
    if (type === 'blob' && path.startsWith(strip)) blobs.push({ path: path.slice(strip.length), id });
  }
  if (blobs.length === 0) throw new Error(`git has no files below ${directory} at ${ref}`);
  // One `git cat-file --batch` for every blob: "<id> blob <size>\n<bytes>\n" per object.
  const batch = await git(directory, ['cat-file', '--batch'], `${blobs.map((b) => b.id).join('\n')}\n`);
  if (!batch.ok) throw new Error(`git cat-file: ${batch.message}`);
  const files = new Map<string, Buffer>();
  let offset = 0;
  for (const { path } of blobs) {
    const headerEnd = batch.stdout.indexOf(0x0a, offset);
    const size = Number(batch.stdout.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    files.set(path, Buffer.from(batch.stdout.subarray(headerEnd + 1, headerEnd + 1 + size)));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}
