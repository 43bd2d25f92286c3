// The render matrix's update entry: render with an older version of the template, let the team edit and
// commit, `tap-dr update` to this version with a tier switched on, then the updated repository's own
// checks: npm ci (its merged lockfile), build, tests at 100% coverage, offline preview and policy pack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { cleanInstall } from '../helpers/npm-install';
import { tempDir } from '../helpers/tmp';
import { BIN, commitAll, ensureBuilt, isolatedEnv, readText, runBin, versionInCache, writeText } from '../update/fixtures';
import { isSelected } from './matrix';

const OLD = '0.0.0-e2e.1';
const OLD_LINE = '// a comment of the older template\n';

function run(cwd: string, command: string, args: string[]): { ms: number; output: string; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ENVIRONMENT_SUFFIX: '' } });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${output.slice(-4000)}`);
  return { ms: performance.now() - started, output, stdout: result.stdout };
}

describe('template CI matrix, update entry: render with an older template, edit, update, run the repository\'s checks', { skip: !isSelected('update'), timeout: 1_800_000 }, () => {
  const work = tempDir('e2e-update');
  const env = isolatedEnv(join(work, 'cache'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('update: npm ci, build, test at 100%, preview:offline, policy', (t) => {
    ensureBuilt();
    const oldBin = versionInCache(join(work, 'cache'), OLD, (skeleton) => {
      for (const path of ['lib/network.ts', 'lib/subnets.ts']) writeFileSync(join(skeleton, path), OLD_LINE + readFileSync(join(skeleton, path), 'utf8'));
      writeText(skeleton, 'docs/retired.md', '# A page the template no longer ships\n');
    });
    const repo = join(work, 'repo');
    const rendered = runBin(oldBin, ['new', repo, '--preset', 'trading', '--set', 'name=trading-updated-dr'], work, env);
    assert.equal(rendered.code, 0, rendered.stderr);
    commitAll(repo, `rendered by ${OLD}`, env);

    // The team's edits: their own notes, their own stack config key, a comment in the program.
    writeFileSync(join(repo, 'README.md'), `${readText(repo, 'README.md')}\n## Our notes\n\nPaged through the DBA rotation.\n`);
    writeFileSync(join(repo, 'Pulumi.dev.yaml'), `${readText(repo, 'Pulumi.dev.yaml')}  team:oncallRotation: dba-primary\n`);
    writeFileSync(join(repo, 'lib/network.ts'), `${readText(repo, 'lib/network.ts')}// team: reviewed with the network team\n`);
    commitAll(repo, 'the team edits', env);

    const update = runBin(BIN, ['update', repo, '--set', 'eventBridge=true'], work, env);
    assert.equal(update.code, 0, `${update.stdout}\n${update.stderr}`);
    assert.doesNotMatch(readText(repo, 'lib/network.ts'), /older template/);
    assert.match(readText(repo, 'lib/network.ts'), /\/\/ team: reviewed with the network team\n$/);
    assert.match(readText(repo, 'README.md'), /## Our notes\n\nPaged through the DBA rotation\.\n$/);
    const config = parse(readText(repo, 'Pulumi.dev.yaml')).config;
    assert.deepEqual([config['TapStack:eventBridge'], config['team:oncallRotation']], [true, 'dba-primary']);

    const ciMs = cleanInstall(repo);
    const build = run(repo, 'npm', ['run', 'build']);
    const test = run(repo, 'npm', ['test']);
    assert.match(test.output, /Tests:\s+\d+ passed, \d+ total/);
    assert.match(test.output, /All files\s*\|\s*100 \|\s*100 \|\s*100 \|\s*100 \|/, 'coverage is 100% for statements, branches, functions, lines');
    const preview = run(repo, 'npm', ['run', '--silent', 'preview:offline', '--', '--json']);
    const graph = JSON.parse(preview.stdout.trim()) as { resources: Array<{ type: string }> };
    assert.equal(graph.resources.filter((r) => r.type === 'aws:cloudwatch/eventBus:EventBus').length, 2, 'the tier switched on by the update is deployed');
    const policy = run(repo, 'npm', ['run', '--silent', 'policy', '--', '--json']);
    const { results } = JSON.parse(policy.stdout.trim()) as { results: Array<{ enforcementLevel: string; violations: unknown[] }> };
    assert.deepEqual(results.filter((r) => r.enforcementLevel === 'mandatory' && r.violations.length > 0), []);
    t.diagnostic(`update: ${graph.resources.length} resources; npm ci ${Math.round(ciMs / 1000)} s, build ${Math.round(build.ms / 1000)} s, test ${Math.round(test.ms / 1000)} s, preview ${Math.round(preview.ms / 1000)} s, policy ${Math.round(policy.ms / 1000)} s`);
  });
});
