import { APPLICATION_EVENT_PATTERN, EventForwarding, originatedIn } from '../lib/event-forwarding';
import { json, list, ofType, only, runComponents, sharedRuns, statements } from './helpers/components';
import { generatedAnswers } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';
import { mockArnOf } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';

const healthcare = { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'synthj5p6r0e5' };
const KEYS = { 'us-east-1': 'arn:kms:primary', 'us-west-2': 'arn:kms:secondary' } as const;

const build = sharedRuns(async () => {
  return runComponents(healthcare, ({ sides, root }) => {
    const events = new EventForwarding('events', {
      primary: sides.primary,
      secondary: sides.secondary,
      global: sides.global,
      accountId: '123456789012',
      primaryKeyArn: KEYS['us-east-1'],
      secondaryKeyArn: KEYS['us-west-2'],
    }, { parent: root });
    return {
      primaryBusArn: events.primaryBusArn, secondaryBusArn: events.secondaryBusArn,
      primaryLogGroup: events.primaryLogGroupName, secondaryLogGroup: events.secondaryLogGroupName,
    };
  });
});

const arnOf = mockArnOf;
const inRegion = (run: OfflineRun, type: string, region: string) => ofType(run, type).filter((r) => r.region === region);
const busIn = (run: OfflineRun, region: string) => inRegion(run, 'aws:cloudwatch/eventBus:EventBus', region)[0] as RecordedResource;
const ruleNamed = (run: OfflineRun, region: string, purpose: string) =>
  inRegion(run, 'aws:cloudwatch/eventRule:EventRule', region).find((r) => String(r.inputs.name).startsWith(`events-${purpose}-`)) as RecordedResource;
const targetOf = (run: OfflineRun, rule: RecordedResource) =>
  ofType(run, 'aws:cloudwatch/eventTarget:EventTarget').find((t) => t.region === rule.region && t.inputs.rule === rule.inputs.name) as RecordedResource;

/**
 * Whether an event pattern matches an event, for the two kinds of condition the stack's patterns use:
 * a list of values and `{ prefix }`. Any other kind throws, so a new pattern cannot pass untested.
 */
function matches(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, conditions]) => (conditions as unknown[]).some((condition) => {
    if (typeof condition === 'string') return event[field] === condition;
    const { prefix, ...other } = condition as { prefix?: string };
    if (prefix === undefined || Object.keys(other).length > 0) throw new Error(`the test matcher knows no condition ${JSON.stringify(condition)}`);
    return String(event[field]).startsWith(prefix);
  }));
}

/**
 * Routes an event put on the bus in `region` through the graph's rules as EventBridge does: every rule
 * on a bus that matches sends the event (unchanged: it keeps the region it originated in) to its target
 * bus, where the rules of that bus see it. Returns the bus-to-bus deliveries, up to `limit`.
 */
function route(run: OfflineRun, region: string, event: Record<string, unknown>, limit = 10): string[] {
  const deliveries: string[] = [];
  const queue = [busIn(run, region)];
  while (queue.length > 0 && deliveries.length < limit) {
    const bus = queue.shift() as RecordedResource;
    const rules = inRegion(run, 'aws:cloudwatch/eventRule:EventRule', String(bus.region)).filter((r) => r.inputs.eventBusName === bus.inputs.name);
    for (const rule of rules.filter((r) => matches(json(r.inputs.eventPattern), event))) {
      const next = ofType(run, 'aws:cloudwatch/eventBus:EventBus').find((b) => arnOf(b) === targetOf(run, rule).inputs.arn);
      if (!next) continue; // a log group
      deliveries.push(`${bus.region} -> ${next.region}`);
      queue.push(next);
    }
  }
  return deliveries;
}

const applicationEvent = (region: string) => ({ source: 'app.orders', 'detail-type': 'OrderPlaced', region, account: '123456789012', detail: {} });

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

  it.each([['us-east-1', 'us-west-2'], ['us-west-2', 'us-east-1']])('a rule on the %s bus forwards the application events that originated there to the %s bus, with the role', async (from, to) => {
    const run = await build();
    const forward = ruleNamed(run, from, 'forward');
    expect(forward.inputs.eventBusName).toBe(busIn(run, from).inputs.name);
    expect(json(forward.inputs.eventPattern)).toEqual({ ...APPLICATION_EVENT_PATTERN, region: [from] });
    expect(json(forward.inputs.eventPattern)).toEqual(originatedIn(from));
    const role = only(run, 'aws:iam/role:Role');
    expect(targetOf(run, forward).inputs).toMatchObject({ arn: arnOf(busIn(run, to)), roleArn: `arn:aws:iam::123456789012:role/${role.inputs.name}` });
  });

  it.each(['us-east-1', 'us-west-2'])('an application event put in %s is forwarded once to the other region and never back', async (region) => {
    const run = await build();
    const other = region === 'us-east-1' ? 'us-west-2' : 'us-east-1';
    expect(route(run, region, applicationEvent(region))).toEqual([`${region} -> ${other}`]);
    // Other events stay where they were put.
    expect(route(run, region, { ...applicationEvent(region), source: 'aws.ec2' })).toEqual([]);
  });

  it('without the origin condition the two rules would send an event back and forth: the routing above would catch it', async () => {
    const run = await build();
    const looping: OfflineRun = {
      ...run,
      resources: run.resources.map((r) => (r.type === 'aws:cloudwatch/eventRule:EventRule' && String(r.inputs.name).startsWith('events-forward-')
        ? { ...r, inputs: { ...r.inputs, eventPattern: JSON.stringify(APPLICATION_EVENT_PATTERN) } } : r)),
    };
    expect(route(looping, 'us-east-1', applicationEvent('us-east-1'), 4)).toEqual(['us-east-1 -> us-west-2', 'us-west-2 -> us-east-1', 'us-east-1 -> us-west-2', 'us-west-2 -> us-east-1']);
  });

  it('the role may be assumed by EventBridge of this account only, and may only put events on the two buses', async () => {
    const run = await build();
    const role = only(run, 'aws:iam/role:Role');
    expect(role.provider).toBe('aws-global');
    const [trust] = statements(role.inputs.assumeRolePolicy);
    expect(trust).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } });
    const [grant] = statements(only(run, 'aws:iam/rolePolicy:RolePolicy').inputs.policy);
    expect([list(grant.Action), grant.Resource]).toEqual([['events:PutEvents'], [arnOf(busIn(run, 'us-east-1')), arnOf(busIn(run, 'us-west-2'))]]);
  });

  it('each bus has a resource policy accepting events from the forwarding role only', async () => {
    const run = await build();
    const role = only(run, 'aws:iam/role:Role');
    const policies = ofType(run, 'aws:cloudwatch/eventBusPolicy:EventBusPolicy');
    expect(policies.map((p) => [p.region, p.inputs.eventBusName])).toEqual([['us-east-1', busIn(run, 'us-east-1').inputs.name], ['us-west-2', busIn(run, 'us-west-2').inputs.name]]);
    for (const policy of policies) {
      expect(statements(policy.inputs.policy)).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::123456789012:role/${role.inputs.name}` }, Action: 'events:PutEvents' })]);
    }
  });

  it.each(['us-east-1', 'us-west-2'] as const)('the application events that reach %s land in an encrypted log group under /aws/events/ there', async (region) => {
    const run = await build();
    const [logGroup] = inRegion(run, 'aws:cloudwatch/logGroup:LogGroup', region);
    expect(logGroup.inputs).toMatchObject({ name: expect.stringMatching(new RegExp(`^/aws/events/.*${region}-synthj5p6r0e5$`)), kmsKeyId: KEYS[region], retentionInDays: 30 });
    const received = ruleNamed(run, region, 'received');
    expect(json(received.inputs.eventPattern)).toEqual(APPLICATION_EVENT_PATTERN);
    expect(targetOf(run, received).inputs.arn).toBe(arnOf(logGroup));
    const [write] = statements(inRegion(run, 'aws:cloudwatch/logResourcePolicy:LogResourcePolicy', region)[0].inputs.policyDocument);
    expect([list(write.Action), write.Resource]).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents'], `${arnOf(logGroup)}:*`]);
    expect(run.outputs[region === 'us-east-1' ? 'primaryLogGroup' : 'secondaryLogGroup']).toBe(logGroup.inputs.name);
  });
});

describe('event forwarding in the whole stack', () => {
  it('forwards both ways, once, and exports the buses and the log groups the events land in', async () => {
    const run = await runWholeStack();
    const answers = generatedAnswers();
    const buses = ofType(run, 'aws:cloudwatch/eventBus:EventBus');
    expect(buses.map((b) => b.region)).toEqual([answers.primaryRegion, answers.secondaryRegion]);
    expect(route(run, answers.primaryRegion, applicationEvent(answers.primaryRegion))).toEqual([`${answers.primaryRegion} -> ${answers.secondaryRegion}`]);
    expect(route(run, answers.secondaryRegion, applicationEvent(answers.secondaryRegion))).toEqual([`${answers.secondaryRegion} -> ${answers.primaryRegion}`]);
    const logGroups = ofType(run, 'aws:cloudwatch/logGroup:LogGroup').filter((g) => String(g.inputs.name).startsWith('/aws/events/'));
    expect(run.outputs.tiers).toMatchObject({
      primaryEventBusArn: arnOf(buses[0]), secondaryEventBusArn: arnOf(buses[1]), primaryEventBusName: buses[0].inputs.name, secondaryEventBusName: buses[1].inputs.name,
      primaryEventLogGroup: logGroups.find((g) => g.region === answers.primaryRegion)?.inputs.name,
      secondaryEventLogGroup: logGroups.find((g) => g.region === answers.secondaryRegion)?.inputs.name,
    });
  });
});
