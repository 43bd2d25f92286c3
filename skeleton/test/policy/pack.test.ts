import { loadStackConfig } from '../../lib/config/stack-config';
import { failsMandatory, formatResults, runPolicies, toPolicyResources, type PolicyResult } from '../../policy/offline';
import { POLICIES } from '../../policy/policies';
import { stackFacts } from '../../policy/stack-facts';
import { defaultStack, STACK_VARIABLE } from '../../policy/stack-name';
import type { OfflineRun } from '../../scripts/offline/recorder';
import { generatedAnswers, stackFileConfig } from '../helpers/repo';
import { runWholeStack } from '../helpers/whole-stack';

const answers = generatedAnswers();
const facts = stackFacts(answers);

describe('the policy pack against this repository\'s own preview graph', () => {
  let run: OfflineRun;
  beforeAll(async () => {
    run = await runWholeStack();
  });

  it('passes every mandatory policy', async () => {
    const results = await runPolicies(POLICIES, toPolicyResources(run), stackFacts(loadStackConfig({ config: stackFileConfig(answers.stack), stack: answers.stack, env: process.env })));
    expect(results.filter((r) => r.enforcementLevel === 'mandatory' && r.violations.length > 0)).toEqual([]);
    expect(results.map((r) => r.policy)).toEqual(POLICIES.map((p) => p.name));
    expect(failsMandatory(results)).toBe(false);
  });

  it('gives each resource its parent, provider, protect flag and the resources its inputs refer to', () => {
    const resources = toPolicyResources(run);
    const peering = resources.find((r) => r.type === 'aws:ec2/vpcPeeringConnection:VpcPeeringConnection');
    expect(peering?.parent?.type).toBe('tap:dr:VpcPeering');
    expect(peering?.provider?.name).toBe('aws-primary');
    expect(peering?.propertyDependencies.peerVpcId?.map((d) => d.name)).toEqual(['secondary-network-vpc']);
    expect(peering?.dependencies.map((d) => d.name)).toEqual(expect.arrayContaining(['primary-network-vpc', 'secondary-network-vpc']));
    expect(peering?.opts.protect).toBe(false);
    expect(() => peering?.isType(Object as never)).toThrow(/isType is not available offline/);
    expect(() => peering?.asType(Object as never)).toThrow(/asType is not available offline/);
  });

  it('fails a graph with a broken resource, naming policy and resource', async () => {
    const broken: OfflineRun = {
      ...run,
      resources: run.resources
        .filter((r) => r.type !== 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock')
        .map((r) => (r.type === 'aws:kms/key:Key' ? { ...r, inputs: { ...r.inputs, enableKeyRotation: false }, protect: true } : r)),
    };
    const results = await runPolicies(POLICIES, toPolicyResources(broken), facts);
    const rotation = results.find((r) => r.policy === 'kms-key-rotation') as PolicyResult;
    expect(rotation.violations.map((v) => v.urn)).toEqual(run.resources.filter((r) => r.type === 'aws:kms/key:Key').map((r) => r.urn));
    expect(failsMandatory(results)).toBe(true);
    const buckets = results.find((r) => r.policy === 's3-bucket-protection') as PolicyResult;
    expect(buckets.violations.map((v) => v.urn)).toEqual(run.resources.filter((r) => r.type === 'aws:s3/bucket:Bucket').map((r) => r.urn));
    // Every key was marked protected: one per region, and the health-check alarm topic's in us-east-1 when it has one.
    if (!answers.deletionProtection) expect(results.find((r) => r.policy === 'no-protect-without-deletion-protection')?.violations).toHaveLength(run.resources.filter((r) => r.type === 'aws:kms/key:Key').length);
  });

  it('follows a replication configuration to its destination bucket and role through their ARNs, as the engine does', async () => {
    const withoutLockActions = (policy: unknown) => {
      const document = JSON.parse(String(policy)) as { Statement: Array<{ Action: string | string[] }> };
      for (const statement of document.Statement) statement.Action = [statement.Action].flat().filter((a) => !/^s3:GetObject(Retention|LegalHold)$/.test(a));
      return JSON.stringify(document);
    };
    // The secondary backup bucket loses its lock, and the replication role its lock permissions.
    const secondaryBackups = (r: { name: string }) => r.name.startsWith('backups-secondary');
    const broken: OfflineRun = {
      ...run,
      resources: run.resources
        .filter((r) => !(r.type === 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration' && secondaryBackups(r)))
        .map((r) => (r.type === 'aws:s3/bucket:Bucket' && secondaryBackups(r) ? { ...r, inputs: { ...r.inputs, objectLockEnabled: false } } : r))
        .map((r) => (r.name === 'backups-replication-policy' ? { ...r, inputs: { ...r.inputs, policy: withoutLockActions(r.inputs.policy) } } : r)),
    };
    const results = await runPolicies(POLICIES, toPolicyResources(broken), facts);
    const replication = run.resources.find((r) => r.name === 'backups-replication');
    expect(results.find((r) => r.policy === 's3-replication-object-lock')?.violations).toEqual([
      { urn: replication?.urn, message: expect.stringMatching(/^backups-replication replicates the locked bucket backups-primary into backups-secondary, which has no Object Lock/) },
      { urn: replication?.urn, message: 'the replication role of backups-replication lacks s3:GetObjectRetention, s3:GetObjectLegalHold on the locked source backups-primary' },
    ]);
  });
});

describe('formatResults', () => {
  it('prints one line per policy, the violations under it and a summary', () => {
    const text = formatResults([
      { policy: 'a', enforcementLevel: 'mandatory', violations: [] },
      { policy: 'b', enforcementLevel: 'mandatory', violations: [{ message: 'bad', urn: 'urn:x' }] },
      { policy: 'c', enforcementLevel: 'advisory', violations: [{ message: 'note' }] },
    ]);
    expect(text.split('\n')).toEqual([
      '✓ [mandatory] a',
      '✗ [mandatory] b — 1 violation(s)',
      '    bad',
      '      urn:x',
      '! [advisory] c — 1 violation(s)',
      '    note',
      '',
      '3 policies: 1 mandatory failed, 1 advisory reported',
    ]);
    expect(failsMandatory([{ policy: 'c', enforcementLevel: 'advisory', violations: [{ message: 'note' }] }])).toBe(false);
  });

  it('a policy without an enforcement level counts as advisory, as the engine treats it', async () => {
    const resources = toPolicyResources({ resources: [{ urn: 'urn:r', type: 't', name: 'r', inputs: {}, custom: true }], outputs: {} });
    const results = await runPolicies([{ name: 'x', description: 'x', validateResource: (_a, report) => report('seen') }], resources, facts);
    expect(results).toEqual([{ policy: 'x', enforcementLevel: 'advisory', violations: [{ message: 'seen', urn: 'urn:r' }] }]);
    expect(resources[0]?.provider).toBeUndefined();
  });

  it('records nothing for a resource or stack a policy declares not applicable, and passes other errors on', async () => {
    const resources = toPolicyResources({ resources: [{ urn: 'urn:r', type: 't', name: 'r', inputs: {}, custom: true }], outputs: {} });
    const results = await runPolicies([
      { name: 'r', description: 'r', enforcementLevel: 'mandatory', validateResource: (args) => args.notApplicable('no such type here') },
      { name: 's', description: 's', enforcementLevel: 'mandatory', validateStack: (args) => args.notApplicable() },
      { name: 'remediation-only', description: 'fixes, never reports', remediateResource: () => undefined },
    ], resources, facts);
    expect(results.map((r) => r.violations)).toEqual([[], [], []]);
    await expect(runPolicies([{ name: 'x', description: 'x', validateStack: () => { throw new Error('bug'); } }], resources, facts)).rejects.toThrow('bug');
  });
});

describe('the stack the policies compare against', () => {
  it(`is ${STACK_VARIABLE} when set, else the one Pulumi.<stack>.yaml of the repository`, () => {
    expect(defaultStack({ [STACK_VARIABLE]: 'prod' })).toBe('prod');
    expect(defaultStack({})).toBe(answers.stack);
    expect(defaultStack({ [STACK_VARIABLE]: '' }, ['Pulumi.yaml', 'Pulumi.qa.yaml'])).toBe('qa');
    expect(() => defaultStack({}, ['Pulumi.yaml'])).toThrow(`name the stack with ${STACK_VARIABLE} (found no Pulumi.<stack>.yaml)`);
    expect(() => defaultStack({}, ['Pulumi.a.yaml', 'Pulumi.b.yaml'])).toThrow('(found a, b)');
  });
});

describe('policy/index.ts', () => {
  it('packs every policy and gives the ones with a config schema the stack facts', async () => {
    const packs: Array<{ name: string; args: { policies: unknown[] }; config: Record<string, unknown> }> = [];
    jest.doMock('@pulumi/policy', () => ({
      PolicyPack: class {
        constructor(name: string, args: { policies: unknown[] }, config: Record<string, unknown>) {
          packs.push({ name, args, config });
        }
      },
    }));
    await jest.isolateModulesAsync(async () => {
      await import('../../policy/index');
    });
    jest.dontMock('@pulumi/policy');
    expect(packs).toHaveLength(1);
    expect(packs[0]?.args.policies).toHaveLength(POLICIES.length);
    const configured = POLICIES.filter((p) => p.configSchema).map((p) => p.name);
    expect(Object.keys(packs[0]?.config ?? {})).toEqual(configured);
    expect(packs[0]?.config['lag-alarm-within-rpo']).toEqual(stackFacts(loadStackConfig({ config: stackFileConfig(answers.stack), stack: answers.stack, env: process.env })));
  });
});
