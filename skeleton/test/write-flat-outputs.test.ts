import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFlatOutputs } from '../scripts/write-flat-outputs';
import { REPO_ROOT } from './helpers/repo';
import { tempFolder } from './helpers/temp';

const OUTPUTS = join('cfn-outputs', 'flat-outputs.json');

let root: string;
let calls: Array<readonly string[]>;
let out: string[];
const deps = (pulumi: (args: readonly string[]) => string) => ({
  root,
  pulumi: (args: readonly string[]) => {
    calls.push(args);
    return pulumi(args);
  },
  out: (line: string) => out.push(line),
});
const fail = (error: object) => () => {
  throw Object.assign(new Error('Command failed: pulumi stack output --json'), error);
};

beforeEach(() => {
  root = tempFolder('outputs');
  calls = [];
  out = [];
});

describe('npm run outputs:flat', () => {
  it('writes the outputs of the named stack one level deep, the tiers lifted to the top', () => {
    writeFlatOutputs(['--stack', 'prod'], deps(() => JSON.stringify({ hostedZoneId: 'Z1', readerEndpoints: ['a', 'b'], tiers: { albDnsName: 'alb.example' } })));
    expect(calls).toEqual([['stack', 'output', '--json', '--stack', 'prod']]);
    expect(JSON.parse(readFileSync(join(root, OUTPUTS), 'utf8'))).toEqual({ hostedZoneId: 'Z1', readerEndpoints: '["a","b"]', albDnsName: 'alb.example' });
    expect(out).toEqual(['3 outputs written to cfn-outputs/flat-outputs.json']);
  });

  it('without --stack asks Pulumi for the selected stack', () => {
    writeFlatOutputs([], deps(() => '{}'));
    expect(calls).toEqual([['stack', 'output', '--json']]);
    expect(readFileSync(join(root, OUTPUTS), 'utf8')).toBe('{}\n');
  });

  it.each([
    ['no Pulumi CLI', { code: 'ENOENT' }, 'pulumi stack output --json failed: the Pulumi CLI is not on PATH (https://www.pulumi.com/docs/install/)'],
    ['Pulumi refuses', { status: 255, stderr: 'error: no stack selected\n' }, 'pulumi stack output --json failed: error: no stack selected'],
    ['Pulumi fails silently', { status: 1, stderr: '' }, 'pulumi stack output --json failed: Command failed: pulumi stack output --json'],
  ])('%s: a clear error and nothing written', (_, error, message) => {
    expect(() => writeFlatOutputs([], deps(fail(error)))).toThrow(message);
    expect(existsSync(join(root, 'cfn-outputs'))).toBe(false);
  });

  it('an output both at the top and under tiers: refused, nothing written', () => {
    expect(() => writeFlatOutputs([], deps(() => JSON.stringify({ albDnsName: 'a', tiers: { albDnsName: 'b' } })))).toThrow('stack output albDnsName appears twice');
    expect(existsSync(join(root, 'cfn-outputs'))).toBe(false);
  });

  it('--stack without a name is refused before Pulumi is asked', () => {
    expect(() => writeFlatOutputs(['--stack'], deps(() => '{}'))).toThrow("Option '--stack <value>' argument missing");
    expect(calls).toEqual([]);
  });

  it('the npm script runs it and exits 1 with the reason when there is no Pulumi CLI', () => {
    // An empty PATH: no pulumi to find, whatever this machine has installed.
    const result = spawnSync(process.execPath, ['scripts/run-ts.js', 'scripts/write-flat-outputs.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: tempFolder('path') } });
    expect(result.stderr).toBe('outputs:flat: pulumi stack output --json failed: the Pulumi CLI is not on PATH (https://www.pulumi.com/docs/install/)\n');
    expect(result.status).toBe(1);
  });
});
