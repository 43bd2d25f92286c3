import type { AnswerKey, FieldInfo } from '../../skeleton/lib/config/answers-schema';
import { ENGINES, REGIONS } from '../../skeleton/lib/config/aws-facts';

/*
 * The words of the portal form, shared by the template generator (scripts/template-form.ts) and the
 * review field, so the review names steps and values exactly as the form does.
 */

/** One form step per group of the answers schema, in this order. */
export const GROUP_TITLES: Record<FieldInfo['group'], string> = {
  project: 'Project',
  regions: 'Regions',
  database: 'Database',
  targets: 'Recovery targets',
  network: 'Network',
  tiers: 'Optional tiers',
  operations: 'Operations',
};

/** Words for the values of every enum answer, in the schema's order. */
export const ENUM_NAMES: Partial<Record<AnswerKey, Record<string, string>>> = {
  primaryRegion: Object.fromEntries(REGIONS.map((r) => [r.code, `${r.code}: ${r.name}`])),
  secondaryRegion: Object.fromEntries(REGIONS.map((r) => [r.code, `${r.code}: ${r.name}`])),
  engine: Object.fromEntries(ENGINES.map((e) => [e.engine, e.label])),
  failoverMode: { automatic: 'Automatic: promote the secondary when the primary is confirmed down', manual: 'Manual: alert with the command to run' },
  rpoEnforcement: {
    'block-commits': 'Block commits (Aurora PostgreSQL): a hard bound on data loss; a secondary-region outage stops writes until dr:relax',
    'alarm-only': 'Alarm only: the primary keeps committing; alarms and the orchestrator\'s lag gate bound the loss',
  },
  healthCheckIntervalSeconds: { 10: '10 seconds (fast checks, billed at a higher rate)', 30: '30 seconds (standard checks)' },
  lambdaRuntime: { 'nodejs22.x': 'Node.js 22', 'nodejs24.x': 'Node.js 24' },
};

/** The `ui:field` name of the review, as registered by `generator-tap-dr/backstage-form`. */
export const REVIEW_FIELD = 'TapDrReview';
/** The form property the review sits on (its value: a one-line summary of the stack). */
export const REVIEW_PROPERTY = 'review';
/** Title of the step that holds the review, right before the repository step (Backstage's own last step is "Review"). */
export const REVIEW_STEP_TITLE = 'Preview';
