import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PRESETS } from '../../generator/answers/presets';
import { prepare } from '../../generator/prepare';
import { costEstimate, costTable } from '../../skeleton/lib/config/cost-estimate';
import { formatRecoveryBudget, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { HEALTHCARE_ANSWERS, HEALTHCARE_ARGS, healthcareSources } from '../helpers/team-domain';
import { readTree, tempDir } from '../helpers/tmp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/tap-dr.js');

/** Runs the built bin the way a user or CI does: no TTY, its own process. */
function tapDr(args: string[], cwd = tempDir('cwd')) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  if (!existsSync(BIN)) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
});

describe('tap-dr new', () => {
  it('renders a preset into a new folder, byte for byte the core render', () => {
    const dir = join(tempDir('new'), 'repo');
    const run = tapDr(['new', dir, '--preset', 'trading']);
    assert.equal(run.code, 0, run.stderr);
    const expected = prepare({ preset: 'trading' });
    assert.ok(expected.ok);
    assert.deepEqual(readTree(dir), new Map(expected.files));
    assert.match(run.stdout, /Wrote \d+ of \d+ files/);
    assert.match(run.stdout, /Next: cd /);
    // The preset names no alarm address: the user learns that pages would reach nobody.
    assert.match(run.stdout, /Note: no alarmEmail, so the alarm topics have no subscriber/);
    const subscribed = tapDr(['new', join(tempDir('email'), 'repo'), '--preset', 'trading', '--set', 'alarmEmail=oncall@bank.example']);
    assert.equal(subscribed.code, 0, subscribed.stderr);
    assert.doesNotMatch(subscribed.stdout, /no alarmEmail/);
  });

  it('ends, like --dry-run, with the recovery budget and the monthly cost of the answers', () => {
    const run = tapDr(['new', join(tempDir('summary'), 'repo'), ...HEALTHCARE_ARGS]);
    assert.equal(run.code, 0, run.stderr);
    const answers = parseAnswers(HEALTHCARE_ANSWERS);
    const budget = formatRecoveryBudget(recoveryBudget(answers));
    const cost = costTable(costEstimate(answers));
    assert.ok(run.stdout.indexOf('Wrote ') < run.stdout.indexOf(budget), 'the budget comes after the files');
    assert.ok(run.stdout.trimEnd().endsWith(cost), `the output ends with the cost table:\n${run.stdout.slice(-400)}`);
  });

  it('exits 2 with one line per problem on stderr and writes nothing', () => {
    const dir = join(tempDir('bad'), 'repo');
    const run = tapDr(['new', dir, '--set', 'primaryRegion=us-east-1', '--set', 'secondaryRegion=us-east-1', '--set', 'instanceClass=db.t4g.medium', '--set', 'azCount=7']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the answers have 3 problems; nothing was written/);
    assert.match(run.stderr, /secondaryRegion = "us-east-1": is the same as the primary region\. Allowed: /);
    assert.match(run.stderr, /instanceClass = "db\.t4g\.medium": is a burstable class/);
    assert.match(run.stderr, /azCount = 7: is too large/);
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(dir));
  });

  it('--json prints the problems as JSON too', () => {
    const run = tapDr(['new', join(tempDir('json'), 'r'), '--json', '--set', 'backupRetentionDays=40']);
    assert.equal(run.code, 2);
    const body = JSON.parse(run.stdout);
    assert.equal(body.ok, false);
    assert.deepEqual(body.problems.map((p: { field: string }) => p.field), ['backupRetentionDays']);
  });

  it('--preset healthcare without the team\'s public domain: exit 2, names the field and how to pass it, writes nothing', () => {
    const dir = join(tempDir('nodomain'), 'repo');
    const run = tapDr(['new', dir, '--preset', 'healthcare']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /- publicDomainName: is required when appTier is true, and no preset can know it\. Allowed: a DNS name your team controls/);
    assert.match(run.stderr, /Pass it with: --set publicDomainName=<value>/);
    assert.ok(!existsSync(dir));
    const reserved = tapDr(['new', dir, '--preset', 'healthcare', '--set', 'publicDomainName=healthcare-dr.example.com']);
    assert.equal(reserved.code, 2);
    assert.match(reserved.stderr, /publicDomainName = "healthcare-dr\.example\.com": is under example\.com, which Route 53 refuses as "reserved by AWS"/);
    assert.doesNotMatch(reserved.stderr, /Pass it with/);
    assert.ok(!existsSync(dir));
  });

  it('--dry-run lists the files and writes nothing', () => {
    const dir = join(tempDir('dry'), 'repo');
    const run = tapDr(['new', dir, ...HEALTHCARE_ARGS, '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /create {4}\.yo-rc\.json/);
    assert.match(run.stdout, /Dry run: \d+ of \d+ files would be written/);
    assert.ok(!existsSync(dir));
  });

  it('--dry-run shows the recovery budget table of the core formatter', () => {
    const run = tapDr(['new', join(tempDir('budget'), 'repo'), '--preset', 'trading', '--dry-run']);
    assert.equal(run.code, 0, run.stderr);
    const expected = formatRecoveryBudget(recoveryBudget(parseAnswers(PRESETS.trading.answers)));
    assert.ok(run.stdout.includes(expected), run.stdout);
    assert.match(run.stdout, /\| \*\*total\*\* \| fits the 300 s target with 182 s to spare \| \*\*118\*\* \|/);
    assert.match(run.stdout, /\| \*\*total\*\* \| fits the 300 s target with 25 s to spare \| \*\*275\*\* \|/);
  });

  it('--json carries the budget terms, totals and the table', () => {
    const body = JSON.parse(tapDr(['new', join(tempDir('budgetjson'), 'repo'), '--preset', 'trading', '--dry-run', '--json']).stdout);
    assert.deepEqual({ rto: body.recoveryBudget.rto.totalSeconds, rtoRegionUp: body.recoveryBudget.rtoRegionUp.totalSeconds, rpo: body.recoveryBudget.rpo.totalSeconds, fits: body.recoveryBudget.rto.fits && body.recoveryBudget.rtoRegionUp.fits }, { rto: 118, rtoRegionUp: 275, rpo: 30, fits: true });
    assert.equal(body.recoveryBudget.table, formatRecoveryBudget(recoveryBudget(parseAnswers(PRESETS.trading.answers))));
  });

  it('rejects a target the budget misses with the table on stderr (exit 2)', () => {
    const run = tapDr(['new', join(tempDir('budgetbad'), 'repo'), '--preset', 'trading', '--set', 'failoverConfirmationSeconds=220']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /rtoTargetSeconds = 300: is below the worst-case recovery time with the primary region down of 318 s/);
    assert.match(run.stderr, /\| \*\*total\*\* \| misses the 300 s target by 18 s \| \*\*318\*\* \|/);
  });

  it('--dry-run prints the monthly cost estimate, the same table as the generated README, and --json carries it too', () => {
    const dir = join(tempDir('drycost'), 'repo');
    const expected = prepare(healthcareSources());
    assert.ok(expected.ok);
    const table = costTable(costEstimate(expected.answers));
    const run = tapDr(['new', dir, ...HEALTHCARE_ARGS, '--dry-run']);
    assert.ok(run.stdout.includes(table), run.stdout);
    assert.match(run.stdout, /Estimated fixed monthly cost \(us-east-1 on-demand list prices recorded on \d{4}-\d\d-\d\d, not re-checked against the pricing pages; approximate, usage extra\)/);
    assert.ok(expected.files.get('README.md')?.toString().includes(table));
    const body = JSON.parse(tapDr(['new', dir, ...HEALTHCARE_ARGS, '--dry-run', '--json']).stdout);
    assert.deepEqual(body.costEstimate, costEstimate(expected.answers));
  });

  it('--dry-run --json describes every file', () => {
    const dir = join(tempDir('dryjson'), 'repo');
    const body = JSON.parse(tapDr(['new', dir, ...HEALTHCARE_ARGS, '--dry-run', '--json']).stdout);
    const expected = prepare(healthcareSources());
    assert.ok(expected.ok);
    assert.deepEqual(body.files.map((f: { path: string }) => f.path), [...expected.files.keys()]);
    assert.ok(body.files.every((f: { action: string }) => f.action === 'create'));
    assert.equal(body.answers.environmentSuffix, 'synthj5p6r0e5');
    assert.ok(!existsSync(dir));
  });

  it('refuses a non-empty folder without --force (exit 1), then --force lists conflicts first and keeps other files', () => {
    const dir = tempDir('busy');
    writeFileSync(join(dir, 'NOTES.md'), 'mine\n');
    writeFileSync(join(dir, '.yo-rc.json'), '{"someone-else": true}\n');
    const refused = tapDr(['new', dir, '--preset', 'trading']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /is not empty \(2 entries\)\. This file would be overwritten:\n {2}- \.yo-rc\.json\n/);
    assert.match(refused.stderr, /--force/);
    assert.equal(readFileSync(join(dir, '.yo-rc.json'), 'utf8'), '{"someone-else": true}\n');

    const forced = tapDr(['new', dir, '--preset', 'trading', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /^Overwrote 1 existing file that differs:\n {2}overwrite .yo-rc.json/m);
    assert.equal(readFileSync(join(dir, 'NOTES.md'), 'utf8'), 'mine\n');
  });

  it('re-renders from the answers stored in .yo-rc.json: every file identical', () => {
    const dir = join(tempDir('again'), 'repo');
    assert.equal(tapDr(['new', dir, ...HEALTHCARE_ARGS, '--set', 'natGatewayCount=2']).code, 0);
    const before = readTree(dir);
    const run = tapDr(['new', dir, '--force', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const body = JSON.parse(run.stdout);
    assert.equal(body.usedStoredAnswers, true);
    assert.equal(body.answers.natGatewayCount, 2);
    assert.ok(body.files.every((f: { action: string }) => f.action === 'identical'));
    assert.deepEqual(readTree(dir), before);
  });

  it('messages read as sentences: one entry, a YAML error without ":.", tags with the --set form that works', () => {
    const dir = tempDir('messages');
    writeFileSync(join(dir, 'only.md'), 'x\n');
    assert.match(tapDr(['new', dir, '--preset', 'trading']).stderr, /is not empty \(1 entry\)\. No file of the render differs/);
    writeFileSync(join(dir, 'bad.yaml'), 'a: b: c\n');
    const yaml = tapDr(['new', 'out', '--answers', 'bad.yaml'], dir);
    assert.equal(yaml.code, 2);
    assert.match(yaml.stderr, /--answers = "bad\.yaml": is not valid JSON or YAML: .* at line 1, column \d+\. Allowed: a JSON or YAML object of answers\.\n/);
    assert.doesNotMatch(yaml.stderr, /:\./);
    const tags = tapDr(['new', 'out', '--set', 'tags=oops'], dir);
    assert.equal(tags.code, 2);
    assert.match(tags.stderr, /--set tags = "oops": is not a map of tags\. Allowed: one --set tags\.<Key>=<value> per tag, e\.g\. --set tags\.Team=dba/);
  });

  it('a missed target puts the budget table under its line, after what is allowed, not inside the sentence', () => {
    const run = tapDr(['new', join(tempDir('budgetlines'), 'repo'), '--preset', 'trading', '--set', 'rtoTargetSeconds=60']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /rtoTargetSeconds = 60: is below the worst-case recovery time with the primary region down of 118 s these answers give; the largest term is promotion "managed failover.*\(60 s\)\. Allowed: at least 118, or answers that shorten the terms of the recovery budget below\.\n {4}\| RTO, primary region down/);
    assert.doesNotMatch(run.stderr, /^\. Allowed/m);
  });

  it('reads answers from a YAML file, with --set on top', () => {
    const dir = tempDir('file');
    writeFileSync(join(dir, 'answers.yaml'), 'engine: aurora-mysql\nprimaryRegion: eu-west-1\nsecondaryRegion: eu-central-1\n');
    const run = tapDr(['new', 'out', '--answers', 'answers.yaml', '--set', 'azCount=2', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const answers = JSON.parse(run.stdout).answers;
    assert.deepEqual([answers.engine, answers.primaryRegion, answers.azCount], ['aurora-mysql', 'eu-west-1', 2]);
    assert.match(answers.engineVersion, /mysql_aurora/);
  });

  it('exits 1 on usage errors and 0 on --help', () => {
    const missing = tapDr(['new']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing required argument 'dir'/);
    const unknown = tapDr(['new', 'x', '--colour']);
    assert.equal(unknown.code, 1);
    const help = tapDr(['new', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--preset <name>/);
    assert.match(help.stdout, /Exit codes: 0 ok, 2 invalid answers/);
    assert.equal(tapDr(['--help']).code, 0);
  });
});

describe('tap-dr presets and schema', () => {
  it('presets lists both scenarios; --json is machine-readable', () => {
    const run = tapDr(['presets']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^trading: /m);
    assert.match(run.stdout, /^healthcare: /m);
    const json = JSON.parse(tapDr(['presets', '--json']).stdout);
    assert.equal(json.trading.answers.secondaryRegion, 'eu-west-1');
  });

  it('schema prints a JSON Schema of every answer with defaults and enums', () => {
    const schema = JSON.parse(tapDr(['schema']).stdout);
    assert.equal(schema.type, 'object');
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.properties.azCount.default, 3);
    assert.equal(schema.properties.azCount.maximum, 3);
    assert.ok(schema.properties.primaryRegion.enum.includes('eu-west-1'));
    assert.equal(schema.properties.primaryRegion.title, 'Primary region');
  });
});
