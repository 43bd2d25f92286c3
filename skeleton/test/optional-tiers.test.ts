import { OPTIONAL_TIERS, type OptionalTier } from '../lib/config/answers-schema';
import type { KeyPolicy } from '../lib/encryption';
import { RENDERED_TIERS, buildOptionalTiers, checkRenderedTiers, type RegionCore } from '../lib/optional-tiers';
import { json, only, runComponents } from './helpers/components';
import { mockArnOf } from '../scripts/offline/aws-mocks';
import type { OfflineRun, RecordedResource } from '../scripts/offline/recorder';
import { generatedAnswers, renderCommand } from './helpers/repo';

/** The health-check alarms' own provider (lib/health-check-alarm-side.ts, rendered only with the application tier and the dashboard). */
const HEALTH_CHECK_ALARMS_PROVIDER = 'aws-health-check-alarms';

/**
 * The registry of optional tiers, in whatever combination this repository was rendered with: each
 * rendered tier is built only when the config switches it on, and a tier that was not rendered stops
 * the program with the command that renders it.
 */
const answers = generatedAnswers();
const rendered = (tier: OptionalTier) => RENDERED_TIERS.includes(tier);

const OUTPUTS: Record<OptionalTier, string[]> = {
  appTier: ['failoverEndpointUrl', 'primaryAppUrl', 'primaryAssetsBucket', 'primaryEndpointUrl', 'primaryHealthCheckId', 'publicZoneId', 'publicZoneNameServers', 'secondaryAssetsBucket', 'secondaryHealthCheckId'],
  eventBridge: ['primaryEventBusArn', 'primaryEventBusName', 'primaryEventLogGroup', 'secondaryEventBusArn', 'secondaryEventBusName', 'secondaryEventLogGroup'],
  dashboard: ['dashboardUrl'],
};

const core = (role: string): RegionCore => ({
  vpcId: `vpc-${role}`,
  publicSubnetIds: [`public-${role}-1`, `public-${role}-2`],
  privateSubnetIds: [`private-${role}-1`, `private-${role}-2`],
  lambdaSecurityGroupId: `sg-${role}`,
  keyArn: `arn:aws:kms:${role}`,
  clusterId: `cluster-${role}`,
  canaryServiceName: `canary-${role}`,
  topicArn: `arn:aws:sns:${role}`,
});

/** Builds the registry with the rendered tiers switched as `on` says (tiers not rendered stay off). */
function build(on: Partial<Record<OptionalTier, boolean>>, extra: Record<string, unknown> = {}) {
  const switches = Object.fromEntries(OPTIONAL_TIERS.map((tier) => [tier, rendered(tier) && (on[tier] ?? false)]));
  // An existing public zone the answers name is one the (mocked) account holds.
  const existingZones = answers.publicHostedZoneId ? { [answers.publicHostedZoneId]: { name: String(answers.publicDomainName) } } : {};
  return runComponents({ ...answers, ...switches, ...extra }, ({ answers: a, sides, root }) => ({
    ...buildOptionalTiers({ answers: a, sides, accountId: '123456789012', primary: core('primary'), secondary: core('secondary'), parent: root }),
  }), { existingZones });
}

describe(`the optional tiers rendered here (${RENDERED_TIERS.join(', ') || 'none'})`, () => {
  it('builds nothing when the config switches every tier off', async () => {
    const run = await build({});
    expect(run.outputs).toEqual({});
    expect(run.resources.filter((r) => r.custom && r.type.startsWith('aws:'))).toEqual([]);
  });

  for (const tier of OPTIONAL_TIERS.filter(rendered)) {
    it(`${tier} on its own exports its outputs only`, async () => {
      const run = await build({ [tier]: true });
      expect(Object.keys(run.outputs).sort()).toEqual(OUTPUTS[tier]);
    });
  }

  it('all rendered tiers together export all their outputs', async () => {
    const run = await build({ appTier: true, eventBridge: true, dashboard: true });
    // With the application tier's health checks and the dashboard's alarms on them, the topic those alarms notify.
    const both = rendered('appTier') && rendered('dashboard') ? ['healthCheckAlarmTopicArn'] : [];
    expect(Object.keys(run.outputs).sort()).toEqual([...OPTIONAL_TIERS.filter(rendered).flatMap((t) => OUTPUTS[t]), ...both].sort());
  });

  if (rendered('appTier')) {
    it('runs the application Lambda in the private subnets or outside the VPC, as the config says', async () => {
      const vpcConfigs = async (appLambdaInVpc: boolean) => (await build({ appTier: true }, { appLambdaInVpc })).resources
        .filter((r) => r.type === 'aws:lambda/function:Function').map((f) => f.inputs.vpcConfig);
      expect(await vpcConfigs(true)).toEqual(['primary', 'secondary'].map((role) => ({ subnetIds: [`private-${role}-1`, `private-${role}-2`], securityGroupIds: [`sg-${role}`] })));
      expect(await vpcConfigs(false)).toEqual([undefined, undefined]);
    });
  }

  if (rendered('appTier') && rendered('dashboard')) {
    const route53Alarms = (run: OfflineRun) => run.resources.filter((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && r.inputs.namespace === 'AWS/Route53');

    it('alarms on the health checks in us-east-1 on the topic of the side there, with no extra provider, key or topic', async () => {
      for (const [primaryRegion, secondaryRegion, role] of [['us-west-2', 'us-east-1', 'secondary'], ['us-east-1', 'eu-west-1', 'primary']]) {
        const run = await build({ appTier: true, dashboard: true }, { primaryRegion, secondaryRegion });
        expect(route53Alarms(run).map((a) => [a.region, a.provider, a.inputs.alarmActions])).toEqual([
          ['us-east-1', `aws-${role}`, [`arn:aws:sns:${role}`]], ['us-east-1', `aws-${role}`, [`arn:aws:sns:${role}`]],
        ]);
        expect(run.resources.filter((r) => r.type === 'pulumi:providers:aws').map((p) => p.name).sort()).toEqual(['aws-global', 'aws-primary', 'aws-secondary']);
        expect(run.resources.filter((r) => ['aws:kms/key:Key', 'aws:sns/topic:Topic'].includes(r.type))).toEqual([]);
        expect(run.outputs.healthCheckAlarmTopicArn).toBe(`arn:aws:sns:${role}`);
      }
    });

    it('alarms on the health checks in us-east-1 through a provider, key and topic of their own there when neither region is us-east-1', async () => {
      const run = await build({ appTier: true, dashboard: true }, { primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2', alarmEmail: 'ops@example.com' });
      const provider = run.resources.find((r) => r.type === 'pulumi:providers:aws' && r.name === HEALTH_CHECK_ALARMS_PROVIDER) as RecordedResource;
      expect(provider.inputs.region).toBe('us-east-1');
      expect(json<{ tags: Record<string, string> }>(provider.inputs.defaultTags).tags).toMatchObject({ Region: 'us-east-1', 'DR-Role': 'global', DisasterRecovery: 'enabled' });
      const key = only(run, 'aws:kms/key:Key');
      const topic = only(run, 'aws:sns/topic:Topic');
      for (const r of [key, topic]) expect(r).toMatchObject({ region: 'us-east-1', provider: HEALTH_CHECK_ALARMS_PROVIDER });
      expect(key.inputs.enableKeyRotation).toBe(true);
      expect((JSON.parse(String(key.inputs.policy)) as KeyPolicy).Statement.map((s) => s.Principal)).toEqual([
        { AWS: 'arn:aws:iam::123456789012:root' }, { Service: ['cloudwatch.amazonaws.com'] },
      ]);
      expect(topic.inputs.kmsMasterKeyId).toBe(mockArnOf(key));
      expect(run.outputs.healthCheckAlarmTopicArn).toBe(mockArnOf(topic));
      expect(only(run, 'aws:sns/topicSubscription:TopicSubscription').inputs).toEqual({ topic: mockArnOf(topic), protocol: 'email', endpoint: 'ops@example.com' });
      expect(route53Alarms(run).map((a) => [a.region, a.provider, a.inputs.alarmActions, a.inputs.okActions])).toEqual([
        ['us-east-1', HEALTH_CHECK_ALARMS_PROVIDER, [mockArnOf(topic)], [mockArnOf(topic)]],
        ['us-east-1', HEALTH_CHECK_ALARMS_PROVIDER, [mockArnOf(topic)], [mockArnOf(topic)]],
      ]);
      // The regional alarms still go to the regional topics, and the dashboard still shows the checks.
      expect(run.resources.filter((a) => a.inputs.metricName === 'HealthyHostCount').map((a) => [a.region, a.inputs.alarmActions])).toEqual([
        ['eu-central-1', ['arn:aws:sns:primary']], ['eu-west-2', ['arn:aws:sns:secondary']],
      ]);
      const dashboard = run.resources.find((r) => r.type === 'aws:cloudwatch/dashboard:Dashboard');
      expect(String(dashboard?.inputs.dashboardBody)).toContain('HealthCheckStatus');
    });

    it('creates no health-check alarm side without the dashboard', async () => {
      const run = await build({ appTier: true, dashboard: false }, { primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2' });
      expect(run.resources.filter((r) => r.type === 'pulumi:providers:aws').map((p) => p.name).sort()).toEqual(['aws-global', 'aws-primary', 'aws-secondary']);
      expect(route53Alarms(run)).toEqual([]);
      expect(run.outputs).not.toHaveProperty('healthCheckAlarmTopicArn');
    });
  }
});

describe('checkRenderedTiers', () => {
  const on = { ...answers, appTier: true, eventBridge: true, dashboard: false };

  it('accepts every tier the repository was rendered with', () => {
    expect(() => checkRenderedTiers({ ...answers, ...Object.fromEntries(RENDERED_TIERS.map((t) => [t, true])) })).not.toThrow();
  });

  it('stops with the tier, the stack file and the command that renders it', () => {
    // The exact version that rendered this repository (.yo-rc.json), not any generator-tap-dr.
    const command = renderCommand().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(() => checkRenderedTiers(on, ['eventBridge'])).toThrow(
      new RegExp(`^TapStack:appTier is true in Pulumi\\.${answers.stack}\\.yaml, but this repository was rendered without that tier, so it has no code for it\\. Add it, keeping your edits, with: ${command} update --set appTier=true$`),
    );
    expect(() => checkRenderedTiers(on, [])).toThrow('TapStack:appTier, TapStack:eventBridge are true in');
    expect(() => checkRenderedTiers(on, [])).toThrow(`without those tiers, so it has no code for them. Add them, keeping your edits, with: ${renderCommand()} update --set appTier=true --set eventBridge=true`);
  });
});
