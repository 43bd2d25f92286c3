// The real thing: `npm i -g yo generator-tap-dr` from this package's tarball, then `yo tap-dr` as an
// ordinary user (yo refuses root), with no TTY. Needs the npm registry for yo and the dependencies.
import assert from 'node:assert/strict';
import { appendFileSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AS_ROOT, NODE_DIR, ROOT, USER_ID, installGlobalYo, sh, userDir, type Core, type GlobalYo, type RunResult } from '../helpers/global-yo';
import { readTree } from '../helpers/tmp';
import { TEAM_DOMAIN, TEAM_DOMAIN_SETS, healthcareSources } from '../helpers/team-domain';

const MINUTE = 60_000;
let installed: GlobalYo;
let work: string;
/**
 * Expected bytes come from the core in the tarball, not from this checkout: the skeleton may change
 * in the working tree while the test runs, and the tarball is what users get.
 */
let core: Core;
let userHome: string;
const timings: Record<string, number> = {};

function runYo(args: string[], cwd: string, label: string): RunResult {
  const result = installed.run(args, cwd, label);
  timings[label] = Math.round(result.ms);
  return result;
}

describe('yo tap-dr from the packed tarball, installed globally with yo@7', { timeout: 20 * MINUTE }, () => {
  before(async () => {
    installed = await installGlobalYo();
    ({ work, core, userHome } = installed);
    timings['npm install -g yo@7 <tarball>'] = Math.round(installed.installMs);
  });

  after(() => {
    console.log(`timings (ms): ${JSON.stringify(timings)}`);
  });

  it('`yo tap-dr --preset healthcare --yes` as an ordinary user writes the core render, owned by that user', () => {
    const project = userDir(join(work, 'projects/healthcare'));
    const run = runYo(['tap-dr', '--preset', 'healthcare', '--public-domain-name', TEAM_DOMAIN, '--yes'], project, 'yo tap-dr --preset healthcare --public-domain-name … --yes');
    assert.equal(run.code, 0, run.output);
    const expected = core.prepare(healthcareSources());
    assert.ok(expected.ok);
    const written = readTree(project);
    assert.deepEqual([...written.keys()].sort(), [...expected.files.keys()].sort());
    for (const [path, bytes] of written) assert.ok(bytes.equals(expected.files.get(path) as Buffer), `${path} differs from the core render`);
    assert.deepEqual(JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers, expected.answers);
    const expectedUid = AS_ROOT ? USER_ID : process.getuid?.();
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return lstatSync(full).isDirectory() ? [full, ...walk(full)] : [full];
    });
    for (const path of walk(project)) assert.equal(lstatSync(path).uid, expectedUid, `${path} is not owned by uid ${expectedUid}`);
    assert.match(run.all, /healthcare-saas-dr \(us-east-1 → us-west-2/);
  });

  it('answer options go through yo\'s own flag parser (meow) and still equal prepare({ preset, sets })', () => {
    const project = userDir(join(work, 'projects/trading'));
    const run = runYo(['tap-dr', '--preset', 'trading', '--yes', '--primary-region', 'eu-west-2', '--az-count', '2', '--app-tier', '--public-domain-name', TEAM_DOMAIN, '--tags', 'Team=dba'], project, 'yo tap-dr --preset trading --yes <options>');
    assert.equal(run.code, 0, run.output);
    const expected = core.prepare({ preset: 'trading', sets: ['primaryRegion=eu-west-2', 'azCount=2', 'appTier=true', ...TEAM_DOMAIN_SETS, 'tags.Team=dba'] });
    assert.ok(expected.ok);
    assert.deepEqual(readTree(project), new Map(expected.files));
  });

  it('re-running in the generated folder plans the update, finds nothing to change and touches no file', () => {
    const project = join(work, 'projects/healthcare');
    const before = readTree(project);
    const run = runYo(['tap-dr'], project, 'yo tap-dr (re-run)');
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(readTree(project), before);
    assert.match(run.all, /tap-dr: up to date, nothing to change\./);
    assert.doesNotMatch(run.all, /^\s*(create|force|conflict) /m, 'no bare re-render');
  });

  it('--yes with a changed answer in a generated folder applies the update without prompting and keeps the team\'s edit', () => {
    const project = join(work, 'projects/trading');
    const stored = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers;
    const teamLine = '\nOur runbook lives in the wiki.\n';
    appendFileSync(join(project, 'README.md'), teamLine);
    const updated = runYo(['tap-dr', '--yes', '--az-count', '3'], project, 'yo tap-dr --yes (update)');
    assert.equal(updated.code, 0, updated.output);
    assert.doesNotMatch(updated.all, /Overwrite |\? Apply this update/, 'no prompt');
    assert.match(updated.all, /tap-dr: updated \d+ files\./);
    const expected = core.prepare({ stored, sets: ['azCount=3'] });
    assert.ok(expected.ok);
    const written = readTree(project);
    assert.deepEqual([...written.keys()].sort(), [...expected.files.keys()].sort());
    for (const [path, bytes] of expected.files) {
      if (path === 'README.md') continue;
      assert.ok(written.get(path)?.equals(bytes), `${path} is not the new render`);
    }
    assert.equal(written.get('README.md')?.toString(), `${expected.files.get('README.md')?.toString()}${teamLine}`, 'the new README with the team\'s line kept');
  });

  it('bad options fail with the core messages and write nothing', () => {
    const project = userDir(join(work, 'projects/bad'));
    const run = runYo(['tap-dr', '--preset', 'trading', '--yes', '--instance-class', 'db.t4g.medium', '--secondary-region', 'us-east-1'], project, 'yo tap-dr <bad options>');
    assert.notEqual(run.code, 0, run.output);
    const expected = core.prepare({ preset: 'trading', sets: ['instanceClass=db.t4g.medium', 'secondaryRegion=us-east-1'] });
    assert.ok(!expected.ok);
    assert.match(run.stderr, /the answers have 2 problems; nothing was written/);
    for (const problem of expected.problems) assert.ok(run.stderr.includes(core.formatProblem(problem)), `missing: ${core.formatProblem(problem)}\n${run.output}`);
    assert.deepEqual(readdirSync(project), []);
  });

  it('`yo tap-dr` started as root says in one line that yo refuses root and which command does the job, and writes nothing', (t) => {
    if (!AS_ROOT) return t.skip('needs root');
    const project = join(work, 'projects/as-root');
    mkdirSync(project, { recursive: true });
    // As a user would: root's HOME and PATH, yo's update check left on.
    const run = sh(installed.yo, ['tap-dr', '--preset', 'trading', '--yes'], { cwd: project, label: 'yo tap-dr as root', env: { PATH: `${NODE_DIR}:/usr/bin:/bin`, HOME: homedir(), LANG: 'C.UTF-8' }, timeout: 2 * MINUTE });
    assert.equal(run.code, 1, run.output);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `yo tap-dr: yo does not run as root (it switched to user ${USER_ID}, who may not write root's files in ${homedir()}); as root, run \`${core.RENDER_COMMAND} new <dir>\` instead: it renders the same repository.\n`);
    assert.deepEqual(readdirSync(project), []);
  });

  it('`yo tap-dr --help` lists the answer options; the installed `tap-dr` bin runs', () => {
    const help = runYo(['tap-dr', '--help'], userHome, 'yo tap-dr --help');
    assert.equal(help.code, 0, help.output);
    for (const option of ['--preset', '--yes', '--primary-region', '--instance-class', '--app-tier', '--tags']) assert.ok(help.all.includes(option), `${option} missing\n${help.output}`);
    const version = sh(installed.tapDr, ['--version'], { label: 'tap-dr --version', env: { PATH: `${NODE_DIR}:/usr/bin:/bin`, HOME: userHome } });
    assert.equal(version.code, 0, version.output);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('`yo --generators` lists tap-dr and no bogus sub-generator (dist/, skeleton/)', () => {
    const run = runYo(['--generators'], userHome, 'yo --generators');
    assert.equal(run.code, 0, run.output);
    const listed = run.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    assert.ok(listed.includes('tap-dr'), run.output);
    assert.ok(!listed.includes('dist'), `dist/index.js would be registered as tap-dr:dist\n${run.output}`);
    assert.ok(!listed.includes('skeleton'), `skeleton/index.ts would be registered as tap-dr:skeleton\n${run.output}`);
  });
});
