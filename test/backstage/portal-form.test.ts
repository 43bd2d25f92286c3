// The "Create DR database" form as a user meets it: Backstage's real scaffolder page (the app in
// form-page/main.tsx, bundled with esbuild) in Debian's Chromium, driven by playwright-core, fed with
// the template's parameters by the in-process scaffolder backend's parameter-schema endpoint, as a
// portal feeds it. Create goes to the backend's task endpoint; the payload it records is then
// dry-run by the same backend and compared with `tap-dr new`.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Entity } from '@backstage/catalog-model';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REVIEW_FIELD } from '../../generator/backstage-form/form-steps';
import { reviewAnswers } from '../../generator/backstage-form/review';
import { costEstimate, usd } from '../../skeleton/lib/config/cost-estimate';
import { formatProblem } from '../../skeleton/lib/config/validate';
import { PRESETS } from '../../generator/answers/presets';
import { TEAM_DOMAIN } from '../helpers/team-domain';
import { cliRendering } from './cli-render';
import { TEMPLATE_ENTITY, USER_TOKEN, filesOf, startScaffolderBackend, type ScaffolderBackend } from './scaffolder-backend';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const TEMPLATE_PATH = '/create/templates/default/tap-dr-aurora-global-database';
const OWNER = 'group:default/dba-team';
/** Every step's screenshot; `npm run form:screenshots` also copies the README's into docs/images/. */
const SCREENSHOTS = join(HERE, 'screenshots');
const README_SCREENSHOTS: Record<string, string> = {
  'trading-09-preview.png': 'portal-form-preview.png',
  'cidr-09-preview-blocked.png': 'portal-form-preview-problem.png',
  'trading-11-review.png': 'portal-form-review.png',
};

/** Chromium from Debian (`apt-get install chromium`, which .ci/run does), or TAP_DR_CHROMIUM. */
function chromiumPath(): string {
  const candidates = [process.env.TAP_DR_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error('No Chromium found: install Debian\'s chromium (`sudo apt-get install chromium`, as .ci/run does) or set TAP_DR_CHROMIUM to a Chrome or Chromium binary.');
  return found;
}

const catalog: Entity[] = [
  TEMPLATE_ENTITY,
  ...['dba-team', 'platform-team'].map((name) => ({
    apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name, namespace: 'default' }, spec: { type: 'team', children: [] },
  })),
  { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'ada', namespace: 'default' }, spec: { memberOf: ['dba-team'] } },
];

/** Resolves `generator-tap-dr/backstage-form` through this package's exports map: the page uses what ships in dist/. */
const shippedPackage: Plugin = {
  name: 'generator-tap-dr',
  setup(b) {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    b.onResolve({ filter: /^generator-tap-dr\// }, (args) => {
      const entry = manifest.exports[`.${args.path.slice('generator-tap-dr'.length)}`];
      return entry ? { path: join(ROOT, entry.default) } : { errors: [{ text: `${args.path} is not exported by generator-tap-dr` }] };
    });
  },
};

async function bundlePage(): Promise<Map<string, Buffer>> {
  if (!existsSync(join(ROOT, 'dist/backstage-form/index.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  const result = await build({
    entryPoints: { app: join(HERE, 'form-page/main.tsx') },
    bundle: true,
    write: false,
    outdir: '/',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    minify: true,
    // The built form module imports React, Material UI and Backstage as an app's bundler provides them.
    nodePaths: [join(HERE, 'node_modules')],
    plugins: [shippedPackage],
    // What Backstage's webpack build provides to browser code.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    banner: { js: 'globalThis.process ??= { env: {} };' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.eot': 'dataurl' },
    logLevel: 'error',
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice(1), Buffer.from(file.contents)]));
}

interface PageServer {
  readonly url: string;
  /** Bodies of `POST /api/scaffolder/v2/tasks`: what Create sent. */
  readonly tasks: Array<{ templateRef: string; values: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Loopback server: the page and its bundle, and /api/* passed to the backend with a signed-in user's token. */
async function servePage(assets: Map<string, Buffer>, backendUrl: string): Promise<PageServer> {
  const tasks: PageServer['tasks'] = [];
  // Open requests to the backend (the task page's event stream stays open): ended on close.
  const upstreams = new Set<ClientRequest>();
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>tap-dr portal form</title>${assets.has('app.css') ? '<link rel="stylesheet" href="/app.css">' : ''}
<script>window.__TAP_DR_CATALOG__ = ${JSON.stringify(catalog)};</script></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;
  const proxy = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const target = new URL(req.url!, backendUrl);
    const upstream = request(target, { method: req.method, headers: { ...req.headers, host: target.host, authorization: `Bearer ${USER_TOKEN}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstreams.add(upstream);
    upstream.on('close', () => upstreams.delete(upstream));
    upstream.on('error', (error) => res.destroy(error));
    upstream.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = new URL(req.url!, 'http://page').pathname;
      if (path.startsWith('/api/')) {
        if (req.method === 'POST' && path === '/api/scaffolder/v2/tasks') tasks.push(JSON.parse(body.toString('utf8')));
        return proxy(req, res, body);
      }
      const asset = assets.get(path.slice(1));
      if (asset) {
        res.writeHead(200, { 'content-type': path.endsWith('.css') ? 'text/css' : 'text/javascript' });
        return res.end(asset);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tasks,
    close: () => new Promise<void>((resolve) => {
      for (const upstream of upstreams) upstream.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

let backend: ScaffolderBackend;
let pages: PageServer;
let browser: Browser;

before(async () => {
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS, { recursive: true });
  backend = await startScaffolderBackend(catalog);
  pages = await servePage(await bundlePage(), backend.baseUrl);
  // Playwright starts Chromium with a new empty profile in a temporary folder and removes it on close.
  // These flags work in containers without a GPU or a user-namespace sandbox.
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await pages?.close();
  await backend?.stop();
  if (process.env.TAP_DR_README_SCREENSHOTS) {
    mkdirSync(join(ROOT, 'docs/images'), { recursive: true });
    for (const [shot, name] of Object.entries(README_SCREENSHOTS)) copyFileSync(join(SCREENSHOTS, shot), join(ROOT, 'docs/images', name));
  }
});

/** A fresh page on the template's form, collecting what the console and the page report as errors. */
const pageErrors = new WeakMap<Page, string[]>();
async function openForm(t: TestContext): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  t.after(() => page.close());
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(`${pages.url}${TEMPLATE_PATH}`);
  try {
    await page.getByText('Start from', { exact: true }).first().waitFor();
  } catch (error) {
    await shoot(page, 'failed-to-open');
    throw new Error(`the form did not open (screenshot ${SCREENSHOTS}/failed-to-open.png): ${errors.join('; ') || (await page.content()).slice(0, 3000)}`, { cause: error });
  }
  return { page, errors };
}

/**
 * A screenshot of the whole form. Backstage scrolls its content inside the page, so the viewport is
 * stretched to the content's height for the picture.
 */
async function shoot(page: Page, name: string) {
  const viewport = page.viewportSize()!;
  const height = Number(await page.evaluate("Math.max(...[...document.querySelectorAll('*')].map((e) => e.scrollHeight))"));
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 8000) });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  await page.setViewportSize(viewport);
}

/** The step the stepper shows as current. */
// Material UI's class names carry a counter in Backstage's production build: MuiStepLabel-active-394.
const activeStep = (page: Page) => page.locator('[class*="MuiStepLabel-active"]').first();

/** Presses Next (or Review on the last step) and waits for the next step, or for the same one when it must stay. */
async function next(page: Page, expected: string, button = 'Next') {
  await page.getByRole('button', { name: button, exact: true }).click();
  try {
    await page.locator('[class*="MuiStepLabel-active"]', { hasText: new RegExp(`^${expected}$`) }).waitFor({ timeout: 15_000 });
  } catch (error) {
    await shoot(page, `failed-before-${expected}`);
    const shown = await activeStep(page).textContent({ timeout: 1000 }).catch(() => 'a page without the stepper');
    throw new Error(`${expected} did not follow ${shown} (screenshot ${SCREENSHOTS}/failed-before-${expected}.png); page errors: ${pageErrors.get(page)?.join('\n')}`, { cause: error });
  }
}

async function choosePreset(page: Page, label: RegExp) {
  await page.locator('#root_preset').click();
  await page.getByRole('option', { name: label }).click();
}

async function chooseOwner(page: Page) {
  const owner = page.locator('#root_owner');
  await owner.click();
  await owner.fill('dba');
  await page.getByRole('option', { name: /dba-team/ }).click();
}

/**
 * Goes through `steps` (the current one first), running `fill` on each, screenshotting it as
 * `<prefix>-NN-<step>`, and pressing Next (Review before the last page) between them.
 */
async function walk(page: Page, prefix: string, steps: readonly string[], fill: (step: string) => Promise<void> = async () => {}) {
  for (const [index, step] of steps.entries()) {
    await fill(step);
    await shoot(page, `${prefix}-${String(STEPS.indexOf(step as (typeof STEPS)[number]) + 1).padStart(2, '0')}-${step.toLowerCase().replace(/ /g, '-')}`);
    const following = steps[index + 1];
    if (following) await next(page, following, following === 'Review' ? 'Review' : 'Next');
  }
}

const STEPS = ['Start from', 'Project', 'Regions', 'Database', 'Recovery targets', 'Network', 'Optional tiers', 'Operations', 'Preview', 'Repository', 'Review'] as const;
const preview = (page: Page) => page.locator('section[aria-label="Effective answers"]');
const answerRow = (page: Page, key: string) => preview(page).locator(`[data-answer="${key}"]`);

describe('the portal form in Chromium', () => {
  it('every ui:field of the template, as the scaffolder backend serves it, is a field extension the app registers', async (t) => {
    const response = await fetch(`${backend.baseUrl}/api/scaffolder/v2/templates/default/template/tap-dr-aurora-global-database/parameter-schema`, {
      headers: { authorization: `Bearer ${USER_TOKEN}` },
    });
    assert.equal(response.status, 200);
    const fields = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'ui:field') fields.add(value as string);
          else collect(value);
        }
      }
    };
    collect(((await response.json()) as { steps: unknown[] }).steps);
    assert.deepEqual([...fields].sort(), ['OwnerPicker', 'RepoUrlPicker', REVIEW_FIELD].sort(), 'the template uses the portal pickers and the review');
    const { page, errors } = await openForm(t);
    const registered = (await (await page.waitForFunction('window.__TAP_DR_REGISTERED_FIELDS__')).jsonValue()) as string[];
    for (const field of fields) assert.ok(registered.includes(field), `ui:field ${field} is not registered (the app registers ${registered.join(', ')})`);
    assert.deepEqual(errors, []);
  });

  it('trading: the preview shows the stack, its budget within 300 s / 60 s and its cost; Create sends what renders the same files as tap-dr new', async (t) => {
    const { page, errors } = await openForm(t);
    const answers = { name: 'trading-platform-dr', owner: OWNER };
    await walk(page, 'trading', STEPS.slice(0, 9), async (step) => {
      if (step === 'Start from') await choosePreset(page, /^Trading platform/);
      if (step === 'Project') {
        await page.locator('#root_name').fill(answers.name);
        await chooseOwner(page);
      }
    });
    const expected = reviewAnswers({ preset: 'trading', ...answers });
    assert.ok(expected.answers && expected.budget && expected.cost);
    await expect(page.getByRole('status', { name: 'Validation' }), /^Ready\./);
    await expect(page.getByText(/^Starting from the Trading platform preset/), /Trading platform preset/);
    await expect(answerRow(page, 'primaryRegion'), /us-east-1: US East \(N\. Virginia\)\s*Trading platform preset/);
    await expect(answerRow(page, 'secondaryRegion'), /eu-west-1: Europe \(Ireland\)\s*Trading platform preset/);
    await expect(answerRow(page, 'instanceClass'), /db\.r6g\.large/);
    await expect(answerRow(page, 'name'), /trading-platform-dr\s*entered/);
    await expect(answerRow(page, 'environmentSuffix'), /dev\s*schema default/);
    const budget = page.locator('section[aria-label="Recovery budget"]');
    await expect(budget, new RegExp(`fits the 300 s target with ${300 - expected.budget.rto.totalSeconds} s to spare`));
    await expect(budget, new RegExp(`fits the 60 s target with ${60 - expected.budget.rpo.totalSeconds} s to spare`));
    await expect(page.locator('section[aria-label="Monthly cost"]'), new RegExp(usd(costEstimate(expected.answers).totalMonthlyUsd).replace('$', '\\$')));

    await next(page, 'Repository');
    await walk(page, 'trading', ['Repository', 'Review'], async (step) => {
      if (step === 'Repository') {
        // Typed as a user types: the repository name is an autocomplete field that takes its value on input.
        for (const [label, text] of [['Owner', 'acme'], ['Repository', 'trading-platform-dr']]) {
          const input = page.getByRole('textbox', { name: label });
          await input.click();
          await input.pressSequentially(text);
          await input.press('Tab');
        }
      }
    });
    // Backstage's own last page lists the values entered, and the preview's one-line summary.
    await expect(page.getByText(expected.summary, { exact: true }), /worst-case RTO/);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/create\/tasks\//);
    await shoot(page, 'trading-12-task');
    assert.equal(pages.tasks.length, 1);
    const [task] = pages.tasks;
    assert.equal(task.templateRef, 'template:default/tap-dr-aurora-global-database');
    assert.equal(task.values.repoUrl, 'github.com?owner=acme&repo=trading-platform-dr');

    const { status, body } = await backend.dryRun(task.values);
    assert.equal(status, 200, JSON.stringify(body).slice(0, 2000));
    // The name entered is the preset's: the files are those of `tap-dr new --preset trading --set owner=…`.
    assert.equal(PRESETS.trading.answers.name, answers.name);
    assert.deepEqual(filesOf(body), cliRendering({ preset: 'trading', owner: OWNER }));
    assert.deepEqual(errors, []);
  });

  it('overlapping CIDRs typed in the Network step: the preview shows the core\'s message and will not pass; fixing them lets it pass', async (t) => {
    const { page, errors } = await openForm(t);
    const overlapping = '10.0.128.0/17';
    await walk(page, 'cidr', STEPS.slice(0, 9), async (step) => {
      if (step === 'Start from') await choosePreset(page, /^Trading platform/);
      if (step === 'Project') {
        await page.locator('#root_name').fill('orders-dr');
        await chooseOwner(page);
      }
      if (step === 'Network') await page.locator('#root_secondaryVpcCidr').fill(overlapping);
    });
    const [problem] = reviewAnswers({ preset: 'trading', name: 'orders-dr', owner: OWNER, secondaryVpcCidr: overlapping }).problems;
    assert.equal(problem.message, formatProblem(problem));
    const problems = page.getByRole('alert', { name: 'Problems' });
    await expect(problems, /^1 problem: the render action would reject these answers\./);
    await expect(problems, new RegExp(`Network — ${escape(problem.message)}`));
    await expect(answerRow(page, 'secondaryVpcCidr'), /10\.0\.128\.0\/17\s*entered/);
    await expect(page.locator('section[aria-label="Monthly cost"]'), /Shown once there is no problem left/);
    await shoot(page, 'cidr-09-preview-blocked');

    // Next keeps the step, and the scaffolder lists the field's errors: the same message.
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByText(`Network: ${problem.message}`, { exact: false }).first().waitFor();
    await expect(activeStep(page), /^Preview$/);
    await shoot(page, 'cidr-09-preview-next-refused');

    // Back to the Network step by its label, fix the block, and the preview lets the form go on.
    await page.locator('[class*="MuiStepLabel-label-"]', { hasText: /^Network$/ }).click();
    await page.locator('[class*="MuiStepLabel-active"]', { hasText: /^Network$/ }).waitFor();
    await page.locator('#root_secondaryVpcCidr').fill('10.2.0.0/16');
    for (const step of ['Optional tiers', 'Operations', 'Preview']) await next(page, step);
    await expect(page.getByRole('status', { name: 'Validation' }), /^Ready\./);
    await expect(answerRow(page, 'secondaryVpcCidr'), /10\.2\.0\.0\/16\s*entered/);
    await shoot(page, 'cidr-09-preview-fixed');
    await next(page, 'Repository');
    assert.deepEqual(errors, []);
  });

  it('healthcare with its required inputs: the preview asks for the public domain the preset cannot know; then every tier on, their costs shown, the budget within 900 s', async (t) => {
    const { page, errors } = await openForm(t);
    const form = { name: 'healthcare-saas-dr', owner: OWNER };
    await walk(page, 'healthcare', STEPS.slice(0, 9), async (step) => {
      if (step === 'Start from') await choosePreset(page, /^Healthcare SaaS/);
      if (step === 'Project') {
        await page.locator('#root_name').fill(form.name);
        await chooseOwner(page);
      }
    });
    // The preset switches the application tier on, which the Optional tiers step cannot see: the
    // public domain it needs is only asked for by the core, and the preview shows it before Create.
    const missing = reviewAnswers({ preset: 'healthcare', ...form }).problems;
    assert.deepEqual(missing.map((p) => [p.field, p.step]), [['publicDomainName', 'Optional tiers']]);
    await expect(page.getByRole('alert', { name: 'Problems' }), new RegExp(`Optional tiers — ${escape(missing[0].message)}`));
    await shoot(page, 'healthcare-09-preview-needs-domain');

    await page.locator('[class*="MuiStepLabel-label-"]', { hasText: /^Optional tiers$/ }).click();
    await page.locator('[class*="MuiStepLabel-active"]', { hasText: /^Optional tiers$/ }).waitFor();
    await page.locator('#root_publicDomainName').fill(TEAM_DOMAIN);
    for (const step of ['Operations', 'Preview']) await next(page, step);
    const expected = reviewAnswers({ preset: 'healthcare', ...form, publicDomainName: TEAM_DOMAIN });
    assert.ok(expected.answers && expected.budget && expected.cost);
    await expect(page.getByRole('status', { name: 'Validation' }), /^Ready\./);
    for (const tier of ['appTier', 'eventBridge', 'dashboard']) await expect(answerRow(page, tier), / on Healthcare SaaS preset$/);
    await expect(answerRow(page, 'publicDomainName'), new RegExp(`${escape(TEAM_DOMAIN)} entered$`));
    await expect(answerRow(page, 'healthCheckIntervalSeconds'), /30 seconds \(standard checks\)/);
    const cost = page.locator('section[aria-label="Monthly cost"]');
    await expect(cost, /Application Load Balancers \(1 per region\)/);
    await expect(cost, /CloudWatch dashboard/);
    await expect(cost, new RegExp(escape(usd(expected.cost.totalMonthlyUsd))));
    await expect(page.locator('section[aria-label="Recovery budget"]'), /fits the 900 s target/);
    await shoot(page, 'healthcare-09-preview');
    await next(page, 'Repository');
    assert.deepEqual(errors, []);
  });
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits until the element's text matches (the form renders asynchronously), then asserts it. */
async function expect(locator: ReturnType<Page['locator']>, pattern: RegExp) {
  const deadline = Date.now() + 15_000;
  let text = '';
  while (Date.now() < deadline) {
    // innerText, as a reader sees it: table cells apart.
    text = (await locator.first().innerText({ timeout: 15_000 }).catch(() => '')).replace(/\s+/g, ' ').trim();
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.match(text, pattern);
}
