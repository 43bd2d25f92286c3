import { stringify } from 'yaml';
import { ANSWER_KEYS, FIELDS, type Answers, type FieldInfo } from '../../skeleton/lib/config/answers-schema';

/** Answers that are not stack config: the stack is the file name itself. */
const NOT_CONFIG = new Set(['stack']);

/**
 * `Pulumi.<stack>.yaml`: every answer under `TapStack:`, so a team changes regions, sizes and
 * switches there later without re-generating. Settings of an optional tier that is off are left out. `environmentSuffix` and `aws:region` come first, in
 * the order the healthcare requirement document shows.
 */
export function pulumiStackConfig(answers: Answers): string {
  const config: Record<string, unknown> = {
    'TapStack:environmentSuffix': answers.environmentSuffix,
    'aws:region': answers.primaryRegion,
  };
  for (const key of ANSWER_KEYS) {
    const value = answers[key];
    if (NOT_CONFIG.has(key) || value === undefined) continue;
    // Settings of a tier that is off would be dead config: the program reads their defaults instead.
    const info: FieldInfo = FIELDS[key].info;
    if (info.tier && !answers[info.tier]) continue;
    config[`TapStack:${key}`] = value;
  }
  return stringify({ config }, { lineWidth: 0 });
}
