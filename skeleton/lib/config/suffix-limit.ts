import { NAME_LIMITS } from './aws-facts';

/*
 * The numbers behind the naming pattern, apart from the hashing in `naming.ts`: the answers schema
 * needs the suffix limit, and the schema also runs in a browser (the portal form's review), where
 * `node:crypto` does not exist.
 */

/** Characters of the SHA-256 hex digest kept when a name has to be shortened. */
export const NAME_HASH_LENGTH = 6;
/** Characters of `{service}-{purpose}-{region}` always kept, so a shortened name still says what it is. */
export const NAME_MIN_HEAD = 3;

/**
 * Longest `environmentSuffix` for which every name still fits its AWS limit and still ends in the
 * whole suffix: the tightest limit minus the shortest head, the hash and the two hyphens.
 */
export const MAX_SUFFIX_LENGTH =
  Math.min(...Object.values(NAME_LIMITS)) - (NAME_MIN_HEAD + 1 + NAME_HASH_LENGTH + 1);
