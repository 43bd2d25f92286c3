import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderedRepositories } from '../../scripts/rendered-repositories.js';
import { PACKAGE_ROOT } from '../../generator/package-root';
import { tempDir } from '../helpers/tmp';

const git = (...args: string[]) => spawnSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });

describe('a repository rendered inside the checkout (tap-dr new ./my-dr) is not part of it', () => {
  it('git ignores any other top-level folder, and none of the repository\'s own', (t) => {
    const tracked = git('ls-files');
    if (tracked.status !== 0) return t.skip('not a git checkout');
    const topLevel = [...new Set(tracked.stdout.split('\n').filter(Boolean).map((path) => path.split('/')[0] as string))];
    // --no-index: the patterns decide, not what happens to be tracked.
    const ignored = (path: string) => git('check-ignore', '--no-index', '--quiet', path).status === 0;
    assert.deepEqual(topLevel.filter((entry) => ignored(entry)), [], 'a tracked top-level entry is ignored: add its line to .gitignore');
    for (const render of ['my-dr/package.json', 'my-dr/lib/tap-stack.ts', 'trading-dr/Pulumi.yaml']) assert.ok(ignored(render), render);
    for (const own of ['generator/index.ts', 'skeleton/lib/tap-stack.ts', 'test/unit/render.test.ts']) assert.ok(!ignored(own), own);
  });

  it('eslint leaves out every top-level folder that holds a Pulumi.yaml', () => {
    const root = tempDir('checkout');
    mkdirSync(join(root, 'my-dr'));
    writeFileSync(join(root, 'my-dr', 'Pulumi.yaml'), 'name: TapStack\n');
    mkdirSync(join(root, 'generator'));
    writeFileSync(join(root, 'README.md'), '');
    assert.deepEqual(renderedRepositories(root), ['my-dr/']);
  });
});
