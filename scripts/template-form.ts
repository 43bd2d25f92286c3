// Generates template/template.yaml (the Backstage Software Template) and template/update-template.yaml
// (its update companion) from the answers schema and the presets: `npm run template:generate`. test/backstage/template.test.ts fails when the committed file
// differs from what this prints.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { PRESETS, PRESET_NAMES } from '../generator/answers/presets';
import { ENUM_NAMES, GROUP_TITLES, REVIEW_FIELD, REVIEW_PROPERTY, REVIEW_STEP_TITLE } from '../generator/backstage-form/form-steps';
import { NO_PRESET, RENDER_ACTION_ID, RENDER_STEP_PARAMETERS } from '../generator/backstage/render-action-input';
import { UPDATE_ACTION_ID } from '../generator/backstage/update-action-input';
import { ANSWER_KEYS, FIELDS, answersJsonSchema, type AnswerKey, type FieldInfo } from '../skeleton/lib/config/answers-schema';

export const TEMPLATE_FILE = new URL('../template/template.yaml', import.meta.url);
/** The second template: "Update DR database repository" (a pull request made by tap:dr:update). */
export const UPDATE_TEMPLATE_FILE = new URL('../template/update-template.yaml', import.meta.url);

/** Fields the portal asks for even though the schema has a default: every new repository needs its own. */
const REQUIRED_IN_FORM: readonly AnswerKey[] = ['name', 'owner'];

type JsonSchema = Record<string, unknown>;

/**
 * One form field from the answers' JSON Schema. The schema default is stated, not pre-filled: a
 * pre-filled value cannot be told apart from one the user chose, and would override the preset.
 * An untouched field is left out of the form data, so the action applies preset < given answers.
 */
export function formField(key: AnswerKey, form: 'create' | 'update' = 'create'): JsonSchema {
  const { default: fallback, propertyNames: _unused, ...schema } = (answersJsonSchema().properties as Record<string, JsonSchema>)[key];
  const field: JsonSchema = { ...schema, title: FIELDS[key].info.title };
  const shown = fallback === undefined ? 'none' : `\`${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}\``;
  const requiredWhen = (FIELDS[key].info as FieldInfo).requiredWhen;
  field.description = form === 'update'
    ? `${FIELDS[key].info.description} Left empty: the repository's current answer.`
    : REQUIRED_IN_FORM.includes(key)
      ? FIELDS[key].info.description
      : requiredWhen
        ? `${FIELDS[key].info.description} Required when ${FIELDS[requiredWhen].info.title} is on (also when a preset switches it on).`
      : `${FIELDS[key].info.description} Left empty: the preset's value, or ${shown} without a preset.`;
  // The portal renders descriptions as Markdown, where `<stack>` would vanish as an HTML tag.
  field.description = String(field.description).replace(/<([a-z][a-z ]*)>/g, '`<$1>`');
  const names = ENUM_NAMES[key];
  if (Array.isArray(schema.enum)) {
    if (!names) throw new Error(`${key}: an enum answer needs readable names in ENUM_NAMES`);
    field.enumNames = schema.enum.map((value) => names[String(value)] ?? String(value));
  }
  if (schema.type === 'boolean') field['ui:widget'] = 'radio';
  if (key === 'owner') Object.assign(field, { 'ui:field': 'OwnerPicker', 'ui:options': { catalogFilter: { kind: ['Group', 'User'] } } });
  return field;
}

/**
 * A field that must be given when its tier is on (FieldInfo.requiredWhen) is required by the form when
 * the tier is switched on in the same step. A tier switched on by the preset is invisible to the form:
 * then the action's validation names the field.
 */
function requiredWhenOn(keys: readonly AnswerKey[]): JsonSchema[] {
  return keys.flatMap((key) => {
    const tier = (FIELDS[key].info as FieldInfo).requiredWhen;
    return tier && keys.includes(tier) ? [{ if: { properties: { [tier]: { const: true } }, required: [tier] }, then: { required: [key] } }] : [];
  });
}

/** One step per answer group. The update form requires nothing: an empty field keeps the repository's answer, and the core names what a switched-on tier still needs. */
function groupStep(group: FieldInfo['group'], form: 'create' | 'update' = 'create'): JsonSchema {
  const keys = ANSWER_KEYS.filter((k) => FIELDS[k].info.group === group);
  const required = form === 'create' ? keys.filter((k) => REQUIRED_IN_FORM.includes(k)) : [];
  const conditions = form === 'create' ? requiredWhenOn(keys) : [];
  return {
    title: GROUP_TITLES[group],
    ...(required.length > 0 ? { required } : {}),
    properties: Object.fromEntries(keys.map((k) => [k, formField(k, form)])),
    ...(conditions.length > 0 ? { allOf: conditions } : {}),
  };
}

const presetStep = {
  title: 'Start from',
  description: 'A preset answers every question you leave empty in the next steps; what you fill in overrides it.',
  required: ['preset'],
  properties: {
    preset: {
      title: 'Preset',
      type: 'string',
      enum: [NO_PRESET, ...PRESET_NAMES],
      enumNames: ['None: the schema defaults', ...PRESET_NAMES.map((n) => `${PRESETS[n].title}: ${PRESETS[n].description}`)],
      default: NO_PRESET,
    },
  },
};

/**
 * The review field (generator-tap-dr/backstage-form) on a step of its own before the repository: every
 * effective answer with its source, the recovery budget, the cost and the core's problems. It keeps
 * the step from passing while a problem remains, and stores a one-line summary of the stack, which
 * the portal's last page shows.
 */
const reviewStep = {
  title: REVIEW_STEP_TITLE,
  description: 'What the answers give, before anything is created.',
  properties: {
    [REVIEW_PROPERTY]: {
      title: 'Summary',
      description: `Every effective answer and where it comes from, the recovery budget, the monthly cost, and any problem the render action would reject. Shown by the ${REVIEW_FIELD} field of generator-tap-dr/backstage-form; a portal without it shows a text box here, which can stay empty.`,
      type: 'string',
      'ui:field': REVIEW_FIELD,
    },
  },
};

const repositoryStep = {
  title: 'Repository',
  required: ['repoUrl'],
  properties: {
    repoUrl: { title: 'Repository location', type: 'string', 'ui:field': 'RepoUrlPicker', 'ui:options': { allowedHosts: ['github.com'] } },
  },
};

export function templateEntity() {
  const groups = [...new Set(ANSWER_KEYS.map((k) => FIELDS[k].info.group))];
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'tap-dr-aurora-global-database',
      title: 'Create DR database (Aurora Global Database)',
      description: 'A two-region Aurora Global Database disaster-recovery stack as a tested Pulumi TypeScript repository, registered in the catalog.',
      tags: ['pulumi', 'aurora', 'disaster-recovery', 'aws'],
    },
    spec: {
      owner: 'platform-team',
      type: 'infrastructure',
      parameters: [presetStep, ...groups.map((group) => groupStep(group)), reviewStep, repositoryStep],
      steps: [
        {
          id: 'render',
          name: 'Render the DR repository',
          action: RENDER_ACTION_ID,
          input: Object.fromEntries(RENDER_STEP_PARAMETERS.map((k) => [k, `\${{ parameters.${k} }}`])),
        },
        {
          id: 'publish',
          name: 'Publish to GitHub',
          action: 'publish:github',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            description: 'Aurora Global Database DR stack (generated by generator-tap-dr)',
            defaultBranch: 'main',
            repoVisibility: 'private',
          },
        },
        {
          id: 'register',
          name: 'Register in the catalog',
          action: 'catalog:register',
          input: { repoContentsUrl: '${{ steps.publish.output.repoContentsUrl }}', catalogInfoPath: '/catalog-info.yaml' },
        },
      ],
      output: {
        links: [
          { title: 'Repository', url: '${{ steps.publish.output.remoteUrl }}' },
          { title: 'Open in catalog', icon: 'catalog', entityRef: '${{ steps.register.output.entityRef }}' },
        ],
        text: [
          {
            title: 'DR stack',
            content:
              'Pulumi stack `${{ steps.render.output.stackName }}`: ${{ steps.render.output.summary.engine }} ${{ steps.render.output.summary.engineVersion }} on ${{ steps.render.output.summary.instanceClass }}, ${{ steps.render.output.summary.primaryRegion }} → ${{ steps.render.output.summary.secondaryRegion }}. Next: `npm ci && npm test` in the new repository, then `pulumi preview`.',
          },
          { title: 'Recovery budget (worst case, seconds)', content: '${{ steps.render.output.summary.recoveryBudget.table }}' },
          { title: 'Estimated monthly cost (USD, list prices)', content: '${{ steps.render.output.summary.costEstimate.table }}' },
        ],
      },
    },
  };
}

/** The annotation every generated catalog-info.yaml carries (skeleton/catalog-info.yaml.ejs): which repositories came from the template, at which version. */
export const VERSION_ANNOTATION = 'tap-dr/generator-version';
const SOURCE_LOCATION = "${{ steps.entity.output.entity.metadata.annotations['backstage.io/source-location'] }}";

/**
 * "Update DR database repository": pick a repository created by the create template (the catalog
 * lists them by the version annotation), change answers in the same groups, get a pull request made
 * by tap:dr:update: updated and deleted files, the plan as its description, a draft when there are
 * conflicts.
 */
export function updateTemplateEntity() {
  const groups = [...new Set(ANSWER_KEYS.map((k) => FIELDS[k].info.group))];
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'tap-dr-update-aurora-global-database',
      title: 'Update DR database repository',
      description: 'Brings a repository created by "Create DR database" to the current template version, or changes its answers, as a pull request that keeps the team\'s own edits (three-way merge).',
      tags: ['pulumi', 'aurora', 'disaster-recovery', 'aws'],
    },
    spec: {
      owner: 'platform-team',
      type: 'infrastructure',
      parameters: [
        {
          title: 'Repository',
          description: 'A repository created by the "Create DR database" template. Every answer you leave empty in the next steps keeps its current value.',
          required: ['entity'],
          properties: {
            entity: {
              title: 'DR database repository',
              type: 'string',
              description: `A component whose catalog-info.yaml carries the ${VERSION_ANNOTATION} annotation (every repository the create template made).`,
              'ui:field': 'EntityPicker',
              'ui:options': { catalogFilter: [{ kind: 'Component', [`metadata.annotations.${VERSION_ANNOTATION}`]: { exists: true } }], defaultKind: 'Component' },
            },
          },
        },
        ...groups.map((group) => groupStep(group, 'update')),
      ],
      steps: [
        { id: 'entity', name: 'Read the catalog entry', action: 'catalog:fetch', input: { entityRef: '${{ parameters.entity }}' } },
        {
          id: 'fetch',
          name: 'Fetch the repository',
          action: 'fetch:plain',
          input: { url: SOURCE_LOCATION.replace(' }}', " | replace('url:', '') }}"), targetPath: 'repository' },
        },
        {
          id: 'update',
          name: 'Update the DR repository',
          action: UPDATE_ACTION_ID,
          input: { ...Object.fromEntries(ANSWER_KEYS.map((k) => [k, `\${{ parameters.${k} }}`])), targetPath: 'repository', sourceLocation: SOURCE_LOCATION },
        },
        {
          id: 'pr',
          name: 'Open the pull request',
          action: 'publish:github:pull-request',
          input: {
            repoUrl: '${{ steps.update.output.repoUrl }}',
            targetBranchName: '${{ steps.update.output.targetBranchName }}',
            branchName: '${{ steps.update.output.branchName }}',
            title: '${{ steps.update.output.title }}',
            description: '${{ steps.update.output.description }}',
            draft: '${{ steps.update.output.hasConflicts }}',
            sourcePath: 'repository',
            filesToDelete: '${{ steps.update.output.deletedFiles }}',
            update: true,
          },
        },
      ],
      output: {
        links: [
          { title: 'Pull request', url: '${{ steps.pr.output.remoteUrl }}' },
          { title: 'Open in catalog', icon: 'catalog', entityRef: '${{ parameters.entity }}' },
        ],
        text: [{ title: 'Update', content: '${{ steps.update.output.description }}' }],
      },
    },
  };
}

export function updateTemplateYaml(): string {
  const header = '# Generated by scripts/template-form.ts from the answers schema (skeleton/lib/config/answers-schema.ts);\n# run `npm run template:generate` after changing it. Do not edit by hand.\n';
  return header + stringify(updateTemplateEntity(), { lineWidth: 0 });
}

export function templateYaml(): string {
  const header = '# Generated by scripts/template-form.ts from the answers schema (skeleton/lib/config/answers-schema.ts)\n# and the presets; run `npm run template:generate` after changing either. Do not edit by hand.\n';
  return header + stringify(templateEntity(), { lineWidth: 0 });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(TEMPLATE_FILE, templateYaml());
  console.log(`wrote ${TEMPLATE_FILE.pathname}`);
  writeFileSync(UPDATE_TEMPLATE_FILE, updateTemplateYaml());
  console.log(`wrote ${UPDATE_TEMPLATE_FILE.pathname}`);
}
