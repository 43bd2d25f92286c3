import { createHash } from 'node:crypto';
import type { Answers } from '../../skeleton/lib/config/answers-schema';
import { GENERATOR_NAME } from '../package-root';

/** Where a render records itself: `.yo-rc.json`, under the generator's name (yeoman's own layout). */
export const RECORD_FILE = '.yo-rc.json';

/** Path → sha256 (hex) of every rendered file except the record itself, in sorted path order. */
export type Manifest = Readonly<Record<string, string>>;

/**
 * What `.yo-rc.json` keeps about a render: the generator version, the answers and a manifest of every
 * file the render made. `tap-dr update` re-renders the recorded answers with the recorded version and
 * checks the result against the manifest before it trusts it as the base of a three-way merge.
 */
export interface RenderRecord {
  readonly version: string;
  readonly answers: Answers;
  readonly manifest: Manifest;
}

export const fileHash = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

/** The manifest of rendered files (the record file itself is left out: it holds the manifest). */
export function manifestOf(files: Iterable<readonly [string, Buffer]>): Manifest {
  const entries = [...files].filter(([path]) => path !== RECORD_FILE).map(([path, content]) => [path, fileHash(content)] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `.yo-rc.json` bytes: deterministic (same answers, version and files → same bytes). */
export function recordText(record: RenderRecord): string {
  return `${JSON.stringify({ [GENERATOR_NAME]: { version: record.version, answers: record.answers, manifest: record.manifest } }, null, 2)}\n`;
}
