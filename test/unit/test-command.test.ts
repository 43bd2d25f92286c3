import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../generator/package-root';
import { firstUsefulLine, formatSummary, missingPrerequisites, prerequisitesLine, stripAnsi } from '../../scripts/test-support.js';
import { tempDir } from '../helpers/tmp';

const TEST_COMMAND = join(PACKAGE_ROOT, 'scripts/test.js');
const ESC = '\u001b';

describe('npm test checks what it needs first (scripts/test.js)', () => {
  it('names each missing tool and the one command that installs them, on one line', () => {
    const missing = missingPrerequisites({ root: '/nowhere', path: '', pgBins: [], exists: () => false });
    assert.deepEqual(missing.map((m) => m.apt ?? m.install), ['npm ci', 'postgresql', 'mariadb-server', 'git']);
    const line = prerequisitesLine(missing);
    assert.doesNotMatch(line, /\n/);
    assert.match(line, /^npm test: missing this repository's dependencies; PostgreSQL server binaries \(initdb, pg_ctl, pg_basebackup\); MariaDB server binaries \(mariadb-install-db, mariadbd\); git\. Install with `npm ci && sudo apt-get install -y postgresql mariadb-server git` \(\.ci\/run installs them itself\), then run npm test again\.$/);
  });

  it('finds PostgreSQL in a version folder of its own, MariaDB on PATH or in /usr/sbin, and asks nothing of a run of chosen files', () => {
    const present = new Set(['/r/node_modules/tsx', '/pg/16/bin/initdb', '/pg/16/bin/pg_ctl', '/pg/16/bin/pg_basebackup']);
    assert.deepEqual(missingPrerequisites({ root: '/r', path: '', pgBins: ['/pg/15/bin', '/pg/16/bin'], exists: (p) => present.has(p) }).map((m) => m.apt), ['mariadb-server', 'git']);
    assert.deepEqual(missingPrerequisites({ root: '/r', needDatabases: false, exists: (p) => present.has(p) }), []);
  });

  it('stops within seconds, before building, with that line when a tool is missing', () => {
    const run = spawnSync(process.execPath, [TEST_COMMAND], { encoding: 'utf8', env: { PATH: '/nonexistent' }, timeout: 30_000 });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, '', 'nothing was built or run');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0] as string, /^npm test: missing .*MariaDB server binaries.*git\. Install with `.*sudo apt-get install -y .*mariadb-server git`/);
  });

  it('stops at once on a Node.js older than 22.18, naming the version found and the one needed', () => {
    const run = spawnSync(process.execPath, ['--import', 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.20.2"})', TEST_COMMAND], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'npm test needs Node.js 22.18.0 or later; this is Node.js 20.20.2. Install Node.js 22 (https://nodejs.org, or `nvm install 22`) and run it again.\n');
  });
});

describe('npm test output is for people (scripts/test-reporter.js, the summary)', () => {
  it('strips colour and cursor codes', () => {
    assert.equal(stripAnsi(`${ESC}[31mred${ESC}[39m ${ESC}[1A${ESC}]8;;http://x${'\u0007'}link`), 'red link');
  });

  it("a failure's first useful line: the cause inside node:test's wrapper, past an assertion's boilerplate", () => {
    const cause = Object.assign(new Error(`Expected values to be strictly equal:\n+ actual - expected\n\n+ ${ESC}[32m3${ESC}[39m\n- 2`), { code: 'ERR_ASSERTION' });
    assert.equal(firstUsefulLine(Object.assign(new Error('test failed'), { code: 'ERR_TEST_FAILURE', cause })), '+ 3');
    assert.equal(firstUsefulLine(new Error('npm run build failed in /tmp/x:\nerror TS2322')), 'npm run build failed in /tmp/x:');
    assert.equal(firstUsefulLine('plain'), 'plain');
    assert.equal(firstUsefulLine(new Error('x'.repeat(300))).length, 240);
  });

  it('the summary: counts, then each failure with its file, name and first useful line, then what was left behind', () => {
    const text = formatSummary({
      counts: { tests: 5, passed: 3, failed: 1, skipped: 1, cancelled: 0 },
      failures: [{ file: 'test/unit/a.test.ts', name: 'adds', line: '+ 3' }],
      leftovers: ['tap-dr-e2e-abc'],
      seconds: 12,
    });
    assert.equal(text, [
      '',
      'npm test: 5 tests, 3 passed, 1 failed, 1 skipped, 0 cancelled, 1 left behind (12 s)',
      'Failed:',
      '  test/unit/a.test.ts › adds: + 3',
      "Left in the run's temp folder by a test that did not clean up: tap-dr-e2e-abc",
    ].join('\n'));
  });

  it('the reporter writes a line per test file, the failures without colour codes, and the counts for the summary', () => {
    const dir = tempDir('reporter');
    writeFileSync(join(dir, 'sample.test.mjs'), [
      "import { it, describe } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "describe('sample', () => {",
      "  it('passes', () => { console.log('\\u001b[33mtold\\u001b[39m'); });",
      "  it('fails', () => { assert.equal(1 + 1, 3, '\\u001b[31mtwo is not three\\u001b[39m'); });",
      "  it('is skipped', { skip: true }, () => {});",
      '});',
    ].join('\n'));
    const summary = join(dir, 'summary.json');
    // Without NODE_TEST_CONTEXT: this file's own runner sets it, and a nested run would report to it.
    const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--test', `--test-reporter=${pathToFileURL(join(PACKAGE_ROOT, 'scripts/test-reporter.js')).href}`, '--test-reporter-destination=stdout', 'sample.test.mjs'], {
      cwd: dir, encoding: 'utf8', env: { ...env, FORCE_COLOR: '1', TAP_DR_TEST_SUMMARY: summary },
    });
    assert.equal(run.status, 1);
    assert.doesNotMatch(run.stdout, new RegExp(ESC.replace('\\', '\\\\')));
    assert.match(run.stdout, /^told$/m);
    assert.match(run.stdout, /^FAIL sample\.test\.mjs › fails\n {5}AssertionError.*two is not three/m);
    assert.deepEqual(JSON.parse(readFileSync(summary, 'utf8')), {
      counts: { tests: 3, passed: 1, failed: 1, skipped: 1, cancelled: 0 },
      failures: [{ file: 'sample.test.mjs', name: 'fails', line: 'two is not three' }],
    });
  });
});
