import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { PRESETS } from '../../generator/answers/presets';
import { createRenderAction } from '../../generator/backstage/render-action';
import { ANSWER_KEYS, fieldKind } from '../../skeleton/lib/config/answers-schema';
import { costEstimate, costTable } from '../../skeleton/lib/config/cost-estimate';
import { formatRecoveryBudget, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { readTree, tempDir } from '../helpers/tmp';
import { actionContext } from './action-context';
import { cliRendering } from './cli-render';

const action = createRenderAction();
const TRADING = { preset: 'trading', name: 'payments-dr', owner: 'group:default/dba-team' };

const workspace = (label: string) => {
  const dir = join(tempDir(label), 'workspace');
  mkdirSync(dir);
  return dir;
};

describe('tap:dr:render handler', () => {
  it('renders the same bytes as `tap-dr new` and outputs the files, stack name and summary', async () => {
    const dir = workspace('action');
    const { ctx, logs, outputs } = actionContext(dir, TRADING);
    await action.handler(ctx);
    const expected = cliRendering(TRADING);
    assert.deepEqual(readTree(dir), expected);
    // The action lists files in the renderer's sorted path order; readTree walks folders depth first.
    assert.deepEqual(outputs.files, [...expected.keys()].sort());
    assert.equal(outputs.stackName, 'dev');
    const { recoveryBudget: budget, costEstimate: cost, ...summary } = outputs.summary as Record<string, unknown>;
    const answers = parseAnswers(PRESETS.trading.answers);
    assert.deepEqual(budget, { rtoSeconds: 118, rtoRegionUpSeconds: 275, rpoSeconds: 30, table: formatRecoveryBudget(recoveryBudget(answers)) });
    assert.deepEqual(cost, { monthlyUsd: costEstimate(answers).totalMonthlyUsd, priceRegion: 'us-east-1', pricesRecordedOn: costEstimate(answers).pricesRecordedOn, table: costTable(costEstimate(answers)) });
    assert.deepEqual(summary, {
      primaryRegion: 'us-east-1',
      secondaryRegion: 'eu-west-1',
      engine: 'aurora-postgresql',
      engineVersion: '16.13',
      instanceClass: 'db.r6g.large',
      instancesPerCluster: 2,
      rpoTargetSeconds: 60,
      rtoTargetSeconds: 300,
      failoverMode: 'automatic',
      deletionProtection: true,
      tiers: { appTier: false, eventBridge: false, dashboard: false },
    });
    assert.match(logs.join('\n'), /^Rendered \d+ files for stack dev into the workspace \(\d+ new, 0 identical\):/);
    assert.match(logs.join('\n'), /\n {2}create {4}Pulumi\.dev\.yaml\n/);
  });

  it('form values override the preset field by field; tags merge key by key', async () => {
    const dir = workspace('layers');
    const input = { preset: 'trading', name: 'fx-dr', secondaryRegion: 'eu-central-1', tags: { Team: 'fx' } };
    await action.handler(actionContext(dir, input).ctx);
    const stored = JSON.parse(readFileSync(join(dir, '.yo-rc.json'), 'utf8'))['generator-tap-dr'].answers;
    assert.equal(stored.secondaryRegion, 'eu-central-1');
    assert.equal(stored.rpoTargetSeconds, PRESETS.trading.answers.rpoTargetSeconds);
    assert.deepEqual(stored.tags, { Environment: 'production', Team: 'fx' });
  });

  it('a re-run with the same answers (task recovery) succeeds and changes nothing', async () => {
    const dir = workspace('rerun');
    await action.handler(actionContext(dir, TRADING).ctx);
    const first = readTree(dir);
    const again = actionContext(dir, TRADING);
    await action.handler(again.ctx);
    assert.deepEqual(readTree(dir), first);
    assert.match(again.logs.join('\n'), /\(0 new, \d+ identical\)/);
  });

  it('invalid answers fail with the core messages and leave the workspace untouched', async () => {
    const dir = workspace('invalid');
    writeFileSync(join(dir, 'README.md'), 'already here\n');
    const input = { preset: 'none', primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1', instanceClass: 'db.t4g.medium', azCount: 7 };
    await assert.rejects(action.handler(actionContext(dir, input).ctx), (error: Error) => {
      assert.equal(error.name, 'InputError');
      assert.match(error.message, /^tap:dr:render: the answers have 3 problems; nothing was written:\n/);
      assert.match(error.message, / {2}- secondaryRegion = "eu-west-1": is the same as the primary region\. Allowed: a region other than the primary region\./);
      assert.match(error.message, / {2}- instanceClass = "db\.t4g\.medium": .*Allowed: /);
      assert.match(error.message, / {2}- azCount = 7: is too large\. Allowed: 2 or 3/);
      return true;
    });
    assert.deepEqual([...readTree(dir).keys()], ['README.md']);
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), 'already here\n');
  });

  it('an unknown preset is reported like the CLI reports it', async () => {
    const dir = workspace('preset');
    await assert.rejects(action.handler(actionContext(dir, { preset: 'banking' }).ctx), /--preset = "banking": is not a preset\. Allowed: trading or healthcare\./);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('refuses to overwrite a file that differs from the render, and writes nothing', async () => {
    const dir = workspace('conflict');
    writeFileSync(join(dir, 'package.json'), '{"name":"someone-else"}\n');
    await assert.rejects(action.handler(actionContext(dir, TRADING).ctx), /1 file in the workspace differs from the render and would be overwritten; nothing was written:\n {2}- package\.json/);
    assert.deepEqual(readdirSync(dir), ['package.json']);
  });

  it('renders into targetPath, and refuses a targetPath outside the workspace', async () => {
    const dir = workspace('target');
    await action.handler(actionContext(dir, { ...TRADING, targetPath: 'infra/dr' }).ctx);
    assert.deepEqual(readdirSync(dir), ['infra']);
    assert.ok(existsSync(join(dir, 'infra/dr/Pulumi.dev.yaml')));

    const escape = workspace('escape');
    await assert.rejects(action.handler(actionContext(escape, { ...TRADING, targetPath: '../outside' }).ctx), /outside|not allowed/i);
    assert.deepEqual(readdirSync(dirname(escape)), ['workspace']);
    assert.deepEqual(readdirSync(escape), []);
  });

  it('in a dry run writes into the dry-run workspace and nowhere else', async () => {
    const dir = workspace('dry');
    const { ctx, logs, outputs } = actionContext(dir, TRADING, { isDryRun: true });
    await action.handler(ctx);
    assert.deepEqual(readdirSync(dirname(dir)), ['workspace']);
    assert.deepEqual(readTree(dir), cliRendering(TRADING));
    assert.match(logs[0], /^Dry run: rendered \d+ files/);
    assert.ok(Array.isArray(outputs.files));
  });

  it('stops before writing when the task is cancelled', async () => {
    const dir = workspace('abort');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(action.handler(actionContext(dir, TRADING, { signal: controller.signal }).ctx), { name: 'AbortError' });
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('tap:dr:render schema', () => {
  it('takes every answer under its schema name and type, plus preset and targetPath, and supports dry runs', () => {
    const properties = action.schema?.input?.properties as Record<string, { type?: string; description?: string }>;
    const jsonType = { string: 'string', integer: 'number', boolean: 'boolean', map: 'object' } as const;
    assert.deepEqual(Object.keys(properties).sort(), [...ANSWER_KEYS, 'preset', 'targetPath'].sort());
    for (const key of ANSWER_KEYS) assert.equal(properties[key].type, jsonType[fieldKind(key)], key);
    assert.equal(action.supportsDryRun, true);
    assert.deepEqual(Object.keys(action.schema?.output?.properties ?? {}).sort(), ['files', 'stackName', 'summary']);
  });
});
