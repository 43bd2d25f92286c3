import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

// Every folder a test file makes with tempDir is removed when its process ends, whether its tests
// passed or failed (each test file runs in a process of its own): `npm test` checks that a whole run
// leaves nothing behind. TAP_DR_KEEP_TMP=1 keeps them to look at, and says where they are.
const made = new Set<string>();
process.on('exit', () => {
  if (made.size === 0) return;
  if (process.env.TAP_DR_KEEP_TMP === '1') {
    process.stderr.write(`kept (TAP_DR_KEEP_TMP=1): ${[...made].join(', ')}\n`);
    return;
  }
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new folder `tap-dr-<label>-…` under the temp folder, removed when the test file's process ends. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tap-dr-${label}-`));
  made.add(dir);
  return dir;
}

/** Every file below `dir` as path → bytes, like a render. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full).split(sep).join('/'), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}
