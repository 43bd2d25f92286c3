import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
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
