// The portal path end to end: the real scaffolder backend with this package's module, asked for a
// dry run of template/template.yaml over HTTP, exactly as the template editor does.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cliRendering } from './cli-render';
import { TEAM_DOMAIN } from '../helpers/team-domain';
import { filesOf, startScaffolderBackend, type ScaffolderBackend } from './scaffolder-backend';

const FORM = { owner: 'group:default/dba-team', repoUrl: 'github.com?owner=acme&repo=dr' };

let backend: ScaffolderBackend;
const dryRun = (values: Record<string, unknown>) => backend.dryRun(values);

before(async () => {
  backend = await startScaffolderBackend();
});

after(async () => {
  await backend?.stop();
});

describe('POST /api/scaffolder/v2/dry-run with template/template.yaml', () => {
  for (const [preset, extra] of [
    ['trading', {}],
    // Numbers, booleans and maps must reach the action with their types through ${{ parameters.x }}.
    ['healthcare', { natGatewayCount: 2, deletionProtection: true, tags: { Team: 'records' }, publicDomainName: TEAM_DOMAIN }],
  ] as const) {
    it(`${preset}: returns the generated repository, byte for byte the CLI's, and skips publish and register`, async (t) => {
      const answers = { preset, name: `${preset}-dr`, ...extra, owner: FORM.owner };
      const { status, body, ms } = await dryRun({ ...answers, repoUrl: FORM.repoUrl });
      t.diagnostic(`dry-run wall time (${preset}): ${ms} ms`);
      assert.equal(status, 200, JSON.stringify(body).slice(0, 2000));
      assert.deepEqual(filesOf(body), cliRendering(answers));

      const log = body.log.map((entry) => entry.body);
      const render = log.filter((entry) => entry.stepId === 'render').map((entry) => entry.message).join('\n');
      assert.match(render, /Dry run: rendered \d+ files for stack dev into the workspace/);
      assert.match(render, /create {4}catalog-info\.yaml/);
      for (const action of ['publish:github', 'catalog:register']) {
        assert.ok(log.some((entry) => entry.message === `Skipping because ${action} does not support dry-run`), action);
      }
      const summary = body.output.text[0].content;
      const regions = preset === 'trading' ? 'us-east-1 → eu-west-1' : 'us-east-1 → us-west-2';
      assert.match(summary, new RegExp(`^Pulumi stack \`dev\`: aurora-postgresql [\\d.]+ on db\\.r\\d\\w*\\.large, ${regions}\\.`));
    });
  }

  it('a value outside the form schema comes back as 400 naming the field', async () => {
    const { status, body } = await dryRun({ preset: 'trading', name: 'x-dr', azCount: 7, ...FORM });
    assert.equal(status, 400);
    assert.ok(
      body.errors.some((e) => e.property === 'instance.azCount' && /less than or equal to 3/.test(e.message)),
      JSON.stringify(body.errors),
    );
  });

  it('answers only the core can judge come back as 400 with the core messages', async () => {
    const { status, body } = await dryRun({ preset: 'none', name: 'x-dr', primaryRegion: 'eu-west-1', secondaryRegion: 'eu-west-1', instanceClass: 'db.t4g.medium', ...FORM });
    assert.equal(status, 400, JSON.stringify(body).slice(0, 2000));
    assert.equal(body.error.name, 'InputError');
    assert.match(body.error.message, /tap:dr:render: the answers have 2 problems; nothing was written/);
    assert.match(body.error.message, /secondaryRegion = "eu-west-1": is the same as the primary region\. Allowed: a region other than the primary region\./);
    assert.match(body.error.message, /instanceClass = "db\.t4g\.medium": /);
  });

  it('the form requires an owner and a repository', async () => {
    for (const missing of ['owner', 'repoUrl'] as const) {
      const { [missing]: _left, ...values } = { preset: 'trading', name: 'x-dr', ...FORM };
      const { status, body } = await dryRun(values);
      assert.equal(status, 400);
      assert.deepEqual(body.errors.map((e) => e.argument), [missing]);
    }
  });
});
