import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { CANARY_NAMESPACE, CONNECTIVITY_METRIC } from './connectivity-canary';
import type { Side } from './regions';

import { ALARM_PERIOD_SECONDS, CONNECTIVITY_EVALUATION_PERIODS } from './config/timings';

// Defined with the other timings, which the recovery budget adds up.
export { ALARM_PERIOD_SECONDS, CONNECTIVITY_EVALUATION_PERIODS };
/**
 * Replication lag as the secondary sees it (milliseconds, in the secondary region). Every engine
 * version the answers accept (Aurora PostgreSQL, Aurora MySQL ≥ 3.04) publishes it.
 */
export const LAG_METRIC = 'AuroraGlobalDBRPOLag';

export interface RegionSignals {
  readonly side: Side;
  /** `service` dimension of this region's canary metrics. */
  readonly canaryServiceName: string;
  /** SNS topic in this region: alarm actions must be in the alarm's region. */
  readonly topicArn: pulumi.Input<string>;
}

export interface HealthAlarmsArgs {
  readonly primary: RegionSignals;
  readonly secondary: RegionSignals;
  readonly secondaryClusterId: pulumi.Input<string>;
  readonly lagThresholdSeconds: number;
}

/** An alarm a Route 53 health check can watch: its name and region. */
export interface AlarmRef {
  readonly name: pulumi.Output<string>;
  readonly region: string;
}

/** The signals failover decisions rest on: can each region's canary reach its cluster, is the secondary caught up. */
export class HealthAlarms extends pulumi.ComponentResource {
  public readonly primaryConnectivity: AlarmRef;
  public readonly secondaryConnectivity: AlarmRef;
  public readonly replicationLag: AlarmRef;

  constructor(name: string, args: HealthAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:HealthAlarms', name, {}, opts);

    const connectivity = (signals: RegionSignals): AlarmRef => {
      const alarm = new aws.cloudwatch.MetricAlarm(`${name}-${signals.side.role}-connectivity`, {
        name: signals.side.name('alarm', 'alarm', 'db-connectivity'),
        alarmDescription: `The ${signals.side.role} canary could not query its Aurora cluster for ${CONNECTIVITY_EVALUATION_PERIODS} minutes`,
        namespace: CANARY_NAMESPACE,
        metricName: CONNECTIVITY_METRIC,
        dimensions: { service: signals.canaryServiceName },
        statistic: 'Minimum',
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: CONNECTIVITY_EVALUATION_PERIODS,
        comparisonOperator: 'LessThanThreshold',
        threshold: 1,
        // No canary result is as bad as a failed one: the canary itself may be what broke.
        treatMissingData: 'breaching',
        alarmActions: [signals.topicArn],
        okActions: [signals.topicArn],
      }, { parent: this, provider: signals.side.provider });
      return { name: alarm.name, region: signals.side.region };
    };

    this.primaryConnectivity = connectivity(args.primary);
    this.secondaryConnectivity = connectivity(args.secondary);

    const { secondary } = args;
    const lag = new aws.cloudwatch.MetricAlarm(`${name}-replication-lag`, {
      name: secondary.side.name('alarm', 'alarm', 'replication-lag'),
      alarmDescription: `The secondary cluster lags the primary by more than ${args.lagThresholdSeconds} s`,
      namespace: 'AWS/RDS',
      metricName: LAG_METRIC,
      dimensions: { DBClusterIdentifier: args.secondaryClusterId },
      statistic: 'Maximum',
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: args.lagThresholdSeconds * 1000,
      // Aurora publishes no lag while nothing is written; silence is not a failure.
      treatMissingData: 'notBreaching',
      alarmActions: [secondary.topicArn],
      okActions: [secondary.topicArn],
    }, { parent: this, provider: secondary.side.provider });
    this.replicationLag = { name: lag.name, region: secondary.side.region };

    this.registerOutputs({
      primaryConnectivityAlarm: this.primaryConnectivity.name,
      secondaryConnectivityAlarm: this.secondaryConnectivity.name,
      replicationLagAlarm: this.replicationLag.name,
    });
  }
}
