import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PRESET_NAMES } from '../../generator/answers/presets';
import { REVIEW_FIELD, REVIEW_PROPERTY, REVIEW_STEP_TITLE } from '../../generator/backstage-form/form-steps';
import { ANSWER_KEYS, FIELDS, answersJsonSchema } from '../../skeleton/lib/config/answers-schema';
import { TEMPLATE_FILE, templateYaml } from '../../scripts/template-form';

const committed = readFileSync(TEMPLATE_FILE, 'utf8');
const template = parse(committed);
type Step = { title: string; required?: string[]; properties: Record<string, Record<string, unknown>> };
const steps = template.spec.parameters as Step[];
const schema = answersJsonSchema().properties as Record<string, Record<string, unknown>>;

describe('template/template.yaml', () => {
  it('is what `npm run template:generate` makes from the answers schema today', () => {
    assert.equal(committed, templateYaml(), 'template/template.yaml is stale: run `npm run template:generate` and commit the result');
  });

  it('asks every answer once, in the step of its group, with the schema\'s title, type and ranges', () => {
    const asked = steps.flatMap((step) => Object.keys(step.properties).map((key) => [key, step.title] as const));
    const answers = asked.filter(([key]) => (ANSWER_KEYS as string[]).includes(key));
    assert.deepEqual(answers.map(([key]) => key).sort(), [...ANSWER_KEYS].sort());
    for (const [key, title] of answers) {
      const field = steps.find((s) => s.title === title)!.properties[key];
      const info = FIELDS[key as keyof typeof FIELDS].info;
      assert.equal(title.toLowerCase().startsWith(info.group === 'targets' ? 'recovery' : info.group === 'tiers' ? 'optional' : info.group), true, `${key} in step ${title}`);
      assert.equal(field.title, info.title);
      for (const keyword of ['type', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'enum']) assert.deepEqual(field[keyword], schema[key][keyword], `${key}.${keyword}`);
      if (Array.isArray(field.enum)) assert.equal((field.enumNames as string[]).length, field.enum.length, `${key}.enumNames`);
      // A pre-filled default would override the preset, so the form only states it.
      assert.equal(field.default, undefined, `${key} has no form default`);
      if (schema[key].default !== undefined && !['name'].includes(key)) assert.match(String(field.description), /Left empty: the preset's value, or /);
    }
  });

  it('starts with the preset chooser and ends with the repository; owner and repository use the portal pickers', () => {
    assert.deepEqual(steps[0].properties.preset.enum, ['none', ...PRESET_NAMES]);
    assert.equal(steps[0].properties.preset.default, 'none');
    const project = steps.find((s) => s.title === 'Project')!;
    assert.equal(project.properties.owner['ui:field'], 'OwnerPicker');
    assert.deepEqual(project.required, ['name', 'owner']);
    assert.equal(steps.at(-1)!.properties.repoUrl['ui:field'], 'RepoUrlPicker');
  });

  it('writes placeholders such as <stack> so that the portal, which renders descriptions as Markdown, shows them', () => {
    for (const step of steps) {
      for (const [key, field] of Object.entries(step.properties)) {
        assert.doesNotMatch(String(field.description ?? '').replace(/`[^`]*`/g, ''), /<[a-z][a-z ]*>/, `${key}: a bare <placeholder> would vanish as an HTML tag`);
      }
    }
    assert.match(String(steps.find((s) => s.title === 'Project')!.properties.stack.description), /Pulumi\.`<stack>`\.yaml/);
  });

  it('shows the review field on a step of its own right before the repository, and passes its value to no action', () => {
    const review = steps.at(-2)!;
    assert.equal(review.title, REVIEW_STEP_TITLE);
    assert.deepEqual(Object.keys(review.properties), [REVIEW_PROPERTY]);
    assert.equal(review.properties[REVIEW_PROPERTY]['ui:field'], REVIEW_FIELD);
    assert.equal(review.properties[REVIEW_PROPERTY].type, 'string');
    assert.equal(review.required, undefined, 'a portal without the field can still use the template');
    assert.ok(!JSON.stringify(template.spec.steps).includes(`parameters.${REVIEW_PROPERTY}`));
  });

  it('renders, publishes and registers, passing every answer to tap:dr:render, and links to the results', () => {
    assert.equal(template.apiVersion, 'scaffolder.backstage.io/v1beta3');
    assert.equal(template.kind, 'Template');
    const [render, publish, register] = template.spec.steps;
    assert.deepEqual(template.spec.steps.map((s: { action: string }) => s.action), ['tap:dr:render', 'publish:github', 'catalog:register']);
    assert.deepEqual(Object.keys(render.input), ['preset', ...ANSWER_KEYS]);
    for (const key of Object.keys(render.input)) assert.equal(render.input[key], `\${{ parameters.${key} }}`);
    assert.equal(publish.input.repoUrl, '${{ parameters.repoUrl }}');
    assert.equal(register.input.repoContentsUrl, '${{ steps.publish.output.repoContentsUrl }}');
    assert.deepEqual(template.spec.output.links.map((l: { url?: string; entityRef?: string }) => l.url ?? l.entityRef), [
      '${{ steps.publish.output.remoteUrl }}',
      '${{ steps.register.output.entityRef }}',
    ]);
  });
});
