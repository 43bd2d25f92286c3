import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WriteRefusedError, applyWrite, conflictsOf, planWrite } from '../../generator/render/write';
import { readTree, tempDir } from '../helpers/tmp';

const files = new Map([
  ['a.txt', Buffer.from('A\n')],
  ['lib/b.ts', Buffer.from('export const b = 1;\n')],
]);

describe('write plan', () => {
  it('creates everything in a new directory', () => {
    const dir = join(tempDir('new'), 'repo');
    const plan = planWrite(dir, files);
    assert.deepEqual(plan.files.map((f) => f.action), ['create', 'create']);
    applyWrite(plan, files, { force: false });
    assert.deepEqual(readTree(dir), files);
  });

  it('writes into an empty directory without --force', () => {
    const dir = tempDir('empty');
    applyWrite(planWrite(dir, files), files, { force: false });
    assert.deepEqual(readTree(dir), files);
  });

  it('refuses a non-empty directory without --force, lists the conflicts and writes nothing', () => {
    const dir = tempDir('busy');
    writeFileSync(join(dir, 'a.txt'), 'mine\n');
    writeFileSync(join(dir, 'notes.md'), 'keep\n');
    const plan = planWrite(dir, files);
    assert.deepEqual(conflictsOf(plan).map((f) => f.path), ['a.txt']);
    assert.throws(() => applyWrite(plan, files, { force: false }), (error: Error) => {
      assert.ok(error instanceof WriteRefusedError);
      assert.match(error.message, /is not empty \(2 entries\)/);
      assert.match(error.message, /overwritten:\n {2}- a\.txt/);
      assert.match(error.message, /--force/);
      return true;
    });
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'mine\n');
    assert.ok(!existsSync(join(dir, 'lib')));
  });

  it('with --force overwrites the render files only and leaves other files alone', () => {
    const dir = tempDir('force');
    writeFileSync(join(dir, 'a.txt'), 'mine\n');
    writeFileSync(join(dir, 'notes.md'), 'keep\n');
    applyWrite(planWrite(dir, files), files, { force: true });
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'A\n');
    assert.equal(readFileSync(join(dir, 'notes.md'), 'utf8'), 'keep\n');
    const again = planWrite(dir, files);
    assert.deepEqual(again.files.map((f) => f.action), ['identical', 'identical']);
  });

  it('refuses a target that is a file, and a file where a folder must go, before writing anything', () => {
    const dir = tempDir('blocked');
    writeFileSync(join(dir, 'plain'), 'x');
    assert.throws(() => planWrite(join(dir, 'plain'), files), /not a directory/);
    writeFileSync(join(dir, 'lib'), 'a file named lib');
    assert.throws(() => planWrite(dir, files), /lib\/b\.ts \(.*lib is a file\)/);
    mkdirSync(join(dir, 'x'));
    mkdirSync(join(dir, 'x', 'a.txt'));
    assert.throws(() => planWrite(join(dir, 'x'), files), /a\.txt \(a directory is in the way\)/);
    assert.ok(!existsSync(join(dir, 'x', 'lib')));
  });
});
