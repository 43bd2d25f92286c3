// `tap-dr update` with this version: changed answers, refusals and the base that cannot be reproduced.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { TIER_FILES } from '../../generator/render/file-rules';
import { prepare } from '../../generator/prepare';
import { PACKAGE_VERSION } from '../../generator/package-root';
import { render, SKELETON_DIR } from '../../generator/render/render';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { PRESETS } from '../../generator/answers/presets';
import { TEAM_DOMAIN_SETS } from '../helpers/team-domain';
import { tempDir } from '../helpers/tmp';
import { BIN, commitAll, repoTree, ensureBuilt, git, isolatedEnv, readText, runBin, versionInCache, writeText } from './fixtures';

const TEAM_CONFIG = '  team:oncallRotation: dba-primary\n';

describe('tap-dr update with this version', () => {
  const work = tempDir('update');
  const env = isolatedEnv(join(work, 'cache'));
  let count = 0;
  /** A repository rendered from the trading preset and committed, in a folder of its own. */
  function generated(...sets: string[]): string {
    const dir = join(work, `repo-${(count += 1)}`);
    const run = runBin(BIN, ['new', dir, '--preset', 'trading', ...sets.flatMap((s) => ['--set', s])], work, env);
    assert.equal(run.code, 0, run.stderr);
    commitAll(dir, 'generated', env);
    return dir;
  }
  const update = (dir: string, ...args: string[]) => runBin(BIN, ['update', dir, ...args], work, env);
  const plan = (dir: string, ...args: string[]) => {
    const run = update(dir, '--json', ...args);
    return { ...run, body: JSON.parse(run.stdout) as { files: Array<{ path: string; action: string; from?: string; reason: string }>; written: string[]; removed: string[]; problems?: Array<{ field: string }>; reason?: string } };
  };
  const expectedRender = (sets: string[]) => {
    const prepared = prepare({ preset: 'trading', sets });
    assert.ok(prepared.ok);
    return prepared.files;
  };

  before(ensureBuilt);
  after(() => rmSync(work, { recursive: true, force: true }));

  it('same version, same answers: nothing changes, not even a modification time', () => {
    const dir = generated();
    writeFileSync(join(dir, 'README.md'), `${readText(dir, 'README.md')}\nOur own notes.\n`);
    commitAll(dir, 'notes', env);
    const before = repoTree(dir);
    const mtimes = new Map([...before.keys()].map((p) => [p, statSync(join(dir, p)).mtimeMs]));
    const { code, body, stderr } = plan(dir);
    assert.equal(code, 0, stderr);
    assert.deepEqual([body.written, body.removed], [[], []]);
    assert.deepEqual(body.files.filter((f) => f.action !== 'unchanged').map((f) => [f.path, f.action]), [['README.md', 'kept']]);
    assert.deepEqual(repoTree(dir), before);
    for (const [path, mtime] of mtimes) assert.equal(statSync(join(dir, path)).mtimeMs, mtime, `${path} was touched`);
  });

  it('--set eventBridge=true adds the tier\'s files, dependencies and lockfile, and merges Pulumi.dev.yaml keeping the team\'s own keys', () => {
    const dir = generated();
    writeFileSync(join(dir, 'Pulumi.dev.yaml'), readText(dir, 'Pulumi.dev.yaml') + TEAM_CONFIG);
    commitAll(dir, 'our config', env);
    const { code, body, stderr } = plan(dir, '--set', 'eventBridge=true');
    assert.equal(code, 0, stderr);
    const expected = expectedRender(['eventBridge=true']);
    for (const path of TIER_FILES.eventBridge) {
      assert.ok(repoTree(dir).get(path)?.equals(expected.get(path) as Buffer), `${path} is created`);
      assert.equal(body.files.find((f) => f.path === path)?.action, 'created');
    }
    const manifest = JSON.parse(readText(dir, 'package.json'));
    assert.ok(manifest.devDependencies['@aws-sdk/client-eventbridge']);
    assert.equal(readText(dir, 'package-lock.json'), expected.get('package-lock.json')!.toString(), "the template's lockfile for the new package.json");
    assert.ok(JSON.parse(readText(dir, 'package-lock.json')).packages['node_modules/@aws-sdk/client-eventbridge']);
    assert.equal(readText(dir, 'Pulumi.dev.yaml'), expected.get('Pulumi.dev.yaml')!.toString() + TEAM_CONFIG);
    assert.equal(parse(readText(dir, 'Pulumi.dev.yaml')).config['TapStack:eventBridge'], true);
    assert.equal(body.files.find((f) => f.path === 'Pulumi.dev.yaml')?.action, 'merged');
    assert.equal(JSON.parse(readText(dir, '.yo-rc.json'))['generator-tap-dr'].answers.eventBridge, true);
  });

  it('switching the tier off removes only the tier\'s files the team did not edit', () => {
    const dir = generated('eventBridge=true');
    const edited = 'lib/event-forwarding.ts';
    writeFileSync(join(dir, edited), `${readText(dir, edited)}// team: we route audit events too\n`);
    commitAll(dir, 'our change to the tier', env);
    const { code, body, stderr } = plan(dir, '--set', 'eventBridge=false');
    assert.equal(code, 0, stderr);
    for (const path of TIER_FILES.eventBridge) {
      if (path === edited) continue;
      assert.ok(!existsSync(join(dir, path)), `${path} is removed`);
      assert.equal(body.files.find((f) => f.path === path)?.action, 'removed');
    }
    assert.ok(existsSync(join(dir, edited)));
    assert.deepEqual(body.files.find((f) => f.path === edited), { path: edited, action: 'kept', reason: 'the template no longer renders it; you edited it, so it stays' });
    assert.equal(JSON.parse(readText(dir, 'package-lock.json')).packages['node_modules/@aws-sdk/client-eventbridge'], undefined);
  });

  it('a folder the removals empty goes too (appTier off: lambda/health/)', () => {
    const dir = generated('appTier=true', ...TEAM_DOMAIN_SETS);
    assert.ok(existsSync(join(dir, 'lambda/health/handler.ts')));
    assert.equal(update(dir, '--set', 'appTier=false').code, 0);
    assert.ok(!existsSync(join(dir, 'lambda/health')));
    assert.ok(existsSync(join(dir, 'lambda/canary')));
  });

  it('--set stack=prod moves Pulumi.dev.yaml to Pulumi.prod.yaml with the team\'s edits', () => {
    const dir = generated();
    writeFileSync(join(dir, 'Pulumi.dev.yaml'), readText(dir, 'Pulumi.dev.yaml') + TEAM_CONFIG);
    commitAll(dir, 'our config', env);
    const { code, body, stderr } = plan(dir, '--set', 'stack=prod');
    assert.equal(code, 0, stderr);
    assert.ok(!existsSync(join(dir, 'Pulumi.dev.yaml')));
    assert.equal(readText(dir, 'Pulumi.prod.yaml'), expectedRender(['stack=prod']).get('Pulumi.prod.yaml')!.toString() + TEAM_CONFIG);
    // Both sides changed it when the stack name is also in the file's text; else only the team did.
    const templateChanged = !expectedRender([]).get('Pulumi.dev.yaml')!.equals(expectedRender(['stack=prod']).get('Pulumi.prod.yaml') as Buffer);
    assert.deepEqual(body.files.filter((f) => f.path.startsWith('Pulumi.') && f.path !== 'Pulumi.yaml').map((f) => [f.path, f.action, f.from]), [
      ['Pulumi.dev.yaml', 'removed', undefined],
      ['Pulumi.prod.yaml', templateChanged ? 'merged' : 'kept', 'Pulumi.dev.yaml'],
    ]);
  });

  it('a dirty work tree is refused: exit 2, nothing written', () => {
    const dir = generated();
    writeFileSync(join(dir, 'README.md'), 'uncommitted\n');
    const before = repoTree(dir);
    const run = update(dir, '--set', 'eventBridge=true');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has uncommitted changes \(M README\.md\)\. Allowed: a clean git work tree: commit or stash/);
    assert.deepEqual(repoTree(dir), before);
  });

  it('invalid --set values are all reported at once, as tap-dr new does: exit 2, nothing written', () => {
    const dir = generated();
    const before = repoTree(dir);
    const run = update(dir, '--set', 'azCount=7', '--set', 'secondaryRegion=us-east-1', '--set', 'colour=blue');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /tap-dr update: 3 problems; nothing was written\./);
    assert.match(run.stderr, /azCount = 7: is too large/);
    assert.match(run.stderr, /secondaryRegion = "us-east-1": is the same as the primary region/);
    assert.match(run.stderr, /colour = "blue": is not an answer this template knows/);
    assert.deepEqual(repoTree(dir), before);
  });

  it('a repository rendered by a newer version is never downgraded (exit 2), and --to-version must be a version', () => {
    const dir = join(work, 'newer');
    for (const [path, bytes] of render(parseAnswers(PRESETS.trading.answers), { skeletonDir: SKELETON_DIR, version: '99.0.0' })) writeText(dir, path, bytes.toString());
    const run = update(dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`version = "${PACKAGE_VERSION.replaceAll('.', '\\.')}": is older than 99\\.0\\.0, the version that rendered this repository: an update never downgrades`));
    assert.match(update(dir, '--to-version', 'latest').stderr, /--to-version = "latest": is not a version/);
    assert.equal(runBin(BIN, ['update', join(work, 'nowhere')], work, env).code, 2);
  });

  it('--to-version renders the new files with that version of the generator (here a newer one in the version cache); an older one is refused', () => {
    const dir = generated();
    const newer = '99.0.0-test.1';
    versionInCache(join(work, 'cache'), newer, (skeleton) => writeText(skeleton, 'docs/new-in-99.md', '# Only the newer template has this page\n'));
    const refused = update(dir, '--to-version', '0.0.1');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, new RegExp(`--to-version = "0\\.0\\.1": is older than ${PACKAGE_VERSION.replaceAll('.', '\\.')}, the version that rendered this repository`));
    const { code, body, stderr } = plan(dir, '--to-version', newer);
    assert.equal(code, 0, stderr);
    assert.equal(body.files.find((f) => f.path === 'docs/new-in-99.md')?.action, 'created');
    assert.equal(readText(dir, 'docs/new-in-99.md'), '# Only the newer template has this page\n');
    assert.equal(JSON.parse(readText(dir, '.yo-rc.json'))['generator-tap-dr'].version, newer);
    assert.match(readText(dir, 'catalog-info.yaml'), /tap-dr\/generator-version: "99\.0\.0-test\.1"/);
  });

  it('a version the cache and the registry cannot give: exit 3 with the reason, nothing written; --base <git-ref> takes the base from git', () => {
    const dir = generated();
    const record = JSON.parse(readText(dir, '.yo-rc.json'));
    record['generator-tap-dr'].version = '0.0.0-gone';
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify(record, null, 2)}\n`);
    writeFileSync(join(dir, 'README.md'), `${readText(dir, 'README.md')}Ours.\n`);
    commitAll(dir, 'a record from a version that cannot be installed, and our edit', env);
    const before = repoTree(dir);
    const run = update(dir);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /the base cannot be reproduced: generator-tap-dr@0\.0\.0-gone .*npm could not install generator-tap-dr@0\.0\.0-gone/);
    assert.match(run.stderr, /Pass --base <git-ref>/);
    assert.deepEqual(repoTree(dir), before);

    const first = git(dir, ['rev-list', '--max-parents=0', 'HEAD'], env).trim();
    const fromGit = plan(dir, '--base', first, '--set', 'eventBridge=true');
    assert.equal(fromGit.code, 0, fromGit.stderr);
    assert.match(readText(dir, 'README.md'), /Ours\.\n$/);
    assert.ok(existsSync(join(dir, 'lib/event-forwarding.ts')));
    assert.equal(JSON.parse(readText(dir, '.yo-rc.json'))['generator-tap-dr'].version, PACKAGE_VERSION);
    commitAll(dir, 'updated', env);
    const missingRef = update(dir, '--base', 'no-such-ref');
    assert.equal(missingRef.code, 3, missingRef.stderr);
    assert.match(missingRef.stderr, /--base no-such-ref: git ls-tree no-such-ref: /);
  });

  it('answers edited by hand in .yo-rc.json no longer match the manifest: exit 3 naming the files', () => {
    const dir = generated();
    const record = JSON.parse(readText(dir, '.yo-rc.json'));
    record['generator-tap-dr'].answers.azCount = 2;
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify(record, null, 2)}\n`);
    commitAll(dir, 'edited the answers by hand', env);
    const { code, body } = plan(dir);
    assert.equal(code, 3);
    assert.match(body.reason as string, /renders the answers in \.yo-rc\.json differently from its manifest in \d+ files \(.*Pulumi\.dev\.yaml.*\)\. Were the answers in \.yo-rc\.json edited by hand\?/);
  });

  it('a record without a manifest (an earlier version) cannot be checked: exit 3 pointing at --base', () => {
    const dir = generated();
    const record = JSON.parse(readText(dir, '.yo-rc.json'));
    delete record['generator-tap-dr'].manifest;
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify(record, null, 2)}\n`);
    commitAll(dir, 'an old record', env);
    const run = update(dir);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /has no manifest of the rendered files .* Pass --base <git-ref>/);
    assert.equal(update(dir, '--base', 'HEAD').code, 0);
  });

  it('other generators\' entries in .yo-rc.json are kept', () => {
    const dir = generated();
    const record = JSON.parse(readText(dir, '.yo-rc.json'));
    writeFileSync(join(dir, '.yo-rc.json'), `${JSON.stringify({ 'generator-other': { x: 1 }, ...record }, null, 2)}\n`);
    commitAll(dir, 'another generator', env);
    assert.equal(update(dir, '--set', 'azCount=2').code, 0);
    const after = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
    assert.deepEqual(Object.keys(after), ['generator-other', 'generator-tap-dr']);
    assert.equal(after['generator-tap-dr'].answers.azCount, 2);
  });
});
