import type { Answers } from '../../skeleton/lib/config/answers-schema';
import type { AnswerSources } from '../answers/collect';
import type { FileRule } from './file-rules';

/**
 * The generated repository ships a package-lock.json so `npm ci` installs exactly what the template's
 * CI tested. Dependencies differ by engine (pg or mysql2) and by the EventBridge tier (its integration
 * checks need the EventBridge and CloudWatch Logs clients), so there is one lockfile per combination in
 * skeleton/, rendered as `package-lock.json` only for its answers (see file-rules.ts), with the package
 * name filled in from the answers. `npm run lockfiles` regenerates them from skeleton/package.json.ejs;
 * test/unit/lockfiles.test.ts fails when one no longer matches it.
 */
export interface LockfileVariant {
  /** Skeleton file (an ejs template: only the package name varies). */
  readonly source: string;
  /** Answers whose rendered package.json the lockfile is resolved for. */
  readonly sources: AnswerSources;
  /** The answers this lockfile is rendered for. */
  readonly when: (answers: Answers) => boolean;
}

const ENGINES = [
  { key: 'postgres', engine: 'aurora-postgresql' },
  { key: 'mysql', engine: 'aurora-mysql' },
] as const;

export const LOCKFILE_VARIANTS: readonly LockfileVariant[] = ENGINES.flatMap(({ key, engine }) =>
  [false, true].map((eventBridge) => ({
    source: `package-lock-${key}${eventBridge ? '-events' : ''}.json.ejs`,
    sources: { preset: 'trading', sets: [`engine=${engine}`, `eventBridge=${eventBridge}`] },
    when: (a: Answers) => a.engine === engine && a.eventBridge === eventBridge,
  })),
);

/** File rules rendering each variant as the repository's package-lock.json. */
export const LOCKFILE_RULES: Readonly<Record<string, FileRule>> = Object.fromEntries(
  LOCKFILE_VARIANTS.map((v) => [v.source.replace(/\.ejs$/, ''), { when: v.when, target: 'package-lock.json' }]),
);

/** Stands in for the package name while npm resolves; replaced by the ejs tag that renders it. */
export const NAME_PLACEHOLDER = 'tap-dr-lockfile-placeholder';
export const NAME_TAG = '<%- JSON.stringify(answers.name) %>';
