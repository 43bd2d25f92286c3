import { ENGINES, FAMILY_SIZES, MAX_CONNECTIONS } from '../lib/config/aws-facts';
import { CONNECTIONS_ALARM_SHARE, CPU_ALARM_PERCENT, LAMBDA_ERROR_RATE_ALARM_PERCENT, OperationsAlarms, maxConnections } from '../lib/operations-alarms';
import { OperationsDashboard } from '../lib/operations-dashboard';
import type { RegionSignals } from '../lib/operations-signals';
import { json, ofType, only, runComponents, sharedRuns } from './helpers/components';
import { mockArnOf } from '../scripts/offline/aws-mocks';
import type { RecordedResource } from '../scripts/offline/recorder';
import { generatedAnswers } from './helpers/repo';
import { runWholeStack } from './helpers/whole-stack';

const healthcare = { primaryRegion: 'us-east-1', secondaryRegion: 'us-west-2', environmentSuffix: 'synthj5p6r0e5', instanceClass: 'db.r5.large' };
const app = (role: string) => ({ loadBalancerArnSuffix: `app/alb-${role}/1`, targetGroupArnSuffix: `targetgroup/tg-${role}/1`, functionName: `fn-${role}` });
const checks = [{ role: 'primary' as const, id: 'hc-primary' }, { role: 'secondary' as const, id: 'hc-secondary' }];

const build = sharedRuns(async (answers: Record<string, unknown>, withApp: boolean) => {
  return runComponents(answers, ({ answers: a, sides, root }) => {
    const signals = (role: 'primary' | 'secondary'): RegionSignals => ({
      side: sides[role], clusterId: `cluster-${role}`, canaryServiceName: `canary-${role}`, topicArn: `arn:sns:${role}`, app: withApp ? app(role) : undefined,
    });
    const metricsSide = sides.primary.region === 'us-east-1' ? sides.primary : sides.secondary;
    const dashboard = new OperationsDashboard('operations-dashboard', {
      home: sides.primary, primary: signals('primary'), secondary: signals('secondary'), secondaryClusterId: 'cluster-secondary', healthChecks: withApp ? checks : [],
    }, { parent: root });
    new OperationsAlarms('operations-alarms', {
      primary: signals('primary'), secondary: signals('secondary'), engine: a.engine, instanceClass: a.instanceClass,
      healthChecks: withApp ? { side: metricsSide, topicArn: `arn:sns:${metricsSide.role}`, checks } : undefined,
    }, { parent: root });
    return { url: dashboard.url };
  });
});

const alarm = (run: { resources: RecordedResource[] }, purpose: string, region: string) =>
  ofType(run as never, 'aws:cloudwatch/metricAlarm:MetricAlarm').find((a) => String(a.inputs.name).startsWith(`alarm-${purpose}-`) && a.region === region) as RecordedResource;

interface Widget { properties: { title: string; region: string; metrics: unknown[][] } }

describe('OperationsDashboard', () => {
  it('one dashboard in the primary region showing both regions, with its console URL', async () => {
    const run = await build(healthcare, true);
    const dashboard = only(run, 'aws:cloudwatch/dashboard:Dashboard');
    expect(dashboard.region).toBe('us-east-1');
    expect(run.outputs.url).toBe(`https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/${dashboard.inputs.dashboardName}`);
    const { widgets } = json<{ widgets: Widget[] }>(dashboard.inputs.dashboardBody);
    expect(new Set(widgets.map((w) => w.properties.region))).toEqual(new Set(['us-east-1', 'us-west-2']));
  });

  it('ALB requests and 5xx, Lambda invocations/errors/throttles, Aurora connections/CPU, lag, health checks, canary', async () => {
    const run = await build(healthcare, true);
    const { widgets } = json<{ widgets: Widget[] }>(only(run, 'aws:cloudwatch/dashboard:Dashboard').inputs.dashboardBody);
    const metrics = widgets.flatMap((w) => w.properties.metrics.map((m) => `${w.properties.region} ${m[0]}/${m[1]} ${m[3]}`));
    for (const region of ['us-east-1', 'us-west-2']) {
      const role = region === 'us-east-1' ? 'primary' : 'secondary';
      expect(metrics).toEqual(expect.arrayContaining([
        `${region} AWS/ApplicationELB/RequestCount app/alb-${role}/1`,
        `${region} AWS/ApplicationELB/HTTPCode_ELB_5XX_Count app/alb-${role}/1`,
        `${region} AWS/Lambda/Invocations fn-${role}`,
        `${region} AWS/Lambda/Errors fn-${role}`,
        `${region} AWS/Lambda/Throttles fn-${role}`,
        `${region} AWS/RDS/DatabaseConnections cluster-${role}`,
        `${region} AWS/RDS/CPUUtilization cluster-${role}`,
        `${region} TapDR/Canary/DatabaseReachable canary-${role}`,
      ]));
    }
    expect(metrics).toEqual(expect.arrayContaining([
      'us-west-2 AWS/RDS/AuroraGlobalDBRPOLag cluster-secondary',
      'us-east-1 AWS/Route53/HealthCheckStatus hc-primary',
      'us-east-1 AWS/Route53/HealthCheckStatus hc-secondary',
    ]));
    // The lag under the dimension set Aurora publishes it with (aws-facts.ts GLOBAL_LAG_DIMENSIONS).
    const lag = widgets.flatMap((w) => w.properties.metrics).find((m) => m[1] === 'AuroraGlobalDBRPOLag');
    expect(lag?.slice(2, 6)).toEqual(['DBClusterIdentifier', 'cluster-secondary', 'SourceRegion', 'us-east-1']);
  });

  it('without the application tier: database, canary and lag only', async () => {
    const run = await build(healthcare, false);
    const body = String(only(run, 'aws:cloudwatch/dashboard:Dashboard').inputs.dashboardBody);
    expect(body).not.toMatch(/ApplicationELB|AWS\/Lambda|Route53/);
    expect(body).toMatch(/DatabaseConnections/);
  });
});

describe('OperationsAlarms', () => {
  it('RDS CPU above 80% on each cluster, in its region, to its topic', async () => {
    const run = await build(healthcare, true);
    for (const [region, role] of [['us-east-1', 'primary'], ['us-west-2', 'secondary']]) {
      expect(alarm(run, 'db-cpu', region).inputs).toMatchObject({
        namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: { DBClusterIdentifier: `cluster-${role}` },
        threshold: CPU_ALARM_PERCENT, comparisonOperator: 'GreaterThanThreshold', alarmActions: [`arn:sns:${role}`],
      });
    }
  });

  it('connections at 80% of the instance class maximum (db.r5.large PostgreSQL: 1600 → 1280)', async () => {
    const run = await build(healthcare, true);
    expect(alarm(run, 'db-connections', 'us-east-1').inputs).toMatchObject({ metricName: 'DatabaseConnections', statistic: 'Maximum', threshold: 1280 });
    const mysql = await build({ ...healthcare, engine: 'aurora-mysql', instanceClass: 'db.r6g.2xlarge' }, false);
    expect(alarm(mysql, 'db-connections', 'us-west-2').inputs.threshold).toBe(Math.floor(3000 * CONNECTIONS_ALARM_SHARE));
  });

  it('Lambda error rate above 5% as metric math, any throttle, no healthy ALB target', async () => {
    const run = await build(healthcare, true);
    const rate = alarm(run, 'app-error-rate', 'us-west-2');
    expect(rate.inputs.threshold).toBe(LAMBDA_ERROR_RATE_ALARM_PERCENT);
    const queries = rate.inputs.metricQueries as Array<{ id: string; expression?: string; returnData?: boolean; metric?: { metricName: string; dimensions: Record<string, string> } }>;
    expect(queries.map((q) => q.metric?.metricName ?? q.expression)).toEqual(['Errors', 'Invocations', 'IF(invocations > 0, 100 * errors / invocations, 0)']);
    expect(queries[0].metric?.dimensions).toEqual({ FunctionName: 'fn-secondary' });
    expect(alarm(run, 'app-throttles', 'us-east-1').inputs).toMatchObject({ metricName: 'Throttles', threshold: 0, comparisonOperator: 'GreaterThanThreshold' });
    expect(alarm(run, 'alb-healthy-targets', 'us-east-1').inputs).toMatchObject({
      metricName: 'HealthyHostCount', dimensions: { LoadBalancer: 'app/alb-primary/1', TargetGroup: 'targetgroup/tg-primary/1' }, threshold: 1, comparisonOperator: 'LessThanThreshold', treatMissingData: 'breaching',
    });
  });

  it('Route 53 health-check failures, alarmed in us-east-1 where their metrics are', async () => {
    const run = await build(healthcare, true);
    const healthAlarms = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => a.inputs.namespace === 'AWS/Route53');
    expect(healthAlarms.map((a) => [a.region, (a.inputs.dimensions as Record<string, string>).HealthCheckId, a.inputs.alarmActions])).toEqual([
      ['us-east-1', 'hc-primary', ['arn:sns:primary']],
      ['us-east-1', 'hc-secondary', ['arn:sns:primary']],
    ]);
    const flipped = await build({ ...healthcare, primaryRegion: 'us-west-2', secondaryRegion: 'us-east-1' }, true);
    expect(ofType(flipped, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => a.inputs.namespace === 'AWS/Route53').map((a) => [a.region, a.inputs.alarmActions])).toEqual([
      ['us-east-1', ['arn:sns:secondary']], ['us-east-1', ['arn:sns:secondary']],
    ]);
  });

  it('without the application tier: database alarms only', async () => {
    const run = await build(healthcare, false);
    expect(ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').map((a) => a.inputs.metricName).sort()).toEqual(['CPUUtilization', 'CPUUtilization', 'DatabaseConnections', 'DatabaseConnections']);
  });

  it('refuses health-check alarms outside us-east-1 and classes without a connections fact, before creating anything', async () => {
    await expect(runComponents({ ...healthcare, primaryRegion: 'eu-west-1', secondaryRegion: 'us-west-2' }, ({ sides, root }) => {
      const s = (role: 'primary' | 'secondary'): RegionSignals => ({ side: sides[role], clusterId: 'c', canaryServiceName: 'c', topicArn: 't' });
      new OperationsAlarms('alarms', { primary: s('primary'), secondary: s('secondary'), engine: 'aurora-postgresql', instanceClass: 'db.r5.large', healthChecks: { side: sides.primary, topicArn: 't', checks } }, { parent: root });
    })).rejects.toThrow('health-check alarms must be in us-east-1, where Route 53 publishes their metrics, not eu-west-1');
    expect(() => maxConnections('aurora-postgresql', 'db.r5.64xlarge')).toThrow('no max_connections fact for db.r5.64xlarge (aurora-postgresql)');
    expect(maxConnections('aurora-mysql', 'db.r5.large')).toBe(MAX_CONNECTIONS['aurora-mysql'].large);
  });

  it('knows the connection limit of every class the answers accept; db.x2g has twice the memory, so its own row', () => {
    for (const fact of ENGINES) {
      for (const family of fact.instanceFamilies) {
        for (const size of FAMILY_SIZES[family] ?? []) expect(maxConnections(fact.engine, `db.${family}.${size}`)).toBeGreaterThanOrEqual(1000);
      }
    }
    expect([maxConnections('aurora-mysql', 'db.x2g.large'), maxConnections('aurora-mysql', 'db.r6g.large')]).toEqual([2000, 1000]);
    expect([maxConnections('aurora-postgresql', 'db.x2g.large'), maxConnections('aurora-postgresql', 'db.r6g.large')]).toEqual([3479, 1600]);
    expect(maxConnections('aurora-mysql', 'db.r8g.48xlarge')).toBe(8000);
  });
});

describe('the dashboard and alarms in the whole stack', () => {
  it('watch the real clusters and canaries and alarm to the alerting topics of their regions', async () => {
    const run = await runWholeStack();
    const answers = generatedAnswers();
    const clusters = ofType(run, 'aws:rds/cluster:Cluster').map((c) => String(c.inputs.clusterIdentifier));
    const body = String(only(run, 'aws:cloudwatch/dashboard:Dashboard').inputs.dashboardBody);
    for (const cluster of clusters) expect(body).toContain(`"DBClusterIdentifier","${cluster}"`);
    const topics = ofType(run, 'aws:sns/topic:Topic');
    for (const alarmed of ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').filter((a) => String(a.parent).includes('OperationsAlarms'))) {
      const topic = topics.find((t) => t.region === alarmed.region);
      expect([alarmed.name, alarmed.inputs.alarmActions]).toEqual([alarmed.name, [mockArnOf(topic as RecordedResource)]]);
    }
    const connections = ofType(run, 'aws:cloudwatch/metricAlarm:MetricAlarm').find((a) => a.inputs.metricName === 'DatabaseConnections');
    expect(connections?.inputs.threshold).toBe(Math.floor(maxConnections(answers.engine, answers.instanceClass) * CONNECTIONS_ALARM_SHARE));
    expect((run.outputs.tiers as Record<string, string>).dashboardUrl).toMatch(new RegExp(`^https://${answers.primaryRegion}\\.console\\.aws\\.amazon\\.com/cloudwatch/`));
  });
});
