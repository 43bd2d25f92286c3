import { OPTIONAL_TIERS, type OptionalTier } from '../lib/config/answers-schema';
import { RENDERED_TIERS, buildOptionalTiers, checkRenderedTiers, type RegionCore } from '../lib/optional-tiers';
import { runComponents } from './helpers/components';
import { generatedAnswers } from './helpers/repo';

/**
 * The registry of optional tiers, in whatever combination this repository was rendered with: each
 * rendered tier is built only when the config switches it on, and a tier that was not rendered stops
 * the program with the command that renders it.
 */
const answers = generatedAnswers();
const rendered = (tier: OptionalTier) => RENDERED_TIERS.includes(tier);

const OUTPUTS: Record<OptionalTier, string[]> = {
  appTier: ['failoverEndpointUrl', 'primaryAppUrl', 'primaryEndpointUrl', 'primaryHealthCheckId', 'publicZoneId', 'secondaryHealthCheckId'],
  eventBridge: ['primaryEventBusArn', 'primaryEventBusName', 'secondaryEventBusArn', 'secondaryEventLogGroup'],
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
  return runComponents({ ...answers, ...switches, ...extra }, ({ answers: a, sides, root }) => ({
    ...buildOptionalTiers({ answers: a, sides, accountId: '123456789012', primary: core('primary'), secondary: core('secondary'), parent: root }),
  }));
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
    expect(Object.keys(run.outputs).sort()).toEqual(OPTIONAL_TIERS.filter(rendered).flatMap((t) => OUTPUTS[t]).sort());
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
    it('alarms on the health checks in us-east-1 also when that is the secondary region', async () => {
      const flipped = await build({ appTier: true, dashboard: true }, { primaryRegion: 'us-west-2', secondaryRegion: 'us-east-1' });
      const healthAlarms = flipped.resources.filter((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && r.inputs.namespace === 'AWS/Route53');
      expect(healthAlarms.map((a) => [a.region, a.inputs.alarmActions])).toEqual([['us-east-1', ['arn:aws:sns:secondary']], ['us-east-1', ['arn:aws:sns:secondary']]]);
    });

    it('leaves the health-check alarms out when neither region is us-east-1, keeping the checks on the dashboard', async () => {
      const run = await build({ appTier: true, dashboard: true }, { primaryRegion: 'us-east-2', secondaryRegion: 'us-west-2' });
      const alarms = run.resources.filter((r) => r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm');
      expect(alarms.filter((a) => a.inputs.namespace === 'AWS/Route53')).toEqual([]);
      expect(alarms.filter((a) => a.inputs.metricName === 'HealthyHostCount')).toHaveLength(2);
      const dashboard = run.resources.find((r) => r.type === 'aws:cloudwatch/dashboard:Dashboard');
      expect(String(dashboard?.inputs.dashboardBody)).toContain('HealthCheckStatus');
    });
  }
});

describe('checkRenderedTiers', () => {
  const on = { ...answers, appTier: true, eventBridge: true, dashboard: false };

  it('accepts every tier the repository was rendered with', () => {
    expect(() => checkRenderedTiers({ ...answers, ...Object.fromEntries(RENDERED_TIERS.map((t) => [t, true])) })).not.toThrow();
  });

  it('stops with the tier, the stack file and the command that renders it', () => {
    expect(() => checkRenderedTiers(on, ['eventBridge'])).toThrow(
      `TapStack:appTier is true in Pulumi.${answers.stack}.yaml, but this repository was rendered without that tier, so it has no code for it. Render it again with: npx tap-dr new . --set appTier=true --force`,
    );
    expect(() => checkRenderedTiers(on, [])).toThrow('TapStack:appTier, TapStack:eventBridge are true in');
    expect(() => checkRenderedTiers(on, [])).toThrow('without those tiers, so it has no code for them. Render it again with: npx tap-dr new . --set appTier=true --set eventBridge=true --force');
  });
});
