import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { DECISION_METRIC, DECISIONS_RECORDED_METRIC } from '../lambda/orchestrator/metric-names';
import { BLIND_OUTCOMES } from './config/blind-outcomes';
import { ALARM_PERIOD_SECONDS } from './config/timings';
import { ORCHESTRATOR_NAMESPACE } from './failover-orchestrator';
import type { Side } from './regions';

/** Minutes without a recorded decision before the orchestrator counts as stopped. */
export const SILENCE_PERIODS = 2;


export interface OrchestratorAlarmsArgs {
  /** The secondary side, where the orchestrator runs. */
  readonly side: Side;
  readonly functionName: pulumi.Input<string>;
  /** `service` dimension of its metrics: its function name (POWERTOOLS_SERVICE_NAME). */
  readonly serviceName: pulumi.Input<string>;
  /** The secondary region's topic. */
  readonly topicArn: pulumi.Input<string>;
}

/**
 * Who watches the watcher: alarms in the secondary region, to its topic, when the orchestrator fails,
 * is throttled, records no decision (missing data is breaching: a function that does not run
 * publishes nothing), or has been blind for minutes (lib/config/blind-outcomes.ts).
 */
export class OrchestratorAlarms extends pulumi.ComponentResource {
  public readonly alarmNames: pulumi.Output<string>[] = [];

  constructor(name: string, args: OrchestratorAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:OrchestratorAlarms', name, {}, opts);
    const { side } = args;
    const alarm = (purpose: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, 'name' | 'alarmActions' | 'okActions'>) => {
      const created = new aws.cloudwatch.MetricAlarm(`${name}-${purpose}`, {
        name: side.name('alarm', 'alarm', purpose),
        alarmActions: [args.topicArn],
        okActions: [args.topicArn],
        ...spec,
      }, { parent: this, provider: side.provider });
      this.alarmNames.push(created.name);
    };
    const lambdaMetric = (metricName: string, what: string) => alarm(`failover-${metricName.toLowerCase()}`, {
      alarmDescription: `The failover orchestrator ${what}: it may not fail over when the primary goes down`,
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: { FunctionName: args.functionName },
      statistic: 'Sum',
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      // No invocation is no error; the silence alarm below covers a function that does not run.
      treatMissingData: 'notBreaching',
    });
    lambdaMetric('Errors', 'failed (an error or a timeout)');
    lambdaMetric('Throttles', 'was throttled');
    alarm('failover-silent', {
      alarmDescription: `The failover orchestrator recorded no decision for ${SILENCE_PERIODS} minutes (its schedule starts it every minute): nothing watches the primary`,
      namespace: ORCHESTRATOR_NAMESPACE,
      metricName: DECISIONS_RECORDED_METRIC,
      dimensions: { service: args.serviceName },
      statistic: 'Sum',
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: SILENCE_PERIODS,
      comparisonOperator: 'LessThanThreshold',
      threshold: 1,
      treatMissingData: 'breaching',
    });
    for (const blind of BLIND_OUTCOMES) {
      alarm(`failover-blind-${blind.outcome}`, {
        alarmDescription: `The failover orchestrator runs but has decided ${blind.outcome} for ${blind.minutes} minutes: ${blind.what}. It would neither fail over nor page if the primary went down now. See the README's runbook (npm run dr:status).`,
        namespace: ORCHESTRATOR_NAMESPACE,
        metricName: DECISION_METRIC,
        // The dimensions the handler publishes the outcome under: its service and the decision.
        dimensions: { service: args.serviceName, decision: blind.outcome },
        statistic: 'Sum',
        period: ALARM_PERIOD_SECONDS,
        evaluationPeriods: blind.minutes,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        // The outcome is published only while it happens: no data is no blindness.
        treatMissingData: 'notBreaching',
      });
    }
    this.registerOutputs({ alarmNames: this.alarmNames });
  }
}
