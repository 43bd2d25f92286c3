import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/repo';

/**
 * An AWS API response kept in test/integration/fixtures/<name>.json, written in the shape the API
 * reference documents (field names and example values), for testing the checks without AWS. `T` is
 * the part of the SDK response type the test reads.
 */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'integration', 'fixtures', `${name}.json`), 'utf8')) as T;
}
