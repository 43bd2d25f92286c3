import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { AnswerSources } from '../../generator/answers/collect';
import { prepare } from '../../generator/prepare';
import { UNION_LOCKFILE, lockfileVariants, renderLockfile, unionManifest } from '../../generator/render/lockfiles';
import { LockfileMismatchError, type Lockfile, type PackageManifest } from '../../generator/render/prune-lockfile';
import { SKELETON_DIR, renderSkeletonFile } from '../../generator/render/render';
import { healthcareSources } from '../helpers/team-domain';
import { tempDir } from '../helpers/tmp';

const STALE = `the lockfile no longer matches skeleton/package.json.ejs: run \`npm run lockfiles\` and commit skeleton/${UNION_LOCKFILE}`;

const union = JSON.parse(readFileSync(join(SKELETON_DIR, UNION_LOCKFILE), 'utf8')) as Lockfile;

function rendered(sources: AnswerSources) {
  const prepared = prepare(sources, { drawGraph: false });
  assert.ok(prepared.ok);
  const text = (path: string) => prepared.files.get(path)?.toString() as string;
  return { answers: prepared.answers, files: prepared.files, manifest: JSON.parse(text('package.json')), lockText: text('package-lock.json'), lock: JSON.parse(text('package-lock.json')) as Lockfile };
}

/** Answer sets that differ in what package.json depends on. */
const ANSWER_SETS: ReadonlyArray<[string, AnswerSources]> = [
  ['trading', { preset: 'trading' }],
  ['healthcare (every tier)', healthcareSources()],
  ['aurora-mysql', { preset: 'trading', sets: ['engine=aurora-mysql'] }],
  ['aurora-mysql with EventBridge', { preset: 'trading', sets: ['engine=aurora-mysql', 'eventBridge=true'] }],
  ['every tier off, other name', healthcareSources(['appTier=false', 'eventBridge=false', 'dashboard=false', 'name=@bank/payments-dr'])],
];

describe(`skeleton/${UNION_LOCKFILE}`, () => {
  it('is resolved for every dependency package.json.ejs can declare today', () => {
    const manifests = lockfileVariants().map((answers) => JSON.parse(renderSkeletonFile('package.json.ejs', answers).toString('utf8')) as PackageManifest);
    const expected = unionManifest(manifests);
    assert.deepEqual(union.packages['']?.dependencies, expected.dependencies, STALE);
    assert.deepEqual(union.packages['']?.devDependencies, expected.devDependencies, STALE);
    for (const engineDependency of ['pg', 'mysql2', '@aws-sdk/client-eventbridge']) assert.ok(union.packages[`node_modules/${engineDependency}`], engineDependency);
  });

  it('the answer sets cover both engines and every combination of the yes/no answers', () => {
    const variants = lockfileVariants();
    assert.deepEqual(new Set(variants.map((a) => a.engine)), new Set(['aurora-postgresql', 'aurora-mysql']));
    assert.ok(variants.some((a) => a.appTier && a.eventBridge && a.dashboard) && variants.some((a) => !a.appTier && !a.eventBridge && !a.dashboard));
  });
});

describe('the generated package-lock.json', () => {
  for (const [label, sources] of ANSWER_SETS) {
    it(`${label}: names the package, locks exactly what package.json declares, and is what npm itself writes for it`, () => {
      const { answers, files, manifest, lock, lockText } = rendered(sources);
      assert.equal(lock.lockfileVersion, 3);
      assert.equal(lock.name, answers.name);
      const root = lock.packages[''];
      assert.equal(root?.name, answers.name);
      assert.deepEqual(root?.dependencies, manifest.dependencies, STALE);
      assert.deepEqual(root?.devDependencies, manifest.devDependencies, STALE);
      for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })) {
        assert.ok(lock.packages[`node_modules/${dependency}`]?.version, `${dependency} is not resolved in the lockfile; ${STALE}`);
      }
      // npm, offline, given this package.json and lockfile: it keeps every package and flag as they are.
      const dir = tempDir('lock');
      try {
        writeFileSync(join(dir, 'package.json'), files.get('package.json') as Buffer);
        writeFileSync(join(dir, 'package-lock.json'), lockText);
        const npm = spawnSync('npm', ['install', '--package-lock-only', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
        assert.equal(npm.status, 0, npm.stderr);
        assert.equal(readFileSync(join(dir, 'package-lock.json'), 'utf8'), lockText, 'npm changed the pruned lockfile');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('holds only the driver of its engine and the EventBridge clients only with the tier', () => {
    for (const [label, sources] of ANSWER_SETS) {
      const { answers, lock } = rendered(sources);
      const has = (name: string) => lock.packages[`node_modules/${name}`] !== undefined;
      assert.equal(has('pg'), answers.engine === 'aurora-postgresql', `${label}: pg`);
      assert.equal(has('mysql2'), answers.engine === 'aurora-mysql', `${label}: mysql2`);
      assert.equal(has('@aws-sdk/client-eventbridge'), answers.eventBridge, `${label}: EventBridge client`);
      assert.ok(Object.keys(lock.packages).length < Object.keys(union.packages).length, `${label}: pruned`);
    }
  });

  it('is rendered once, as package-lock.json; the union lockfile itself is never a file of the repository', () => {
    const { files } = rendered(healthcareSources());
    assert.deepEqual([...files.keys()].filter((path) => path.startsWith('package-lock')), ['package-lock.json']);
  });

  it('a package.json asking for a dependency the union lockfile lacks fails with the name, not with a broken lockfile', () => {
    const manifest = { name: 'x', version: '0.1.0', dependencies: { 'left-pad-not-in-the-lock': '^1.0.0' } };
    assert.throws(() => renderLockfile(Buffer.from(JSON.stringify(union)), Buffer.from(JSON.stringify(manifest))), (error: Error) => {
      assert.ok(error instanceof LockfileMismatchError);
      assert.match(error.message, /left-pad-not-in-the-lock \(needed by the root package\)/);
      return true;
    });
  });
});
