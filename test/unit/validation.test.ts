import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIELDS, answersSchema } from '../../skeleton/lib/config/answers-schema';
import { REGIONS } from '../../skeleton/lib/config/aws-facts';
import { MAX_SUFFIX_LENGTH, resourceName } from '../../skeleton/lib/config/naming';
import { RULES } from './validation-rules';
import { fieldProblems, formatProblem, parseAnswers, validateAnswers, type Problem } from '../../skeleton/lib/config/validate';

function problemsOf(input: Record<string, unknown>): Problem[] {
  const result = validateAnswers(input);
  return result.ok ? [] : result.problems;
}

describe('validation rules', () => {
  for (const { rule, bad, field, reason, good } of RULES) {
    it(`${rule}: rejected naming the field, accepted when fixed`, () => {
      const problems = problemsOf(bad);
      const hit = problems.find((p) => p.field === field);
      assert.ok(hit, `expected a problem on ${field}, got ${JSON.stringify(problems)}`);
      assert.match(hit.reason, reason);
      assert.ok(hit.allowed.length > 0);
      const message = formatProblem(hit);
      assert.ok(message.startsWith(field), message);
      assert.match(message, /Allowed: /);
      assert.deepEqual(problemsOf(good), [], `fixed answers still fail: ${JSON.stringify(good)}`);
    });
  }

  it('reports a bad public domain once, for what is wrong with it, not also as missing', () => {
    const problems = problemsOf({ appTier: true, publicDomainName: 'dr.example.org' });
    assert.deepEqual(problems.map((p) => [p.field, p.value]), [['publicDomainName', 'dr.example.org']]);
    assert.match(problems[0].reason, /example\.org, which Route 53 refuses as "reserved by AWS"/);
  });

  it('asks for the public domain only with the application tier, and checks shadowing only then', () => {
    assert.deepEqual(problemsOf({ appTier: false }), []);
    assert.deepEqual(problemsOf({ appTier: false, publicDomainName: 'dr.hospital.net', domainName: 'dr.hospital.net' }), []);
  });

  it('reports every problem of one run together, each with the value given', () => {
    const problems = problemsOf({
      primaryRegion: 'us-east-9', instanceClass: 'db.t4g.medium', environmentSuffix: 'Dev!', azCount: 4,
      backupRetentionDays: 0, rpoTargetSeconds: 60, replicationLagAlarmSeconds: 90, alarmEmail: 'x', primaryVpcCidr: 'nope',
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['environmentSuffix', 'primaryRegion', 'instanceClass', 'backupRetentionDays', 'replicationLagAlarmSeconds', 'primaryVpcCidr', 'azCount', 'alarmEmail'],
    );
    assert.equal(problems.find((p) => p.field === 'primaryRegion')?.value, 'us-east-9');
    assert.equal(problems.find((p) => p.field === 'azCount')?.value, 4);
  });

  it('a bad field does not hide a rule between two other fields', () => {
    const fields = problemsOf({ primaryRegion: 'nowhere', secondaryRegion: 'us-east-1', rpoTargetSeconds: 30, replicationLagAlarmSeconds: 30 }).map((p) => p.field);
    assert.deepEqual(fields, ['primaryRegion', 'replicationLagAlarmSeconds']);
  });

  it('rejects answers that are not an object', () => {
    for (const input of [null, 'trading', [1], 3]) {
      const result = validateAnswers(input);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.problems[0].field, '(answers)');
    }
  });

  it('fills defaults, including the engine-specific default version', () => {
    const pg = parseAnswers({});
    assert.equal(pg.environmentSuffix, 'dev');
    assert.equal(pg.deletionProtection, true, 'deletion protection is on unless turned off');
    assert.equal(pg.failoverMode, 'manual', 'failover that may lose data is opt-in');
    assert.match(pg.engineVersion, /^\d+\.\d+$/);
    const mysql = parseAnswers({ engine: 'aurora-mysql' });
    assert.match(mysql.engineVersion, /^8\.0\.mysql_aurora\./);
  });

  it('treats empty optional text from forms as not given', () => {
    const answers = parseAnswers({ alarmEmail: '', owner: '' });
    assert.equal(answers.alarmEmail, undefined);
    assert.equal(answers.owner, undefined);
  });

  it('zod schema and validateAnswers agree', () => {
    for (const { bad, good } of RULES.filter((r) => r.field !== 'primaryRegon')) {
      assert.equal(answersSchema.safeParse(bad).success, false, JSON.stringify(bad));
      assert.equal(answersSchema.safeParse(good).success, true, JSON.stringify(good));
    }
  });

  it('parseAnswers throws one error naming every problem', () => {
    assert.throws(() => parseAnswers({ azCount: 9, stack: '' }), (error: Error) => {
      assert.match(error.message, /azCount = 9: is too large/);
      assert.match(error.message, /stack = "": is too short/);
      return true;
    });
  });

  it('fieldProblems gives a prompt only the problems of its field', () => {
    assert.deepEqual(fieldProblems('secondaryRegion', { primaryRegion: 'us-east-1', secondaryRegion: 'us-east-2', azCount: 9 }), []);
    assert.equal(fieldProblems('secondaryRegion', { primaryRegion: 'us-east-1', secondaryRegion: 'us-east-1' }).length, 1);
    assert.equal(fieldProblems('tags', { tags: { Region: 'x' } })[0].field, 'tags.Region');
  });

  it('every field documents what it allows', () => {
    for (const [key, field] of Object.entries(FIELDS)) {
      assert.ok(field.info.title && field.info.description && field.info.allowed, key);
    }
  });
});

describe('environmentSuffix limit is derived from the tightest AWS name limit', () => {
  it('the longest suffix still fits a load balancer name (32) in every region, ending in the suffix', () => {
    const suffix = 'a'.repeat(MAX_SUFFIX_LENGTH);
    for (const region of REGIONS) {
      const name = resourceName('loadBalancer', { service: 'alb', purpose: 'app', region: region.code, suffix });
      assert.ok(name.length <= 32, name);
      assert.ok(name.endsWith(`-${suffix}`), name);
    }
  });
  it('one more character cannot fit', () => {
    assert.throws(() => resourceName('loadBalancer', { service: 'alb', purpose: 'app', region: 'ap-southeast-2', suffix: 'a'.repeat(MAX_SUFFIX_LENGTH + 1) }), /too long/);
  });
  it('names that fit are left whole; shortened ones are stable and distinct', () => {
    assert.equal(resourceName('s3Bucket', { service: 's3', purpose: 'backups', region: 'us-east-1', suffix: 'dev' }), 's3-backups-us-east-1-dev');
    const a = resourceName('targetGroup', { service: 'tg', purpose: 'health-primary', region: 'ap-southeast-2', suffix: 'synthj5p6r0e5' });
    const b = resourceName('targetGroup', { service: 'tg', purpose: 'health-secondary', region: 'ap-southeast-2', suffix: 'synthj5p6r0e5' });
    assert.equal(a, resourceName('targetGroup', { service: 'tg', purpose: 'health-primary', region: 'ap-southeast-2', suffix: 'synthj5p6r0e5' }));
    assert.notEqual(a, b);
    assert.ok(a.length <= 32 && b.length <= 32);
  });
});
