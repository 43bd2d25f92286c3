import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { MAX_CONNECTIONS, MAX_CONNECTIONS_X2G, ROUTE53_HEALTH_CHECK, type Engine } from './config/aws-facts';
import type { HealthCheckSignal, RegionSignals } from './operations-signals';
import type { Side } from './regions';

export const CPU_ALARM_PERCENT = 80;
/** Share of the instance class's default max_connections at which the connections alarm fires. */
export const CONNECTIONS_ALARM_SHARE = 0.8;
export const LAMBDA_ERROR_RATE_ALARM_PERCENT = 5;
const PERIOD = 60;

export interface OperationsAlarmsArgs {
  readonly primary: RegionSignals;
  readonly secondary: RegionSignals;
  readonly engine: Engine;
  readonly instanceClass: string;
  /** Route 53 health checks and where their alarms go: the side in us-east-1, where their metrics are. */
  readonly healthChecks?: { readonly side: Side; readonly topicArn: pulumi.Input<string>; readonly checks: readonly HealthCheckSignal[] };
}

/** Default max_connections of one instance of `instanceClass` (db.<family>.<size>) for `engine`. */
export function maxConnections(engine: Engine, instanceClass: string): number {
  const [, family, size] = instanceClass.split('.');
  const limit = (family === 'x2g' ? MAX_CONNECTIONS_X2G : MAX_CONNECTIONS)[engine][size];
  if (limit === undefined) throw new Error(`no max_connections fact for ${instanceClass} (${engine}) in lib/config/aws-facts.ts`);
  return limit;
}

/**
 * The operational alarm set, to each region's SNS topic: database CPU and connections in both
 * regions; with the application tier, Lambda error rate and throttles, ALB healthy targets, and
 * the Route 53 health checks (in us-east-1, to the topic `healthChecks` names: the regional one
 * when a region of the pair is us-east-1, else the health-check alarm topic there).
 */
export class OperationsAlarms extends pulumi.ComponentResource {
  public readonly alarmNames: pulumi.Output<string>[] = [];

  constructor(name: string, args: OperationsAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    const connectionLimit = maxConnections(args.engine, args.instanceClass);
    const healthCheckRegion = args.healthChecks?.side.region;
    if (healthCheckRegion !== undefined && healthCheckRegion !== ROUTE53_HEALTH_CHECK.metricsRegion) {
      throw new Error(`health-check alarms must be in ${ROUTE53_HEALTH_CHECK.metricsRegion}, where Route 53 publishes their metrics, not ${healthCheckRegion}`);
    }
    super('tap:dr:OperationsAlarms', name, {}, opts);
    const alarm = (side: Side, topicArn: pulumi.Input<string>, purpose: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, 'name' | 'alarmActions' | 'okActions'>) => {
      const created = new aws.cloudwatch.MetricAlarm(`${name}-${side.role}-${purpose}`, {
        name: side.name('alarm', 'alarm', purpose),
        alarmActions: [topicArn],
        okActions: [topicArn],
        ...spec,
      }, { parent: this, provider: side.provider });
      this.alarmNames.push(created.name);
    };

    for (const signals of [args.primary, args.secondary]) {
      const { side, topicArn } = signals;
      const cluster = { DBClusterIdentifier: signals.clusterId };
      alarm(side, topicArn, 'db-cpu', {
        alarmDescription: `An instance of the ${side.role} cluster is above ${CPU_ALARM_PERCENT}% CPU for 5 minutes`,
        namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: cluster, statistic: 'Maximum',
        period: PERIOD, evaluationPeriods: 5, threshold: CPU_ALARM_PERCENT, comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
      const threshold = Math.floor(connectionLimit * CONNECTIONS_ALARM_SHARE);
      alarm(side, topicArn, 'db-connections', {
        alarmDescription: `An instance of the ${side.role} cluster has more than ${threshold} connections (${CONNECTIONS_ALARM_SHARE * 100}% of the ${connectionLimit} ${args.instanceClass} allows by default)`,
        namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: cluster, statistic: 'Maximum',
        period: PERIOD, evaluationPeriods: 3, threshold, comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
      if (!signals.app) continue;
      const fn = { FunctionName: signals.app.functionName };
      alarm(side, topicArn, 'app-error-rate', {
        alarmDescription: `More than ${LAMBDA_ERROR_RATE_ALARM_PERCENT}% of the ${side.role} application Lambda's invocations failed in 5 minutes`,
        metricQueries: [
          { id: 'errors', metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: fn, stat: 'Sum', period: 300 } },
          { id: 'invocations', metric: { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: fn, stat: 'Sum', period: 300 } },
          { id: 'rate', expression: 'IF(invocations > 0, 100 * errors / invocations, 0)', label: 'Error rate (%)', returnData: true },
        ],
        evaluationPeriods: 1, threshold: LAMBDA_ERROR_RATE_ALARM_PERCENT, comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
      alarm(side, topicArn, 'app-throttles', {
        alarmDescription: `The ${side.role} application Lambda was throttled`,
        namespace: 'AWS/Lambda', metricName: 'Throttles', dimensions: fn, statistic: 'Sum',
        period: PERIOD, evaluationPeriods: 1, threshold: 0, comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
      });
      alarm(side, topicArn, 'alb-healthy-targets', {
        alarmDescription: `The ${side.role} load balancer has no healthy target`,
        namespace: 'AWS/ApplicationELB', metricName: 'HealthyHostCount',
        dimensions: { LoadBalancer: signals.app.loadBalancerArnSuffix, TargetGroup: signals.app.targetGroupArnSuffix },
        statistic: 'Minimum', period: PERIOD, evaluationPeriods: 2, threshold: 1, comparisonOperator: 'LessThanThreshold',
        // No data means the load balancer reports nothing healthy.
        treatMissingData: 'breaching',
      });
    }

    if (args.healthChecks) {
      const { side, topicArn, checks } = args.healthChecks;
      for (const check of checks) {
        alarm(side, topicArn, `${check.role}-health-check`, {
          alarmDescription: `Route 53 finds the ${check.role} application's /health failing`,
          namespace: 'AWS/Route53', metricName: 'HealthCheckStatus', dimensions: { HealthCheckId: check.id }, statistic: 'Minimum',
          period: PERIOD, evaluationPeriods: 1, threshold: 1, comparisonOperator: 'LessThanThreshold',
          treatMissingData: 'breaching',
        });
      }
    }
    this.registerOutputs({ alarmNames: this.alarmNames });
  }
}
