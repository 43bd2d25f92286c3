import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { LAMBDA_AMAZON_CA_BUNDLE, type Engine } from './config/aws-facts';
import { PROBE_FUNCTION_MEMORY_MB, PROBE_FUNCTION_TIMEOUT_SECONDS, PROBE_INTERVAL_SECONDS, PROBE_SCHEDULE, PROBE_TIMEOUT_SECONDS, PROBE_WINDOW_SECONDS } from './config/timings';
import { lambdaExecutionTrust } from './lambda-execution-trust';
import type { Side } from './regions';

/** CloudWatch namespace the canaries publish to (Embedded Metric Format through their logs). */
export const CANARY_NAMESPACE = 'TapDR/Canary';
/** 1 when a probe reached its cluster and the role query answered, 0 otherwise (lambda/canary/report.ts). */
export const REACHABLE_METRIC = 'DatabaseReachable';
/** 1 when the writer committed its heartbeat in time, 0 when it answered but could not (lambda/canary/report.ts). */
export const HEARTBEAT_COMMITTED_METRIC = 'HeartbeatCommitted';
/** Where the bundled handler is (`npm run build:lambda`); Pulumi runs from the project folder. */
export const CANARY_CODE_PATH = './lambda/dist/canary';
/** Days CloudWatch Logs keeps the canary's log lines. */
export const CANARY_LOG_RETENTION_DAYS = 30;

export interface ConnectivityCanaryArgs {
  readonly side: Side;
  readonly accountId: pulumi.Input<string>;
  readonly runtime: string;
  readonly engine: Engine;
  /** The cluster's cluster (writer) endpoint. */
  readonly host: pulumi.Input<string>;
  /**
   * The same cluster's reader endpoint. The canary tries both on every probe: after a switchover or
   * failover only one of them reaches an instance that can commit (new primary) or read (new secondary)
   * the heartbeat (config/aws-facts.ts CLUSTER_ENDPOINTS).
   */
  readonly readerHost: pulumi.Input<string>;
  readonly port: number;
  readonly databaseName: string;
  /** The credentials secret as seen from this region (the replica in the secondary). */
  readonly secretArn: pulumi.Input<string>;
  /** This region's customer key: decrypts the secret, encrypts the log group. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  /**
   * The other region's writer endpoint, reached across the VPC peering: set for the secondary's canary,
   * which the failover orchestrator asks whether the primary still answers from this region.
   */
  readonly peerHost?: pulumi.Input<string>;
}

/**
 * A Lambda in the region's private subnets, invoked every minute, that probes that region's cluster
 * every PROBE_INTERVAL_SECONDS and publishes `DatabaseReachable`, `HeartbeatCommitted` (writer) and the
 * heartbeat's replication delay (reader) for the alarms.
 */
export class ConnectivityCanary extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  /** Value of the `service` dimension on the canary's metrics. */
  public readonly serviceName: string;

  constructor(name: string, args: ConnectivityCanaryArgs, opts?: pulumi.ComponentResourceOptions) {
    super('tap:dr:ConnectivityCanary', name, {}, opts);
    const { side } = args;
    const options = { parent: this, provider: side.provider };
    const functionName = side.name('lambdaFunction', 'lambda', 'db-canary');
    this.serviceName = functionName;

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: CANARY_LOG_RETENTION_DAYS,
      kmsKeyId: args.kmsKeyArn,
    }, options);

    const role = new aws.iam.Role(`${name}-role`, {
      name: side.name('iamRole', 'iam', 'db-canary'),
      assumeRolePolicy: lambdaExecutionTrust(args.accountId),
    }, options);

    // Lambda checks the execution role's network-interface permissions when a function with a VPC
    // configuration is created, so the policy must exist first.
    const policy = new aws.iam.RolePolicy(`${name}-policy`, {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: pulumi.interpolate`${logGroup.arn}:*` },
          { Sid: 'ReadCredentials', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: args.secretArn },
          // Only as Secrets Manager of this region decrypting the secret for the canary (kms:ViaService).
          { Sid: 'DecryptCredentials', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: args.kmsKeyArn, Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${side.region}.amazonaws.com` } } },
          {
            // A function in a VPC manages its own network interfaces. EC2 does not support
            // resource-level permissions for these calls, so AWS requires "*" here (the managed
            // AWSLambdaVPCAccessExecutionRole does the same).
            Sid: 'ManageVpcNetworkInterfaces',
            Effect: 'Allow',
            Action: [
              'ec2:CreateNetworkInterface',
              'ec2:DescribeNetworkInterfaces',
              'ec2:DeleteNetworkInterface',
              'ec2:AssignPrivateIpAddresses',
              'ec2:UnassignPrivateIpAddresses',
            ],
            Resource: '*',
          },
        ],
      }),
    }, options);

    const canary = new aws.lambda.Function(`${name}-function`, {
      name: functionName,
      description: `Probes the ${side.role} Aurora cluster every ${PROBE_INTERVAL_SECONDS} s and publishes ${CANARY_NAMESPACE}/${REACHABLE_METRIC}`,
      runtime: args.runtime,
      handler: 'index.handler',
      code: new pulumi.asset.FileArchive(CANARY_CODE_PATH),
      role: role.arn,
      timeout: PROBE_FUNCTION_TIMEOUT_SECONDS,
      memorySize: PROBE_FUNCTION_MEMORY_MB,
      vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [args.securityGroupId] },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      environment: {
        variables: {
          DB_SECRET_ARN: args.secretArn,
          DB_HOST: args.host,
          DB_READER_HOST: args.readerHost,
          DB_PORT: String(args.port),
          DB_NAME: args.databaseName,
          DB_ENGINE: args.engine,
          CONNECT_TIMEOUT_MS: String(PROBE_TIMEOUT_SECONDS * 1000),
          PROBE_INTERVAL_SECONDS: String(PROBE_INTERVAL_SECONDS),
          PROBE_WINDOW_SECONDS: String(PROBE_WINDOW_SECONDS),
          ...(args.peerHost === undefined ? {} : { PEER_HOST: args.peerHost }),
          POWERTOOLS_SERVICE_NAME: functionName,
          POWERTOOLS_METRICS_NAMESPACE: CANARY_NAMESPACE,
          // The RDS CAs the driver verifies the cluster's certificate against (not bundled: 180 KB).
          NODE_EXTRA_CA_CERTS: LAMBDA_AMAZON_CA_BUNDLE,
        },
      },
    }, { ...options, dependsOn: [logGroup, policy] });

    const schedule = new aws.cloudwatch.EventRule(`${name}-schedule`, {
      name: side.name('eventRule', 'events', 'db-canary'),
      description: `Starts the database canary every minute; each run probes every ${PROBE_INTERVAL_SECONDS} s`,
      scheduleExpression: PROBE_SCHEDULE,
    }, options);
    new aws.cloudwatch.EventTarget(`${name}-target`, { rule: schedule.name, arn: canary.arn }, options);
    new aws.lambda.Permission(`${name}-invoke`, {
      function: canary.name,
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
      sourceArn: schedule.arn,
    }, options);

    this.functionName = canary.name;
    this.functionArn = canary.arn;
    this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
  }
}
