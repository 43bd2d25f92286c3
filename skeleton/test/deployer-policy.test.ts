import { DEPLOYER_ACTIONS, DEPLOYER_READ_ACTIONS, GLOBAL_ENDPOINT_SERVICES } from '../lib/config/aws-facts';
import { deployerPolicy, UNLISTED_SID_PREFIX, type PolicyStatement } from '../scripts/deployer-policy';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';
import { runWholeStack } from './helpers/whole-stack';

const serviceOf = (action: string) => action.split(':')[0] as string;
/** A recorded resource; `null` for one without a Region. */
const resource = (type: string, inputs: Record<string, unknown> = {}, region: string | null = 'eu-west-1'): RecordedResource => ({
  urn: `urn:${type}:${JSON.stringify(inputs)}`, type, name: type, inputs, region: region ?? undefined, provider: 'aws-primary', custom: true,
});

describe('the deployer policy of this stack (docs/deployer-policy.json)', () => {
  let run: OfflineRun;
  let statements: PolicyStatement[];
  const statementOf = (service: string) => statements.find((s) => (s.Action as string[]).some((a) => serviceOf(a) === service && a !== 'iam:CreateServiceLinkedRole'));
  beforeAll(async () => {
    run = await runWholeStack();
    statements = deployerPolicy(run).Statement;
  });
  const awsResources = () => run.resources.filter((r) => r.custom && r.type.startsWith('aws:'));

  it('has an action list for every resource type the program creates: no service-wide fallback', () => {
    expect(awsResources().map((r) => r.type).filter((type) => !DEPLOYER_ACTIONS[type])).toEqual([]);
    expect(statements.filter((s) => s.Sid.startsWith(UNLISTED_SID_PREFIX))).toEqual([]);
  });

  it('allows every action of every resource type, with the service\'s reads', () => {
    const allowed = new Set(statements.flatMap((s) => s.Action));
    for (const r of awsResources()) {
      const row = DEPLOYER_ACTIONS[r.type] as (typeof DEPLOYER_ACTIONS)[string];
      for (const action of [...row.actions, ...(row.also ?? [])]) {
        expect({ type: r.type, action, allowed: allowed.has(action) }).toEqual({ type: r.type, action, allowed: true });
        for (const read of DEPLOYER_READ_ACTIONS[serviceOf(action)] as readonly string[]) expect(allowed.has(read)).toBe(true);
      }
    }
  });

  it('allows each regional service only in the Regions where the stack has resources of it; IAM and Route 53 at their global endpoint', () => {
    for (const statement of statements.filter((s) => !s.Sid.startsWith('ServiceLinked'))) {
      const service = serviceOf(statement.Action[0] as string);
      const regions = new Set(awsResources().filter((r) => {
        const row = DEPLOYER_ACTIONS[r.type];
        return row && [...row.actions, ...(row.also ?? [])].some((a) => serviceOf(a) === service);
      }).map((r) => r.region));
      if (GLOBAL_ENDPOINT_SERVICES.includes(service)) expect(statement.Condition).toBeUndefined();
      else expect({ service, regions: statement.Condition?.StringEquals?.['aws:RequestedRegion'] }).toEqual({ service, regions: [...regions].sort() });
    }
  });

  it('limits IAM to the stack\'s own roles, S3 to its own buckets and Secrets Manager to its own secret', () => {
    const named = (type: string, input: string) => awsResources().filter((r) => r.type === type).map((r) => r.inputs[input] as string).sort();
    expect(statementOf('iam')?.Resource).toEqual(named('aws:iam/role:Role', 'name').map((n) => `arn:aws:iam::*:role/${n}`));
    expect(statementOf('iam')?.Action).toContain('iam:PassRole');
    expect(statementOf('s3')?.Resource).toEqual(named('aws:s3/bucket:Bucket', 'bucket').flatMap((n) => [`arn:aws:s3:::${n}`, `arn:aws:s3:::${n}/*`]));
    expect(statementOf('secretsmanager')?.Resource).toEqual(named('aws:secretsmanager/secret:Secret', 'name').map((n) => `arn:aws:secretsmanager:*:*:secret:${n}-*`));
  });

  it('lets the first cluster (and load balancer) of an account create its service-linked role, and nothing else of IAM outside the stack', () => {
    const linked = statements.find((s) => s.Sid.startsWith('ServiceLinked'));
    const expected = [...new Set(awsResources().map((r) => DEPLOYER_ACTIONS[r.type]?.serviceLinkedRole).filter(Boolean))].sort();
    expect(linked).toEqual({
      Sid: 'ServiceLinkedRolesOfTheFirstClusterAndLoadBalancer', Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole'], Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': expected } },
    });
  });
});

describe('the deployer policy of a hand-made graph', () => {
  it('gives a resource type without an action list its whole service, visibly, in its Regions', () => {
    const { Statement } = deployerPolicy({ outputs: {}, resources: [resource('aws:sqs/queue:Queue'), resource('aws:sqs/queue:Queue', {}, 'eu-west-2'), resource('aws:xray/group:Group', {}, null)] });
    expect(Statement).toEqual([
      { Sid: `${UNLISTED_SID_PREFIX}AwsSqsQueueQueue`, Effect: 'Allow', Action: ['sqs:*'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-west-2'] } } },
      { Sid: `${UNLISTED_SID_PREFIX}AwsXrayGroupGroup`, Effect: 'Allow', Action: ['xray:*'], Resource: '*' },
    ]);
  });

  it('lets pulumi destroy empty a force-destroyed Object Lock bucket (s3:BypassGovernanceRetention), and only then', () => {
    const s3Actions = (inputs: Record<string, unknown>) => deployerPolicy({ outputs: {}, resources: [resource('aws:s3/bucket:Bucket', { bucket: 'b', ...inputs })] })
      .Statement.flatMap((s) => s.Action).filter((a) => a.startsWith('s3:'));
    expect(s3Actions({ forceDestroy: true, objectLockEnabled: true })).toContain('s3:BypassGovernanceRetention');
    expect(s3Actions({ forceDestroy: false, objectLockEnabled: true })).not.toContain('s3:BypassGovernanceRetention');
    expect(s3Actions({ forceDestroy: true })).not.toContain('s3:BypassGovernanceRetention');
  });

  it('falls back to every role, bucket or secret when one of them is named by prefix only; no Region condition without a Region', () => {
    const { Statement } = deployerPolicy({
      outputs: {},
      resources: [
        resource('aws:iam/role:Role', { name: 'named' }), resource('aws:iam/role:Role', { namePrefix: 'x' }),
        resource('aws:s3/bucket:Bucket', { bucketPrefix: 'b' }), resource('aws:secretsmanager/secret:Secret', { namePrefix: 's' }),
        resource('aws:sns/topic:Topic', {}, null),
        { ...resource('pulumi:providers:aws'), custom: true }, { ...resource('aws:kms/key:Key'), custom: false },
      ],
    });
    expect(Statement.map((s) => [s.Sid, s.Resource, s.Condition === undefined])).toEqual([
      ['IamGlobalEndpoint', '*', true],
      ['KmsInTheStackRegions', '*', false],
      ['S3InTheStackRegions', '*', false],
      ['SecretsmanagerInTheStackRegions', '*', false],
      ['SnsInTheStackRegions', '*', true],
    ]);
  });
});

describe('the deployer action facts (lib/config/aws-facts.ts)', () => {
  it('name actions as service:Action, with reads for every service they use', () => {
    for (const [type, row] of Object.entries(DEPLOYER_ACTIONS)) {
      for (const action of [...row.actions, ...(row.also ?? [])]) {
        expect({ type, action, wellFormed: /^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/.test(action) }).toEqual({ type, action, wellFormed: true });
        expect({ type, action, reads: DEPLOYER_READ_ACTIONS[serviceOf(action)] !== undefined }).toEqual({ type, action, reads: true });
      }
    }
  });
});
