// `npm run bench`: prints the figures the issues ask for. Timing lives here, never in tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_NAMES, PRESETS } from '../generator/answers/presets';
import { render } from '../generator/render/render';
import { parseAnswers } from '../skeleton/lib/config/validate';
import { installGlobalYo, userDir } from '../test/helpers/global-yo';
import { RULES } from '../test/unit/validation-rules';
import { printDrill } from './drill';
import { benchGeneratedRepo } from './generated-repo';
import { HEALTHCARE_ANSWERS, HEALTHCARE_ARGS } from '../test/helpers/team-domain';
import { benchInstalls } from './installs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/tap-dr.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(runs: number, job: () => void): { median: number; first: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    job();
    samples.push(performance.now() - started);
  }
  return { median: median(samples), first: samples[0] };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const line = (label: string, value: string, goal = '') => console.log(`${label.padEnd(48)} ${value.padStart(12)}${goal ? `   goal ${goal}` : ''}`);

console.log(`tap-dr bench — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
// As a team renders each preset: healthcare needs the team's public domain, which no preset can know.
const PRESET_ANSWERS = { trading: PRESETS.trading.answers, healthcare: HEALTHCARE_ANSWERS };
for (const preset of PRESET_NAMES) {
  const t = time(30, () => render(parseAnswers(PRESET_ANSWERS[preset]), { drawGraph: false }));
  line(`library render (validate + render), ${preset}`, fmt(t.median), '< 50 ms');
  line(`  first call in the process (reads skeleton/)`, fmt(t.first));
}

// This repository's own installs: the root (install, build, render) and the Backstage test package.
// BENCH_TEST_PACKAGE=0 skips the second (minutes: it compiles better-sqlite3).
benchInstalls(line, process.env.BENCH_TEST_PACKAGE !== '0');

const work = mkdtempSync(join(tmpdir(), 'tap-dr-bench-'));
let n = 0;
const cli = time(10, () => {
  const result = spawnSync(process.execPath, [BIN, 'new', join(work, String(n++)), '--preset', 'trading'], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error('tap-dr new failed');
});
line('tap-dr new --preset trading, end to end', fmt(cli.median), '< 1.5 s');
rmSync(work, { recursive: true, force: true });

// yo from the packed tarball, installed globally into a private prefix, run as an ordinary user.
const global = await installGlobalYo();
line('npm install -g yo@7 + tarball (warm npm cache)', fmt(global.installMs));
let k = 0;
const yo = time(7, () => {
  const project = userDir(join(global.work, 'bench', String(k++)));
  const result = global.run(['tap-dr', '--preset', 'trading', '--yes'], project, 'bench');
  if (result.code !== 0) throw new Error(result.output);
});
line('yo tap-dr --preset trading --yes, end to end', fmt(yo.median));
rmSync(global.work, { recursive: true, force: true });

line('validation rules with tests (test/unit/validation-rules.ts)', String(RULES.length));

// Generated repositories: both presets (healthcare has every tier on, the largest graph and test
// suite), and the MySQL variant for its install and canary bundle only.
const repos = mkdtempSync(join(tmpdir(), 'tap-dr-bench-repos-'));
const runs = Number(process.env.BENCH_RUNS ?? 3);
benchGeneratedRepo(line, BIN, repos, 'trading (PostgreSQL)', ['--preset', 'trading'], runs, true);
benchGeneratedRepo(line, BIN, repos, 'healthcare (PostgreSQL)', [...HEALTHCARE_ARGS], runs, true);
benchGeneratedRepo(line, BIN, repos, 'trading (MySQL)', ['--preset', 'trading', '--set', 'engine=aurora-mysql'], 1, false);
rmSync(repos, { recursive: true, force: true });

await printDrill();
