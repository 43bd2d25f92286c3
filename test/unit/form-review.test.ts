// The portal form's review, apart from React: what it shows for the form's data must be what the
// tap:dr:render action will do with the same parameters (test/backstage/portal-form.test.ts shows it
// in the real scaffolder frontend).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build } from 'esbuild';
import fc from 'fast-check';
import { PRESETS, PRESET_NAMES } from '../../generator/answers/presets';
import { GROUP_TITLES, REVIEW_PROPERTY } from '../../generator/backstage-form/form-steps';
import { renderActionInputOf, reviewAnswers, reviewFieldErrors, shownValue, type Review } from '../../generator/backstage-form/review';
import { NO_PRESET } from '../../generator/backstage/render-action-input';
import { prepare } from '../../generator/prepare';
import { ANSWER_KEYS, FIELDS, type AnswerKey } from '../../skeleton/lib/config/answers-schema';
import { costEstimate } from '../../skeleton/lib/config/cost-estimate';
import { recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { formatProblem } from '../../skeleton/lib/config/validate';

const OWNER = 'group:default/dba-team';
const answerOf = (review: Review, key: AnswerKey) => review.groups.flatMap((g) => g.answers).find((a) => a.key === key)!;
/** What the action gets for this form data, run through the CLI's own path. */
const actionResult = (form: Record<string, unknown>) => {
  const { preset, ...answers } = renderActionInputOf(form);
  return prepare({ preset: preset === NO_PRESET ? undefined : (preset as string), answers });
};

describe('the review of a preset with only the required fields entered', () => {
  const form = { preset: 'trading', name: 'trading-platform-dr', owner: OWNER };
  const review = reviewAnswers(form);
  const prepared = actionResult(form);
  assert.ok(prepared.ok);

  it('shows every answer, grouped like the form, with the value the action renders from', () => {
    assert.deepEqual(review.groups.map((g) => g.step), Object.values(GROUP_TITLES));
    const shown = review.groups.flatMap((g) => g.answers.map((a) => a.key));
    assert.deepEqual([...shown].sort(), [...ANSWER_KEYS].sort());
    for (const group of review.groups) {
      for (const answer of group.answers) {
        assert.equal(GROUP_TITLES[FIELDS[answer.key].info.group], group.step, answer.key);
        assert.deepEqual(answer.value, (prepared.answers as Record<string, unknown>)[answer.key], answer.key);
        assert.equal(answer.hasProblem, false);
      }
    }
    assert.deepEqual(review.answers, prepared.answers);
  });

  it('says where each answer comes from: entered, the preset, or the schema default', () => {
    assert.equal(answerOf(review, 'name').source, 'entered');
    assert.equal(answerOf(review, 'owner').source, 'entered');
    assert.equal(answerOf(review, 'secondaryRegion').source, 'preset');
    assert.equal(answerOf(review, 'instanceClass').source, 'preset');
    assert.equal(answerOf(review, 'environmentSuffix').source, 'default');
    assert.equal(answerOf(review, 'engineVersion').source, 'default', 'the engine default version');
    assert.equal(answerOf(review, 'alarmEmail').source, 'none');
    assert.equal(answerOf(review, 'alarmEmail').shown, 'none');
  });

  it('names values as the form does', () => {
    assert.equal(answerOf(review, 'primaryRegion').shown, 'us-east-1: US East (N. Virginia)');
    assert.equal(answerOf(review, 'secondaryRegion').shown, 'eu-west-1: Europe (Ireland)');
    assert.equal(answerOf(review, 'engine').shown, 'Aurora PostgreSQL');
    assert.equal(answerOf(review, 'deletionProtection').shown, 'on');
    assert.equal(answerOf(review, 'tags').shown, 'Environment=production');
    assert.equal(answerOf(review, 'failoverMode').shown, 'Automatic: promote the secondary when the primary is confirmed down');
  });

  it('marks the fields of a tier that is off as unused, and only those', () => {
    for (const answer of review.groups.flatMap((g) => g.answers)) {
      const tier = (FIELDS[answer.key].info as { tier?: AnswerKey }).tier;
      assert.equal(answer.unusedBecause, tier ? `${FIELDS[tier].info.title} is off` : undefined, answer.key);
    }
    const healthcare = reviewAnswers({ preset: 'healthcare', name: 'h', owner: OWNER });
    assert.ok(healthcare.groups.flatMap((g) => g.answers).every((a) => a.unusedBecause === undefined));
  });

  it('shows the recovery budget and the cost estimate the CLI computes, and a one-line summary', () => {
    assert.deepEqual(review.budget, recoveryBudget(prepared.answers));
    assert.ok(review.budget!.rto.fits && review.budget!.rpo.fits);
    assert.equal(review.budget!.rto.targetSeconds, 300);
    assert.equal(review.budget!.rpo.targetSeconds, 60);
    assert.deepEqual(review.cost, costEstimate(prepared.answers));
    assert.deepEqual(review.problems, []);
    assert.match(review.summary, /^trading-platform-dr: Aurora PostgreSQL [\d.]+ on 2 × db\.r6g\.large per region, us-east-1 → eu-west-1; worst-case RTO \d+ s with the primary region down, \d+ s while it answers \(target 300 s\), RPO \d+ s \(target 60 s\); about \$[\d.]+ a month$/);
    assert.deepEqual(reviewFieldErrors(form), []);
  });
});

describe('problems', () => {
  it('overlapping CIDRs: the core\'s message, on the Network step, and the step cannot pass; fixing it clears it', () => {
    const form = { preset: 'trading', name: 'x-dr', owner: OWNER, secondaryVpcCidr: '10.0.128.0/17' };
    const review = reviewAnswers(form);
    const prepared = actionResult(form);
    assert.ok(!prepared.ok);
    assert.deepEqual(review.problems.map((p) => p.message), prepared.problems.map(formatProblem));
    assert.equal(review.problems[0].step, 'Network');
    assert.match(review.problems[0].message, /^secondaryVpcCidr = "10\.0\.128\.0\/17": overlaps the primary VPC \(10\.0\.0\.0\/16\)/);
    assert.deepEqual(reviewFieldErrors(form), review.problems.map((p) => `Network: ${p.message}`));
    assert.equal(answerOf(review, 'secondaryVpcCidr').hasProblem, true);
    assert.equal(answerOf(review, 'secondaryVpcCidr').shown, '10.0.128.0/17', 'the value as given');
    assert.equal(review.cost, undefined, 'no cost for answers the action rejects');
    assert.equal(review.answers, undefined);
    assert.ok(review.budget, 'the budget does not depend on the network');
    assert.match(review.summary, /^1 problem to fix/);
    assert.deepEqual(reviewFieldErrors({ ...form, secondaryVpcCidr: '10.2.0.0/16' }), []);
  });

  it('an empty RPO enforcement follows the engine as in the core: the budget\'s replication term is the engine\'s', () => {
    for (const engine of ['aurora-postgresql', 'aurora-mysql']) {
      const form = { preset: 'trading', name: 'x-dr', owner: OWNER, engine };
      const prepared = prepare({ preset: 'trading', sets: [`engine=${engine}`, 'name=x-dr', `owner=${OWNER}`] });
      assert.ok(prepared.ok);
      const review = reviewAnswers(form);
      assert.deepEqual(review.budget, recoveryBudget(prepared.answers), engine);
      assert.equal(review.budget!.rpo.terms[0].term.includes('rds.global_db_rpo'), engine === 'aurora-postgresql', engine);
    }
  });

  it('a budget that misses its target: the table in the message, the budget still shown', () => {
    const form = { preset: 'trading', name: 'x-dr', owner: OWNER, failoverConfirmationSeconds: 600 };
    const review = reviewAnswers(form);
    assert.equal(review.budget!.rto.fits, false);
    assert.deepEqual(review.problems.map((p) => [p.field, p.step]), [['rtoTargetSeconds', 'Recovery targets']]);
    assert.match(review.problems[0].message, /is below the worst-case recovery time with the primary region down of \d+ s these answers give; the largest term is decision/);
    assert.match(review.problems[0].message, /\| RTO, primary region down \(its RDS API does not answer\) \| term \| seconds \|/);
  });

  it('a field the core rejects keeps its given value, and every problem of the form is listed at once', () => {
    const form = { preset: NO_PRESET, name: 'x-dr', primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1', instanceClass: 'db.t4g.medium', azCount: 2, natGatewayCount: 3 };
    const review = reviewAnswers(form);
    assert.deepEqual(review.problems.map((p) => p.field).sort(), ['instanceClass', 'natGatewayCount', 'secondaryRegion']);
    assert.deepEqual(review.problems.map((p) => p.step).sort(), ['Database', 'Network', 'Regions']);
    assert.equal(answerOf(review, 'instanceClass').shown, 'db.t4g.medium');
    assert.equal(review.preset, undefined);
  });

  it('a field outside its own range (which the form\'s JSON Schema also stops) keeps the budget from being computed from it', () => {
    const review = reviewAnswers({ preset: 'trading', name: 'x-dr', rtoTargetSeconds: 0 });
    assert.equal(review.budget, undefined);
    assert.equal(answerOf(review, 'rtoTargetSeconds').shown, '0');
    assert.equal(answerOf(review, 'rtoTargetSeconds').hasProblem, true);
  });
});

describe('what the action is handed', () => {
  it('only the template\'s parameters, and not those the form left out', () => {
    assert.deepEqual(
      renderActionInputOf({ preset: 'trading', name: 'x', azCount: undefined, [REVIEW_PROPERTY]: 'summary', repoUrl: 'github.com?owner=a&repo=b', owner: OWNER }),
      { preset: 'trading', name: 'x', owner: OWNER },
    );
  });

  it('tags entered on top of a preset\'s are merged key by key, as the action merges them', () => {
    const review = reviewAnswers({ preset: 'trading', name: 'x-dr', tags: { Team: 'dba' } });
    assert.equal(answerOf(review, 'tags').source, 'preset and entered');
    assert.deepEqual(answerOf(review, 'tags').value, { Environment: 'production', Team: 'dba' });
    assert.equal(answerOf(review, 'tags').shown, 'Environment=production, Team=dba');
    assert.equal(answerOf(reviewAnswers({ name: 'x-dr', tags: { Team: 'dba' } }), 'tags').source, 'entered');
    assert.equal(answerOf(reviewAnswers({ name: 'x-dr' }), 'tags').shown, 'none');
  });

  it('an answer entered over the preset is marked entered', () => {
    const review = reviewAnswers({ preset: 'healthcare', name: 'h', natGatewayCount: 2, deletionProtection: true });
    assert.equal(answerOf(review, 'natGatewayCount').source, 'entered');
    assert.equal(answerOf(review, 'deletionProtection').source, 'entered');
    assert.equal(answerOf(review, 'deletionProtection').shown, 'on');
    assert.equal(answerOf(review, 'healthCheckIntervalSeconds').shown, '30 seconds (standard checks)');
  });

  it('accepts exactly what the action accepts, with the same messages, on top of every preset and none', () => {
    // Forms as the scaffolder sends them: a preset choice and a few fields, each near or far from
    // what it accepts (the form's JSON Schema lets many through that only the core rejects).
    const value = fc.oneof(
      fc.constantFrom('', ' ', 0, -1, 1, 2, 3, 4, 5, 30, 60, 300, 900, 1200, 3600, true, false, 'us-east-1', 'eu-west-1', 'us-west-1', 'ap-southeast-7', 'aurora-mysql',
        'db.r6g.large', 'db.r6g.24xlarge', 'db.t4g.medium', '10.0.0.0/16', '10.0.128.0/17', '10.1.0.0/16', '10.0.0.0/8', '14.3', '16.6', '8.0.mysql_aurora.3.10.3',
        'manual', 'automatic', 'a@b.co', 'dr.example.org', 'nodejs24.x'),
      fc.dictionary(fc.constantFrom('Team', 'DR-Role', 'aws:x', 'Environment'), fc.constantFrom('dba', 'x'), { maxKeys: 2 }),
    );
    const form = fc.record({
      preset: fc.constantFrom(NO_PRESET, ...PRESET_NAMES),
      fields: fc.dictionary(fc.constantFrom(...ANSWER_KEYS), value, { maxKeys: 4 }),
    }).map(({ preset, fields }) => ({ preset, name: 'x-dr', ...fields }));
    fc.assert(fc.property(form, (data) => {
      const review = reviewAnswers(data);
      const prepared = actionResult(data);
      assert.deepEqual(review.problems.map((p) => p.message), prepared.ok ? [] : prepared.problems.map(formatProblem), JSON.stringify(data));
      assert.deepEqual(review.answers, prepared.ok ? prepared.answers : undefined);
    }), { numRuns: 400 });
  });
});

describe('values in words', () => {
  it('booleans, enums, maps, nothing', () => {
    assert.equal(shownValue('appTier', false), 'off');
    assert.equal(shownValue('lambdaRuntime', 'nodejs24.x'), 'Node.js 24');
    assert.equal(shownValue('lambdaRuntime', 'nodejs99.x'), 'nodejs99.x', 'an unknown value as given');
    assert.equal(shownValue('tags', { A: '1' }), 'A=1');
    assert.equal(shownValue('owner', undefined), 'none');
    assert.equal(shownValue('azCount', 3), '3');
    assert.equal(shownValue('tags', ['x']), '["x"]');
    // Found by the property test: an object given for an enum field (JSON never makes one without a prototype, fast-check does).
    assert.equal(shownValue('engine', Object.create(null)), 'none');
    assert.equal(shownValue('tags', { A: 1 }), 'A=1');
  });

  it('presets are titled as the form titles them', () => {
    for (const preset of PRESET_NAMES) assert.equal(reviewAnswers({ preset, name: 'x' }).preset, preset);
    assert.ok(PRESETS.trading.title);
  });
});

describe('the review in a browser', () => {
  it('bundles for the browser: no node: built-in anywhere in what the field imports', async () => {
    const result = await build({
      entryPoints: [new URL('../../generator/backstage-form/index.ts', import.meta.url).pathname],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      logLevel: 'silent',
      // The app provides these (optional peer dependencies of the package).
      external: ['react', 'react/*', '@material-ui/*', '@backstage/*'],
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((file) => file.endsWith('skeleton/lib/config/validate.ts')), 'the core is in the bundle');
    assert.deepEqual(inputs.filter((file) => file.startsWith('node:') || file.includes('generator/answers/collect.ts') || file.endsWith('naming.ts')), []);
  });
});
