import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTree, tempDir } from '../helpers/tmp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/tap-dr.js');

/** The CLI arguments that give the same answers as an action input (preset, then one --set per answer). */
export function cliArgs(input: Record<string, unknown>): string[] {
  const args: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (key === 'targetPath' || value === undefined) continue;
    if (key === 'preset') {
      if (value !== 'none') args.push('--preset', String(value));
    } else if (key === 'tags') {
      for (const [tag, text] of Object.entries(value as Record<string, string>)) args.push('--set', `tags.${tag}=${text}`);
    } else {
      args.push('--set', `${key}=${String(value)}`);
    }
  }
  return args;
}

/** What `tap-dr new` writes for the same answers, read back as path → bytes. */
export function cliRendering(input: Record<string, unknown>): Map<string, Buffer> {
  if (!existsSync(BIN)) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const work = tempDir('cli');
  try {
    const dir = join(work, 'repo');
    const run = spawnSync(process.execPath, [BIN, 'new', dir, ...cliArgs(input)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`tap-dr new failed (${run.status}): ${run.stderr}`);
    return readTree(dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
