import type { Answers } from '../../skeleton/lib/config/answers-schema';

/**
 * Skeleton files that are rendered only for some answers, so a generated repository holds no dead
 * code for an engine or tier it does not use. `target` renames the file when it is rendered (two
 * engine variants of one module land under the same name). Files not listed are always rendered.
 */
export interface FileRule {
  readonly when: (answers: Answers) => boolean;
  readonly target?: string;
}

const postgres = (a: Answers) => a.engine === 'aurora-postgresql';
const mysql = (a: Answers) => a.engine === 'aurora-mysql';

export const FILE_RULES: Readonly<Record<string, FileRule>> = {
  'lambda/canary/driver-postgres.ts': { when: postgres, target: 'lambda/canary/driver.ts' },
  'lambda/canary/driver-mysql.ts': { when: mysql, target: 'lambda/canary/driver.ts' },
  'test/canary/driver-postgres.test.ts': { when: postgres, target: 'test/canary/driver.test.ts' },
  'test/canary/driver-mysql.test.ts': { when: mysql, target: 'test/canary/driver.test.ts' },
  'test/helpers/database-postgres.ts': { when: postgres, target: 'test/helpers/database.ts' },
  'test/helpers/database-mysql.ts': { when: mysql, target: 'test/helpers/database.ts' },
  'package-lock-postgres.json': { when: postgres, target: 'package-lock.json' },
  'package-lock-mysql.json': { when: mysql, target: 'package-lock.json' },
};
