import type { z as zod3 } from 'zod/v3';
import type { Answers } from '../../skeleton/lib/config/answers-schema';
import { costEstimate, costTable } from '../../skeleton/lib/config/cost-estimate';
import { formatRecoveryBudget, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';

/**
 * What the portal shows about a rendered stack, next to the files: the figures a reviewer checks
 * before merging the new repository. The value and its output schema sit together here, so a new
 * figure (an RTO/RPO budget, a cost estimate) is added in this one file.
 */
export function stackSummary(answers: Answers) {
  const budget = recoveryBudget(answers);
  const cost = costEstimate(answers);
  return {
    primaryRegion: answers.primaryRegion,
    secondaryRegion: answers.secondaryRegion,
    engine: answers.engine,
    engineVersion: answers.engineVersion,
    instanceClass: answers.instanceClass,
    instancesPerCluster: answers.instancesPerCluster,
    rpoTargetSeconds: answers.rpoTargetSeconds,
    rtoTargetSeconds: answers.rtoTargetSeconds,
    failoverMode: answers.failoverMode,
    deletionProtection: answers.deletionProtection,
    tiers: { appTier: answers.appTier, eventBridge: answers.eventBridge, dashboard: answers.dashboard },
    // The same figures and tables as `tap-dr new --dry-run` and the generated README.
    recoveryBudget: { rtoSeconds: budget.rto.totalSeconds, rtoRegionUpSeconds: budget.rtoRegionUp.totalSeconds, rpoSeconds: budget.rpo.totalSeconds, table: formatRecoveryBudget(budget) },
    costEstimate: { monthlyUsd: cost.totalMonthlyUsd, priceRegion: cost.priceRegion, pricesRecordedOn: cost.pricesRecordedOn, table: costTable(cost) },
  };
}

export type StackSummary = ReturnType<typeof stackSummary>;

/** The scaffolder's output schema of `stackSummary` (Backstage hands actions its own zod 3 API). */
export function stackSummarySchema(z: typeof zod3) {
  return z
    .object({
      primaryRegion: z.string(),
      secondaryRegion: z.string(),
      engine: z.string(),
      engineVersion: z.string(),
      instanceClass: z.string(),
      instancesPerCluster: z.number().int(),
      rpoTargetSeconds: z.number().int(),
      rtoTargetSeconds: z.number().int(),
      failoverMode: z.string(),
      deletionProtection: z.boolean(),
      tiers: z.object({ appTier: z.boolean(), eventBridge: z.boolean(), dashboard: z.boolean() }).describe('Optional tiers and whether each is on'),
      recoveryBudget: z
        .object({ rtoSeconds: z.number().describe('primary region down (its RDS API does not answer)'), rtoRegionUpSeconds: z.number().describe('primary database down while its region answers (slow path)'), rpoSeconds: z.number(), table: z.string() })
        .describe('Worst-case recovery time of both failover paths and data loss of these answers, with the tables of their terms (Markdown)'),
      costEstimate: z
        .object({ monthlyUsd: z.number(), priceRegion: z.string(), pricesRecordedOn: z.string(), table: z.string() })
        .describe('Approximate fixed monthly cost from list prices, with the table of its lines (Markdown)'),
    })
    .describe('Regions, engine, sizes, targets and optional tiers of the rendered stack');
}
