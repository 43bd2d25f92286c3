import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { repositoryOf } from '../../generator/backstage/source-location';
import { createUpdateAction, UPDATE_ACTION_ID } from '../../generator/backstage/update-action';
import { examples } from '../../generator/backstage/update-action.examples';
import { prepare } from '../../generator/prepare';
import { ANSWER_KEYS } from '../../skeleton/lib/config/answers-schema';
import { UPDATE_TEMPLATE_FILE, updateTemplateYaml, VERSION_ANNOTATION } from '../../scripts/template-form';
import { tempDir } from '../helpers/tmp';
import { actionContext } from './action-context';

const action = createUpdateAction();
/** actionContext is typed for tap:dr:render's outputs; the context itself is the same. */
const handle = (ctx: unknown) => action.handler(ctx as Parameters<typeof action.handler>[0]);
const work = tempDir('update-action');
after(() => rmSync(work, { recursive: true, force: true }));

/** A workspace holding a repository generated from the trading preset in `repository/`. */
function workspace(): string {
  const prepared = prepare({ preset: 'trading' });
  assert.ok(prepared.ok);
  const dir = join(work, `ws-${Math.random().toString(36).slice(2)}`);
  for (const [path, content] of prepared.files) {
    mkdirSync(join(dir, 'repository', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'repository', path), content);
  }
  return dir;
}

describe('tap:dr:update', () => {
  it('its examples run as written against a fetched repository', async () => {
    assert.equal(action.examples, examples);
    for (const example of examples) {
      const step = parse(example.example).steps.find((s: { action: string }) => s.action === UPDATE_ACTION_ID);
      const dir = workspace();
      const { ctx, outputs } = actionContext(dir, step.input);
      await handle(ctx);
      assert.equal(outputs.repoUrl, 'github.com?owner=acme&repo=payments-dr', example.description);
      assert.equal(outputs.targetBranchName, 'main');
      for (const [key, value] of Object.entries(step.input)) {
        if ((ANSWER_KEYS as string[]).includes(key)) assert.deepEqual(JSON.parse(readFileSync(join(dir, 'repository/.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers[key], value, key);
      }
    }
  });

  it('outputs what publish:github:pull-request needs: deleted files, branch, title, description, draft', async () => {
    const dir = workspace();
    const { ctx, outputs } = actionContext(dir, { targetPath: 'repository', stack: 'prod' });
    await handle(ctx);
    assert.deepEqual(outputs.deletedFiles, ['Pulumi.dev.yaml']);
    assert.ok((outputs.changedFiles as string[]).includes('Pulumi.prod.yaml'));
    assert.equal(outputs.hasConflicts, false);
    assert.deepEqual(outputs.conflicts, []);
    assert.match(outputs.branchName as string, /^tap-dr\/update-[\d.]+-[0-9a-f]{8}$/);
    assert.equal(outputs.title, 'Change the DR stack answers: stack');
    assert.match(outputs.description as string, /\| `stack` \| `"dev"` \| `"prod"` \|/);
    assert.equal(outputs.repoUrl, undefined, 'no sourceLocation, no repoUrl');
  });

  it('a source location that is not a GitHub tree fails the step; bad answers fail it with the core messages', async () => {
    const { ctx } = actionContext(workspace(), { targetPath: 'repository', sourceLocation: 'url:https://example.org/somewhere' });
    await assert.rejects(handle(ctx), /sourceLocation "url:https:\/\/example\.org\/somewhere" is not a GitHub tree URL/);
    const bad = actionContext(workspace(), { targetPath: 'repository', azCount: 9 });
    await assert.rejects(handle(bad.ctx), /tap:dr:update: 1 problem; nothing was written[\s\S]*azCount = 9: is too large/);
  });
});

describe('the source location of a catalog entity', () => {
  it('gives the repoUrl, branch and folder of a GitHub tree URL', () => {
    assert.deepEqual(repositoryOf('url:https://github.com/acme/payments-dr/tree/main/'), { repoUrl: 'github.com?owner=acme&repo=payments-dr', branch: 'main', folder: '' });
    assert.deepEqual(repositoryOf('url:https://ghe.bank.internal/dba/dr.git/tree/release%2F1/infra/dr'), { repoUrl: 'ghe.bank.internal?owner=dba&repo=dr', branch: 'release/1', folder: 'infra/dr' });
    assert.equal(repositoryOf('url:https://github.com/acme/payments-dr/blob/main/catalog-info.yaml'), undefined);
    assert.equal(repositoryOf('not a url'), undefined);
  });
});

describe('template/update-template.yaml', () => {
  const template = parse(readFileSync(UPDATE_TEMPLATE_FILE, 'utf8'));
  it('is what `npm run template:generate` makes today', () => {
    assert.equal(readFileSync(UPDATE_TEMPLATE_FILE, 'utf8'), updateTemplateYaml(), 'template/update-template.yaml is stale: run `npm run template:generate`');
  });

  it('picks a component carrying the version annotation the generated catalog-info.yaml has, and asks every answer optionally', () => {
    const [repository, ...groups] = template.spec.parameters;
    assert.deepEqual(repository.properties.entity['ui:options'].catalogFilter, [{ kind: 'Component', [`metadata.annotations.${VERSION_ANNOTATION}`]: { exists: true } }]);
    const prepared = prepare({ preset: 'trading' });
    assert.ok(prepared.ok);
    assert.match(prepared.files.get('catalog-info.yaml')!.toString(), new RegExp(`${VERSION_ANNOTATION}: "`));
    const asked = groups.flatMap((g: { properties: Record<string, unknown> }) => Object.keys(g.properties));
    assert.deepEqual([...asked].sort(), [...ANSWER_KEYS].sort());
    assert.ok(groups.every((g: { required?: string[] }) => g.required === undefined), 'no answer is required: empty keeps the current one');
  });

  it('fetches the entity\'s repository, updates it and opens a pull request with the deleted files, as a draft on conflicts', () => {
    assert.deepEqual(template.spec.steps.map((s: { action: string }) => s.action), ['catalog:fetch', 'fetch:plain', UPDATE_ACTION_ID, 'publish:github:pull-request']);
    const pr = template.spec.steps[3].input;
    assert.equal(pr.filesToDelete, '${{ steps.update.output.deletedFiles }}');
    assert.equal(pr.draft, '${{ steps.update.output.hasConflicts }}');
    assert.equal(pr.sourcePath, template.spec.steps[1].input.targetPath);
    assert.equal(template.spec.steps[2].input.targetPath, template.spec.steps[1].input.targetPath);
  });
});
