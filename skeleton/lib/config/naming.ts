import { createHash } from 'node:crypto';
import { NAME_LIMITS, type NamedKind } from './aws-facts';
import { MAX_SUFFIX_LENGTH, NAME_HASH_LENGTH, NAME_MIN_HEAD } from './suffix-limit';

export { MAX_SUFFIX_LENGTH, NAME_HASH_LENGTH, NAME_MIN_HEAD };

export interface NameParts {
  readonly service: string;
  readonly purpose: string;
  /** Omitted for global resources (global cluster, IAM role used from both regions). */
  readonly region?: string;
  readonly suffix: string;
}

/**
 * `{service}-{purpose}-{region}-{suffix}`; where the AWS limit for `kind` bites, the head is cut and
 * a short hash of the full name keeps shortened names unique and stable between runs.
 */
export function resourceName(kind: NamedKind, parts: NameParts): string {
  const head = [parts.service, parts.purpose, parts.region].filter(Boolean).join('-');
  const full = `${head}-${parts.suffix}`;
  const limit = NAME_LIMITS[kind];
  if (full.length <= limit) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, NAME_HASH_LENGTH);
  const room = limit - parts.suffix.length - NAME_HASH_LENGTH - 2;
  if (room < NAME_MIN_HEAD) {
    throw new Error(
      `environmentSuffix "${parts.suffix}" is too long for a ${kind} name (limit ${limit}); at most ${MAX_SUFFIX_LENGTH} characters fit every name`,
    );
  }
  return `${head.slice(0, room).replace(/-+$/, '')}-${hash}-${parts.suffix}`;
}
