import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { prepare } from '../../generator/prepare';
import { applyWrite, planWrite } from '../../generator/render/write';
import { ANSWER_KEYS } from '../../skeleton/lib/config/answers-schema';
import { validateAnswers } from '../../skeleton/lib/config/validate';
import { readTree, tempDir } from '../helpers/tmp';

/** Values near and far from what each field accepts, so both outcomes are common. */
const anyValue = fc.oneof(
  fc.constantFrom('us-east-1', 'eu-west-1', 'us-west-1', 'ap-southeast-7', 'aurora-mysql', 'aurora-postgresql', 'db.r6g.large', 'db.t4g.medium',
    '10.0.0.0/16', '10.0.0.0/8', '10.1.0.0/16', 'dev', 'Prod', '16.6', '8.0.mysql_aurora.3.05.2', 'a@b.co', 'dr.example.com', 'automatic', 'nodejs22.x', ''),
  fc.integer({ min: -2, max: 100 }),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer())),
  fc.constant(null),
);
/** Values a falsy check (`if (a.x)`) takes for "not given" although they were given. */
const EDGE_VALUES = ['', ' ', 0, -1, false, null] as const;
const answersArbitrary = fc.dictionary(fc.oneof(fc.constantFrom(...ANSWER_KEYS), fc.string({ maxLength: 8 })), anyValue, { maxKeys: 10 });

describe('random answers', () => {
  it('validate or are rejected with complete messages — never a crash', () => {
    fc.assert(fc.property(answersArbitrary, (input) => {
      const result = validateAnswers(input);
      if (result.ok) return;
      assert.ok(result.problems.length > 0);
      for (const p of result.problems) {
        assert.ok(p.field && p.reason && p.allowed, JSON.stringify(p));
      }
    }), { numRuns: 1500 });
  });

  it('on top of a preset render or are rejected with complete messages — never a crash', () => {
    // A preset with a few fields changed validates far more often than answers from nothing, so the
    // renderer (cost estimate, recovery budget, templates) sees unusual values that passed validation.
    // Empty, zero and negative values often, as those are what a falsy check lets through.
    const edgeOrAny = fc.oneof({ arbitrary: fc.constantFrom(...EDGE_VALUES), weight: 1 }, { arbitrary: anyValue, weight: 2 });
    const changedPreset = fc.record({ preset: fc.constantFrom(...PRESET_NAMES), answers: fc.dictionary(fc.constantFrom(...ANSWER_KEYS), edgeOrAny, { maxKeys: 3 }) });
    fc.assert(fc.property(changedPreset, (sources) => {
      const prepared = prepare(sources);
      if (prepared.ok) {
        assert.ok(prepared.files.has('Pulumi.yaml'));
        return;
      }
      assert.ok(prepared.problems.length > 0);
      for (const p of prepared.problems) assert.ok(p.field && p.reason && p.allowed, JSON.stringify(p));
    }), { numRuns: 300 });
  });

  it('every field set to an empty, zero, negative or null value on top of each preset renders or is rejected with complete messages', () => {
    for (const preset of PRESET_NAMES) {
      for (const key of ANSWER_KEYS) {
        for (const value of EDGE_VALUES) {
          const prepared = prepare({ preset, answers: { [key]: value } });
          if (prepared.ok) continue;
          assert.ok(prepared.problems.length > 0);
          for (const p of prepared.problems) assert.ok(p.field && p.reason && p.allowed, `${preset} ${key}=${JSON.stringify(value)}: ${JSON.stringify(p)}`);
        }
      }
    }
  });

  it('are either written whole or not at all', () => {
    const root = tempDir('prop');
    let index = 0;
    fc.assert(fc.property(answersArbitrary, (input) => {
      const dir = join(root, String(index++));
      const prepared = prepare({ stored: input });
      if (!prepared.ok) {
        assert.ok(!existsSync(dir));
        return;
      }
      applyWrite(planWrite(dir, prepared.files), prepared.files, { force: false });
      assert.deepEqual(readTree(dir), new Map(prepared.files));
    }), { numRuns: 60 });
  });
});
