import { parse } from 'yaml';
import { SERVICE_IMAGE, URL_EXAMPLE } from '../helpers/database';
import { readRepoFile } from '../helpers/repo';
import { URL_VARIABLE } from '../helpers/test-database';

interface Workflow {
  jobs: Record<string, { services?: Record<string, { image: string }>; env?: Record<string, string>; steps: Array<{ run?: string }> }>;
}

describe('the CI workflow (.github/workflows/ci.yml)', () => {
  const workflow = parse(readRepoFile('.github/workflows/ci.yml')) as Workflow;
  const job = workflow.jobs['build-and-test'];

  it("runs the database the driver tests are written for, and points the tests at it", () => {
    expect(job.services?.database.image).toBe(SERVICE_IMAGE);
    const url = new URL(job.env?.[URL_VARIABLE] ?? '');
    expect(url.protocol).toBe(new URL(URL_EXAMPLE).protocol);
    expect(url.hostname).toBe('127.0.0.1');
  });

  it('builds (tsc and the Lambda bundles) before it tests', () => {
    const runs = job.steps.map((step) => step.run);
    expect(runs.indexOf('npm run build')).toBeGreaterThan(-1);
    expect(runs.indexOf('npm test')).toBeGreaterThan(runs.indexOf('npm run build'));
  });
});
