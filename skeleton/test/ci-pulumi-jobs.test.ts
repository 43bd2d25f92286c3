import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generatedAnswers, readRepoFile } from './helpers/repo';
import { tempFolder } from './helpers/temp';

interface Step { name?: string; uses?: string; run?: string }
interface Job { if?: string; needs?: string; env?: Record<string, string>; steps: Step[] }

const answers = generatedAnswers();
const jobs = (parse(readRepoFile('.github/workflows/ci.yml')) as { jobs: Record<string, Job> }).jobs;
const SELECT = 'Select the stack, creating it on the first run';

/** Runs a step's shell script as GitHub runs it (bash, `GITHUB_ENV` a file), with `pulumi` recording its arguments. */
function runStep(script: string, env: Record<string, string>): { status: number | null; output: string; pulumi: string[]; githubEnv: string } {
  const dir = tempFolder('ci-step');
  const calls = join(dir, 'pulumi-calls');
  writeFileSync(calls, '');
  writeFileSync(join(dir, 'pulumi'), `#!/bin/sh\necho "$*" >> "${calls}"\n`);
  chmodSync(join(dir, 'pulumi'), 0o755);
  writeFileSync(join(dir, 'github-env'), '');
  const result = spawnSync('bash', ['-e', '-c', script], {
    encoding: 'utf8',
    env: { PATH: `${dir}:/usr/bin:/bin`, GITHUB_ENV: join(dir, 'github-env'), TAP_DR_STACK: answers.stack, ...env },
  });
  const lines = (file: string) => readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
  return { status: result.status, output: `${result.stdout}${result.stderr}`, pulumi: lines('pulumi-calls'), githubEnv: lines('github-env').join('\n') };
}

describe.each(['pulumi-preview', 'deploy'])('the %s job of .github/workflows/ci.yml', (name) => {
  const job = jobs[name] as Job;
  const index = (match: (step: Step) => boolean) => job.steps.findIndex(match);

  it('runs only with AWS access configured, for this repository\'s stack, with the backend and organisation settings', () => {
    expect(job.if).toContain("vars.AWS_ROLE_ARN != ''");
    expect(job.env).toEqual(expect.objectContaining({
      TAP_DR_STACK: answers.stack,
      PULUMI_ORG: '${{ vars.PULUMI_ORG }}',
      BACKEND_URL: '${{ vars.PULUMI_BACKEND_URL }}',
      PULUMI_ACCESS_TOKEN: '${{ secrets.PULUMI_ACCESS_TOKEN }}',
      PULUMI_CONFIG_PASSPHRASE: '${{ secrets.PULUMI_CONFIG_PASSPHRASE }}',
    }));
  });

  it('installs, builds, gets AWS credentials and the CLI, logs in, creates or selects the stack, then runs Pulumi on it, in that order', () => {
    const order = [
      index((s) => s.run === 'npm ci'),
      index((s) => s.run === 'npm run build'),
      index((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials') === true),
      index((s) => s.uses?.startsWith('pulumi/actions') === true),
      index((s) => s.run?.startsWith('pulumi login') === true),
      index((s) => s.name === SELECT),
      index((s) => /^pulumi (preview|up) --stack "\$STACK" --policy-pack policy/.test(s.run ?? '')),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  const select = job.steps.find((s) => s.name === SELECT)?.run as string;
  const login = job.steps.find((s) => s.run?.startsWith('pulumi login'))?.run as string;

  it('with a Pulumi Cloud organisation: logs in to Pulumi Cloud and creates or selects <organisation>/<stack>', () => {
    expect(runStep(login, { BACKEND_URL: '', PULUMI_ORG: 'acme' }).pulumi).toEqual(['login https://api.pulumi.com']);
    const run = runStep(select, { BACKEND_URL: '', PULUMI_ORG: 'acme' });
    expect(run.status).toBe(0);
    expect(run.pulumi).toEqual([`stack select --create acme/${answers.stack}`]);
    expect(run.githubEnv).toBe(`STACK=acme/${answers.stack}`);
  });

  it('with a self-managed backend: logs in to it and creates or selects <stack>', () => {
    expect(runStep(login, { BACKEND_URL: 's3://state-bucket/tap', PULUMI_ORG: '' }).pulumi).toEqual(['login s3://state-bucket/tap']);
    const run = runStep(select, { BACKEND_URL: 's3://state-bucket/tap', PULUMI_ORG: 'ignored' });
    expect(run.pulumi).toEqual([`stack select --create ${answers.stack}`]);
    expect(run.githubEnv).toBe(`STACK=${answers.stack}`);
  });

  it('with neither: stops before Pulumi runs, naming both settings', () => {
    const run = runStep(select, { BACKEND_URL: '', PULUMI_ORG: '' });
    expect(run.status).not.toBe(0);
    expect(run.pulumi).toEqual([]);
    expect(run.output).toMatch(/PULUMI_ORG .*PULUMI_BACKEND_URL/);
  });
});
