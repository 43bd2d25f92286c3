import * as aws from '@pulumi/aws';
import { Alerting } from '../lib/alerting';
import { NAME_LIMITS } from '../lib/config/aws-facts';
import { RegionKey, type KeyPolicy } from '../lib/encryption';
import { HEALTH_CHECK_ALARM_KEY, HEALTH_CHECK_ALARMS_PROVIDER, healthCheckAlarmSide } from '../lib/health-check-alarm-side';
import { OperationsAlarms } from '../lib/operations-alarms';
import type { RegionSignals } from '../lib/operations-signals';
import { requiredTags } from '../lib/regions';
import { json, ofType, only, runComponents, sharedRuns } from './helpers/components';
import { MOCK_ACCOUNT, mockId } from '../scripts/offline/aws-mocks';
import type { RecordedResource } from '../scripts/offline/recorder';

/**
 * The pieces that carry the Route 53 health-check alarms to us-east-1 when neither region of the
 * pair is there: the side (provider) in us-east-1, its key, its topic and the alarms there (also in
 * test/optional-tiers.test.ts). Rendered with the application tier and the dashboard together.
 */
const EU = { primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2', environmentSuffix: 'synthj5p6r0e5' };

const build = sharedRuns(async (alarmEmail?: string) => runComponents({ ...EU, alarmEmail, tags: { Team: 'dba' } }, ({ answers, sides, root }) => {
  const side = healthCheckAlarmSide(answers, 'us-east-1', root);
  const accountId = aws.getCallerIdentityOutput({}, { parent: root, provider: sides.global.provider }).accountId;
  const key = new RegionKey('hc-key', { side, accountId, use: HEALTH_CHECK_ALARM_KEY }, { parent: root });
  const alerting = new Alerting('hc-alerts', { side, keyArn: key.keyArn, alarmEmail: answers.alarmEmail, rdsEvents: false, purpose: 'r53-alarms' }, { parent: root });
  return { topicArn: alerting.topicArn, keyArn: key.keyArn, aliasName: key.aliasName, alarmNames: side.name('alarm', 'alarm', 'x') };
}));

const TOPIC = `sns-r53-alarms-us-east-1-${EU.environmentSuffix}`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:${TOPIC}`;

describe('the health-check alarm side in us-east-1', () => {
  it('is an explicit provider of its own in us-east-1, tagged DR-Role global with the user tags', async () => {
    const run = await build();
    const provider = ofType(run, 'pulumi:providers:aws').find((p) => p.name === HEALTH_CHECK_ALARMS_PROVIDER) as RecordedResource;
    expect(provider.inputs.region).toBe('us-east-1');
    const { tags } = json<{ tags: Record<string, string> }>(provider.inputs.defaultTags);
    expect(tags).toEqual({ Environment: 'dev', Team: 'dba', DisasterRecovery: 'enabled', Region: 'us-east-1', 'DR-Role': 'global' });
    expect(tags).toEqual(requiredTags({ ...EU, stack: 'dev', tags: { Team: 'dba' } } as never, 'global', 'us-east-1'));
    // The stack's own three providers are untouched.
    expect(ofType(run, 'pulumi:providers:aws').map((p) => [p.name, p.inputs.region]).sort()).toEqual([
      ['aws-global', 'eu-central-1'], [HEALTH_CHECK_ALARMS_PROVIDER, 'us-east-1'], ['aws-primary', 'eu-central-1'], ['aws-secondary', 'eu-west-2'],
    ]);
  });

  it('names its resources with the region and the suffix, within the limits', async () => {
    const run = await build();
    expect(run.outputs.alarmNames).toBe(`alarm-x-us-east-1-${EU.environmentSuffix}`);
    expect(only(run, 'aws:sns/topic:Topic').inputs.name).toBe(TOPIC);
    expect(TOPIC.length).toBeLessThanOrEqual(NAME_LIMITS.snsTopic);
    expect(run.outputs.aliasName).toBe(`alias/kms-r53-alarms-us-east-1-${EU.environmentSuffix}`);
  });

  it('has a rotating key there that only the account administers and only CloudWatch alarms use', async () => {
    const run = await build();
    const key = only(run, 'aws:kms/key:Key');
    expect(key).toMatchObject({ region: 'us-east-1', provider: HEALTH_CHECK_ALARMS_PROVIDER });
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30, tags: { Name: `kms-r53-alarms-us-east-1-${EU.environmentSuffix}` } });
    expect(key.inputs.description).toContain('us-east-1');
    expect((JSON.parse(String(key.inputs.policy)) as KeyPolicy).Statement).toEqual([
      { Sid: 'AccountAdministersKeyThroughIam', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'AlarmNotifications', Effect: 'Allow', Principal: { Service: ['cloudwatch.amazonaws.com'] }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'], Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:*` } },
      },
    ]);
    expect(run.outputs.keyArn).toBe(`arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/${mockId(key)}`);
  });

  it('has a topic there under that key, which only CloudWatch alarms of the account may publish to, and no RDS events', async () => {
    const run = await build();
    const topic = only(run, 'aws:sns/topic:Topic');
    expect(topic).toMatchObject({ region: 'us-east-1', provider: HEALTH_CHECK_ALARMS_PROVIDER });
    expect(topic.inputs.kmsMasterKeyId).toBe(run.outputs.keyArn);
    expect(JSON.parse(String(only(run, 'aws:sns/topicPolicy:TopicPolicy').inputs.policy)).Statement).toEqual([{
      Sid: 'AllowAlarms',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: TOPIC_ARN,
      Condition: { StringEquals: { 'aws:SourceAccount': MOCK_ACCOUNT } },
    }]);
    expect(ofType(run, 'aws:rds/eventSubscription:EventSubscription')).toEqual([]);
    expect(ofType(run, 'aws:sns/topicSubscription:TopicSubscription')).toEqual([]);
  });

  it('subscribes the alarm e-mail to that topic like the regional topics', async () => {
    const run = await build('dba@example.com');
    expect(only(run, 'aws:sns/topicSubscription:TopicSubscription')).toMatchObject({
      region: 'us-east-1', provider: HEALTH_CHECK_ALARMS_PROVIDER, inputs: { topic: TOPIC_ARN, protocol: 'email', endpoint: 'dba@example.com' },
    });
  });
});

describe('the health-check alarms on that side', () => {
  it('alarm on Route 53 health-check failures in us-east-1, to the topic there; the database alarms stay in their regions', async () => {
    const checks = [{ role: 'primary' as const, id: 'hc-primary' }, { role: 'secondary' as const, id: 'hc-secondary' }];
    const run = await runComponents({ ...EU, instanceClass: 'db.r5.large' }, ({ answers: a, sides, root }) => {
      const side = healthCheckAlarmSide(a, 'us-east-1', root);
      const s = (role: 'primary' | 'secondary'): RegionSignals => ({ side: sides[role], clusterId: `cluster-${role}`, canaryServiceName: `canary-${role}`, topicArn: `arn:sns:${role}` });
      new OperationsAlarms('operations-alarms', {
        primary: s('primary'), secondary: s('secondary'), engine: a.engine, instanceClass: a.instanceClass,
        healthChecks: { side, topicArn: 'arn:sns:us-east-1', checks },
      }, { parent: root });
    });
    const alarms = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm');
    expect(alarms.filter((a) => a.inputs.namespace === 'AWS/Route53').map((a) => [a.provider, a.region, a.inputs.name, (a.inputs.dimensions as Record<string, string>).HealthCheckId, a.inputs.alarmActions, a.inputs.okActions])).toEqual([
      [HEALTH_CHECK_ALARMS_PROVIDER, 'us-east-1', 'alarm-primary-health-check-us-east-1-synthj5p6r0e5', 'hc-primary', ['arn:sns:us-east-1'], ['arn:sns:us-east-1']],
      [HEALTH_CHECK_ALARMS_PROVIDER, 'us-east-1', 'alarm-secondary-health-check-us-east-1-synthj5p6r0e5', 'hc-secondary', ['arn:sns:us-east-1'], ['arn:sns:us-east-1']],
    ]);
    expect(alarms.filter((a) => a.inputs.namespace !== 'AWS/Route53').map((a) => [a.region, a.inputs.alarmActions]).sort()).toEqual([
      ['eu-central-1', ['arn:sns:primary']], ['eu-central-1', ['arn:sns:primary']], ['eu-west-2', ['arn:sns:secondary']], ['eu-west-2', ['arn:sns:secondary']],
    ]);
  });
});
