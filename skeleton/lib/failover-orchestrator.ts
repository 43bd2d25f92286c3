import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { heartbeatStaleAfterSeconds } from './config/recovery-budget';
import { ORCHESTRATOR_INTERVAL_SECONDS, ORCHESTRATOR_SCHEDULE } from './config/timings';
import type { AlarmRef } from './health-alarms';
import type { Side } from './regions';

/** CloudWatch namespace of the orchestrator's decision metric (Embedded Metric Format through its logs). */
export const ORCHESTRATOR_NAMESPACE = 'TapDR/Failover';
/** Where the bundled handler is (`npm run build:lambda`). */
export const ORCHESTRATOR_CODE_PATH = './lambda/dist/orchestrator';
/** Days CloudWatch Logs keeps the decisions. */
export const ORCHESTRATOR_LOG_RETENTION_DAYS = 90;
/** Long enough to invoke the secondary canary (its own timeout is 30 s) and call RDS and SNS. */
export const ORCHESTRATOR_TIMEOUT_SECONDS = 55;

export interface FailoverOrchestratorArgs {
  /** The secondary side: the orchestrator must run in the region that survives. */
  readonly side: Side;
  /** The primary side: only the subscription to the primary's alarm topic lives there. */
  readonly primary: Side;
  readonly accountId: pulumi.Input<string>;
  readonly runtime: string;
  readonly mode: 'automatic' | 'manual';
  readonly confirmationSeconds: number;
  readonly replicationLagAlarmSeconds: number;
  readonly globalClusterId: pulumi.Input<string>;
  readonly secondaryClusterArn: pulumi.Input<string>;
  /** The secondary canary: the orchestrator invokes it to read the replicated heartbeat. */
  readonly secondaryCanaryFunctionName: pulumi.Input<string>;
  readonly secondaryCanaryFunctionArn: pulumi.Input<string>;
  readonly primaryConnectivityAlarm: AlarmRef;
  /** The primary region's alarm topic: the primary connectivity alarm notifies the orchestrator through it. */
  readonly primaryTopicArn: pulumi.Input<string>;
  /** The secondary region's alarm topic and its key: decisions that need people are published there. */
  readonly topicArn: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The failover role (lib/failover-role.ts): the orchestrator runs as it. */
  readonly roleArn: pulumi.Input<string>;
  readonly roleName: pulumi.Input<string>;
}

/**
 * The Lambda that turns "the primary is down" into a failover, in the secondary region.
 *
 * Triggers: a schedule in the secondary region every minute, and the primary connectivity alarm's
 * notification. The schedule is what guarantees a run when the primary region is down: that alarm,
 * its topic and CloudWatch there may be down with it, so the alarm notification only makes a run
 * come sooner when the primary region still works. Either way the run decides from what the
 * secondary region itself sees (the replicated heartbeat). Two runs may overlap (schedule and alarm);
 * each decides from the global cluster's state, so a run that starts after a failover does nothing.
 */
export class FailoverOrchestrator extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;

  constructor(name: string, args: FailoverOrchestratorArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:FailoverOrchestrator', name, {}, opts);
    const { side } = args;
    const options = { parent: this, provider: side.provider };
    const functionName = side.name('lambdaFunction', 'lambda', 'failover');

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: ORCHESTRATOR_LOG_RETENTION_DAYS,
      kmsKeyId: args.kmsKeyArn,
    }, options);
    const primaryAlarmArn = pulumi.interpolate`arn:aws:cloudwatch:${args.primaryConnectivityAlarm.region}:${args.accountId}:alarm:${args.primaryConnectivityAlarm.name}`;

    // Added to the failover role, which already may fail over this global database (and nothing else).
    const policy = new aws.iam.RolePolicy(`${name}-policy`, {
      role: args.roleName,
      name: side.name('iamPolicy', 'iam', 'failover-orchestrator'),
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: pulumi.interpolate`${logGroup.arn}:*` },
          { Sid: 'AskTheSecondaryCanary', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: args.secondaryCanaryFunctionArn },
          { Sid: 'ReadThePrimaryCanaryAlarm', Effect: 'Allow', Action: 'cloudwatch:DescribeAlarms', Resource: primaryAlarmArn },
          { Sid: 'NotifyOnCall', Effect: 'Allow', Action: 'sns:Publish', Resource: args.topicArn },
          // The topic is encrypted with this region's key: publishing needs a data key from it, which SNS
          // of this region asks for on the publisher's behalf (kms:ViaService).
          { Sid: 'PublishToEncryptedTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: args.kmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `sns.${side.region}.amazonaws.com` } } },
        ],
      }),
    }, options);

    const orchestrator = new aws.lambda.Function(`${name}-function`, {
      name: functionName,
      description: `Fails over the global database to ${side.region} (${args.mode}) when the primary is confirmed down`,
      runtime: args.runtime,
      handler: 'index.handler',
      code: new pulumi.asset.FileArchive(ORCHESTRATOR_CODE_PATH),
      role: args.roleArn,
      timeout: ORCHESTRATOR_TIMEOUT_SECONDS,
      memorySize: 256,
      // No reserved concurrency (policy rule no-reserved-concurrency): it fails the deployment in
      // accounts whose unreserved concurrency would drop below Lambda's minimum.
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      environment: {
        variables: {
          FAILOVER_MODE: args.mode,
          GLOBAL_CLUSTER_ID: args.globalClusterId,
          SECONDARY_CLUSTER_ARN: args.secondaryClusterArn,
          PRIMARY_REGION: args.primary.region,
          PRIMARY_ALARM_NAME: args.primaryConnectivityAlarm.name,
          SECONDARY_CANARY_FUNCTION: args.secondaryCanaryFunctionName,
          TOPIC_ARN: args.topicArn,
          STALE_AFTER_SECONDS: String(heartbeatStaleAfterSeconds(args.replicationLagAlarmSeconds)),
          CONFIRMATION_SECONDS: String(args.confirmationSeconds),
          INTERVAL_SECONDS: String(ORCHESTRATOR_INTERVAL_SECONDS),
          POWERTOOLS_SERVICE_NAME: functionName,
          POWERTOOLS_METRICS_NAMESPACE: ORCHESTRATOR_NAMESPACE,
        },
      },
    }, { ...options, dependsOn: [logGroup, policy] });

    const schedule = new aws.cloudwatch.EventRule(`${name}-schedule`, {
      name: side.name('eventRule', 'events', 'failover'),
      description: 'Runs the failover orchestrator every minute in the secondary region',
      scheduleExpression: ORCHESTRATOR_SCHEDULE,
    }, options);
    new aws.cloudwatch.EventTarget(`${name}-target`, { rule: schedule.name, arn: orchestrator.arn }, options);
    new aws.lambda.Permission(`${name}-invoke-schedule`, {
      function: orchestrator.name,
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    }, options);

    // The subscription lives with the topic, in the primary region; the function in the secondary.
    new aws.lambda.Permission(`${name}-invoke-alarm`, {
      function: orchestrator.name,
      action: 'lambda:InvokeFunction',
      principal: 'sns.amazonaws.com',
      sourceArn: args.primaryTopicArn,
    }, options);
    new aws.sns.TopicSubscription(`${name}-alarm-subscription`, {
      topic: args.primaryTopicArn,
      protocol: 'lambda',
      endpoint: orchestrator.arn,
    }, { parent: this, provider: args.primary.provider });

    this.functionName = orchestrator.name;
    this.functionArn = orchestrator.arn;
    this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
  }
}
