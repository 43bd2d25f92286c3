// The portal path end to end: the real scaffolder backend with this package's module, asked for a
// dry run of template/template.yaml over HTTP, exactly as the template editor does.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knex from 'knex';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import tapDrScaffolderModule from '../../generator/backstage/index';
import { readTree } from '../helpers/tmp';
import { cliRendering } from './cli-render';
import { TEAM_DOMAIN } from '../helpers/team-domain';

// Backstage's own tests run with NODE_ENV=test; without it the database manager starts a keepalive
// timer that backend.stop() does not clear, and the test process never exits.
process.env.NODE_ENV = 'test';
// One in-memory SQLite database the test owns, so it can close it: the pool the default factory
// opens keeps running after backend.stop().
const database = knex({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });

const TEMPLATE_DIR = fileURLToPath(new URL('../../template', import.meta.url));
const template = parse(readFileSync(`${TEMPLATE_DIR}/template.yaml`, 'utf8'));
const directoryContents = [...readTree(TEMPLATE_DIR)].map(([path, content]) => ({ path, base64Content: content.toString('base64') }));
const FORM = { owner: 'group:default/dba-team', repoUrl: 'github.com?owner=acme&repo=dr' };

type Backend = Awaited<ReturnType<typeof startTestBackend>>;
let backend: Backend;
let baseUrl: string;

interface LogEntry { body: { message: string; stepId?: string; status?: string } }
/** The parts of the dry-run response (200 or 400) the tests read. */
interface DryRunResponse {
  directoryContents: { path: string; base64Content: string }[];
  log: LogEntry[];
  output: { text: { content: string }[] };
  errors: { property: string; argument: string; message: string }[];
  error: { name: string; message: string };
}

async function dryRun(values: Record<string, unknown>) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer mock-user-token' },
    body: JSON.stringify({ template, values, directoryContents }),
  });
  const body = (await response.json()) as DryRunResponse;
  return { status: response.status, body, ms: Math.round(performance.now() - started) };
}

const filesOf = (body: DryRunResponse) =>
  new Map(body.directoryContents.map((f) => [f.path, Buffer.from(f.base64Content, 'base64')] as const));

before(async () => {
  backend = await startTestBackend({
    features: [
      import('@backstage/plugin-scaffolder-backend'),
      // publish:github comes from its module, as in a real backend; dry runs skip it.
      import('@backstage/plugin-scaffolder-backend-module-github'),
      tapDrScaffolderModule,
      catalogServiceMock.factory(),
      mockServices.database.factory({ knex: database }),
      mockServices.rootConfig.factory({
        data: {
          // Dry runs do not need task workers.
          scaffolder: { concurrentTasksLimit: 0 },
          integrations: { github: [{ host: 'github.com', token: 'unused-in-dry-runs' }] },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as { port: number };
  baseUrl = `http://localhost:${port}`;
});

after(async () => {
  await backend?.stop();
  await database.destroy();
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
