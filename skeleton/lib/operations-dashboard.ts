import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ROUTE53_HEALTH_CHECK } from './config/aws-facts';
import { CANARY_NAMESPACE, REACHABLE_METRIC } from './connectivity-canary';
import { LAG_METRIC } from './health-alarms';
import type { HealthCheckSignal, RegionSignals } from './operations-signals';
import type { Side } from './regions';

export interface OperationsDashboardArgs {
  /** Where the dashboard lives; it shows both regions. */
  readonly home: Side;
  readonly primary: RegionSignals;
  readonly secondary: RegionSignals;
  readonly secondaryClusterId: pulumi.Input<string>;
  readonly healthChecks: readonly HealthCheckSignal[];
}

type Metric = unknown[];

/** A CloudWatch dashboard line-graph widget of `metrics` in `region`. */
function graph(title: string, region: string, metrics: Metric[], y: number, x: number) {
  return { type: 'metric', x, y, width: 12, height: 6, properties: { title, region, view: 'timeSeries', stacked: false, period: 60, metrics } };
}

/** The widgets of one region's column: application, database, canary. */
function regionColumn(signals: RegionSignals, x: number) {
  const { region, role } = signals.side;
  const widgets: ReturnType<typeof graph>[] = [];
  let y = 0;
  const add = (title: string, metrics: Metric[]) => {
    widgets.push(graph(`${role} (${region}): ${title}`, region, metrics, y, x));
    y += 6;
  };
  if (signals.app) {
    const lb = signals.app.loadBalancerArnSuffix;
    add('ALB requests and 5xx', [
      ['AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', lb, { stat: 'Sum' }],
      ['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', lb, { stat: 'Sum' }],
      ['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'LoadBalancer', lb, { stat: 'Sum' }],
    ]);
    const fn = signals.app.functionName;
    add('Lambda invocations, errors, throttles', [
      ['AWS/Lambda', 'Invocations', 'FunctionName', fn, { stat: 'Sum' }],
      ['AWS/Lambda', 'Errors', 'FunctionName', fn, { stat: 'Sum' }],
      ['AWS/Lambda', 'Throttles', 'FunctionName', fn, { stat: 'Sum' }],
    ]);
  }
  add('Aurora connections and CPU', [
    ['AWS/RDS', 'DatabaseConnections', 'DBClusterIdentifier', signals.clusterId, { stat: 'Maximum' }],
    ['AWS/RDS', 'CPUUtilization', 'DBClusterIdentifier', signals.clusterId, { stat: 'Maximum', yAxis: 'right' }],
  ]);
  add('failover readiness: canary connectivity (1 = reached)', [
    [CANARY_NAMESPACE, REACHABLE_METRIC, 'service', signals.canaryServiceName, { stat: 'Maximum' }],
  ]);
  return { widgets, height: y };
}

/** Every widget of the dashboard: one column per region, then lag and health checks across the width. */
export function dashboardWidgets(args: OperationsDashboardArgs) {
  const primary = regionColumn(args.primary, 0);
  const secondary = regionColumn(args.secondary, 12);
  const y = Math.max(primary.height, secondary.height);
  const widgets = [...primary.widgets, ...secondary.widgets];
  widgets.push(graph(`replication lag of ${args.secondary.side.region} (ms)`, args.secondary.side.region, [
    // The dimension set the lag alarms watch (aws-facts.ts GLOBAL_LAG_DIMENSIONS).
    ['AWS/RDS', LAG_METRIC, 'DBClusterIdentifier', args.secondaryClusterId, 'SourceRegion', args.primary.side.region, { stat: 'Maximum' }],
  ], y, 0));
  if (args.healthChecks.length > 0) {
    // Route 53 publishes health-check metrics in us-east-1 only.
    widgets.push(graph('Route 53 health checks (1 = healthy)', ROUTE53_HEALTH_CHECK.metricsRegion, args.healthChecks.map((check) => (
      ['AWS/Route53', 'HealthCheckStatus', 'HealthCheckId', check.id, { stat: 'Minimum', label: check.role }]
    )), y, 12));
  }
  return widgets;
}

/** One CloudWatch dashboard with both regions side by side. */
export class OperationsDashboard extends pulumi.ComponentResource {
  public readonly dashboardName: string;
  public readonly url: string;

  constructor(name: string, args: OperationsDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:OperationsDashboard', name, {}, opts);
    const { home } = args;
    this.dashboardName = home.name('dashboard', 'cloudwatch', 'dr');
    new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
      dashboardName: this.dashboardName,
      dashboardBody: pulumi.jsonStringify({ widgets: dashboardWidgets(args) }),
    }, { parent: this, provider: home.provider });
    this.url = `https://${home.region}.console.aws.amazon.com/cloudwatch/home?region=${home.region}#dashboards/dashboard/${this.dashboardName}`;
    this.registerOutputs({ url: this.url });
  }
}
