#!/usr/bin/env node
// `npm test`, also run by .ci/run: every test of this repository, for people. Checks what the run needs
// first and stops within seconds with one line when something is missing; builds; runs every
// test/**/*.test.ts (or the files given) with Node's test runner in a temp folder of its own, which must
// be left empty; ends with a summary. Plain JavaScript, so it says so on a Node.js that is too old.
// Usage: npm test [-- test/unit/render.test.ts …]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeVersionProblem } from '../generator/node-version.js';
import { formatSummary, missingPrerequisites, prerequisitesLine } from './test-support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const files = process.argv.slice(2);

const tooOld = nodeVersionProblem(process.versions.node, 'npm test');
if (tooOld) {
  console.error(tooOld);
  process.exit(1);
}
// Only the render matrix and the drill start databases or commit renders; a run of chosen files may not.
const missing = missingPrerequisites({ root: ROOT, needDatabases: files.length === 0 || files.some((f) => /e2e|drill/.test(f)) });
if (missing.length > 0) {
  console.error(prerequisitesLine(missing));
  process.exit(1);
}

// Install test packages: test/backstage/ (the Backstage tests' own dependencies), when missing or stale.
const testPackages = spawnSync(process.execPath, [join(ROOT, 'scripts/test-packages.js')], { cwd: ROOT, stdio: 'inherit' });
if (testPackages.status !== 0) {
  console.error(`npm test: installing the test packages (node scripts/test-packages.js) failed (exit ${testPackages.status ?? testPackages.signal}); nothing was tested.`);
  process.exit(1);
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) {
  console.error(`npm test: npm run build failed (exit ${build.status ?? build.signal}); nothing was tested.`);
  process.exit(1);
}

// A temp folder for this run only: whatever a test leaves behind shows up here, even while other runs
// on the machine fill the shared one. Others may need to reach into it (yo runs as uid 1000).
const runTmp = mkdtempSync(join(tmpdir(), 'tap-dr-test-run-'));
chmodSync(runTmp, 0o755);
const summaryFile = join(tmpdir(), `tap-dr-test-summary-${process.pid}.json`);
const cleanUp = () => {
  rmSync(runTmp, { recursive: true, force: true });
  rmSync(summaryFile, { force: true });
};

const child = spawn(process.execPath, [
  '--import', 'tsx', '--test', '--test-concurrency=2',
  `--test-reporter=${pathToFileURL(join(ROOT, 'scripts/test-reporter.js')).href}`, '--test-reporter-destination=stdout',
  ...(files.length > 0 ? files : ['test/**/*.test.ts']),
], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TMPDIR: runTmp, TMP: runTmp, TEMP: runTmp, NO_COLOR: '1', FORCE_COLOR: '0', TAP_DR_TEST_SUMMARY: summaryFile },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    child.kill(signal);
    cleanUp();
    process.exit(130);
  });
}
child.on('exit', (code, signal) => {
  // What the tests left in their temp folder: folders of this repository's tests (tap-dr-*) are
  // failures; tools' caches (jest, tsx) go with the folder.
  const leftovers = readdirSync(runTmp).filter((name) => name.startsWith('tap-dr-'));
  let summary = { counts: { tests: 0, passed: 0, failed: 0, skipped: 0, cancelled: 0 }, failures: [] };
  if (existsSync(summaryFile)) summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  else summary.failures.push({ name: 'the test runner', line: `ended with ${signal ?? `exit ${code}`} before its reporter wrote the summary` });
  cleanUp();
  console.log(formatSummary({ ...summary, leftovers, seconds: Math.round((Date.now() - started) / 1000) }));
  process.exit(code === 0 && leftovers.length === 0 && summary.failures.length === 0 ? 0 : 1);
});
