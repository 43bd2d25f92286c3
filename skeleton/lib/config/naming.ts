import { createHash } from 'node:crypto';
import { NAME_LIMITS, REGIONS, type NamedKind } from './aws-facts';
import { MAX_REGION_SHORT_LENGTH, MAX_SUFFIX_LENGTH, NAME_HASH_LENGTH, NAME_MIN_HEAD } from './suffix-limit';

export { MAX_REGION_SHORT_LENGTH, MAX_SUFFIX_LENGTH, NAME_HASH_LENGTH, NAME_MIN_HEAD };

/**
 * Names of AWS resources: `{service}-{purpose}-{region}-{environmentSuffix}`. Every name carries a
 * region (the healthcare requirement: "Include region in ALL resource names"): a regional resource
 * its own region, a global one (IAM roles, the global cluster) the primary region, whose API manages it.
 */

export interface NameParts {
  readonly service: string;
  readonly purpose: string;
  /** Region code; for a global resource, the primary region. */
  readonly region: string;
  readonly suffix: string;
}

/** AWS's short form of a region code (its AZ ID prefix, `use1` for `us-east-1`). */
export function regionShortCode(region: string): string {
  const fact = REGIONS.find((r) => r.code === region);
  if (!fact) throw new Error(`"${region}" is not a region this template knows (lib/config/aws-facts.ts REGIONS)`);
  return fact.azIdPrefix;
}

/**
 * `{service}-{purpose}-{region}-{suffix}`. Where the AWS limit for `kind` bites, `{service}-{purpose}`
 * is cut and a short hash of the full name keeps shortened names unique and stable between runs:
 * `{head}-{region}-{hash}-{suffix}`, with the region's short code where even the whole code does not fit.
 * The suffix and a region are always there whole.
 */
export function resourceName(kind: NamedKind, parts: NameParts): string {
  const head = `${parts.service}-${parts.purpose}`;
  const full = `${head}-${parts.region}-${parts.suffix}`;
  const limit = NAME_LIMITS[kind];
  if (full.length <= limit) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, NAME_HASH_LENGTH);
  for (const region of [parts.region, regionShortCode(parts.region)]) {
    const room = limit - region.length - hash.length - parts.suffix.length - 3;
    if (room >= NAME_MIN_HEAD) return `${head.slice(0, room).replace(/-+$/, '')}-${region}-${hash}-${parts.suffix}`;
  }
  throw new Error(
    `environmentSuffix "${parts.suffix}" is too long for a ${kind} name (limit ${limit}); at most ${MAX_SUFFIX_LENGTH} characters fit every name`,
  );
}
