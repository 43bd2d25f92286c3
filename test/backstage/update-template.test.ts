// "Update DR database repository" end to end: the real scaffolder backend with this package's module and
// the GitHub module runs template/update-template.yaml as a task: catalog:fetch finds the repository's
// entity, fetch:plain reads the repository (through a URL reader that serves a generated repository from
// disk), tap:dr:update merges, and publish:github:pull-request talks to GitHub's REST API, which this test
// answers in process and records: the pull request's payload is what the test checks.
import { coreServices, createServiceFactory, type UrlReaderService } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knex from 'knex';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import tapDrScaffolderModule from '../../generator/backstage/index';
import { prepare } from '../../generator/prepare';
import { UPDATE_TEMPLATE_FILE } from '../../scripts/template-form';
import { tempDir } from '../helpers/tmp';
import { backendUrl } from './backend-url';

process.env.NODE_ENV = 'test';
const database = knex({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });

const work = tempDir('update-template');
const SOURCE = 'https://github.com/acme/payments-dr/tree/main/';
const template = parse(readFileSync(UPDATE_TEMPLATE_FILE, 'utf8')) as Entity;
template.metadata.namespace = 'default';

/** A repository generated from the trading preset, with the team's own lines, as GitHub would serve it. */
const generated = prepare({ preset: 'trading', answers: { name: 'payments-dr', owner: 'group:default/dba-team' } });
assert.ok(generated.ok);
const TEAM_README_LINE = '\nOn call: the DBA team, see the wiki.\n';
function repository(edit: (files: Map<string, Buffer>) => void): string {
  const files = new Map(generated.ok ? generated.files : []);
  files.set('README.md', Buffer.from(files.get('README.md')!.toString() + TEAM_README_LINE));
  edit(files);
  const dir = join(work, `repo-${Math.random().toString(36).slice(2)}`);
  for (const [path, content] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
let served = '';

const [component] = parseAllDocuments(generated.files.get('catalog-info.yaml')!.toString()).map((d) => d.toJS() as Entity);
component.metadata.namespace = 'default';
component.metadata.annotations = { ...component.metadata.annotations, 'backstage.io/source-location': `url:${SOURCE}` };

/** GitHub's REST API as octokit-plugin-create-pull-request uses it, recording what it is sent. */
interface PullRequestPayload { tree: Array<{ path: string; mode: string; sha: string | null }>; blobs: Map<string, Buffer>; pull?: { title: string; body: string; draft: boolean; head: string; base: string }; calls: string[] }
let github: PullRequestPayload;
/** The request bodies the fake reads. */
interface GitHubBody { content: string; encoding: string; tree: PullRequestPayload['tree']; ref: string; base: string; title: string; body: string; draft: boolean; head: string }
const realFetch = globalThis.fetch;
async function fakeGitHub(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.host !== 'api.github.com') return realFetch(input, init);
  const body = (request.method === 'GET' || request.method === 'HEAD' ? {} : await request.json()) as GitHubBody;
  github.calls.push(`${request.method} ${url.pathname}`);
  const json = (data: unknown, status = 200) => new Response(request.method === 'HEAD' ? null : JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
  const path = url.pathname;
  if (request.method === 'GET' && path === '/repos/acme/payments-dr') return json({ default_branch: 'main', permissions: { push: true } });
  if (request.method === 'GET' && path === '/repos/acme/payments-dr/commits') return json([{ sha: 'c0', commit: { tree: { sha: 't0' } } }]);
  if (request.method === 'HEAD' && path.startsWith('/repos/acme/payments-dr/contents/')) return json({});
  if (request.method === 'POST' && path === '/repos/acme/payments-dr/git/blobs') {
    const sha = `blob-${github.blobs.size}`;
    github.blobs.set(sha, Buffer.from(body.content, body.encoding === 'base64' ? 'base64' : 'utf8'));
    return json({ sha }, 201);
  }
  if (request.method === 'POST' && path === '/repos/acme/payments-dr/git/trees') {
    github.tree = body.tree;
    return json({ sha: 't1' }, 201);
  }
  if (request.method === 'POST' && path === '/repos/acme/payments-dr/git/commits') return json({ sha: 'c1' }, 201);
  if (request.method === 'POST' && path === '/graphql') return json({ data: { repository: { ref: null } } });
  if (request.method === 'POST' && path === '/repos/acme/payments-dr/git/refs') return json({ ref: body.ref }, 201);
  if (request.method === 'POST' && path === '/repos/acme/payments-dr/pulls') {
    github.pull = body;
    return json({ number: 7, html_url: 'https://github.com/acme/payments-dr/pull/7', base: { ref: body.base } }, 201);
  }
  return json({ message: `not faked: ${request.method} ${path}` }, 404);
}

/** Serves the repository in `served` for the entity's source location, as GitHub's reader would. */
const urlReader: UrlReaderService = {
  readUrl: async () => { throw new Error('not used'); },
  search: async () => { throw new Error('not used'); },
  readTree: async (url: string) => {
    assert.equal(url, SOURCE, 'fetch:plain reads the source location of the entity');
    return {
      etag: 'e1',
      files: async () => [],
      archive: async () => { throw new Error('not used'); },
      dir: async (options?: { targetDir?: string }) => {
        cpSync(served, options?.targetDir as string, { recursive: true });
        return options?.targetDir as string;
      },
    };
  },
};

type Backend = Awaited<ReturnType<typeof startTestBackend>>;
let backend: Backend;
let baseUrl: string;
const headers = { 'content-type': 'application/json', authorization: 'Bearer mock-user-token' };

before(async () => {
  globalThis.fetch = fakeGitHub as typeof fetch;
  backend = await startTestBackend({
    features: [
      import('@backstage/plugin-scaffolder-backend'),
      import('@backstage/plugin-scaffolder-backend-module-github'),
      tapDrScaffolderModule,
      catalogServiceMock.factory({ entities: [template, component] }),
      mockServices.database.factory({ knex: database }),
      // The URL reader fetch:plain uses (mockServices.urlReader.mock needs jest; these tests run on node:test).
      createServiceFactory({ service: coreServices.urlReader, deps: {}, factory: () => urlReader }),
      mockServices.rootConfig.factory({ data: { integrations: { github: [{ host: 'github.com', token: 'test-token' }] } } }),
    ],
  });
  baseUrl = backendUrl(backend.server);
});

after(async () => {
  globalThis.fetch = realFetch;
  await backend?.stop();
  await database.destroy();
  rmSync(work, { recursive: true, force: true });
});

/** Runs the template as a task and waits for it; returns its status and log. */
async function runTask(values: Record<string, unknown>) {
  github = { tree: [], blobs: new Map(), calls: [] };
  const created = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
    method: 'POST', headers, body: JSON.stringify({ templateRef: 'template:default/tap-dr-update-aurora-global-database', values }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const { id } = (await created.json()) as { id: string };
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const task = (await (await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}`, { headers })).json()) as { status: string };
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      const events = (await (await fetch(`${baseUrl}/api/scaffolder/v2/tasks/${id}/events`, { headers })).json()) as Array<{ body: { message: string; output?: Record<string, unknown> } }>;
      return { status: task.status, log: events.map((e) => e.body.message).join('\n'), output: events.at(-1)?.body.output };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`task ${id} did not finish in 60 s`);
}

/** The files of the pull request's tree: path → new bytes, or null for a deletion. */
function pullRequestFiles(): Map<string, Buffer | null> {
  return new Map(github.tree.map((entry) => [entry.path, entry.sha === null ? null : (github.blobs.get(entry.sha) as Buffer)]));
}

describe('template/update-template.yaml run by the real scaffolder', () => {
  it('opens a pull request with the updated, created and deleted files, the plan as its description, the team\'s edit kept', async () => {
    served = repository(() => {});
    const { status, log } = await runTask({ entity: 'component:default/payments-dr', eventBridge: true, stack: 'prod' });
    assert.equal(status, 'completed', log);
    const files = pullRequestFiles();
    const expected = prepare({ preset: 'trading', answers: { name: 'payments-dr', owner: 'group:default/dba-team', eventBridge: true, stack: 'prod' } });
    assert.ok(expected.ok);
    assert.equal(files.get('Pulumi.dev.yaml'), null, 'the moved stack file is deleted in the pull request');
    for (const path of ['Pulumi.prod.yaml', 'package.json', 'package-lock.json', 'lib/event-forwarding.ts', '.yo-rc.json']) {
      assert.ok(files.get(path)?.equals(expected.files.get(path) as Buffer), `${path} is the new render`);
    }
    assert.equal(files.get('README.md')?.toString(), expected.files.get('README.md')!.toString() + TEAM_README_LINE);
    assert.ok(github.pull);
    assert.equal(github.pull.draft, false);
    assert.equal(github.pull.base, 'main');
    assert.match(github.pull.head, /^acme:tap-dr\/update-\d+\.\d+\.\d+.*-[0-9a-f]{8}$/);
    assert.match(github.pull.title, /^Change the DR stack answers: stack, eventBridge$/);
    assert.match(github.pull.body, /\| `eventBridge` \| `false` \| `true` \|/);
    assert.match(github.pull.body, /\| `Pulumi\.prod\.yaml` \| (kept|merged|updated) \| moved from Pulumi\.dev\.yaml; /);
    assert.match(github.pull.body, /\| `README\.md` \| merged \|/);
    assert.match(github.pull.body, /No conflicts\./);
    assert.ok(github.calls.includes('POST /repos/acme/payments-dr/pulls'));
  });

  it('with conflicts the pull request is a draft whose description names the files to resolve', async () => {
    served = repository((files) => {
      const stack = files.get('Pulumi.dev.yaml')!.toString();
      assert.match(stack, /TapStack:eventBridge: false/);
      files.set('Pulumi.dev.yaml', Buffer.from(stack.replace('TapStack:eventBridge: false', 'TapStack:eventBridge: false # we decide this')));
    });
    const { status, log } = await runTask({ entity: 'component:default/payments-dr', eventBridge: true });
    assert.equal(status, 'completed', log);
    assert.ok(github.pull);
    assert.equal(github.pull.draft, true);
    assert.match(github.pull.body, /\*\*1 file has conflicts\*\*, so this pull request is a draft: .* in `Pulumi\.dev\.yaml`/);
    assert.match(pullRequestFiles().get('Pulumi.dev.yaml')?.toString() ?? '', /^<<<<<<< yours\n {2}TapStack:eventBridge: false # we decide this\n/m);
  });

  it('invalid answers fail the task with the core messages before any pull request', async () => {
    served = repository(() => {});
    const { status, log } = await runTask({ entity: 'component:default/payments-dr', azCount: 3, secondaryRegion: 'us-east-1' });
    assert.equal(status, 'failed');
    assert.match(log, /tap:dr:update: 1 problem; nothing was written/);
    assert.match(log, /secondaryRegion = "us-east-1": is the same as the primary region/);
    assert.equal(github.pull, undefined);
  });
});
