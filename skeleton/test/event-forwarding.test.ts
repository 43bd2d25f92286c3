import { APPLICATION_EVENT_PATTERN, EventForwarding } from '../lib/event-forwarding';
import { json, list, ofType, only, runComponents, sharedRuns, statements } from './helpers/components';
import { generatedAnswers } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';
import { mockArnOf } from '../scripts/offline/aws-mocks';

const healthcare = { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'synthj5p6r0e5' };

const build = sharedRuns(async () => {
  return runComponents(healthcare, ({ sides, root }) => {
    const events = new EventForwarding('events', {
      primary: sides.primary,
      secondary: sides.secondary,
      global: sides.global,
      accountId: '123456789012',
      secondaryKeyArn: 'arn:kms:secondary',
    }, { parent: root });
    return { primaryBusArn: events.primaryBusArn, secondaryBusArn: events.secondaryBusArn, logGroup: events.secondaryLogGroupName };
  });
});

const arnOf = mockArnOf;

describe('EventForwarding', () => {
  it('a custom bus in each region, named with region and suffix', async () => {
    const run = await build();
    const buses = ofType(run, 'aws:cloudwatch/eventBus:EventBus');
    expect(buses.map((b) => [b.region, b.inputs.name])).toEqual([
      ['us-east-1', 'events-app-us-east-1-synthj5p6r0e5'],
      ['us-west-2', 'events-app-us-west-2-synthj5p6r0e5'],
    ]);
    expect([run.outputs.primaryBusArn, run.outputs.secondaryBusArn]).toEqual(buses.map(arnOf));
  });

  it('a rule on the primary bus matching application events, forwarding to the secondary bus with a role', async () => {
    const run = await build();
    const [forward] = ofType(run, 'aws:cloudwatch/eventRule:EventRule').filter((r) => r.region === 'us-east-1');
    expect(forward.inputs.eventBusName).toBe('events-app-us-east-1-synthj5p6r0e5');
    expect(json(forward.inputs.eventPattern)).toEqual(APPLICATION_EVENT_PATTERN);
    const [target] = ofType(run, 'aws:cloudwatch/eventTarget:EventTarget').filter((t) => t.region === 'us-east-1');
    const [secondaryBus] = ofType(run, 'aws:cloudwatch/eventBus:EventBus').filter((b) => b.region === 'us-west-2');
    const role = only(run, 'aws:iam/role:Role');
    expect(target.inputs).toMatchObject({ arn: arnOf(secondaryBus), roleArn: `arn:aws:iam::123456789012:role/${role.inputs.name}` });
  });

  it('the role may be assumed by EventBridge of this account only, and may only put events on the secondary bus', async () => {
    const run = await build();
    const role = only(run, 'aws:iam/role:Role');
    expect(role.provider).toBe('aws-global');
    const [trust] = statements(role.inputs.assumeRolePolicy);
    expect(trust).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
    const [grant] = statements(only(run, 'aws:iam/rolePolicy:RolePolicy').inputs.policy);
    const [secondaryBus] = ofType(run, 'aws:cloudwatch/eventBus:EventBus').filter((b) => b.region === 'us-west-2');
    expect([list(grant.Action), grant.Resource]).toEqual([['events:PutEvents'], arnOf(secondaryBus)]);
  });

  it('the secondary bus has a resource policy accepting events from the forwarding role', async () => {
    const run = await build();
    const policy = only(run, 'aws:cloudwatch/eventBusPolicy:EventBusPolicy');
    expect(policy.region).toBe('us-west-2');
    const role = only(run, 'aws:iam/role:Role');
    expect(statements(policy.inputs.policy)).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::123456789012:role/${role.inputs.name}` }, Action: 'events:PutEvents' })]);
  });

  it('forwarded events land in an encrypted log group under /aws/events/ in the secondary region', async () => {
    const run = await build();
    const logGroup = only(run, 'aws:cloudwatch/logGroup:LogGroup');
    expect(logGroup.region).toBe('us-west-2');
    expect(logGroup.inputs).toMatchObject({ name: expect.stringMatching(/^\/aws\/events\/.*us-west-2-synthj5p6r0e5$/), kmsKeyId: 'arn:kms:secondary' });
    const [received] = ofType(run, 'aws:cloudwatch/eventRule:EventRule').filter((r) => r.region === 'us-west-2');
    expect(json(received.inputs.eventPattern)).toEqual(APPLICATION_EVENT_PATTERN);
    const [target] = ofType(run, 'aws:cloudwatch/eventTarget:EventTarget').filter((t) => t.region === 'us-west-2');
    expect(target.inputs.arn).toBe(arnOf(logGroup));
    const [write] = statements(only(run, 'aws:cloudwatch/logResourcePolicy:LogResourcePolicy').inputs.policyDocument);
    expect([list(write.Action), write.Resource]).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents'], `${arnOf(logGroup)}:*`]);
    expect(run.outputs.logGroup).toBe(logGroup.inputs.name);
  });
});

describe('event forwarding in the whole stack', () => {
  it('exports the bus ARNs and the log group the forwarded events land in', async () => {
    const run = await runWholeStack();
    const answers = generatedAnswers();
    const buses = ofType(run, 'aws:cloudwatch/eventBus:EventBus');
    expect(buses.map((b) => b.region)).toEqual([answers.primaryRegion, answers.secondaryRegion]);
    expect(run.outputs.tiers).toMatchObject({ primaryEventBusArn: arnOf(buses[0]), secondaryEventBusArn: arnOf(buses[1]), primaryEventBusName: buses[0].inputs.name });
  });
});
