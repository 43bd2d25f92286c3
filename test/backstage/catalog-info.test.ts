import { componentEntityV1alpha1Validator, locationEntityV1alpha1Validator, resourceEntityV1alpha1Validator } from '@backstage/catalog-model';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { prepare } from '../../generator/prepare';
import { healthcareSources } from '../helpers/team-domain';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VALIDATORS: Record<string, { check(data: unknown): Promise<boolean> }> = {
  Component: componentEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Location: locationEntityV1alpha1Validator,
};

const entities = (text: string) => parseAllDocuments(text).map((doc) => doc.toJS());
async function assertValid(entity: { kind: string; metadata: { name: string } }) {
  assert.equal(await VALIDATORS[entity.kind].check(entity), true, `${entity.kind} ${entity.metadata.name}`);
}

describe('catalog-info.yaml', () => {
  it('at the root: this package as a Component and a Location that registers the template', async () => {
    const [component, location] = entities(readFileSync(join(ROOT, 'catalog-info.yaml'), 'utf8'));
    for (const entity of [component, location]) await assertValid(entity);
    assert.equal(component.kind, 'Component');
    assert.equal(location.kind, 'Location');
    assert.deepEqual(location.spec.targets, ['./template/template.yaml', './template/update-template.yaml']);
    for (const target of location.spec.targets) assert.ok(existsSync(join(ROOT, target)), target);
  });

  for (const preset of PRESET_NAMES) {
    it(`of a generated repository (${preset}): the stack as a Component and its databases as Resources, owned by the form's owner`, async () => {
      // The healthcare preset's application tier needs the team's public domain (issue 12).
      const prepared = prepare({ ...(preset === 'healthcare' ? healthcareSources() : { preset }), answers: { owner: 'group:default/dba-team' } });
      assert.ok(prepared.ok);
      const all = entities(prepared.files.get('catalog-info.yaml')!.toString('utf8'));
      for (const entity of all) await assertValid(entity);
      assert.deepEqual(all.map((e) => e.kind), ['Component', 'Resource', 'Resource', 'Resource']);
      assert.deepEqual(new Set(all.map((e) => e.spec.owner)), new Set(['group:default/dba-team']));
      const names = new Set(all.map((e) => `resource:${e.metadata.name}`));
      for (const ref of all.flatMap((e) => e.spec.dependsOn ?? [])) assert.ok(names.has(ref), `${ref} is in the same file`);
    });
  }
});
