import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { AnswerSources } from '../../generator/answers/collect';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { prepare } from '../../generator/prepare';
import { tempDir } from '../helpers/tmp';

/** Runs a command in a generated repo; fails the test with its output when it fails. */
function run(cwd: string, command: string, args: string[]): { ms: number; output: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ENVIRONMENT_SUFFIX: '' } });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${output.slice(-4000)}`);
  return { ms: performance.now() - started, output };
}

const dependencies = (dir: string) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return JSON.stringify([manifest.dependencies, manifest.devDependencies]);
};

/** Answer sets rendered and checked end to end: both presets, and the other engine. */
const CASES: ReadonlyArray<{ label: string; sources: AnswerSources }> = [
  ...PRESET_NAMES.map((preset) => ({ label: preset, sources: { preset } })),
  { label: 'aurora-mysql', sources: { preset: 'trading', sets: ['engine=aurora-mysql', 'name=trading-mysql-dr'] } },
  { label: 'all-tiers-mysql', sources: { preset: 'trading', sets: ['engine=aurora-mysql', 'name=trading-all-tiers-dr', 'appTier=true', 'eventBridge=true', 'dashboard=true', 'appLambdaInVpc=false', 'healthCheckIntervalSeconds=10'] } },
];

interface PreviewResource { urn: string; type: string; name: string; region?: string; parent?: string; provider?: string; inputs: Record<string, unknown> }

describe('generated repositories build, pass their own tests and preview offline', { timeout: 1_800_000 }, () => {
  const root = tempDir('e2e');
  /** One install per dependency set, shared by renders that need the same packages (as template CI does). */
  const installs = new Map<string, string>();

  for (const { label, sources } of CASES) {
    it(`${label}: npm install, npm run build, npm test, npm run preview:offline -- --json`, (t) => {
      const prepared = prepare(sources);
      assert.ok(prepared.ok, JSON.stringify(!prepared.ok && prepared.problems));
      const dir = join(root, label);
      for (const [path, content] of prepared.files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const deps = dependencies(dir);
      const shared = installs.get(deps);
      if (shared) {
        symlinkSync(join(shared, 'node_modules'), join(dir, 'node_modules'), 'dir');
      } else {
        run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
        installs.set(deps, dir);
      }
      run(dir, 'npm', ['run', 'build']);
      const test = run(dir, 'npm', ['test']);
      assert.match(test.output, /Tests:\s+\d+ passed, \d+ total/);
      assert.match(test.output, /All files\s*\|\s*100 \|\s*100 \|\s*100 \|\s*100 \|/, 'coverage is 100% for statements, branches, functions, lines');

      const preview = run(dir, 'npm', ['run', '--silent', 'preview:offline', '--', '--json']);
      const graph = JSON.parse(preview.output.trim()) as { stack: string; project: string; resources: PreviewResource[]; outputs: Record<string, unknown> };
      const { answers } = prepared;
      assert.equal(graph.project, 'TapStack');
      assert.equal(graph.stack, answers.stack);
      const awsResources = graph.resources.filter((r) => r.type.startsWith('aws:'));
      assert.ok(awsResources.length > 100, `only ${awsResources.length} AWS resources`);
      for (const r of graph.resources) {
        assert.ok(r.urn && r.type && r.name && r.inputs, JSON.stringify(r).slice(0, 200));
        if (r.type.startsWith('aws:')) assert.ok([answers.primaryRegion, answers.secondaryRegion].includes(r.region as string), `${r.urn} is in ${r.region}`);
      }
      assert.equal(graph.outputs.databaseDnsName, `db.${answers.domainName}`);
      assert.doesNotMatch(preview.output, /"masterPassword": "(?!\[secret\])/, 'the password stays masked');
      const counts = new Map<string, number>();
      for (const r of awsResources) counts.set(r.region as string, (counts.get(r.region as string) ?? 0) + 1);
      t.diagnostic(`${label}: ${graph.resources.length} resources (${awsResources.length} AWS: ${[...counts].map(([region, n]) => `${region} ${n}`).join(', ')}); generated repo npm test ${Math.round(test.ms)} ms, preview ${Math.round(preview.ms)} ms`);
    });
  }
});
