import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Folders a test file makes under the system temp folder, removed after the file's tests (also when
// one fails): a run of `npm test` leaves nothing behind.
const made: string[] = [];

/** A new, empty folder `tap-dr-<label>-…`, removed after this test file. */
export function tempFolder(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tap-dr-${label}-`));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
