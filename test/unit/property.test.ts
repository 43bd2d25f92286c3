import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'yaml';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { prepare } from '../../generator/prepare';
import { applyWrite, planWrite } from '../../generator/render/write';
import { ANSWER_KEYS, FIELDS, type FieldInfo } from '../../skeleton/lib/config/answers-schema';
import { loadStackConfig } from '../../skeleton/lib/config/stack-config';
import { validateAnswers } from '../../skeleton/lib/config/validate';
import { TEAM_DOMAIN } from '../helpers/team-domain';
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
// A preset with a few fields changed: empty, zero and negative values often, as those are what a
// falsy check lets through.
const edgeOrAny = fc.oneof({ arbitrary: fc.constantFrom(...EDGE_VALUES), weight: 1 }, { arbitrary: anyValue, weight: 2 });
// The team's public domain sits in the weakest layer (as if stored by an earlier run), so presets with
// the application tier render and a changed field can still override it.
const TEAM = { publicDomainName: TEAM_DOMAIN };
const changedPreset = fc.record({ stored: fc.constant(TEAM), preset: fc.constantFrom(...PRESET_NAMES), answers: fc.dictionary(fc.constantFrom(...ANSWER_KEYS), edgeOrAny, { maxKeys: 3 }) });
/**
 * Thousands of renders: without the documents drawn from the preview graph (a child process each);
 * test/unit/graph-docs.test.ts and the render matrix check those.
 */
const UNDRAWN = { drawGraph: false } as const;
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
    fc.assert(fc.property(changedPreset, (sources) => {
      const prepared = prepare(sources, UNDRAWN);
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
          const prepared = prepare({ stored: TEAM, preset, answers: { [key]: value } }, UNDRAWN);
          if (prepared.ok) continue;
          assert.ok(prepared.problems.length > 0);
          for (const p of prepared.problems) assert.ok(p.field && p.reason && p.allowed, `${preset} ${key}=${JSON.stringify(value)}: ${JSON.stringify(p)}`);
        }
      }
    }
  });

  it('are read back by the generated program from Pulumi.<stack>.yaml exactly as the generator rendered them', () => {
    // Text that YAML or JSON could take for another type: numbers, booleans, null, quotes, colons.
    const awkwardText = fc.oneof(fc.constantFrom('123', '1e3', 'true', 'null', 'no', '0x1F', 'a: b', '"q"', '#x', '- y', '{}', ' pad ', 'é東'), fc.string({ maxLength: 10 }));
    const rendered = fc.record({
      stored: fc.constant(TEAM),
      preset: fc.constantFrom(...PRESET_NAMES),
      answers: fc.record({ tags: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/), awkwardText, { maxKeys: 3 }) }),
      sets: fc.subarray(['environmentSuffix=123', 'environmentSuffix=0x1f', 'azCount=2', 'natGatewayCount=0', 'appTier=true', 'eventBridge=true', 'dashboard=false', 'engine=aurora-mysql']),
    });
    fc.assert(fc.property(fc.oneof(rendered, changedPreset), (sources) => {
      const prepared = prepare(sources, UNDRAWN);
      if (!prepared.ok) return;
      const { answers } = prepared;
      const file = prepared.files.get(`Pulumi.${answers.stack}.yaml`);
      assert.ok(file, `Pulumi.${answers.stack}.yaml is rendered`);
      // As the Pulumi CLI hands the config to the program: numbers and booleans as text, maps as JSON.
      const { config } = parse(file.toString()) as { config: Record<string, unknown> };
      const text = Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
      const loaded = loadStackConfig({ config: text, stack: answers.stack, env: {} });
      for (const key of ANSWER_KEYS) {
        const info: FieldInfo = FIELDS[key].info;
        const tier = info.tier;
        if (tier && !answers[tier]) continue; // left out of the file: the program takes the default
        assert.deepEqual(loaded[key], answers[key], key);
      }
    }), { numRuns: 200 });
  });

  it('are either written whole or not at all', () => {
    const root = tempDir('prop');
    let index = 0;
    fc.assert(fc.property(answersArbitrary, (input) => {
      const dir = join(root, String(index++));
      const prepared = prepare({ stored: input }, UNDRAWN);
      if (!prepared.ok) {
        assert.ok(!existsSync(dir));
        return;
      }
      applyWrite(planWrite(dir, prepared.files), prepared.files, { force: false });
      assert.deepEqual(readTree(dir), new Map(prepared.files));
    }), { numRuns: 60 });
  });
});
