// The real scaffolder backend in process (@backstage/backend-test-utils), with the GitHub module and
// this package's module, serving template/template.yaml from an in-memory catalog: what the
// dry-run test and the portal-form test talk to over HTTP.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knex from 'knex';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import tapDrScaffolderModule from '../../generator/backstage/index';
import { readTree } from '../helpers/tmp';
import { backendUrl } from './backend-url';

const TEMPLATE_DIR = fileURLToPath(new URL('../../template', import.meta.url));
export const TEMPLATE_ENTITY = parse(readFileSync(`${TEMPLATE_DIR}/template.yaml`, 'utf8')) as Entity;
/** The template folder as the template editor sends it with a dry run. */
const directoryContents = [...readTree(TEMPLATE_DIR)].map(([path, content]) => ({ path, base64Content: content.toString('base64') }));

/** The identity a signed-in portal user's requests carry (what mockServices' auth accepts). */
export const USER_TOKEN = 'mock-user-token';

export interface LogEntry { body: { message: string; stepId?: string; status?: string } }
/** The parts of the dry-run response (200 or 400) the tests read. */
export interface DryRunResponse {
  directoryContents: { path: string; base64Content: string }[];
  log: LogEntry[];
  output: { text: { content: string }[] };
  errors: { property: string; argument: string; message: string }[];
  error: { name: string; message: string };
}

export const filesOf = (body: DryRunResponse): Map<string, Buffer> =>
  new Map(body.directoryContents.map((f) => [f.path, Buffer.from(f.base64Content, 'base64')] as const));

export interface ScaffolderBackend {
  readonly baseUrl: string;
  /** `POST /api/scaffolder/v2/dry-run` of template/template.yaml with these form values, as the template editor does. */
  dryRun(values: Record<string, unknown>): Promise<{ status: number; body: DryRunResponse; ms: number }>;
  stop(): Promise<void>;
}

export async function startScaffolderBackend(catalogEntities: Entity[] = [TEMPLATE_ENTITY]): Promise<ScaffolderBackend> {
  // Backstage's own tests run with NODE_ENV=test; without it the database manager starts a keepalive
  // timer that backend.stop() does not clear, and the test process never exits.
  process.env.NODE_ENV = 'test';
  // One in-memory SQLite database the test owns, so it can close it: the pool the default factory
  // opens keeps running after backend.stop().
  const database = knex({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  try {
    backend = await startTestBackend({
      features: [
        import('@backstage/plugin-scaffolder-backend'),
        // publish:github comes from its module, as in a real backend; dry runs skip it.
        import('@backstage/plugin-scaffolder-backend-module-github'),
        tapDrScaffolderModule,
        catalogServiceMock.factory({ entities: catalogEntities }),
        mockServices.database.factory({ knex: database }),
        mockServices.rootConfig.factory({
          data: {
            // No task workers: dry runs do not need them, and a task created from the portal form stays open.
            scaffolder: { concurrentTasksLimit: 0 },
            integrations: { github: [{ host: 'github.com', token: 'unused-without-task-workers' }] },
          },
        }),
      ],
    });
  } catch (error) {
    await database.destroy();
    throw error;
  }
  const started = backend;
  const baseUrl = backendUrl(started.server);
  return {
    baseUrl,
    async dryRun(values) {
      const begun = performance.now();
      const response = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${USER_TOKEN}` },
        body: JSON.stringify({ template: TEMPLATE_ENTITY, values, directoryContents }),
      });
      const body = (await response.json()) as DryRunResponse;
      return { status: response.status, body, ms: Math.round(performance.now() - begun) };
    },
    async stop() {
      await started.stop();
      await database.destroy();
    },
  };
}
