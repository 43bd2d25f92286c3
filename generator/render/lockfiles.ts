import { ANSWER_KEYS, fieldKind, type AnswerKey, type Answers } from '../../skeleton/lib/config/answers-schema';
import { ENGINES } from '../../skeleton/lib/config/aws-facts';
import { engineFact } from '../../skeleton/lib/config/rules';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { PRESETS } from '../answers/presets';
import { lockfileText, pruneLockfile, type Lockfile, type PackageManifest } from './prune-lockfile';

/**
 * The generated repository ships a package-lock.json so `npm ci` installs exactly what the template's
 * CI tested. Dependencies differ by answers (pg or mysql2, the EventBridge tier's clients, …), so
 * skeleton/ keeps ONE lockfile, resolved by npm for the union of every dependency package.json.ejs can
 * declare, and each render prunes it to what its own package.json needs (prune-lockfile.ts).
 * `npm run lockfiles` regenerates it; test/unit/lockfiles.test.ts fails when it is stale.
 */
export const UNION_LOCKFILE = 'package-lock.union.json';
/** The package name the union lockfile is resolved under; each render puts its own name in. */
export const UNION_NAME = 'tap-dr-lockfile-union';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Answer sets whose package.json files together declare every dependency the template can ask for:
 * each engine with every combination of the yes/no answers (the tiers and switches). An answer of
 * another kind that starts deciding a dependency must be added here.
 */
export function lockfileVariants(): Answers[] {
  const switches = ANSWER_KEYS.filter((key) => fieldKind(key) === 'boolean');
  const combinations = (keys: readonly AnswerKey[]): Array<Record<string, boolean>> =>
    keys.length === 0 ? [{}] : combinations(keys.slice(1)).flatMap((rest) => [false, true].map((on) => ({ [keys[0]]: on, ...rest })));
  return ENGINES.flatMap(({ engine }) => {
    const base = { ...parseAnswers(PRESETS.trading.answers), engine, engineVersion: engineFact(engine).defaultVersion };
    return combinations(switches).map((values) => ({ ...base, ...values }) as Answers);
  });
}

/** One package.json declaring every dependency of the given ones; a name asked for with two ranges is an error. */
export function unionManifest(manifests: readonly PackageManifest[]): PackageManifest {
  const union: PackageManifest = { name: UNION_NAME, version: manifests[0]?.version };
  for (const field of DEPENDENCY_FIELDS) {
    const merged: Record<string, string> = {};
    for (const manifest of manifests) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (merged[name] !== undefined && merged[name] !== range) {
          throw new Error(`package.json.ejs asks for ${name} as ${merged[name]} and as ${range} in ${field}: one range per dependency, please`);
        }
        merged[name] = range;
      }
    }
    if (Object.keys(merged).length > 0) union[field] = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b, 'en')));
  }
  return union;
}

/** The repository's package-lock.json: the union lockfile pruned to its rendered package.json. */
export function renderLockfile(unionLockfile: Buffer, packageJson: Buffer): Buffer {
  const union = JSON.parse(unionLockfile.toString('utf8')) as Lockfile;
  const manifest = JSON.parse(packageJson.toString('utf8')) as PackageManifest & Record<string, unknown>;
  return Buffer.from(lockfileText(pruneLockfile(union, manifest)));
}
