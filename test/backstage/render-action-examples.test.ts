import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { createRenderAction, RENDER_ACTION_ID } from '../../generator/backstage/render-action';
import { examples } from '../../generator/backstage/render-action.examples';
import { readTree, tempDir } from '../helpers/tmp';
import { actionContext } from './action-context';
import { cliRendering } from './cli-render';

const action = createRenderAction();

describe('tap:dr:render examples (shown in the portal\'s action list)', () => {
  it('are the ones the action publishes', () => {
    assert.equal(action.examples, examples);
    assert.ok(examples.length >= 3);
  });

  for (const example of examples) {
    it(`runs as written: ${example.description}`, async () => {
      const [step] = parse(example.example).steps;
      assert.equal(step.action, RENDER_ACTION_ID);
      const workspace = join(tempDir('example'), 'workspace');
      mkdirSync(workspace);
      const { ctx, outputs } = actionContext(workspace, step.input);
      await action.handler(ctx);
      const rendered = readTree(join(workspace, step.input.targetPath ?? '.'));
      assert.deepEqual(rendered, cliRendering(step.input));
      assert.deepEqual(outputs.files, [...rendered.keys()].sort());
    });
  }
});
