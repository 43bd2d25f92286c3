import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideFile } from '../../generator/update/file-decision';
import { hasConflictMarkers, isBinary, mergeText } from '../../generator/update/merge-text';

const LABELS = { ours: 'yours', base: 'generator-tap-dr@1.0.0 (base)', theirs: 'generator-tap-dr@1.1.0' };
const b = (text: string) => Buffer.from(text);
const decide = (base?: string, theirs?: string, ours?: string) => {
  const d = decideFile(base === undefined ? undefined : b(base), theirs === undefined ? undefined : b(theirs), ours === undefined ? undefined : b(ours), LABELS);
  return { action: d.action, content: d.content?.toString() };
};

describe('the three-way rule for one file', () => {
  it('takes the side that changed, keeps what both agree on', () => {
    assert.deepEqual(decide('a\n', 'A\n', 'a\n'), { action: 'updated', content: 'A\n' });
    assert.deepEqual(decide('a\n', 'a\n', 'mine\n'), { action: 'kept', content: 'mine\n' });
    assert.deepEqual(decide('a\n', 'same\n', 'same\n'), { action: 'unchanged', content: 'same\n' });
    assert.deepEqual(decide('a\n', 'a\n', 'a\n'), { action: 'unchanged', content: 'a\n' });
  });

  it('merges changes to different lines; marks changes to the same lines', () => {
    assert.deepEqual(decide('1\n2\n3\n4\n', '1\n2\n3\nfour\n', 'one\n2\n3\n4\n'), { action: 'merged', content: 'one\n2\n3\nfour\n' });
    const conflict = decide('1\n2\n', 'T\n2\n', 'O\n2\n');
    assert.equal(conflict.action, 'conflict');
    assert.equal(conflict.content, '<<<<<<< yours\nO\n||||||| generator-tap-dr@1.0.0 (base)\n1\n=======\nT\n>>>>>>> generator-tap-dr@1.1.0\n2\n');
  });

  it('new files, removed files and files the team deleted', () => {
    assert.deepEqual(decide(undefined, 'new\n', undefined), { action: 'created', content: 'new\n' });
    assert.deepEqual(decide('old\n', undefined, 'old\n'), { action: 'removed', content: undefined });
    assert.deepEqual(decide('old\n', undefined, 'edited\n'), { action: 'kept', content: 'edited\n' });
    assert.deepEqual(decide('x\n', 'y\n', undefined), { action: 'kept', content: undefined });
    assert.deepEqual(decide('x\n', 'x\n', undefined), { action: 'unchanged', content: undefined });
    assert.deepEqual(decide('x\n', undefined, undefined), { action: 'unchanged', content: undefined });
  });

  it('a file the team already has where the template now renders one: the same bytes are fine, different ones conflict', () => {
    assert.deepEqual(decide(undefined, 'x\n', 'x\n'), { action: 'unchanged', content: 'x\n' });
    assert.equal(decide(undefined, 'template\n', 'team\n').action, 'conflict');
  });

  it('never merges binary files with markers: the team\'s stays, and it is a conflict', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]);
    const decision = decideFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x02]), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x03]), LABELS);
    assert.equal(decision.action, 'conflict');
    assert.deepEqual(decision.content, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x03]));
    assert.match(decision.reason, /binary, so not merged: yours is kept/);
    assert.equal(isBinary(Buffer.from([0xff, 0xfe, 0x41])), true, 'not UTF-8');
    assert.equal(isBinary(b('plain text — ünïcode\n')), false);
  });
});

describe('mergeText', () => {
  it('keeps the bytes of unconflicted text exactly, including a last line without a line end', () => {
    assert.deepEqual(mergeText('a\nB\nc', 'a\nb\nc', 'a\nb\nc', LABELS), { text: 'a\nB\nc', conflicts: 0 });
    assert.deepEqual(mergeText('a\r\nb\r\n', 'a\r\nb\r\n', 'a\r\nB\r\n', LABELS), { text: 'a\r\nB\r\n', conflicts: 0 });
  });

  it('ends every side of a conflict with a line end before the next marker', () => {
    const { text, conflicts } = mergeText('x', 'a', 'y', LABELS);
    assert.equal(conflicts, 1);
    assert.equal(text, '<<<<<<< yours\nx\n||||||| generator-tap-dr@1.0.0 (base)\na\n=======\ny\n>>>>>>> generator-tap-dr@1.1.0\n');
    assert.equal(hasConflictMarkers(text), true);
  });

  it('conflict markers are recognised at the start of a line only', () => {
    assert.equal(hasConflictMarkers('a\n>>>>>>> theirs\n'), true);
    assert.equal(hasConflictMarkers('const s = "<<<<<<< not a marker";\n'), false);
    assert.equal(hasConflictMarkers('=======\n'), false, 'a Markdown heading underline alone is not a leftover conflict');
  });
});
