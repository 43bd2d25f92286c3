import fc from 'fast-check';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { ANSWER_KEYS, answersJsonSchema, type AnswerKey } from '../../skeleton/lib/config/answers-schema';
import { ENGINES, FAMILY_SIZES } from '../../skeleton/lib/config/aws-facts';
import { validateAnswers } from '../../skeleton/lib/config/validate';
import { collectAnswers } from '../../generator/answers/collect';
import type { MatrixEntry } from './matrix';

/**
 * Answer sets drawn at random from the valid space, beside the fixed matrix: the generated
 * repository's own tests must hold for whatever answers it was rendered from, not only for the
 * presets. A draw is a preset (or the defaults) with up to eight fields changed to values of their
 * own domain, kept when the core accepts the whole set. Seeded, so a failure is reproduced with the
 * seed the run printed.
 */

interface JsonProperty { type?: string; enum?: unknown[]; minimum?: number; maximum?: number }
const properties = answersJsonSchema().properties as Record<AnswerKey, JsonProperty>;

/** Large ranges (targets up to a day) drawn mostly from their low end, where the rules bite. */
const integer = (min: number, max: number) => (max - min > 1000 ? fc.oneof(fc.integer({ min, max: min + 1000 }), fc.integer({ min, max })) : fc.integer({ min, max }));

const TEXT_FIELDS: Partial<Record<AnswerKey, fc.Arbitrary<unknown>>> = {
  name: fc.constantFrom('dr-stack', '@acme-bank/payments-dr', 'x'),
  environmentSuffix: fc.stringMatching(/^[a-z0-9]{1,12}$/),
  stack: fc.constantFrom('dev', 'prod', 'prod-eu', 'staging.v2'),
  engineVersion: fc.constantFrom(...ENGINES.flatMap((e) => [e.defaultVersion, ...e.globalDatabaseMinimums])),
  instanceClass: fc.constantFrom(...Object.entries(FAMILY_SIZES).flatMap(([family, sizes]) => sizes.map((size) => `db.${family}.${size}`))),
  primaryVpcCidr: fc.constantFrom('10.0.0.0/16', '10.20.0.0/16', '172.16.0.0/20', '192.168.10.0/24'),
  secondaryVpcCidr: fc.constantFrom('10.1.0.0/16', '10.30.0.0/16', '172.17.0.0/20', '192.168.20.0/24'),
  domainName: fc.constantFrom('dr.internal', 'payments-dr.acme-bank.com', 'db.health-dr.net'),
  alarmEmail: fc.constantFrom(undefined, 'dba@acme-bank.com'),
  tags: fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{1,8}$/), fc.stringMatching(/^[a-z0-9 ]{0,6}$/), { maxKeys: 2 }),
  owner: fc.constantFrom(undefined, 'group:default/dba-team'),
  publicDomainName: fc.constantFrom('app-dr.acme-bank.com', 'status.health-dr.net'),
  publicHostedZoneId: fc.constant(undefined),
};

/** A value of the field's own domain (its enum, range or type, or examples for free text). */
export function fieldValue(key: AnswerKey): fc.Arbitrary<unknown> {
  const text = TEXT_FIELDS[key];
  if (text) return text;
  const property = properties[key];
  if (property.enum) return fc.constantFrom(...property.enum);
  if (property.type === 'boolean') return fc.boolean();
  if (property.type === 'integer' && property.minimum !== undefined && property.maximum !== undefined) return integer(property.minimum, property.maximum);
  throw new Error(`random-answers.ts: no values for ${key}; add it to TEXT_FIELDS`);
}

/** A public domain the team controls, in the weakest layer: the application tier needs one, no preset has it. */
const TEAM = { publicDomainName: 'app-dr.acme-bank.com' };

const draw = fc
  .record({
    preset: fc.constantFrom(undefined, ...PRESET_NAMES),
    keys: fc.uniqueArray(fc.constantFrom(...ANSWER_KEYS), { minLength: 1, maxLength: 8 }),
  })
  .chain(({ preset, keys }) => fc.record(Object.fromEntries(keys.map((key) => [key, fieldValue(key)]))).map((answers) => ({ preset, answers })))
  .filter(({ preset, answers }) => validateAnswers(collectAnswers({ stored: TEAM, preset, answers }).input).ok);

/** `count` valid answer sets for `seed`, labelled random-1, random-2, …; the same seed gives the same sets. */
export function randomEntries(count: number, seed: number): MatrixEntry[] {
  if (count <= 0) return [];
  return fc.sample(draw, { seed, numRuns: count }).map(({ preset, answers }, index) => ({
    label: `random-${index + 1}`,
    sources: { stored: TEAM, preset, answers: { name: `random-${index + 1}-dr`, ...answers } },
  }));
}

/** The seed of this run: TAP_DR_E2E_SEED, else a new one (printed, so the run can be repeated). */
export function runSeed(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const given = env.TAP_DR_E2E_SEED;
  if (given !== undefined && given !== '') {
    if (!/^-?\d+$/.test(given)) throw new Error(`TAP_DR_E2E_SEED=${given} is not an integer`);
    return Number(given);
  }
  return Math.floor(Math.random() * 2 ** 31);
}
