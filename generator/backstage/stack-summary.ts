import type { z as zod3 } from 'zod/v3';
import type { Answers } from '../../skeleton/lib/config/answers-schema';

/**
 * What the portal shows about a rendered stack, next to the files: the figures a reviewer checks
 * before merging the new repository. The value and its output schema sit together here, so a new
 * figure (an RTO/RPO budget, a cost estimate) is added in this one file.
 */
export function stackSummary(answers: Answers) {
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
    })
    .describe('Regions, engine, sizes, targets and optional tiers of the rendered stack');
}
