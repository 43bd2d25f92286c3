import { createSide } from '../lib/regions';
import { runComponents } from './helpers/components';

/** Sides beyond the three of every stack (test/tap-stack.test.ts checks those): a provider name and region-named resources of their own. */
describe('createSide', () => {
  it('a global side in another region with a provider of its own: tagged global, its names carrying its region', async () => {
    const run = await runComponents({ primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2', environmentSuffix: 'dev' }, ({ answers, root }) => {
      const side = createSide(answers, 'global', 'us-east-1', root, 'aws-extra');
      return { name: side.name('snsTopic', 'sns', 'extra'), role: side.role, region: side.region };
    });
    const provider = run.resources.find((r) => r.name === 'aws-extra');
    expect(provider?.inputs.region).toBe('us-east-1');
    expect(JSON.parse(String(provider?.inputs.defaultTags)).tags).toMatchObject({ 'DR-Role': 'global', Region: 'us-east-1' });
    expect(run.outputs).toEqual({ name: 'sns-extra-us-east-1-dev', role: 'global', region: 'us-east-1' });
  });

  it('the global side of every stack names its resources with the primary region', async () => {
    const run = await runComponents({ primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2', environmentSuffix: 'dev' }, ({ answers, root }) => {
      const side = createSide(answers, 'global', answers.primaryRegion, root);
      return { role: side.name('iamRole', 'iam', 'failover'), cluster: side.name('rdsGlobalCluster', 'aurora', 'global') };
    });
    expect(run.outputs).toEqual({ role: 'iam-failover-eu-central-1-dev', cluster: 'aurora-global-eu-central-1-dev' });
  });
});
