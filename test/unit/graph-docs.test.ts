import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { drawGraphDocuments, GRAPH_CHILD, stackConfigOf } from '../../generator/graph/draw';
import { PACKAGE_ROOT as ROOT } from '../../generator/package-root';
import { prepare } from '../../generator/prepare';
import { UNION_LOCKFILE } from '../../generator/render/lockfiles';
import { render } from '../../generator/render/render';
import { DIAGRAM_END, DIAGRAM_START } from '../../skeleton/scripts/architecture';
import { GRAPH_DOCUMENTS } from '../../skeleton/scripts/graph-docs';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { PRESETS } from '../../generator/answers/presets';
import { healthcareSources, TEAM_DOMAIN } from '../helpers/team-domain';

const ok = (sources: Parameters<typeof prepare>[0]) => {
  const prepared = prepare(sources);
  assert.ok(prepared.ok, JSON.stringify(!prepared.ok && prepared.problems));
  return prepared;
};

describe('a render ships the documents drawn from its preview graph (generator/graph/)', () => {
  it('README.md with the diagram, docs/architecture.md, docs/deployer-policy.json and docs/preview-policy.json, for both presets', () => {
    for (const [preset, sources] of [['trading', { preset: 'trading' }], ['healthcare', healthcareSources()]] as const) {
      const { files, answers } = ok(sources);
      for (const path of GRAPH_DOCUMENTS) assert.ok(files.has(path), `${preset}: ${path}`);
      const readme = files.get('README.md')?.toString() as string;
      const block = readme.slice(readme.indexOf(DIAGRAM_START), readme.indexOf(DIAGRAM_END));
      assert.match(block, /```mermaid\nflowchart LR\n/, `${preset}: the README's diagram is drawn`);
      assert.ok(readme.includes(`["${answers.primaryRegion} (primary)"]`), preset);
      assert.doesNotMatch(readme, /Not drawn yet/);
      assert.ok((files.get('docs/architecture.md')?.toString() as string).includes(block), `${preset}: README and docs/architecture.md hold the same diagram`);
      const policy = JSON.parse(files.get('docs/deployer-policy.json')?.toString() as string);
      assert.equal(policy.Version, '2012-10-17');
      assert.ok(policy.Statement.some((s: { Action: string[] }) => s.Action.includes('rds:CreateGlobalCluster')), preset);
      const preview = JSON.parse(files.get('docs/preview-policy.json')?.toString() as string);
      const reads = preview.Statement.flatMap((s: { Action: string[] }) => s.Action) as string[];
      assert.ok(reads.includes('rds:Describe*'), preset);
      assert.deepEqual(reads.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)/.test(a) || a === 'secretsmanager:GetSecretValue'), [], `${preset}: the preview policy reads only`);
    }
  });

  it('follows the answers: another Region pair, a tier on', () => {
    const { files } = ok({ preset: 'trading', sets: ['primaryRegion=eu-central-1', 'secondaryRegion=eu-west-2', 'appTier=true', `publicDomainName=${TEAM_DOMAIN}`] });
    const architecture = files.get('docs/architecture.md')?.toString() as string;
    assert.match(architecture, /\["eu-central-1 \(primary\)"\][\s\S]*\["eu-west-2 \(secondary\)"\]/);
    assert.match(architecture, /<b>AppTier<\/b>/);
    assert.match(files.get('docs/deployer-policy.json')?.toString() as string, /elasticloadbalancing:CreateLoadBalancer/);
  });

  it('reads the stack config as the Pulumi CLI hands it over: text, numbers and booleans as text, maps as JSON', () => {
    const { files, answers } = ok(healthcareSources(['tags.Team=dba']));
    const config = stackConfigOf(files.get(`Pulumi.${answers.stack}.yaml`)?.toString() as string);
    assert.equal(config['TapStack:azCount'], '3');
    assert.equal(config['TapStack:appTier'], 'true');
    assert.equal(config['TapStack:tags'], JSON.stringify(answers.tags));
    assert.deepEqual(Object.keys(config), Object.keys(parse(files.get(`Pulumi.${answers.stack}.yaml`)?.toString() as string).config));
  });

  it('says what failed when the rendered program cannot run', () => {
    const files = new Map(render(parseAnswers(PRESETS.trading.answers), { drawGraph: false }));
    files.set('index.ts', Buffer.from("throw new Error('the program stops here');\n"));
    assert.throws(() => drawGraphDocuments(files, 'dev'), /drawing the architecture diagram and deployer policy from the rendered program failed: the program stops here/);
    files.set('index.ts', Buffer.from("import 'left-pad';\n"));
    assert.throws(() => drawGraphDocuments(files, 'dev'), /imports left-pad, which the generator does not bundle/);
  });

  it('runs against the Pulumi packages the generated repositories lock, bundled into dist/graph/child.cjs', () => {
    const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).packages;
    const skeletonLock = JSON.parse(readFileSync(join(ROOT, 'skeleton', UNION_LOCKFILE), 'utf8')).packages;
    for (const name of ['@pulumi/pulumi', '@pulumi/aws', '@pulumi/random']) {
      assert.equal(rootLock[`node_modules/${name}`]?.version, skeletonLock[`node_modules/${name}`]?.version, `${name}: pin the devDependency in package.json to the version of skeleton/${UNION_LOCKFILE}`);
    }
    assert.ok(readFileSync(GRAPH_CHILD).length > 0);
  });
});
