import type { PolicyConfigSchema } from '@pulumi/policy';
import type { Answers } from '../lib/config/answers-schema';

/**
 * The stack's answers some policies compare the graph with. A policy pack never sees the stack
 * config, so `policy/index.ts` passes them in as policy config (read from `Pulumi.<stack>.yaml`) and
 * `npm run policy` passes them from the same file.
 */
export interface StackFacts {
  readonly environmentSuffix: string;
  readonly rpoTargetSeconds: number;
  readonly deletionProtection: boolean;
  /** Days every backup is kept: the Object Lock retention and expiry of the backup buckets. */
  readonly backupRetentionS3Days: number;
}

/** JSON schema of the policy config of every policy that reads the stack facts. */
export const STACK_FACTS_SCHEMA: PolicyConfigSchema = {
  properties: {
    environmentSuffix: { type: 'string' },
    rpoTargetSeconds: { type: 'number' },
    deletionProtection: { type: 'boolean' },
    backupRetentionS3Days: { type: 'number' },
  },
  required: ['environmentSuffix', 'rpoTargetSeconds', 'deletionProtection', 'backupRetentionS3Days'],
};

export function stackFacts(answers: Answers): StackFacts {
  return {
    environmentSuffix: answers.environmentSuffix,
    rpoTargetSeconds: answers.rpoTargetSeconds,
    deletionProtection: answers.deletionProtection,
    backupRetentionS3Days: answers.backupRetentionS3Days,
  };
}
