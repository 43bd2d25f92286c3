import { Alerting } from '../lib/alerting';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { ofType, runComponents, sharedRuns } from './helpers/components';
import { MOCK_ACCOUNT } from '../scripts/offline/aws-mocks';

const PRIMARY_KEY = 'arn:aws:kms:us-east-1:123456789012:key/primary';
const SECONDARY_KEY = 'arn:aws:kms:us-west-2:123456789012:key/secondary';

const alerting = sharedRuns(async (alarmEmail?: string) => {
  const input = { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'dev', alarmEmail };
  const run = await runComponents(input, ({ answers, sides, root }) => {
    const primary = new Alerting('primary-alerts', { side: sides.primary, keyArn: PRIMARY_KEY, alarmEmail: answers.alarmEmail }, { parent: root });
    const secondary = new Alerting('secondary-alerts', { side: sides.secondary, keyArn: SECONDARY_KEY, alarmEmail: answers.alarmEmail }, { parent: root });
    return { primaryTopicArn: primary.topicArn, secondaryTopicArn: secondary.topicArn };
  });
  // Sorted by name: resources register in the order their inputs resolve.
  const sorted = (type: string) => ofType(run, type).sort((a, b) => a.name.localeCompare(b.name));
  return { run, ofType: sorted };
});

const topicArn = (region: string) => `arn:aws:sns:${region}:${MOCK_ACCOUNT}:sns-alarms-${region}-dev`;

describe('Alerting', () => {
  it('has a topic in each region, encrypted with that region key and named with the suffix', async () => {
    const { ofType } = await alerting();
    const topics = ofType('aws:sns/topic:Topic');
    expect(topics.map((t) => [t.region, t.provider, t.inputs.kmsMasterKeyId, t.inputs.name])).toEqual([
      ['us-east-1', 'aws-primary', PRIMARY_KEY, 'sns-alarms-us-east-1-dev'],
      ['us-west-2', 'aws-secondary', SECONDARY_KEY, 'sns-alarms-us-west-2-dev'],
    ]);
    for (const topic of topics) expect(String(topic.inputs.name).length).toBeLessThanOrEqual(NAME_LIMITS.snsTopic);
  });

  it('lets only CloudWatch alarms and RDS events of this account publish to the topic', async () => {
    const { ofType } = await alerting();
    const policies = ofType('aws:sns/topicPolicy:TopicPolicy');
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const arn = topicArn(String(policy.region));
      expect(policy.inputs.arn).toBe(arn);
      expect(JSON.parse(String(policy.inputs.policy)).Statement).toEqual([{
        Sid: 'AllowAlarmsAndRdsEvents',
        Effect: 'Allow',
        Principal: { Service: ['cloudwatch.amazonaws.com', 'events.rds.amazonaws.com'] },
        Action: 'sns:Publish',
        Resource: arn,
        Condition: { StringEquals: { 'aws:SourceAccount': MOCK_ACCOUNT } },
      }]);
    }
  });

  it('subscribes no e-mail address when none is configured', async () => {
    const { ofType } = await alerting();
    expect(ofType('aws:sns/topicSubscription:TopicSubscription')).toEqual([]);
  });

  it('subscribes the configured e-mail address to the topic of each region', async () => {
    const { ofType } = await alerting('dba@example.com');
    const subscriptions = ofType('aws:sns/topicSubscription:TopicSubscription');
    expect(subscriptions.map((s) => [s.region, s.inputs])).toEqual([
      ['us-east-1', { topic: topicArn('us-east-1'), protocol: 'email', endpoint: 'dba@example.com' }],
      ['us-west-2', { topic: topicArn('us-west-2'), protocol: 'email', endpoint: 'dba@example.com' }],
    ]);
  });

  it('sends global failover and write fencing events of each region to its topic', async () => {
    const { ofType } = await alerting();
    const subscriptions = ofType('aws:rds/eventSubscription:EventSubscription');
    expect(subscriptions.map((s) => [s.region, s.inputs])).toEqual([
      ['us-east-1', { name: 'rds-global-failover-us-east-1-dev', snsTopic: topicArn('us-east-1'), sourceType: 'db-cluster', eventCategories: ['global-failover'] }],
      ['us-east-1', { name: 'rds-write-fencing-us-east-1-dev', snsTopic: topicArn('us-east-1'), sourceType: 'db-instance', eventCategories: ['notification'] }],
      ['us-west-2', { name: 'rds-global-failover-us-west-2-dev', snsTopic: topicArn('us-west-2'), sourceType: 'db-cluster', eventCategories: ['global-failover'] }],
      ['us-west-2', { name: 'rds-write-fencing-us-west-2-dev', snsTopic: topicArn('us-west-2'), sourceType: 'db-instance', eventCategories: ['notification'] }],
    ]);
  });

  it('keeps every resource of the secondary side in the secondary region, on explicit providers', async () => {
    const { run } = await alerting('dba@example.com');
    const own = run.resources.filter((r) => r.type.startsWith('aws:'));
    expect(own).toHaveLength(10);
    for (const resource of own) {
      expect(['tap:dr:Alerting::primary-alerts', 'tap:dr:Alerting::secondary-alerts']).toContain(resource.parent);
      const secondary = resource.parent === 'tap:dr:Alerting::secondary-alerts';
      expect(resource).toMatchObject(secondary ? { provider: 'aws-secondary', region: 'us-west-2' } : { provider: 'aws-primary', region: 'us-east-1' });
    }
  });

  it('outputs the topic ARN', async () => {
    const { run } = await alerting();
    expect(run.outputs).toEqual({ primaryTopicArn: topicArn('us-east-1'), secondaryTopicArn: topicArn('us-west-2') });
  });

  it('with rdsEvents off and a purpose of its own: a topic for CloudWatch alarms only, named for that purpose', async () => {
    const run = await runComponents({ primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'dev' }, ({ sides, root }) => {
      new Alerting('alarms-only', { side: sides.primary, keyArn: PRIMARY_KEY, rdsEvents: false, purpose: 'app-alarms' }, { parent: root });
    });
    expect(ofType(run, 'aws:sns/topic:Topic').map((t) => t.inputs.name)).toEqual(['sns-app-alarms-us-east-1-dev']);
    const [statement] = JSON.parse(String(ofType(run, 'aws:sns/topicPolicy:TopicPolicy')[0]?.inputs.policy)).Statement;
    expect(statement).toMatchObject({ Sid: 'AllowAlarms', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' });
    expect(ofType(run, 'aws:rds/eventSubscription:EventSubscription')).toEqual([]);
  });
});
