import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { PRIMARY_CLUSTER_READ_ACTION, PRIMARY_WRITER_READ_ACTION } from './config/aws-facts';
import { heartbeatStaleAfterSeconds } from './config/recovery-budget';
import {
  FAILOVER_CLAIM_SECONDS,
  PRIMARY_ALARM_DELAY_SECONDS,
  PROBE_FUNCTION_MEMORY_MB,
  PROBE_FUNCTION_TIMEOUT_SECONDS,
  PROBE_INTERVAL_SECONDS,
  PROBE_SCHEDULE,
  PROBE_WINDOW_SECONDS,
} from './config/timings';
import type { AlarmRef } from './health-alarms';
import type { Side } from './regions';

/** CloudWatch namespace of the orchestrator's decision metrics (Embedded Metric Format through its logs). */
export const ORCHESTRATOR_NAMESPACE = 'TapDR/Failover';
/** Where the bundled handler is (`npm run build:lambda`). */
export const ORCHESTRATOR_CODE_PATH = './lambda/dist/orchestrator';
/** Days CloudWatch Logs keeps the decisions. */
export const ORCHESTRATOR_LOG_RETENTION_DAYS = 90;
/** Each scheduled run probes for the window; the timeout leaves room for its last probe. */
export const ORCHESTRATOR_TIMEOUT_SECONDS = PROBE_FUNCTION_TIMEOUT_SECONDS;

export interface FailoverOrchestratorArgs {
  /** The secondary side: the orchestrator must run in the region that survives. */
  readonly side: Side;
  /** The primary side: the orchestrator reads the primary's own canary alarm there. */
  readonly primary: Side;
  readonly accountId: pulumi.Input<string>;
  readonly runtime: string;
  readonly mode: 'automatic' | 'manual';
  /** The fast path's window: the primary region's RDS API does not answer. */
  readonly confirmationSeconds: number;
  /** Instances per cluster: with replicas Aurora fails over in-region in about a minute, alone it recreates the writer. */
  readonly instancesPerCluster: number;
  readonly replicationLagAlarmSeconds: number;
  /** Most data an automatic failover may lose; beyond it the orchestrator pages instead. */
  readonly rpoTargetSeconds: number;
  readonly globalClusterId: pulumi.Input<string>;
  readonly secondaryClusterArn: pulumi.Input<string>;
  /** Read through the primary region's RDS API before a failover: whether that region answers is the evidence. */
  readonly primaryClusterArn: pulumi.Input<string>;
  /** The primary cluster's instances: after an in-region failover any of them can be the writer whose status is read. */
  readonly primaryInstanceArns: readonly pulumi.Input<string>[];
  /** The secondary canary: the orchestrator invokes it to probe the primary and read the replicated heartbeat. */
  readonly secondaryCanaryFunctionName: pulumi.Input<string>;
  readonly secondaryCanaryFunctionArn: pulumi.Input<string>;
  readonly primaryConnectivityAlarm: AlarmRef;
  /** The secondary region's alarm topic and its key: decisions that need people are published there. */
  readonly topicArn: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
  /** The failover role (lib/failover-role.ts): the orchestrator runs as it. */
  readonly roleArn: pulumi.Input<string>;
  readonly roleName: pulumi.Input<string>;
}

/**
 * The Lambda that turns "the primary is down" into a failover, in the secondary region, outside the VPC
 * (it calls AWS APIs only; the secondary canary, inside the VPC, reaches the databases for it).
 *
 * A schedule in the secondary region starts it every minute; each run probes every PROBE_INTERVAL_SECONDS
 * for PROBE_WINDOW_SECONDS, so runs overlap a little. No reserved concurrency (the healthcare requirements
 * forbid it): overlapping runs decide alike from the same observations, and the failover itself is claimed
 * once through a conditional write to the state table (lambda/orchestrator/state.ts).
 */
export class FailoverOrchestrator extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly stateTableName: pulumi.Output<string>;

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

    // The reachability record and the claims: a few tiny items, on demand. Encrypted with an AWS owned
    // key: it holds timestamps and run ids, no data of the database.
    const table = new aws.dynamodb.Table(`${name}-state`, {
      name: side.name('dynamodbTable', 'dynamodb', 'failover-state'),
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'id',
      attributes: [{ name: 'id', type: 'S' }],
      ttl: { attributeName: 'expiresAt', enabled: true },
    }, options);

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
          // Resource type cluster* (aws-facts.ts PRIMARY_CLUSTER_READ_ACTION): this one cluster only.
          { Sid: 'AskThePrimaryRegionAboutThePrimaryCluster', Effect: 'Allow', Action: PRIMARY_CLUSTER_READ_ACTION, Resource: args.primaryClusterArn },
          // Resource type db* (aws-facts.ts PRIMARY_WRITER_READ_ACTION): the primary cluster's instances only.
          { Sid: 'AskThePrimaryRegionAboutItsWriter', Effect: 'Allow', Action: PRIMARY_WRITER_READ_ACTION, Resource: [...args.primaryInstanceArns] },
          // GetMetricData has no resource type: AWS allows only "*" (policy/facts.ts WILDCARD_RESOURCE_ACTIONS).
          { Sid: 'ReadTheLagBeforeTheSilence', Effect: 'Allow', Action: 'cloudwatch:GetMetricData', Resource: '*' },
          { Sid: 'RecordAndClaim', Effect: 'Allow', Action: ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: table.arn },
          { Sid: 'NotifyOnCall', Effect: 'Allow', Action: 'sns:Publish', Resource: args.topicArn },
          // The topic is encrypted with this region's key: publishing needs a data key from it, which SNS
          // of this region asks for on the publisher's behalf (kms:ViaService).
          { Sid: 'PublishToEncryptedTopic', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: args.kmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `sns.${side.region}.amazonaws.com` } } },
        ],
      }),
    }, options);

    const orchestrator = new aws.lambda.Function(`${name}-function`, {
      name: functionName,
      description: `Fails over the global database to ${side.region} (${args.mode}) when the primary is confirmed down and the loss is within the RPO; probes every ${PROBE_INTERVAL_SECONDS} s`,
      runtime: args.runtime,
      handler: 'index.handler',
      code: new pulumi.asset.FileArchive(ORCHESTRATOR_CODE_PATH),
      role: args.roleArn,
      timeout: ORCHESTRATOR_TIMEOUT_SECONDS,
      memorySize: PROBE_FUNCTION_MEMORY_MB,
      // No reserved concurrency (policy rule no-reserved-concurrency): it fails the deployment in
      // accounts whose unreserved concurrency would drop below Lambda's minimum.
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      environment: {
        variables: {
          FAILOVER_MODE: args.mode,
          GLOBAL_CLUSTER_ID: args.globalClusterId,
          SECONDARY_CLUSTER_ARN: args.secondaryClusterArn,
          PRIMARY_REGION: args.primary.region,
          PRIMARY_CLUSTER_ARN: args.primaryClusterArn,
          INSTANCES_PER_CLUSTER: String(args.instancesPerCluster),
          PRIMARY_ALARM_NAME: args.primaryConnectivityAlarm.name,
          SECONDARY_CANARY_FUNCTION: args.secondaryCanaryFunctionName,
          TOPIC_ARN: args.topicArn,
          STATE_TABLE: table.name,
          STALE_AFTER_SECONDS: String(heartbeatStaleAfterSeconds(args.replicationLagAlarmSeconds)),
          CONFIRMATION_SECONDS: String(args.confirmationSeconds),
          PRIMARY_ALARM_DELAY_SECONDS: String(PRIMARY_ALARM_DELAY_SECONDS),
          RPO_BUDGET_SECONDS: String(args.rpoTargetSeconds),
          PROBE_INTERVAL_SECONDS: String(PROBE_INTERVAL_SECONDS),
          PROBE_WINDOW_SECONDS: String(PROBE_WINDOW_SECONDS),
          FAILOVER_CLAIM_SECONDS: String(FAILOVER_CLAIM_SECONDS),
          POWERTOOLS_SERVICE_NAME: functionName,
          POWERTOOLS_METRICS_NAMESPACE: ORCHESTRATOR_NAMESPACE,
        },
      },
    }, { ...options, dependsOn: [logGroup, policy] });

    const schedule = new aws.cloudwatch.EventRule(`${name}-schedule`, {
      name: side.name('eventRule', 'events', 'failover'),
      description: `Starts the failover orchestrator every minute in the secondary region; each run probes every ${PROBE_INTERVAL_SECONDS} s`,
      scheduleExpression: PROBE_SCHEDULE,
    }, options);
    new aws.cloudwatch.EventTarget(`${name}-target`, { rule: schedule.name, arn: orchestrator.arn }, options);
    new aws.lambda.Permission(`${name}-invoke-schedule`, {
      function: orchestrator.name,
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    }, options);

    this.functionName = orchestrator.name;
    this.functionArn = orchestrator.arn;
    this.stateTableName = table.name;
    this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn, stateTableName: this.stateTableName });
  }
}
