import { NAME_LIMITS, REGIONS } from './aws-facts';

/*
 * The numbers behind the naming pattern (naming.ts), apart from its hashing: the answers schema needs
 * the suffix limit, and the schema also runs in a browser (the portal form's review), where
 * `node:crypto` does not exist.
 */

/** Characters of the SHA-256 hex digest kept when a name has to be shortened. */
export const NAME_HASH_LENGTH = 6;
/** Characters of `{service}-{purpose}` always kept, so a shortened name still says what it is. */
export const NAME_MIN_HEAD = 3;
/** The longest short form of a region (its AZ ID prefix, e.g. `apse5`), used where the whole code does not fit. */
export const MAX_REGION_SHORT_LENGTH = Math.max(...REGIONS.map((r) => r.azIdPrefix.length));

/**
 * Longest `environmentSuffix` for which every name still fits its AWS limit and still holds the
 * whole suffix and a region: the tightest limit minus the shortest head, the shortest form of the
 * longest region, the hash and the three hyphens between them.
 */
export const MAX_SUFFIX_LENGTH =
  Math.min(...Object.values(NAME_LIMITS)) - (NAME_MIN_HEAD + 1 + MAX_REGION_SHORT_LENGTH + 1 + NAME_HASH_LENGTH + 1);
