import type { AnswerSources } from '../answers/collect';

/**
 * The generated repository ships a package-lock.json so `npm ci` installs exactly what the template's
 * CI tested. Dependencies differ by engine (pg or mysql2), so there is one lockfile per variant in
 * skeleton/, rendered as `package-lock.json` only for its engine (see file-rules.ts), with the
 * package name filled in from the answers. `npm run lockfiles` regenerates them from
 * skeleton/package.json.ejs; test/unit/lockfiles.test.ts fails when one no longer matches it.
 */
export interface LockfileVariant {
  /** Skeleton file (an ejs template: only the package name varies). */
  readonly source: string;
  /** Answers whose rendered package.json the lockfile is resolved for. */
  readonly sources: AnswerSources;
}

export const LOCKFILE_VARIANTS: readonly LockfileVariant[] = [
  { source: 'package-lock-postgres.json.ejs', sources: { preset: 'trading', sets: ['engine=aurora-postgresql'] } },
  { source: 'package-lock-mysql.json.ejs', sources: { preset: 'trading', sets: ['engine=aurora-mysql'] } },
];

/** Stands in for the package name while npm resolves; replaced by the ejs tag that renders it. */
export const NAME_PLACEHOLDER = 'tap-dr-lockfile-placeholder';
export const NAME_TAG = '<%- JSON.stringify(answers.name) %>';
