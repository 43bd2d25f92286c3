import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_PROVIDER, githubSubject } from '../lib/config/aws-facts';
import { generatedAnswers, readRepoFile } from './helpers/repo';
import { tempFolder } from './helpers/temp';

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, string> }
interface Job { if?: string; needs?: string; environment?: string; env?: Record<string, string>; steps: Step[] }

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

const ROLE_VARIABLES = { 'pulumi-preview': 'AWS_PREVIEW_ROLE_ARN', deploy: 'AWS_DEPLOY_ROLE_ARN' } as const;

describe.each(Object.entries(ROLE_VARIABLES))('the %s job of .github/workflows/ci.yml', (name, variable) => {
  const job = jobs[name] as Job;
  const index = (match: (step: Step) => boolean) => job.steps.findIndex(match);

  it(`assumes its own role (${variable}) and runs only when that variable is set, for this repository's stack, with the backend and organisation settings`, () => {
    expect(job.if).toContain(`vars.${variable} != ''`);
    const credentials = job.steps.filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));
    expect(credentials.map((s) => s.with?.['role-to-assume'])).toEqual([`\${{ vars.${variable} }}`]);
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

describe('the AWS roles of .github/workflows/ci.yml', () => {
  const text = readRepoFile('.github/workflows/ci.yml');

  it('runs the preview outside any environment and the deploy in the environment named after the stack, the subject only the deployer role trusts', () => {
    expect(jobs['pulumi-preview']?.environment).toBeUndefined();
    expect(jobs.deploy?.environment).toBe(answers.stack);
    expect(jobs.deploy?.if).toMatch(/github\.ref == 'refs\/heads\/main'/);
  });

  it('assumes no role from the retired AWS_ROLE_ARN', () => {
    expect(text).not.toMatch(/role-to-assume: .*AWS_ROLE_ARN/);
    expect(Object.values(jobs).map((job) => job.if ?? '').filter((condition) => condition.includes('vars.AWS_ROLE_ARN'))).toEqual([]);
  });

  it('fails the build first, naming both new variables, while the retired AWS_ROLE_ARN is set', () => {
    const [first] = jobs['build-and-test']?.steps ?? [];
    expect(first?.if).toBe("vars.AWS_ROLE_ARN != ''");
    const run = runStep(first?.run as string, {});
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/^::error::The repository variable AWS_ROLE_ARN is retired/);
    expect(run.output).toContain('AWS_PREVIEW_ROLE_ARN');
    expect(run.output).toContain('AWS_DEPLOY_ROLE_ARN');
    expect(run.output).toContain(`environment ${answers.stack}`);
    expect(run.output).toContain('README.md, "CI roles"');
  });
});

describe('the trust policies of README.md, "CI roles"', () => {
  const readme = readRepoFile('README.md');
  const section = readme.slice(readme.indexOf('### CI roles'), readme.indexOf('\n## ', readme.indexOf('### CI roles')));
  const REPO = '<org>/<repo>';
  interface Trust { Statement: { Effect: string; Principal: { Federated: string }; Action: string; Condition: Record<string, Record<string, string | string[]>> }[] }
  const trustOf = (file: string): Trust => {
    const block = section.slice(section.indexOf(`\`${file}\``));
    return JSON.parse(block.slice(block.indexOf('```json\n') + 8, block.indexOf('\n```', block.indexOf('```json\n')))) as Trust;
  };

  it('both trust only GitHub\'s OIDC provider, for tokens meant for STS', () => {
    for (const file of ['preview-trust.json', 'deploy-trust.json']) {
      const [statement, ...others] = trustOf(file).Statement;
      expect(others).toEqual([]);
      expect(statement?.Effect).toBe('Allow');
      expect(statement?.Action).toBe('sts:AssumeRoleWithWebIdentity');
      expect(statement?.Principal.Federated).toBe(`arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_PROVIDER}`);
      expect(statement?.Condition.StringEquals?.[`${GITHUB_OIDC_PROVIDER}:aud`]).toBe(GITHUB_OIDC_AUDIENCE);
    }
  });

  it('the deployer trusts exactly the deploy job\'s environment: no wildcard, no branch, no pull request', () => {
    const [statement] = trustOf('deploy-trust.json').Statement;
    expect(statement?.Condition).toEqual({
      StringEquals: { [`${GITHUB_OIDC_PROVIDER}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_PROVIDER}:sub`]: githubSubject.environment(REPO, jobs.deploy?.environment as string) },
    });
  });

  it('the preview role trusts this repository\'s branches and pull requests, and no environment or other repository', () => {
    const [statement] = trustOf('preview-trust.json').Statement;
    const subjects = statement?.Condition.StringLike?.[`${GITHUB_OIDC_PROVIDER}:sub`];
    expect(subjects).toEqual([githubSubject.anyBranch(REPO), githubSubject.pullRequest(REPO)]);
    expect(Object.keys(statement?.Condition ?? {}).sort()).toEqual(['StringEquals', 'StringLike']);
  });

  it('creates each role with its own trust and policy, and names the variables the workflow reads', () => {
    expect(section).toMatch(/create-role --role-name (\S+-ci-preview) --assume-role-policy-document file:\/\/preview-trust\.json/);
    expect(section).toMatch(/create-role --role-name (\S+-ci-deploy) --assume-role-policy-document file:\/\/deploy-trust\.json/);
    expect(section).toMatch(/create-policy --policy-name \S+-preview --policy-document file:\/\/docs\/preview-policy\.json/);
    for (const variable of Object.values(ROLE_VARIABLES)) expect(section).toContain(`gh variable set ${variable} `);
    for (const role of section.match(/--role-name \S+/g) ?? []) expect(role.length - '--role-name '.length).toBeLessThanOrEqual(64);
  });
});
