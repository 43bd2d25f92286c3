import { parse, parseAllDocuments } from 'yaml';
import { CONFIG_NAMESPACE } from '../lib/config/stack-config';
import { generatedAnswers, readRepoFile, stackFileConfig } from './helpers/repo';

const answers = generatedAnswers();

describe('the files generated with the program', () => {
  it('Pulumi.yaml names the project after the config namespace the program reads', () => {
    expect(parse(readRepoFile('Pulumi.yaml'))).toMatchObject({ name: CONFIG_NAMESPACE, runtime: { name: 'nodejs' } });
  });

  it(`Pulumi.${answers.stack}.yaml starts with the suffix and the primary region as aws:region`, () => {
    const config = stackFileConfig(answers.stack);
    expect(Object.entries(config).slice(0, 2)).toEqual([
      [`${CONFIG_NAMESPACE}:environmentSuffix`, answers.environmentSuffix],
      ['aws:region', answers.primaryRegion],
    ]);
  });

  it('package.json carries the project name', () => {
    expect(JSON.parse(readRepoFile('package.json')).name).toBe(answers.name);
  });

  it('catalog-info.yaml is a Backstage Component with a valid name, its owner and lifecycle, and the databases as resources', () => {
    const [entity, ...resources] = parseAllDocuments(readRepoFile('catalog-info.yaml')).map((doc) => doc.toJS());
    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { title: answers.name, annotations: { 'tap-dr/primary-region': answers.primaryRegion, 'tap-dr/secondary-region': answers.secondaryRegion } },
      spec: { owner: answers.owner ?? 'unknown', lifecycle: answers.deletionProtection ? 'production' : 'experimental' },
    });
    // Backstage: 1 to 63 characters, letters and digits separated by single "-", "_" or ".".
    const validName = /^(?=.{1,63}$)[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
    expect(entity.metadata.name).toMatch(validName);
    expect(resources.map((r) => [r.kind, r.spec.type, r.spec.owner, r.metadata.annotations['tap-dr/region']])).toEqual([
      ['Resource', 'database', answers.owner ?? 'unknown', undefined],
      ['Resource', 'database', answers.owner ?? 'unknown', answers.primaryRegion],
      ['Resource', 'database', answers.owner ?? 'unknown', answers.secondaryRegion],
    ]);
    for (const resource of resources) expect(resource.metadata.name).toMatch(validName);
    expect(entity.spec.dependsOn).toEqual([`resource:${resources[0].metadata.name}`]);
    expect(resources[0].spec.dependsOn).toEqual(resources.slice(1).map((r) => `resource:${r.metadata.name}`));
  });
});
