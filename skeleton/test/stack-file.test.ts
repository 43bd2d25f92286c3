import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, REPO_ROOT, stackFileConfig } from '../scripts/stack-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stack-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findRepoRoot', () => {
  it('finds the folder holding Pulumi.yaml from any folder below it', () => {
    writeFileSync(join(dir, 'Pulumi.yaml'), 'name: TapStack\n');
    mkdirSync(join(dir, 'bin', 'scripts'), { recursive: true });
    expect(findRepoRoot(join(dir, 'bin', 'scripts'))).toBe(dir);
    expect(findRepoRoot(__dirname)).toBe(REPO_ROOT);
  });

  it('says where it looked when no folder above holds Pulumi.yaml', () => {
    const orphan = mkdtempSync(join(tmpdir(), 'no-pulumi-'));
    try {
      expect(() => findRepoRoot(orphan)).toThrow(`Pulumi.yaml not found in ${orphan} or above`);
    } finally {
      rmSync(orphan, { recursive: true, force: true });
    }
  });
});

describe('stackFileConfig', () => {
  it('hands every value over as text, as the Pulumi CLI does: strings as they are, the rest as JSON, in file order', () => {
    writeFileSync(join(dir, 'Pulumi.qa.yaml'), [
      'config:',
      '  TapStack:primaryRegion: us-east-1',
      '  TapStack:azCount: 3',
      '  TapStack:appTier: false',
      '  TapStack:tags:',
      '    team: dr',
      '',
    ].join('\n'));
    const config = stackFileConfig('qa', dir);
    expect(config).toEqual({ 'TapStack:primaryRegion': 'us-east-1', 'TapStack:azCount': '3', 'TapStack:appTier': 'false', 'TapStack:tags': '{"team":"dr"}' });
    expect(Object.keys(config)).toEqual(['TapStack:primaryRegion', 'TapStack:azCount', 'TapStack:appTier', 'TapStack:tags']);
  });

  it('names the missing stack file and the stacks there are, instead of a bare ENOENT', () => {
    writeFileSync(join(dir, 'Pulumi.qa.yaml'), 'config: {}\n');
    expect(() => stackFileConfig('nope', dir)).toThrow(`no stack "nope": ${join(dir, 'Pulumi.nope.yaml')} does not exist (stacks here: qa)`);
    const empty = mkdtempSync(join(tmpdir(), 'no-stacks-'));
    try {
      expect(() => stackFileConfig('dev', empty)).toThrow('(stacks here: none)');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
