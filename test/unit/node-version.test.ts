import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeVersionProblem, REQUIRED_NODE } from '../../generator/node-version.js';
import { PACKAGE_ROOT, RENDER_COMMAND } from '../../generator/package-root';
import { yoAsRootProblem } from '../../generator/yo-as-root';

/** Runs `args` on this node made to report `version` as its own. */
const onNode = (version: string, args: string[]) => spawnSync(process.execPath, ['--import', `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`, ...args], { encoding: 'utf8', cwd: PACKAGE_ROOT, timeout: 60_000 });
const expected = (program: string, version: string) => `${program} needs Node.js ${REQUIRED_NODE} or later; this is Node.js ${version}. Install Node.js 22 (https://nodejs.org, or \`nvm install 22\`) and run it again.\n`;

describe('Node.js >= 22.18 is enforced', () => {
  it('is the version package.json asks for', () => {
    const { engines } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    assert.equal(engines.node, `>=${REQUIRED_NODE.replace(/\.0$/, '')}`);
  });

  it('names older versions, accepts this one and newer ones', () => {
    for (const old of ['20.20.2', 'v22.17.9', '18.0.0', '22.9.0']) assert.equal(nodeVersionProblem(old, 'x'), expected('x', old.replace(/^v/, '')).trimEnd(), old);
    for (const ok of ['22.18.0', '22.23.3', '24.1.0', 'v23.0.0', '100.0.0']) assert.equal(nodeVersionProblem(ok, 'x'), undefined, ok);
  });

  it('the tap-dr bin stops at once with that one line (before it loads its dependencies)', () => {
    const run = onNode('20.20.2', ['dist/cli/tap-dr.js', 'new', 'x', '--preset', 'trading']);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, expected('tap-dr', '20.20.2'));
  });

  it('the yo generator stops at once with that one line when yo loads it', () => {
    const run = onNode('22.17.0', ['--input-type=module', '-e', "await import('./dist/generators/app/index.js')"]);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, expected('yo tap-dr', '22.17.0'));
  });
});

describe('yo started as root (generator/yo-as-root.ts)', () => {
  const owners = (home: string, uid: number) => (path: string) => (path === home ? uid : 4242);

  it('yo switched to another user and kept root\'s HOME: one line naming the command that works as root', () => {
    assert.equal(
      yoAsRootProblem(1000, '/root', owners('/root', 0)),
      `yo tap-dr: yo does not run as root (it switched to user 1000, who may not write root's files in /root); as root, run \`${RENDER_COMMAND} new <dir>\` instead: it renders the same repository.`,
    );
  });

  it('nothing to say for an ordinary user, for root itself, or when the home folder cannot be read', () => {
    assert.equal(yoAsRootProblem(1000, '/home/dev', owners('/home/dev', 1000)), undefined);
    assert.equal(yoAsRootProblem(0, '/root', owners('/root', 0)), undefined);
    assert.equal(yoAsRootProblem(undefined, '/root', owners('/root', 0)), undefined);
    assert.equal(yoAsRootProblem(1000, '/gone', () => { throw new Error('ENOENT'); }), undefined);
  });
});
