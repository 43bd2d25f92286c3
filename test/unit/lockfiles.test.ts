import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerSources } from '../../generator/answers/collect';
import { prepare } from '../../generator/prepare';
import { LOCKFILE_VARIANTS } from '../../generator/render/lockfiles';
import { healthcareSources } from '../helpers/team-domain';

const STALE = 'the lockfile no longer matches skeleton/package.json.ejs: run `npm run lockfiles` and commit skeleton/package-lock-*.json.ejs';

interface Lock {
  name: string;
  lockfileVersion: number;
  packages: Record<string, { name?: string; version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>;
}

function rendered(sources: AnswerSources) {
  const prepared = prepare(sources);
  assert.ok(prepared.ok);
  const text = (path: string) => prepared.files.get(path)?.toString();
  return { answers: prepared.answers, files: prepared.files, manifest: JSON.parse(text('package.json') as string), lock: JSON.parse(text('package-lock.json') as string) as Lock };
}

/** Answer sets whose dependencies must be covered by a lockfile variant (each differs in what package.json may depend on). */
const ANSWER_SETS: ReadonlyArray<[string, AnswerSources]> = [
  ...LOCKFILE_VARIANTS.map((v): [string, AnswerSources] => [v.source, v.sources]),
  ['healthcare', healthcareSources()],
  ['trading, other name', { preset: 'trading', sets: ['name=@bank/payments-dr'] }],
];

describe('the generated package-lock.json', () => {
  for (const [label, sources] of ANSWER_SETS) {
    it(`${label}: names the package and locks exactly the dependencies package.json declares`, () => {
      const { answers, manifest, lock } = rendered(sources);
      assert.equal(lock.lockfileVersion, 3);
      assert.equal(lock.name, answers.name);
      const root = lock.packages[''];
      assert.equal(root?.name, answers.name);
      assert.deepEqual(root?.dependencies, manifest.dependencies, STALE);
      assert.deepEqual(root?.devDependencies, manifest.devDependencies, STALE);
      for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
        assert.ok(lock.packages[`node_modules/${dependency}`]?.version, `${dependency} is not resolved in the lockfile; ${STALE}`);
      }
    });
  }

  it('is rendered once, under its real name, for the engine and tiers it was resolved for', () => {
    for (const variant of LOCKFILE_VARIANTS) {
      const { files } = rendered(variant.sources);
      assert.ok(files.has('package-lock.json'));
      assert.deepEqual([...files.keys()].filter((path) => path.startsWith('package-lock')), ['package-lock.json']);
    }
    for (const variant of LOCKFILE_VARIANTS) {
      const { answers, lock } = rendered(variant.sources);
      const has = (name: string) => lock.packages[`node_modules/${name}`] !== undefined;
      assert.equal(has('pg'), answers.engine === 'aurora-postgresql', `${variant.source}: pg`);
      assert.equal(has('mysql2'), answers.engine === 'aurora-mysql', `${variant.source}: mysql2`);
      assert.equal(has('@aws-sdk/client-eventbridge'), answers.eventBridge, `${variant.source}: EventBridge client`);
    }
  });
});
