// A template upgrade end to end: a repository rendered by an older version of this package (built from a
// modified copy of skeleton/ and placed in the version cache, so no registry is needed), edited and
// committed by its team, then `tap-dr update` with this version.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prepare } from '../../generator/prepare';
import { PACKAGE_VERSION } from '../../generator/package-root';
import { HEALTHCARE_ARGS } from '../helpers/team-domain';
import { tempDir } from '../helpers/tmp';
import { BIN, commitAll, repoTree, ensureBuilt, isolatedEnv, readText, runBin, versionInCache, writeText } from './fixtures';

const OLD = '0.0.0-test.1';
const OLD_HEADER = '// a line of the old template\n';
const prepend = (dir: string, path: string, text: string) => writeFileSync(join(dir, path), text + readFileSync(join(dir, path), 'utf8'));

/** How the old template differs from this one. */
function oldTemplate(skeleton: string): void {
  for (const path of ['lib/subnets.ts', 'lib/network.ts', 'lib/regions.ts', 'lib/encryption.ts', 'lib/credentials.ts']) prepend(skeleton, path, OLD_HEADER);
  writeText(skeleton, 'docs/retired.md', '# A page the template no longer ships\n');
  writeText(skeleton, 'docs/retired-notes.md', '# Another page the template no longer ships\n');
}

/** The team's edits, committed before the update. */
const TEAM_FOOTER = '\n// team: reviewed by the DBA team\n';
function teamEdits(repo: string): void {
  writeFileSync(join(repo, 'lib/network.ts'), readText(repo, 'lib/network.ts') + TEAM_FOOTER); // other lines than the template's change
  writeFileSync(join(repo, 'lib/regions.ts'), readText(repo, 'lib/regions.ts').replace(OLD_HEADER, '// the team rewrote this line\n')); // the same line
  writeFileSync(join(repo, 'lib/encryption.ts'), readText(repo, 'lib/encryption.ts').replace(OLD_HEADER, '')); // the template's own change
  writeFileSync(join(repo, 'docs/retired-notes.md'), `${readText(repo, 'docs/retired-notes.md')}We still link here.\n`);
  unlinkSync(join(repo, 'lib/credentials.ts'));
  writeFileSync(join(repo, 'lib/tap-stack.ts'), `${readText(repo, 'lib/tap-stack.ts')}// team: our own note\n`);
}

describe(`tap-dr update from ${OLD} (an older template) to this version`, () => {
  const work = tempDir('upgrade');
  const cache = join(work, 'cache');
  const env = isolatedEnv(cache);
  const repo = join(work, 'repo');
  let oldBin: string;
  let teamTree: Map<string, Buffer>;
  const current = prepare({ preset: 'trading' });
  assert.ok(current.ok);
  const expected = current.files;

  before(() => {
    ensureBuilt();
    oldBin = versionInCache(cache, OLD, oldTemplate);
    const rendered = runBin(oldBin, ['new', repo, '--preset', 'trading'], work, env);
    assert.equal(rendered.code, 0, rendered.stderr);
    commitAll(repo, `rendered by ${OLD}`, env);
    teamEdits(repo);
    commitAll(repo, 'the team edits', env);
    teamTree = repoTree(repo);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('the old version recorded itself: its version and a manifest of its render', () => {
    const record = JSON.parse(teamTree.get('.yo-rc.json')!.toString())['generator-tap-dr'];
    assert.equal(record.version, OLD);
    assert.ok(record.manifest['docs/retired.md']);
    assert.match(teamTree.get('catalog-info.yaml')!.toString(), new RegExp(`tap-dr/generator-version: "${OLD.replaceAll('.', '\\.')}"`));
  });

  let dryRun: Record<string, unknown>;
  it('--dry-run --json prints the plan and writes nothing', () => {
    const run = runBin(BIN, ['update', repo, '--dry-run', '--json'], work, env);
    assert.equal(run.code, 1, run.stderr);
    dryRun = JSON.parse(run.stdout);
    assert.deepEqual(repoTree(repo), teamTree);
    const actions = Object.fromEntries((dryRun.files as Array<{ path: string; action: string }>).map((f) => [f.path, f.action]));
    assert.deepEqual(
      { subnets: actions['lib/subnets.ts'], network: actions['lib/network.ts'], regions: actions['lib/regions.ts'], encryption: actions['lib/encryption.ts'], retired: actions['docs/retired.md'], notes: actions['docs/retired-notes.md'], credentials: actions['lib/credentials.ts'], stack: actions['lib/tap-stack.ts'] },
      { subnets: 'updated', network: 'merged', regions: 'conflict', encryption: 'unchanged', retired: 'removed', notes: 'kept', credentials: 'kept', stack: 'kept' },
    );
  });

  it('the real run does what the dry run planned, exits 1 for the conflict and names the next step', () => {
    const run = runBin(BIN, ['update', repo, '--json'], work, env);
    assert.equal(run.code, 1, run.stderr);
    const real = JSON.parse(run.stdout);
    assert.deepEqual({ ...real, dryRun: undefined }, { ...dryRun, dryRun: undefined });
    assert.match(run.stderr, /1 file with conflicts:\n {2}- lib\/regions\.ts: changed by you and by the template; 1 conflicting region marked/);
    assert.match(run.stderr, /Running tap-dr update again afterwards changes nothing/);
    const after = repoTree(repo);
    for (const path of real.written) assert.ok(after.has(path), `${path} was written`);
    for (const path of real.removed) assert.ok(!after.has(path), `${path} was removed`);
  });

  it('a template-only change is applied; every file the team did not touch is now this version\'s render', () => {
    const after = repoTree(repo);
    const teamTouched = new Set(['lib/network.ts', 'lib/regions.ts', 'docs/retired-notes.md', 'lib/credentials.ts', 'lib/tap-stack.ts']);
    for (const [path, bytes] of expected) {
      if (teamTouched.has(path)) continue;
      assert.ok(after.get(path)?.equals(bytes), `${path} is not this version's render`);
    }
    assert.doesNotMatch(readText(repo, 'lib/subnets.ts'), /old template/);
    assert.match(readText(repo, 'catalog-info.yaml'), new RegExp(`tap-dr/generator-version: "${PACKAGE_VERSION.replaceAll('.', '\\.')}"`));
  });

  it('team and template changing different lines merge cleanly; the same change on both sides is no conflict', () => {
    assert.equal(readText(repo, 'lib/network.ts'), expected.get('lib/network.ts')!.toString() + TEAM_FOOTER);
    assert.equal(readText(repo, 'lib/encryption.ts'), expected.get('lib/encryption.ts')!.toString());
  });

  it('the same lines changed on both sides get git-style markers labelled with the versions', () => {
    const text = readText(repo, 'lib/regions.ts');
    assert.ok(text.startsWith(`<<<<<<< yours\n// the team rewrote this line\n||||||| generator-tap-dr@${OLD} (base)\n${OLD_HEADER}=======\n>>>>>>> generator-tap-dr@${PACKAGE_VERSION}\n`), text.slice(0, 400));
    assert.ok(text.endsWith(expected.get('lib/regions.ts')!.toString()));
  });

  it('a team-only edit is kept byte for byte; a file the team deleted stays deleted', () => {
    assert.ok(repoTree(repo).get('lib/tap-stack.ts')?.equals(teamTree.get('lib/tap-stack.ts') as Buffer));
    assert.ok(!existsSync(join(repo, 'lib/credentials.ts')));
  });

  it('a file the template dropped is removed when unedited, kept when the team edited it', () => {
    assert.ok(!existsSync(join(repo, 'docs/retired.md')));
    assert.equal(readText(repo, 'docs/retired-notes.md'), '# Another page the template no longer ships\nWe still link here.\n');
  });

  it('.yo-rc.json now records this version, the same answers and the manifest of this version\'s render', () => {
    assert.ok(repoTree(repo).get('.yo-rc.json')?.equals(expected.get('.yo-rc.json') as Buffer));
  });

  it('refuses to run again while conflict markers are left (exit 2, nothing written)', () => {
    commitAll(repo, 'update with a conflict left in', env);
    const before = repoTree(repo);
    const run = runBin(BIN, ['update', repo], work, env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has unresolved conflict markers in lib\/regions\.ts/);
    assert.deepEqual(repoTree(repo), before);
  });

  it('after the team resolves the conflict and commits, a second run is a no-op', () => {
    writeFileSync(join(repo, 'lib/regions.ts'), `// the team rewrote this line\n${expected.get('lib/regions.ts')!.toString()}`);
    commitAll(repo, 'conflict resolved', env);
    const before = repoTree(repo);
    const run = runBin(BIN, ['update', repo, '--json'], work, env);
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.deepEqual([plan.written, plan.removed], [[], []]);
    assert.deepEqual(repoTree(repo), before);
  });

  it('tap-dr check exits 1 for a repository rendered by an older version, 0 once it is updated', () => {
    const fresh = join(work, 'fresh');
    assert.equal(runBin(oldBin, ['new', fresh, ...HEALTHCARE_ARGS], work, env).code, 0);
    const behind = runBin(BIN, ['check', fresh], work, env);
    assert.equal(behind.code, 1, behind.stderr);
    assert.match(behind.stdout, new RegExp(`rendered by generator-tap-dr ${OLD.replaceAll('.', '\\.')}; ${PACKAGE_VERSION.replaceAll('.', '\\.')} is available\\. Update: npx --package generator-tap-dr@`));
    assert.match(behind.stderr, /the registry could not be asked/);
    const upToDate = runBin(BIN, ['check', repo, '--json'], work, env);
    assert.equal(upToDate.code, 0, upToDate.stderr);
    assert.equal(JSON.parse(upToDate.stdout).behind, false);
    assert.equal(runBin(BIN, ['check', work], work, env).code, 2);
  });
});
