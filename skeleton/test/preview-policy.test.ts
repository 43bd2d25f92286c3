import { DEPLOYER_READ_ACTIONS, GLOBAL_ENDPOINT_SERVICES, PREVIEW_INVOKE_ACTIONS, SECRET_READ_ACTIONS } from '../lib/config/aws-facts';
import { deployerPolicy } from '../scripts/deployer-policy';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';
import type { PolicyStatement } from '../scripts/policy-document';
import { previewPolicy } from '../scripts/preview-policy';
import { runWholeStack } from './helpers/whole-stack';

const serviceOf = (action: string) => action.split(':')[0] as string;
/** Whether an IAM action pattern (`service:Prefix*` or an exact action) grants `action`, as IAM matches them (case-insensitive). */
const grants = (pattern: string, action: string) => {
  const [patternService, patternName] = pattern.toLowerCase().split(':') as [string, string];
  const [service, name] = action.toLowerCase().split(':') as [string, string];
  if (patternService !== service) return false;
  return patternName.endsWith('*') ? name.startsWith(patternName.slice(0, -1)) : name === patternName;
};
/** Read verbs: every action of the preview policy names one of them (and no wildcard reaches further). */
const READ_ONLY = /^[a-z0-9-]+:(Describe|Get|List)[A-Za-z0-9]*\*?$/;
/** A recorded resource; `null` for one without a Region. */
const resource = (type: string, inputs: Record<string, unknown> = {}, region: string | null = 'eu-west-1'): RecordedResource => ({
  urn: `urn:${type}:${JSON.stringify(inputs)}`, type, name: type, inputs, region: region ?? undefined, provider: 'aws-primary', custom: true,
});

describe('the action matcher of these tests', () => {
  it('sees what a wildcard grants, so a pass below means something', () => {
    expect(grants('secretsmanager:Get*', 'secretsmanager:GetSecretValue')).toBe(true);
    expect(grants('s3:Get*', 's3:GetObject')).toBe(true);
    expect(grants('s3:GetBucket*', 's3:GetObject')).toBe(false);
    expect(grants('kms:DescribeKey', 'kms:Decrypt')).toBe(false);
    expect(READ_ONLY.test('rds:DeleteDBCluster')).toBe(false);
    expect(READ_ONLY.test('ec2:*')).toBe(false);
  });
});

describe('the preview policy of this stack (docs/preview-policy.json)', () => {
  let run: OfflineRun;
  let statements: PolicyStatement[];
  beforeAll(async () => {
    run = await runWholeStack();
    statements = previewPolicy(run).Statement;
  });
  const actions = () => statements.flatMap((s) => s.Action);

  it('grants reads only: no create, update, delete, tag or pass-role action, and no service-wide wildcard', () => {
    expect(actions().filter((a) => !READ_ONLY.test(a))).toEqual([]);
  });

  it('reads no secret value, key material or stored data (secrets, decryption, objects, items, logs)', () => {
    const reached = actions().flatMap((pattern) => SECRET_READ_ACTIONS.filter((secret) => grants(pattern, secret)).map((secret) => `${pattern} grants ${secret}`));
    expect(reached).toEqual([]);
  });

  it('lets the preview read every service the deployer manages, in the same Regions and on the same resources', () => {
    const deployer = deployerPolicy(run).Statement.filter((s) => !s.Sid.startsWith('ServiceLinked'));
    for (const statement of deployer) {
      const service = serviceOf(statement.Action[0] as string);
      const preview = statements.find((s) => serviceOf(s.Action[0] as string) === service);
      expect({ service, reads: DEPLOYER_READ_ACTIONS[service]?.every((read) => preview?.Action.includes(read)) }).toEqual({ service, reads: true });
      expect({ service, resource: preview?.Resource }).toEqual({ service, resource: statement.Resource });
      const regions = statement.Condition?.StringEquals?.['aws:RequestedRegion'] ?? [];
      const previewRegions = preview?.Condition?.StringEquals?.['aws:RequestedRegion'] ?? [];
      expect({ service, covered: regions.every((r) => previewRegions.includes(r)) }).toEqual({ service, covered: true });
    }
  });

  it('grants what every data source the program calls at preview reads, in the Region it is called in', () => {
    expect(run.invokes?.length).toBeGreaterThan(0);
    for (const invoke of run.invokes ?? []) {
      for (const action of PREVIEW_INVOKE_ACTIONS[invoke.token] as readonly string[]) {
        const statement = statements.find((s) => s.Action.some((pattern) => grants(pattern, action)));
        const regions = statement?.Condition?.StringEquals?.['aws:RequestedRegion'];
        expect({ invoke, action, granted: statement !== undefined, inRegion: regions === undefined || regions.includes(invoke.region as string) })
          .toEqual({ invoke, action, granted: true, inRegion: true });
      }
    }
  });
});

describe('the preview policy of a hand-made graph', () => {
  it('adds the reads of a data source the stack has no resource of, in its Region or at the global endpoint; no Region condition without a Region', () => {
    const { Statement } = previewPolicy({
      outputs: {},
      resources: [resource('aws:sns/topic:Topic', {}, null)],
      invokes: [{ token: 'aws:route53/getZone:getZone' }, { token: 'aws:index/getAvailabilityZones:getAvailabilityZones', region: 'eu-west-2' }, { token: 'aws:index/getCallerIdentity:getCallerIdentity' }],
    });
    expect(GLOBAL_ENDPOINT_SERVICES).toContain('route53');
    expect(Statement).toEqual([
      { Sid: 'ReadEc2InTheStackRegions', Effect: 'Allow', Action: ['ec2:DescribeAvailabilityZones'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-2'] } } },
      { Sid: 'ReadRoute53GlobalEndpoint', Effect: 'Allow', Action: ['route53:GetHostedZone', 'route53:ListTagsForResource'], Resource: '*' },
      { Sid: 'ReadSnsInTheStackRegions', Effect: 'Allow', Action: [...DEPLOYER_READ_ACTIONS.sns as string[]].sort(), Resource: '*' },
    ]);
  });

  it('refuses to draw a policy for a data source whose reads it does not know, naming it and where to add them', () => {
    expect(() => previewPolicy({ outputs: {}, resources: [], invokes: [{ token: 'aws:secretsmanager/getSecretVersion:getSecretVersion', region: 'eu-west-1' }] }))
      .toThrow(/aws:secretsmanager\/getSecretVersion:getSecretVersion.*PREVIEW_INVOKE_ACTIONS in lib\/config\/aws-facts\.ts/);
  });

  it('reads a role\'s service for the actions it implies (a Lambda function passes its role), and nothing for a type without an action list or a run without invokes', () => {
    const { Statement } = previewPolicy({ outputs: {}, resources: [resource('aws:lambda/function:Function'), resource('aws:sqs/queue:Queue'), { ...resource('aws:kms/key:Key'), custom: false }] });
    expect(Statement.map((s) => s.Sid)).toEqual(['ReadIamGlobalEndpoint', 'ReadLambdaInTheStackRegions']);
  });
});
