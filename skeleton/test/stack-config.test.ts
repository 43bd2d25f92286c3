import { loadStackConfig } from '../lib/config/stack-config';
import { InvalidAnswersError } from '../lib/config/validate';
import { generatedAnswers, stackFileConfig } from './helpers/repo';
import { TEAM_DOMAIN } from './helpers/team-domain';

const answers = generatedAnswers();
const stackConfig = stackFileConfig(answers.stack);

function load(overrides: Record<string, string> = {}, env: Record<string, string> = {}) {
  return loadStackConfig({ config: { ...stackConfig, ...overrides }, stack: answers.stack, env });
}

function invalid(run: () => unknown): InvalidAnswersError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidAnswersError) return error;
    throw error;
  }
  throw new Error('expected an InvalidAnswersError');
}

describe(`the stack config in Pulumi.${answers.stack}.yaml`, () => {
  it('reads back to exactly the answers in .yo-rc.json', () => {
    expect(load()).toEqual(answers);
  });

  it('lets a non-empty ENVIRONMENT_SUFFIX override TapStack:environmentSuffix', () => {
    expect(load({}, { ENVIRONMENT_SUFFIX: 'pr4711' })).toEqual({ ...answers, environmentSuffix: 'pr4711' });
  });

  it('keeps TapStack:environmentSuffix when ENVIRONMENT_SUFFIX is empty', () => {
    expect(load({}, { ENVIRONMENT_SUFFIX: '' }).environmentSuffix).toBe(answers.environmentSuffix);
  });
});

describe('loadStackConfig', () => {
  const base = { stack: 'dev', env: {} };

  it('uses the schema defaults, suffix "dev" included, when the config and environment give nothing', () => {
    const loaded = loadStackConfig({ ...base, config: {} });
    expect(loaded.environmentSuffix).toBe('dev');
    expect(loaded).toMatchObject({ stack: 'dev', primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', azCount: 3 });
  });

  it('reads integers, booleans and maps from their text, and strings as they are', () => {
    const loaded = loadStackConfig({
      ...base,
      config: {
        'TapStack:azCount': '2',
        'TapStack:appTier': 'true',
        'TapStack:publicDomainName': TEAM_DOMAIN,
        'TapStack:deletionProtection': 'false',
        'TapStack:tags': '{"CostCenter":"4711"}',
        'TapStack:engineVersion': '16.13',
      },
    });
    expect(loaded).toMatchObject({
      azCount: 2,
      appTier: true,
      publicDomainName: TEAM_DOMAIN,
      deletionProtection: false,
      tags: { CostCenter: '4711' },
      engineVersion: '16.13',
    });
  });

  it('takes the stack name from Pulumi, never from the config', () => {
    expect(loadStackConfig({ ...base, stack: 'prod', config: { 'TapStack:stack': 'dev' } }).stack).toBe('prod');
  });

  it('leaves keys of other namespaces (aws:region) to their owners', () => {
    expect(() => loadStackConfig({ ...base, config: { 'aws:region': 'not-checked-here' } })).not.toThrow();
  });

  it('names the stack file, the field, the value and the reason when a value is bad', () => {
    const error = invalid(() => loadStackConfig({ ...base, stack: 'prod', config: { 'TapStack:azCount': 'three' } }));
    expect(error.message).toBe(
      'Invalid stack config in Pulumi.prod.yaml (TapStack:* keys):\n' +
        '  - azCount = "three": is a string, not a number. Allowed: 2 or 3, and no more than the region has.',
    );
  });

  it('says when a bad suffix came from ENVIRONMENT_SUFFIX', () => {
    const error = invalid(() => loadStackConfig({ ...base, config: {}, env: { ENVIRONMENT_SUFFIX: 'PR-12' } }));
    expect(error.message).toMatch(
      /^Invalid stack config in Pulumi\.dev\.yaml \(TapStack:\* keys; environmentSuffix from the ENVIRONMENT_SUFFIX environment variable\):\n {2}- environmentSuffix = "PR-12": has characters or a shape that is not allowed\./,
    );
  });

  // Each row changes this repository's own stack config in one place. Whatever answers rendered this
  // repository, that change breaks the rule of the row; it may break others too (a lag alarm raised to
  // the RPO target also lengthens the recovery time, which a tight RTO target then misses), which the
  // same checks report beside it.
  it.each([
    ['a CIDR with a prefix above 32', { 'TapStack:primaryVpcCidr': '10.0.0.0/33' }, 'primaryVpcCidr', '10.0.0.0/33', 'has a prefix length above 32'],
    ['an unknown region', { 'TapStack:secondaryRegion': 'mars-north-1' }, 'secondaryRegion', 'mars-north-1', 'is not one of the allowed values'],
    ['a number given as a word', { 'TapStack:azCount': 'three' }, 'azCount', 'three', 'is a string, not a number'],
    ['a fraction where an integer belongs', { 'TapStack:backupRetentionDays': '7.5' }, 'backupRetentionDays', 7.5, 'is a number, not an integer'],
    ['a boolean given as "yes"', { 'TapStack:appTier': 'yes' }, 'appTier', 'yes', 'is a string, not a boolean'],
    ['tags that are not JSON', { 'TapStack:tags': 'CostCenter=4711' }, 'tags', 'CostCenter=4711', 'is a string, not a record'],
    ['tags given as a list', { 'TapStack:tags': '["CostCenter"]' }, 'tags', ['CostCenter'], 'is a list, not a record'],
    [
      'a replication lag alarm not below the RPO target',
      { 'TapStack:rpoTargetSeconds': '60', 'TapStack:replicationLagAlarmSeconds': '60' },
      'replicationLagAlarmSeconds',
      60,
      'is not below the RPO target (60 s), so the alarm would fire only after the target is missed',
    ],
    [
      'an engine version without global database support',
      { 'TapStack:engine': 'aurora-postgresql', 'TapStack:engineVersion': '13.9' },
      'engineVersion',
      '13.9',
      'is not a release line of Aurora PostgreSQL that supports global databases',
    ],
    ['a misspelt key', { 'TapStack:azcount': '2' }, 'azcount', '2', 'is not an answer this template knows'],
  ])('rejects %s before the program goes on', (_title, overrides, field, value, reason) => {
    const error = invalid(() => load(overrides));
    expect(error.problems).toContainEqual(expect.objectContaining({ field, value, reason }));
    expect(error.message).toContain(`Invalid stack config in Pulumi.${answers.stack}.yaml`);
    expect(error.message).toContain(`${field} = ${JSON.stringify(value)}: ${reason}.`);
  });
});
