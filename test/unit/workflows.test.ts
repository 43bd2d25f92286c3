import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { PRESETS } from '../../generator/answers/presets';
import { render } from '../../generator/render/render';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { HEALTHCARE_ANSWERS } from '../helpers/team-domain';

// Workflows are checked against the GitHub workflow JSON schema of SchemaStore, as bundled by
// @action-validator/core (https://github.com/mpalmer/action-validator).
const errorsOf = (yaml: string) => validateWorkflow(yaml).errors;

interface Step { uses?: string; run?: string; name?: string; if?: string; with?: Record<string, string> }
interface Job { if?: string; needs?: string | string[]; environment?: string; permissions?: Record<string, string>; env?: Record<string, string>; steps: Step[] }
const jobsOf = (yaml: string) => (parse(yaml) as { jobs: Record<string, Job> }).jobs;

const workflowOf = (answers: Record<string, unknown>) => render(parseAnswers(answers), { drawGraph: false }).get('.github/workflows/ci.yml')?.toString() as string;
const generated = {
  trading: workflowOf(PRESETS.trading.answers),
  mysql: workflowOf({ ...PRESETS.trading.answers, engine: 'aurora-mysql', engineVersion: '8.0.mysql_aurora.3.10.1' }),
  healthcare: workflowOf(HEALTHCARE_ANSWERS),
};

describe('workflow files', () => {
  it('the validator rejects a broken workflow (so a pass below means something)', () => {
    assert.ok(errorsOf('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - nme: x\n').length > 0);
  });

  it("this repository's workflow runs every test folder (what npm test runs locally runs in CI too)", () => {
    const text = readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8');
    const folders = readdirSync(new URL('..', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'helpers')
      .map((entry) => entry.name);
    const missing = folders.filter((folder) => !text.includes(`test/${folder}/`));
    assert.deepEqual(missing, [], `test folders the workflow never runs: ${missing.join(', ')}`);
  });

  it("this repository's .github/workflows/ci.yml is a valid workflow that runs lint, unit tests and the render matrix on node 22", () => {
    const text = readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8');
    assert.deepEqual(errorsOf(text), []);
    const jobs = jobsOf(text);
    const runs = Object.values(jobs).flatMap((job) => job.steps.map((s) => s.run ?? ''));
    assert.ok(runs.includes('npm run lint'));
    assert.ok(runs.some((r) => r.includes('test/e2e/generated-repo.test.ts')));
    for (const job of Object.values(jobs)) {
      const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node')) as Step & { with?: { 'node-version'?: number } };
      assert.equal(setup.with?.['node-version'], 22);
    }
  });

  for (const [label, text] of Object.entries(generated)) {
    it(`the generated .github/workflows/ci.yml (${label}) is a valid workflow`, () => {
      assert.deepEqual(errorsOf(text), []);
    });
  }

  it('the generated workflow builds, checks the diagram, tests, previews offline and runs the policy pack on every push, in that order', () => {
    const runs = jobsOf(generated.trading)['build-and-test']?.steps.map((s) => s.run) ?? [];
    const order = ['npm ci', 'npm run build', 'git diff --exit-code -- README.md docs/architecture.md docs/deployer-policy.json docs/preview-policy.json', 'npm test', 'npm run preview:offline', 'npm run policy'];
    assert.deepEqual(runs.filter((r) => order.includes(r as string)), order);
  });

  it('runs a real pulumi preview with the policy pack only when its read-only role is configured, outside any environment', () => {
    const job = jobsOf(generated.trading)['pulumi-preview'] as Job;
    assert.equal(job.if, "vars.AWS_PREVIEW_ROLE_ARN != ''");
    assert.equal(job.environment, undefined);
    assert.deepEqual(job.steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials')).map((s) => s.with?.['role-to-assume']), ['${{ vars.AWS_PREVIEW_ROLE_ARN }}']);
    assert.equal(job.permissions?.['id-token'], 'write');
    assert.ok(job.steps.some((s) => s.run === 'pulumi preview --stack "$STACK" --policy-pack policy --diff'));
    assert.equal(job.env?.TAP_DR_STACK, parseAnswers(PRESETS.trading.answers).stack);
  });

  it('runs pulumi up only for pushes to main, after the preview, in the environment named after the stack', () => {
    const job = jobsOf(generated.healthcare).deploy as Job;
    assert.match(job.if as string, /github\.ref == 'refs\/heads\/main'/);
    assert.match(job.if as string, /github\.event_name == 'push'/);
    assert.equal(job.needs, 'pulumi-preview');
    assert.equal(job.environment, parseAnswers(HEALTHCARE_ANSWERS).stack);
    assert.match(job.if as string, /vars\.AWS_DEPLOY_ROLE_ARN != ''/);
    assert.deepEqual(job.steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials')).map((s) => s.with?.['role-to-assume']), ['${{ vars.AWS_DEPLOY_ROLE_ARN }}']);
    assert.ok(job.steps.some((s) => s.run?.startsWith('pulumi up ') && s.run.includes('--policy-pack policy')));
  });

  it('fails the build first while the retired AWS_ROLE_ARN is set, and assumes no role from it', () => {
    for (const text of Object.values(generated)) {
      const [first] = jobsOf(text)['build-and-test']?.steps ?? [];
      assert.equal(first?.if, "vars.AWS_ROLE_ARN != ''");
      assert.match(first?.run as string, /::error::.*AWS_PREVIEW_ROLE_ARN.*AWS_DEPLOY_ROLE_ARN[\s\S]*exit 1/);
      assert.doesNotMatch(text, /role-to-assume: .*vars\.AWS_ROLE_ARN/);
    }
  });
});
