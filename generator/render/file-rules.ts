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
const appTier = (a: Answers) => a.appTier;
const eventBridge = (a: Answers) => a.eventBridge;
const dashboard = (a: Answers) => a.dashboard;

/** Files of each optional tier: its components, its Lambda, its unit and integration tests. */
export const TIER_FILES = {
  appTier: [
    'lib/app-tier.ts',
    'lib/public-failover.ts',
    'lib/static-assets.ts',
    'lambda/health/handler.ts',
    'test/app-tier.test.ts',
    'test/health-handler.test.ts',
    'test/lambda/health.bundle.test.ts',
    'test/static-assets.test.ts',
    'test/integration/app-tier.int.test.ts',
    'test/integration/app-checks.ts',
    'test/integration/fixtures/get-health-check-status.json',
    'test/integration-app-checks.test.ts',
  ],
  eventBridge: [
    'lib/event-forwarding.ts',
    'test/event-forwarding.test.ts',
    'test/integration/event-forwarding.int.test.ts',
    'test/integration/event-checks.ts',
    'test/integration/fixtures/filter-log-events.json',
    'test/integration-event-checks.test.ts',
  ],
  dashboard: [
    'lib/operations-signals.ts',
    'lib/operations-dashboard.ts',
    'lib/operations-alarms.ts',
    'test/operations.test.ts',
  ],
} as const;
/** Files for what the application tier and the dashboard do together: alarms on the health checks. */
export const APP_AND_DASHBOARD_FILES = ['lib/health-check-alarm-side.ts', 'test/health-check-alarms.test.ts'] as const;
const TIER_RULES: Record<string, FileRule> = Object.fromEntries([
  ...TIER_FILES.appTier.map((path) => [path, { when: appTier }]),
  ...TIER_FILES.eventBridge.map((path) => [path, { when: eventBridge }]),
  ...TIER_FILES.dashboard.map((path) => [path, { when: dashboard }]),
  ...APP_AND_DASHBOARD_FILES.map((path) => [path, { when: (answers: Answers) => appTier(answers) && dashboard(answers) }]),
]);

export const FILE_RULES: Readonly<Record<string, FileRule>> = {
  'lambda/canary/driver-postgres.ts': { when: postgres, target: 'lambda/canary/driver.ts' },
  'lambda/canary/driver-mysql.ts': { when: mysql, target: 'lambda/canary/driver.ts' },
  'scripts/bundle-plugins-postgres.js': { when: postgres, target: 'scripts/bundle-plugins.js' },
  'scripts/bundle-plugins-mysql.js': { when: mysql, target: 'scripts/bundle-plugins.js' },
  'test/canary/bundle-plugins-mysql.test.ts': { when: mysql, target: 'test/canary/bundle-plugins.test.ts' },
  'test/canary/driver-postgres.test.ts': { when: postgres, target: 'test/canary/driver.test.ts' },
  'test/canary/driver-mysql.test.ts': { when: mysql, target: 'test/canary/driver.test.ts' },
  'test/helpers/database-postgres.ts': { when: postgres, target: 'test/helpers/database.ts' },
  'test/helpers/database-mysql.ts': { when: mysql, target: 'test/helpers/database.ts' },
  ...TIER_RULES,
};
