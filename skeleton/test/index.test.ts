import { OPTIONAL_TIERS } from '../lib/config/answers-schema';
import { RENDERED_TIERS } from '../lib/optional-tiers';
import { runOffline } from '../scripts/offline/recorder';
import { generatedAnswers, renderCommand, stackFileConfig } from './helpers/repo';
import { TEAM_DOMAIN } from './helpers/team-domain';
import { runWholeStack } from './helpers/whole-stack';

const answers = generatedAnswers();

const savedSuffix = process.env.ENVIRONMENT_SUFFIX;
beforeEach(() => {
  delete process.env.ENVIRONMENT_SUFFIX;
});
afterAll(() => {
  if (savedSuffix === undefined) delete process.env.ENVIRONMENT_SUFFIX;
  else process.env.ENVIRONMENT_SUFFIX = savedSuffix;
});

/**
 * Runs index.ts afresh, as `pulumi preview` would, with `config` as the stack config. An error the
 * program throws is returned with whatever was registered before it.
 */
async function runProgram(config: Record<string, string>) {
  let failure: Error | undefined;
  const run = await runOffline(async () => {
    let exports: Record<string, unknown> = {};
    await jest.isolateModulesAsync(async () => {
      try {
        exports = { ...(await import('../index')) };
      } catch (error) {
        failure = error as Error;
      }
    });
    return exports;
  }, { stack: answers.stack, config });
  return { ...run, failure };
}

describe('the Pulumi program (index.ts)', () => {
  it(`builds the stack from Pulumi.${answers.stack}.yaml and exports its checked config with the stack outputs`, async () => {
    // runWholeStack fails on an error the program throws.
    const { outputs, resources } = await runWholeStack();
    expect(outputs).toMatchObject({
      environmentSuffix: answers.environmentSuffix,
      primaryRegion: answers.primaryRegion,
      secondaryRegion: answers.secondaryRegion,
      databaseDnsName: `db.${answers.domainName}`,
    });
    expect(resources.map((r) => `${r.type}::${r.name}`)).toContain('tap:dr:TapStack::tap-dr');
  });

  it('takes the suffix from ENVIRONMENT_SUFFIX when it is set', async () => {
    process.env.ENVIRONMENT_SUFFIX = 'pr4711';
    const { outputs, resources } = await runProgram(stackFileConfig(answers.stack));
    expect(outputs.environmentSuffix).toBe('pr4711');
    const cluster = resources.find((r) => r.type === 'aws:rds/cluster:Cluster');
    expect(String(cluster?.inputs.clusterIdentifier)).toMatch(/-pr4711$/);
  });

  it('stops with the validation message, naming field and value, before registering anything', async () => {
    const { failure, resources } = await runProgram({ ...stackFileConfig(answers.stack), 'TapStack:primaryVpcCidr': '10.0.0.1/16' });
    // The program runs in its own module registry, so its error class is not this file's one: check the name.
    expect(failure).toEqual(expect.objectContaining({
      name: 'InvalidAnswersError',
      message: expect.stringContaining('primaryVpcCidr = "10.0.0.1/16": has host bits set; the network address is 10.0.0.0/16'),
    }));
    expect(resources).toEqual([]);
  });

  const notRendered = OPTIONAL_TIERS.find((tier) => !RENDERED_TIERS.includes(tier));
  if (notRendered) {
    it(`stops before registering anything when the config switches on ${notRendered}, which this repository was rendered without`, async () => {
      // The application tier also needs its public domain, or validation stops the program first.
      const domain: Record<string, string> = notRendered === 'appTier' ? { 'TapStack:publicDomainName': TEAM_DOMAIN } : {};
      const { failure, resources } = await runProgram({ ...stackFileConfig(answers.stack), [`TapStack:${notRendered}`]: 'true', ...domain });
      expect(failure?.message).toContain(`TapStack:${notRendered} is true in Pulumi.${answers.stack}.yaml, but this repository was rendered without that tier`);
      expect(failure?.message).toContain(`${renderCommand()} update --set ${notRendered}=true`);
      expect(resources).toEqual([]);
    });
  }
});
