import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { prepare } from '../../generator/prepare';
import { cleanInstall } from '../helpers/npm-install';
import { tempDir } from '../helpers/tmp';
import { EXPECTED_COUNTS, HEALTH_CHECK_ALARMS_PROVIDER, healthCheckAlarmSide, MATRIX, selected } from './matrix';
import { randomEntries, runSeed } from './random-answers';
import { BLIND_OUTCOMES } from '../../skeleton/lib/config/blind-outcomes';

/**
 * The first distinct error lines of a failed run: CI shows only the end of a long failure message, and
 * the cause (a test database that did not start, say) is printed long before the end.
 */
function firstErrors(output: string, limit = 12): string[] {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => /^(●|Error|\w*Error:|No database|FAIL )/.test(line));
  return [...new Set(lines)].slice(0, limit);
}

/** Runs a command in a generated repo; fails the test with its output when it fails. */
function run(cwd: string, command: string, args: string[], expectStatus = 0): { ms: number; output: string; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ENVIRONMENT_SUFFIX: '' } });
  const output = `${result.stdout}\n${result.stderr}`;
  assert.equal(result.status, expectStatus, `${command} ${args.join(' ')} failed in ${cwd}:\nfirst errors:\n${firstErrors(output).join('\n')}\n\nend of its output:\n${output.slice(-3000)}`);
  return { ms: performance.now() - started, output, stdout: result.stdout };
}

interface JestResults { testResults: Array<{ assertionResults: Array<{ fullName: string; status: string }> }> }

/** Per function, how many of its bundle tests ("lambda/dist/<name>/index.js, invoked as ...") ended in each status. */
function bundleTestsByFunction(results: JestResults): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const { fullName, status } of results.testResults.flatMap((file) => file.assertionResults)) {
    const name = /lambda\/dist\/([^/]+)\/index\.js, invoked as /.exec(fullName)?.[1];
    if (!name) continue;
    counts[name] ??= {};
    counts[name][status] = (counts[name][status] ?? 0) + 1;
  }
  return counts;
}

interface WorkflowStep { name?: string; run?: string }
/** The `run:` steps of the generated workflow's build-and-test job, in order. */
function ciSteps(dir: string): WorkflowStep[] {
  const workflow = parse(readFileSync(join(dir, '.github/workflows/ci.yml'), 'utf8')) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  return (workflow.jobs['build-and-test']?.steps ?? []).filter((step) => step.run !== undefined);
}

/** Besides the fixed matrix, TAP_DR_E2E_RANDOM (default 2) answer sets drawn with the run's seed. */
const SEED = runSeed();
const RANDOM = randomEntries(Number(process.env.TAP_DR_E2E_RANDOM ?? 2), SEED);

interface PreviewResource { urn: string; type: string; name: string; region?: string; parent?: string; provider?: string; inputs: Record<string, unknown>; id?: string }
interface PolicyResult { policy: string; enforcementLevel: string; violations: Array<{ message: string; urn?: string }> }

describe('template CI matrix: every entry installs, builds, tests (every Lambda bundle invoked as the runtime does), previews offline and passes the policy pack', { timeout: 3_600_000 }, () => {
  const root = tempDir('e2e');
  after(() => rmSync(root, { recursive: true, force: true }));
  /** One `npm ci` per distinct lockfile, in a cache folder; renders with the same lockfile link to it. */
  const installs = new Map<string, string>();
  const summary: string[] = [];
  const started = performance.now();
  after(() => {
    console.log(`\nrender matrix: ${entries.length} of ${MATRIX.length + RANDOM.length} entries (${RANDOM.length} drawn at random, seed ${SEED}), ${installs.size} npm ci, ${Math.round((performance.now() - started) / 1000)} s wall time\n${summary.join('\n')}`);
  });

  const entries = selected([...MATRIX, ...RANDOM]);
  if (RANDOM.length > 0) {
    console.log(`render matrix: random answer sets drawn with seed ${SEED}; repeat them with\n  TAP_DR_E2E_SEED=${SEED} TAP_DR_E2E_ONLY=${RANDOM.map((e) => e.label).join(',')} node --import tsx --test test/e2e/generated-repo.test.ts\n${RANDOM.map((e) => `  ${e.label}: ${JSON.stringify(e.sources)}`).join('\n')}`);
  }
  for (const { label, sources } of entries) {
    it(`${label}: npm ci, build, test, preview:offline --json, policy; graph matches the answers`, (t) => {
      const prepared = prepare(sources);
      assert.ok(prepared.ok, JSON.stringify(!prepared.ok && prepared.problems));
      const { answers } = prepared;
      const dir = join(root, label);
      for (const [path, content] of prepared.files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      assert.ok(existsSync(join(dir, 'package-lock.json')), 'the generated repo ships a lockfile');
      // The repository as the portal pushes it: committed untouched, the diagram already drawn.
      assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /```mermaid\nflowchart LR/, 'the render ships the diagram drawn');
      run(dir, 'git', ['init', '--quiet']);
      run(dir, 'git', ['add', '--all']);
      run(dir, 'git', ['-c', 'user.name=tap-dr', '-c', 'user.email=tap-dr@localhost', 'commit', '--quiet', '--message', 'render']);

      // Same dependencies, same install: the lock's packages and the manifest's dependency lists (not the package name).
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const { '': _root, ...locked } = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')).packages;
      const lockHash = createHash('sha256').update(JSON.stringify([manifest.dependencies, manifest.devDependencies, locked])).digest('hex').slice(0, 12);
      let install = installs.get(lockHash);
      let ciMs = 0;
      if (!install) {
        install = join(root, 'installs', lockHash);
        mkdirSync(install, { recursive: true });
        for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(dir, file), join(install, file));
        ciMs = cleanInstall(install);
        installs.set(lockHash, install);
      }
      symlinkSync(join(install, 'node_modules'), join(dir, 'node_modules'), 'dir');

      // npm test straight after npm ci, before any build (jest's global setup bundles the Lambdas). Its
      // results go outside the repository, which the workflow's diagram check compares with its commit.
      const jestResults = join(root, `${label}-jest-results.json`);
      const test = run(dir, 'npm', ['test', '--', '--json', `--outputFile=${jestResults}`]);
      // Then the generated workflow's own steps from the build on, in its order (npm test ran above):
      // its diagram check must pass on a render nobody touched.
      const steps = ciSteps(dir);
      const fromBuild = steps.slice(steps.findIndex((step) => step.run === 'npm run build')).filter((step) => step.run !== 'npm test');
      assert.ok(fromBuild.some((step) => step.run?.startsWith('git diff --exit-code')), 'the workflow checks the committed diagram');
      let build = { ms: 0 };
      for (const step of fromBuild) {
        const ran = run(dir, 'bash', ['-e', '-c', step.run as string]);
        if (step.run === 'npm run build') build = ran;
      }
      assert.match(test.output, /Tests:\s+\d+ passed, \d+ total/);
      assert.match(test.output, /All files\s*\|\s*100 \|\s*100 \|\s*100 \|\s*100 \|/, 'coverage is 100% for statements, branches, functions, lines');
      assert.doesNotMatch(test.output, /failed to exit gracefully/, 'every jest worker exits');
      // Every Lambda of the repository (lambda/<name>/handler.ts) had its built bundle invoked the way the
      // Node.js runtime does (describeBundle in the generated test/helpers/lambda-runtime.ts), and all passed.
      const bundleTests = bundleTestsByFunction(JSON.parse(readFileSync(jestResults, 'utf8')) as JestResults);
      const functions = readdirSync(join(dir, 'lambda'), { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(dir, 'lambda', e.name, 'handler.ts'))).map((e) => e.name).sort();
      assert.deepEqual(Object.keys(bundleTests).sort(), functions, 'a bundle test for every Lambda');
      for (const [name, statuses] of Object.entries(bundleTests)) assert.deepEqual(statuses, { passed: statuses.passed }, `the bundle tests of ${name} all ran and passed`);

      const preview = run(dir, 'npm', ['run', '--silent', 'preview:offline', '--', '--json']);
      const graph = JSON.parse(preview.stdout.trim()) as { stack: string; project: string; resources: PreviewResource[]; outputs: Record<string, unknown> };
      assert.equal(graph.project, 'TapStack');
      assert.equal(graph.stack, answers.stack);

      // Counts per type, as the answers determine them.
      const counts = new Map<string, number>();
      for (const r of graph.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
      for (const [type, expected] of Object.entries(EXPECTED_COUNTS)) assert.equal(counts.get(type) ?? 0, expected(answers), `${type} count`);

      // Regions: every AWS resource in one of the two regions, the secondary provider's in the secondary
      // one; only the health-check alarms' own provider, when the answers need it, is in us-east-1.
      const alarmSide = healthCheckAlarmSide(answers) === 1 ? HEALTH_CHECK_ALARMS_PROVIDER : undefined;
      const providers = graph.resources.filter((r) => r.type === 'pulumi:providers:aws');
      assert.deepEqual(providers.map((p) => [p.name, p.region]).sort(), [
        ['aws-global', answers.primaryRegion], ['aws-primary', answers.primaryRegion], ['aws-secondary', answers.secondaryRegion],
        ...(alarmSide ? [[alarmSide.name, alarmSide.region]] : []),
      ].sort());
      for (const r of graph.resources.filter((x) => x.type.startsWith('aws:'))) {
        assert.ok(r.provider, `${r.urn} uses the default provider`);
        if (r.provider === alarmSide?.name) assert.equal(r.region, alarmSide.region, r.urn);
        else assert.ok([answers.primaryRegion, answers.secondaryRegion].includes(r.region as string), `${r.urn} is in ${r.region}`);
        if (r.provider === 'aws-secondary') assert.equal(r.region, answers.secondaryRegion, r.urn);
      }

      // Tags: every provider tags everything it manages with the required tags and the user's tags.
      for (const p of providers) {
        const tags = (JSON.parse(String(p.inputs.defaultTags)) as { tags: Record<string, string> }).tags;
        const role = p.name === alarmSide?.name ? alarmSide.role : p.name.replace('aws-', '');
        assert.deepEqual(tags, { Environment: answers.stack, ...answers.tags, DisasterRecovery: 'enabled', Region: p.region, 'DR-Role': role });
      }
      assert.equal(graph.outputs.databaseDnsName, `db.${answers.domainName}`);

      // Every resource carries its (mocked) id, so references can be followed: each record's health check
      // and each calculated check's children are resources of the graph.
      const custom = graph.resources.filter((r) => r.type.startsWith('aws:'));
      for (const r of custom) assert.ok(r.id, `${r.urn} has no id`);
      const checks = new Map(custom.filter((r) => r.type === 'aws:route53/healthCheck:HealthCheck').map((r) => [r.id, r]));
      const records = custom.filter((r) => r.type === 'aws:route53/record:Record');
      for (const r of records.filter((x) => x.inputs.healthCheckId)) assert.ok(checks.has(r.inputs.healthCheckId as string), `${r.urn}: its health check is not in the graph`);
      for (const c of checks.values()) for (const child of (c.inputs.childHealthchecks ?? []) as string[]) assert.ok(checks.has(child), `${c.urn}: child ${child} is not in the graph`);
      // Writes follow the writer: the write name is one plain CNAME of the global writer endpoint.
      const writeName = records.filter((r) => r.inputs.name === graph.outputs.databaseDnsName);
      assert.deepEqual(writeName.map((r) => [r.inputs.records, r.inputs.healthCheckId, r.inputs.failoverRoutingPolicies]), [[[graph.outputs.globalWriterEndpoint], undefined, undefined]]);
      // The orchestrator is watched from the secondary region.
      const watchers = custom.filter((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && r.parent === 'tap:dr:OrchestratorAlarms::orchestrator-alarms');
      assert.deepEqual(watchers.map((r) => [r.inputs.metricName, r.region]).sort(), [
        ['DecisionsRecorded', answers.secondaryRegion], ['Errors', answers.secondaryRegion],
        ...BLIND_OUTCOMES.map(() => ['FailoverDecision', answers.secondaryRegion]), ['Throttles', answers.secondaryRegion],
      ]);
      assert.doesNotMatch(preview.output, /"(masterPassword|secretString)": "(?!\[secret\])/, 'secrets stay masked');

      const policy = run(dir, 'npm', ['run', '--silent', 'policy', '--', '--json']);
      const { results } = JSON.parse(policy.stdout.trim()) as { results: PolicyResult[] };
      const failed = results.filter((r) => r.enforcementLevel === 'mandatory' && r.violations.length > 0);
      assert.deepEqual(failed, [], 'no mandatory policy is violated');
      const advisories = results.filter((r) => r.enforcementLevel !== 'mandatory' && r.violations.length > 0).map((r) => `${r.policy} ×${r.violations.length}`);

      const line = `${label}: ${graph.resources.length} resources; bundles ${Object.entries(bundleTests).map(([name, { passed }]) => `${name} ${passed}`).join(', ')}; policy ${results.length - failed.length}/${results.length} pass${advisories.length ? ` (advisory: ${advisories.join(', ')})` : ''}; npm ci ${ciMs ? `${Math.round(ciMs / 1000)} s` : 'shared'}, build ${Math.round(build.ms / 1000)} s, test ${Math.round(test.ms / 1000)} s, preview ${Math.round(preview.ms / 1000)} s, policy ${Math.round(policy.ms / 1000)} s`;
      summary.push(line);
      t.diagnostic(line);
    });
  }
});
