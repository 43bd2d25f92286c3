// `yo tap-dr` through yeoman-test, against the built generator (dist/), which is what ships.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import helpers, { type RunResult } from 'yeoman-test';
import { ANSWER_KEYS, type AnswerKey } from '../../skeleton/lib/config/answers-schema';
import { formatRecoveryBudget, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { engineFact } from '../../skeleton/lib/config/rules';
import { fieldProblems, formatProblem } from '../../skeleton/lib/config/validate';
import { collectAnswers } from '../../generator/answers/collect';
import type TapDrGenerator from '../../generator/generators/app/index';
import { ALWAYS_ASKED, promptMessage, questionFor } from '../../generator/generators/app/index';
import { retryCommand, shellWord } from '../../generator/generators/app/retry-command';
import { RENDER_COMMAND } from '../../generator/package-root';
import { costEstimate, costTable } from '../../skeleton/lib/config/cost-estimate';
import { prepare, type Prepared } from '../../generator/prepare';
import { TEAM_DOMAIN, TEAM_DOMAIN_SETS, healthcareSources } from '../helpers/team-domain';
import { readTree, tempDir } from '../helpers/tmp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GENERATOR = join(ROOT, 'dist/generators/app/index.js');

let Generator: typeof TapDrGenerator;

before(async () => {
  if (!existsSync(GENERATOR)) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    assert.equal(build.status, 0, 'npm run build failed');
  }
  // Imported here and handed to yeoman-test as a class: yeoman-environment would `require()` the
  // file first, and under tsx's require hook that turns yeoman-generator (ESM only) into CJS.
  Generator = (await import(pathToFileURL(GENERATOR).href)).default;
});

/**
 * A run of the built generator, as `yo tap-dr` would start it: in a fresh temporary folder, or in
 * `dir` as it is (`cd`, not yeoman-test's `inDir`, which empties the folder first).
 */
function run(dir?: string, { force = true } = {}) {
  // yeoman-test runs with `force` by default; `force: false` is `yo` without `--force` (the conflicter compares).
  const context = helpers.run(Generator, { resolved: GENERATOR, namespace: 'tap-dr:app' }, { force });
  return dir === undefined ? context : context.cd(dir);
}

function ok(prepared: Prepared): Extract<Prepared, { ok: true }> {
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.problems.map(formatProblem).join('\n'));
  return prepared;
}

/** The folder holds exactly the core render: same paths, same bytes. */
function assertSameAsCore(dir: string, expected: Extract<Prepared, { ok: true }>) {
  assert.deepEqual([...readTree(dir).keys()].sort(), [...expected.files.keys()].sort());
  for (const [path, bytes] of readTree(dir)) {
    assert.ok(bytes.equals(expected.files.get(path) as Buffer), `${path} differs from the core render`);
  }
  const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'));
  assert.deepEqual(stored['generator-tap-dr'].answers, expected.answers);
}

/** Files the render always has, whatever else the skeleton holds today. */
function assertCoreFilesExist(dir: string, stack: string) {
  assert.ok(existsSync(join(dir, '.yo-rc.json')));
  assert.ok(existsSync(join(dir, 'lib/config/answers-schema.ts')));
  assert.ok(existsSync(join(dir, 'lib/config/validate.ts')));
  if (existsSync(join(ROOT, 'skeleton/package.json.ejs'))) assert.ok(existsSync(join(dir, 'package.json')));
  if (existsSync(join(ROOT, 'skeleton/Pulumi.__stack__.yaml.ejs'))) {
    assert.ok(existsSync(join(dir, `Pulumi.${stack}.yaml`)), `Pulumi.${stack}.yaml is missing`);
  }
}

const asked = (result: RunResult) => result.askedQuestions.map((q) => q.name);
const FIELDS_TITLE = (key: AnswerKey) => promptMessage(key).split(':')[0] as string;

/** What the (mocked) adapter logged with `status`, e.g. `identical` or `create`. */
function logged(result: RunResult, status: string): string[] {
  const spy = (result.env.adapter as unknown as { log: Record<string, { mock?: { calls: Array<{ arguments: unknown[] }> } }> }).log[status];
  return (spy?.mock?.calls ?? []).map((call) => String(call.arguments[0]));
}

describe('yo tap-dr (yeoman-test, built generator)', () => {
  it('interactive: asks the preset, the always-asked fields, "customize" and the public domain the preset cannot know, and writes the core render', async () => {
    const typed = { name: 'claims-dr', environmentSuffix: 'qa1', stack: 'staging', primaryRegion: 'us-east-2', secondaryRegion: 'us-west-2' };
    const result = await run().withAnswers({ preset: 'healthcare', ...typed, customize: false, publicDomainName: TEAM_DOMAIN }, { throwOnMissingAnswer: true });
    assert.deepEqual(asked(result), ['preset', ...ALWAYS_ASKED, 'customize', 'publicDomainName']);
    const expected = ok(prepare(healthcareSources(Object.entries(typed).map(([k, v]) => `${k}=${v}`))));
    assertSameAsCore(result.cwd, expected);
    assertCoreFilesExist(result.cwd, 'staging');
    assert.equal(expected.answers.appTier, true, 'healthcare keeps its tiers when only the always-asked fields change');
  });

  it('interactive: the defaults of every always-asked prompt are the preset values', async () => {
    const result = await run().withAnswers({ preset: 'trading', customize: false });
    const defaults = Object.fromEntries(result.askedQuestions.map((q) => [q.name, q.answer]));
    assert.deepEqual(defaults, { preset: 'trading', name: 'trading-platform-dr', environmentSuffix: 'dev', stack: 'dev', primaryRegion: 'us-east-1', secondaryRegion: 'eu-west-1', customize: false });
    assertSameAsCore(result.cwd, ok(prepare({ preset: 'trading' })));
  });

  it('interactive: "customize" asks every other answer, typed as text the way a user types it', async () => {
    const mysql = engineFact('aurora-mysql');
    const typed: Record<string, string | boolean> = {
      engine: 'aurora-mysql',
      engineVersion: mysql.defaultVersion,
      instanceClass: 'db.r7g.xlarge',
      azCount: '2',
      natGatewayCount: '2',
      rpoTargetSeconds: '120',
      replicationLagAlarmSeconds: '30',
      dashboard: true,
      deletionProtection: false,
      alarmEmail: 'dba@example.com',
      owner: 'group:default/dba-team',
      tags: 'Team=dba, CostCenter=42',
    };
    const result = await run().withAnswers({ preset: 'none', customize: true, ...typed });
    const rest = ANSWER_KEYS.filter((key) => !ALWAYS_ASKED.includes(key));
    assert.deepEqual(asked(result), ['preset', ...ALWAYS_ASKED, 'customize', ...rest]);
    const sets = Object.entries(typed).filter(([k]) => k !== 'tags').map(([k, v]) => `${k}=${v}`);
    const expected = ok(prepare({ sets: [...sets, 'tags.Team=dba', 'tags.CostCenter=42'] }));
    assertSameAsCore(result.cwd, expected);
    assert.equal(expected.answers.engine, 'aurora-mysql');
    assert.equal(expected.answers.azCount, 2);
  });

  it('interactive: an answer given as an option is not asked', async () => {
    const result = await run().withOptions({ preset: 'trading', 'primary-region': 'us-east-2' } as never).withAnswers({ customize: false });
    assert.deepEqual(asked(result), [...ALWAYS_ASKED.filter((k) => k !== 'primaryRegion'), 'customize']);
    assertSameAsCore(result.cwd, ok(prepare({ preset: 'trading', sets: ['primaryRegion=us-east-2'] })));
  });

  it('non-interactive: --preset healthcare --public-domain-name … --yes asks nothing and writes the core render', async () => {
    const result = await run().withOptions({ preset: 'healthcare', yes: true, 'public-domain-name': TEAM_DOMAIN } as never);
    assert.deepEqual(asked(result), []);
    assertSameAsCore(result.cwd, ok(prepare(healthcareSources())));
    assertCoreFilesExist(result.cwd, 'dev');
  });

  it('non-interactive: --preset healthcare --yes without the public domain fails naming it, and writes nothing', async () => {
    const dir = tempDir('yo-nodomain');
    await assert.rejects(run(dir).withOptions({ preset: 'healthcare', yes: true } as never), /publicDomainName: is required when appTier is true/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('the closing summary shows the recovery budget and the monthly cost, as tap-dr new does; every file of a first run is "create"', async () => {
    const result = await run(undefined, { force: false }).withOptions({ preset: 'trading', yes: true } as never);
    const log = (result.env.adapter as unknown as { log: { mock?: { calls: Array<{ arguments: unknown[] }> } } }).log;
    const text = (log.mock?.calls ?? []).map((call) => String(call.arguments[0])).join('\n');
    const { answers, files } = ok(prepare({ preset: 'trading' }));
    const budget = formatRecoveryBudget(recoveryBudget(answers));
    const cost = costTable(costEstimate(answers));
    assert.ok(text.includes(budget), text);
    assert.ok(text.indexOf(budget) < text.indexOf(cost), 'the cost table comes last');
    assert.ok(text.trimEnd().endsWith(cost), text.slice(-300));
    assert.deepEqual(logged(result, 'force'), [], 'no stray "force .yo-rc.json"');
    assert.deepEqual(logged(result, 'create').sort(), [...files.keys()].sort());
  });

  it('prompts say what the schema knows: unit, range, the rule to meet, optional, regions by name', () => {
    assert.equal(promptMessage('replicationLagAlarmSeconds'), 'Replication lag alarm (seconds): an integer from 1 to 86400, below the RPO target');
    assert.match(promptMessage('alarmEmail'), /^Alarm e-mail: an e-mail address, or empty for none$/);
    assert.match(promptMessage('tags'), /^Extra tags \(Key=Value, Key=Value\): /);
    const regions = (questionFor('primaryRegion', {}) as unknown as { choices: Array<{ name: string; value: string }> }).choices;
    assert.deepEqual(regions.find((c) => c.value === 'eu-west-1'), { name: 'eu-west-1  Europe (Ireland)', value: 'eu-west-1' });
    for (const key of ANSWER_KEYS) assert.ok(promptMessage(key).length > FIELDS_TITLE(key).length + 2, `${key}: ${promptMessage(key)}`);
  });

  it('non-interactive: --preset trading --yes with answer options equals prepare({ preset, sets })', async () => {
    const result = await run().withOptions({ preset: 'trading', yes: true, 'primary-region': 'eu-west-2', 'az-count': '2', 'app-tier': true, 'public-domain-name': TEAM_DOMAIN, tags: 'Team=dba' } as never);
    assert.deepEqual(asked(result), []);
    assertSameAsCore(result.cwd, ok(prepare({ preset: 'trading', sets: ['primaryRegion=eu-west-2', 'azCount=2', 'appTier=true', ...TEAM_DOMAIN_SETS, 'tags.Team=dba'] })));
  });

  it('non-interactive: the same options as command-line arguments (-y, --no-deletion-protection)', async () => {
    const result = await run().withArguments(['--preset', 'trading', '-y', '--primary-region', 'eu-west-2', '--az-count', '2', '--app-tier', '--public-domain-name', TEAM_DOMAIN, '--no-deletion-protection']);
    assert.deepEqual(asked(result), []);
    assertSameAsCore(result.cwd, ok(prepare({ preset: 'trading', sets: ['primaryRegion=eu-west-2', 'azCount=2', 'appTier=true', ...TEAM_DOMAIN_SETS, 'deletionProtection=false'] })));
  });

  describe('invalid options are rejected with the core messages and nothing is written', () => {
    const cases: Array<{ title: string; options: Record<string, unknown>; sets?: string[]; preset: string }> = [
      { title: '--instance-class db.t4g.medium', preset: 'trading', options: { 'instance-class': 'db.t4g.medium' }, sets: ['instanceClass=db.t4g.medium'] },
      { title: '--secondary-region us-east-1 with primary us-east-1', preset: 'trading', options: { 'secondary-region': 'us-east-1' }, sets: ['secondaryRegion=us-east-1'] },
      { title: '--preset nope', preset: 'nope', options: {} },
      { title: 'several at once (--az-count 7 --backup-retention-days 40 --tags aws:x=1)', preset: 'healthcare', options: { 'az-count': '7', 'backup-retention-days': '40', tags: 'aws:x=1' }, sets: ['azCount=7', 'backupRetentionDays=40', 'tags.aws:x=1'] },
    ];
    for (const { title, options, sets, preset } of cases) {
      it(title, async () => {
        const dir = tempDir('yo-bad');
        const expected = prepare({ preset, sets });
        assert.ok(!expected.ok);
        const count = `${expected.problems.length} problem${expected.problems.length === 1 ? '' : 's'}`;
        await assert.rejects(run(dir).withOptions({ preset, yes: true, ...options } as never), (error: Error) => {
          assert.match(error.message, new RegExp(`the answers have ${count}; nothing was written`));
          for (const problem of expected.problems) assert.ok(error.message.includes(formatProblem(problem)), `missing: ${formatProblem(problem)}\nin: ${error.message}`);
          return true;
        });
        assert.deepEqual(readdirSync(dir), [], 'nothing may be written');
      });
    }

    it('a bad option in an interactive run fails after the prompts, before writing', async () => {
      const dir = tempDir('yo-bad');
      await assert.rejects(
        run(dir).withOptions({ 'instance-class': 'db.t3.medium' } as never).withAnswers({ preset: 'trading', customize: false }),
        /instanceClass = "db\.t3\.medium": /,
      );
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  it('interactive: the engine version and RPO enforcement prompts default to the defaults of the engine picked just before', async () => {
    // The optional fields have no default (the public zone ones are left empty: the tier is off); everything else is taken as offered.
    const typed = { engine: 'aurora-mysql', alarmEmail: 'dba@example.com', owner: 'group:default/dba-team' };
    const result = await run().withAnswers({ preset: 'trading', customize: true, ...typed, publicDomainName: '', publicHostedZoneId: '' }, { throwOnMissingAnswer: true });
    const version = result.askedQuestions.find((q) => q.name === 'engineVersion');
    assert.equal(version?.answer, engineFact('aurora-mysql').defaultVersion);
    // trading's PostgreSQL default blocks commits; Aurora MySQL has no rds.global_db_rpo, so the offer is alarm-only.
    assert.equal(result.askedQuestions.find((q) => q.name === 'rpoEnforcement')?.answer, 'alarm-only');
    assertSameAsCore(result.cwd, ok(prepare({ preset: 'trading', sets: Object.entries(typed).map(([k, v]) => `${k}=${v}`) })));
  });

  it('prompt kinds follow the schema: lists for fixed values, confirms for booleans, text defaults for numbers', () => {
    const known = collectAnswers({ preset: 'healthcare' }).input;
    const shape = (key: AnswerKey) => {
      const q = questionFor(key, known) as unknown as { type: string; default: unknown; choices?: string[] };
      return { type: q.type, default: q.default, choices: q.choices?.length };
    };
    assert.deepEqual(shape('engine'), { type: 'select', default: 'aurora-postgresql', choices: 2 });
    assert.deepEqual(shape('failoverMode'), { type: 'select', default: 'automatic', choices: 2 });
    assert.deepEqual(shape('lambdaRuntime'), { type: 'select', default: 'nodejs22.x', choices: 2 });
    assert.equal(shape('primaryRegion').type, 'select');
    assert.deepEqual(shape('appTier'), { type: 'confirm', default: true, choices: undefined });
    assert.deepEqual(shape('azCount'), { type: 'input', default: '3', choices: undefined });
    assert.deepEqual(shape('tags'), { type: 'input', default: '', choices: undefined });
  });

  describe('prompt validation is the core validation', () => {
    const check = (key: AnswerKey, input: unknown, known: Record<string, unknown>) =>
      (questionFor(key, known) as unknown as { validate: (input: unknown, answers?: Record<string, unknown>) => true | string }).validate(input, {});

    it('validate returns the core message naming field and value, and true for a good value', () => {
      const known = collectAnswers({ preset: 'trading' }).input;
      const expected = fieldProblems('secondaryRegion', { ...known, secondaryRegion: 'us-east-1' }).map(formatProblem).join(' ');
      assert.match(expected, /^secondaryRegion = "us-east-1": is the same as the primary region\./);
      assert.equal(check('secondaryRegion', 'us-east-1', known), expected);
      assert.equal(check('secondaryRegion', 'us-west-2', known), true);
      assert.equal(check('azCount', '7', known), fieldProblems('azCount', { ...known, azCount: 7 }).map(formatProblem).join(' '));
      assert.match(String(check('azCount', 'three', known)), /^azCount = "three": /);
      assert.equal(check('azCount', '2', known), true);
      assert.match(String(check('instanceClass', 'db.t4g.medium', known)), /^instanceClass = "db\.t4g\.medium": is a burstable class/);
      assert.match(String(check('tags', 'Team=dba, DR-Role=x', known)), /^tags\.DR-Role = "x": tag key "DR-Role" is set by the stack/);
      assert.equal(check('alarmEmail', '', known), true, 'an empty optional answer means none');
    });

    it('validate sees the answers given earlier in the same batch', () => {
      const known = collectAnswers({ preset: 'trading' }).input;
      const question = questionFor('secondaryRegion', known) as unknown as { validate: (input: unknown, answers: Record<string, unknown>) => true | string };
      assert.equal(question.validate('eu-west-1', { primaryRegion: 'eu-west-1' }).toString().startsWith('secondaryRegion = "eu-west-1": is the same as the primary region'), true);
    });

    it('a bad answer typed at a prompt is refused with the core message (prompt mock runs validate)', async () => {
      const dir = tempDir('yo-prompt');
      const expected = fieldProblems('secondaryRegion', { ...collectAnswers({ preset: 'trading' }).input, secondaryRegion: 'us-east-1' }).map(formatProblem).join(' ');
      await assert.rejects(
        run(dir).withAnswers({ preset: 'trading', secondaryRegion: 'us-east-1', customize: false }, {
          // What a real prompt does on Enter: run validate and refuse the value with its message.
          callback: (answer, { question }) => {
            const verdict = (question as unknown as { validate?: (value: unknown) => true | string }).validate?.(answer);
            if (typeof verdict === 'string') throw new Error(verdict);
            return answer;
          },
        }),
        (error: Error) => error.message === expected,
      );
      assert.deepEqual(readdirSync(dir), []);
    });
  });

  describe('answers are checked as they are given, and kept when the run fails at the end', () => {
    /** What a real prompt does on Enter: run validate and refuse the value with its message. */
    const promptRunsValidate = {
      callback: (answer: unknown, { question }: { question: unknown }) => {
        const verdict = (question as { validate?: (value: unknown) => true | string }).validate?.(answer);
        if (typeof verdict === 'string') throw new Error(verdict);
        return answer;
      },
    };

    it('a secondary region equal to the primary region chosen just before is refused at its own prompt', async () => {
      const dir = tempDir('yo-cross');
      const expected = fieldProblems('secondaryRegion', { ...collectAnswers({ preset: 'trading' }).input, primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1' }).map(formatProblem).join(' ');
      assert.match(expected, /^secondaryRegion = "eu-west-1": is the same as the primary region/);
      await assert.rejects(
        run(dir).withAnswers({ preset: 'trading', primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1', customize: false }, promptRunsValidate as never),
        (error: Error) => error.message === expected,
      );
      assert.deepEqual(readdirSync(dir), []);
    });

    it('a run that fails after the last prompt prints every answer as a tap-dr new command that gives the same verdict', async () => {
      const dir = tempDir('yo-late');
      // Each answer passes its prompt; together the confirmation window makes the RTO target unreachable.
      const typed = { rtoTargetSeconds: '250', failoverConfirmationSeconds: '120', alarmEmail: "o'brien@bank-dr.com" };
      let message = '';
      await assert.rejects(run(dir).withAnswers({ preset: 'trading', customize: true, ...typed }, promptRunsValidate as never), (error: Error) => {
        message = error.message;
        return /rtoTargetSeconds = 250: is below the worst-case recovery time/.test(error.message);
      });
      assert.deepEqual(readdirSync(dir), [], 'nothing was written');
      const command = message.split('\n').at(-1)?.trim() as string;
      assert.equal(command, `${RENDER_COMMAND} new . --preset trading --set rtoTargetSeconds=250 --set failoverConfirmationSeconds=120 --set 'alarmEmail=o'\\''brien@bank-dr.com'`);
      // The same answers through the CLI (the local build stands in for npx): the same problems, nothing lost.
      const cli = spawnSync('bash', ['-c', command.replace(RENDER_COMMAND, `node ${join(ROOT, 'dist/cli/tap-dr.js')}`)], { cwd: tempDir('yo-late-cli'), encoding: 'utf8' });
      assert.equal(cli.status, 2, cli.stderr);
      const expected = prepare({ preset: 'trading', sets: ['rtoTargetSeconds=250', 'failoverConfirmationSeconds=120', "alarmEmail=o'brien@bank-dr.com"] });
      assert.ok(!expected.ok);
      for (const problem of expected.problems) assert.ok(cli.stderr.includes(formatProblem(problem)), cli.stderr);
    });

    it('the command quotes what the shell would split, and names the folder as given', () => {
      assert.equal(shellWord('eu-west-1'), 'eu-west-1');
      assert.equal(shellWord('Team=data ops'), "'Team=data ops'");
      assert.equal(retryCommand('npx x', '/work/repo', '/work', 'healthcare', { ...collectAnswers({ preset: 'healthcare' }).input, tags: { Team: 'dba' }, azCount: 2 }),
        'npx x new repo --preset healthcare --set azCount=2 --set tags.Team=dba');
      assert.equal(retryCommand('npx x', '/work', '/work', undefined, { appTier: true, owner: undefined }), 'npx x new . --set appTier=true');
    });
  });

  describe('in a generated folder: the update, not a bare re-render', () => {
    it('same answers: shows an empty plan, asks nothing and touches no file', async (t) => {
      const dir = tempDir('yo-again');
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await run(dir).withOptions({ preset: 'healthcare', yes: true, 'environment-suffix': 'again1', 'public-domain-name': TEAM_DOMAIN } as never);
      const before = readTree(dir);
      const mtimes = new Map([...before.keys()].map((path) => [path, statSync(join(dir, path)).mtimeMs]));
      const again = await run(dir, { force: false }).withAnswers({}, { throwOnMissingAnswer: true });
      assert.deepEqual(asked(again), []);
      assert.deepEqual(logged(again, 'create'), []);
      assert.deepEqual(logged(again, 'force'), []);
      assert.deepEqual(logged(again, 'conflict'), []);
      assert.deepEqual(readTree(dir), before);
      for (const [path, mtime] of mtimes) assert.equal(statSync(join(dir, path)).mtimeMs, mtime, `${path} was touched`);
    });

    it('an option changes the answers through the update: the team\'s edit is kept, the rest is the new render, no conflict prompt', async (t) => {
      const dir = tempDir('yo-update');
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await run(dir).withOptions({ preset: 'trading', yes: true } as never);
      const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers;
      const notes = `${readFileSync(join(dir, 'README.md'), 'utf8')}\nOur runbook lives in the wiki.\n`;
      writeFileSync(join(dir, 'README.md'), notes);
      const again = await run(dir, { force: false }).withOptions({ yes: true, 'event-bridge': true } as never);
      assert.deepEqual(asked(again), []);
      const expected = ok(prepare({ stored, sets: ['eventBridge=true'] }));
      for (const [path, bytes] of expected.files) {
        if (path === 'README.md') continue;
        assert.ok(readTree(dir).get(path)?.equals(bytes), `${path} is the new render`);
      }
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');
      assert.ok(readme.endsWith('\nOur runbook lives in the wiki.\n'), 'the team\'s line is kept');
      assert.equal(readme, expected.files.get('README.md')!.toString() + '\nOur runbook lives in the wiki.\n', 'merged with the template\'s change');
    });

    it('interactive: shows the plan and asks before writing; "no" writes nothing', async (t) => {
      const dir = tempDir('yo-ask');
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await run(dir).withOptions({ preset: 'trading', yes: true } as never);
      const before = readTree(dir);
      const declined = await run(dir, { force: false }).withOptions({ 'az-count': '2' } as never).withAnswers({ apply: false }, { throwOnMissingAnswer: true });
      assert.deepEqual(asked(declined), ['apply']);
      assert.deepEqual(readTree(dir), before);
      const accepted = await run(dir, { force: false }).withOptions({ 'az-count': '2' } as never).withAnswers({ apply: true }, { throwOnMissingAnswer: true });
      assert.deepEqual(asked(accepted), ['apply']);
      assert.equal(JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers.azCount, 2);
    });

    it('an invalid option is refused with the core message before anything is written', async (t) => {
      const dir = tempDir('yo-update-bad');
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      await run(dir).withOptions({ preset: 'trading', yes: true } as never);
      const before = readTree(dir);
      await assert.rejects(run(dir, { force: false }).withOptions({ yes: true, 'az-count': '7' } as never), /the answers have 1 problem; nothing was written[\s\S]*azCount = 7: is too large/);
      assert.deepEqual(readTree(dir), before);
    });
  });
});
