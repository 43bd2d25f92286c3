import { ACCOUNT_ID_DIGITS, type NamedKind } from '../lib/config/aws-facts';

/**
 * What the policies know about AWS resource types. Keyed by Pulumi type token, so a new component
 * (an ALB tier, an EventBridge bus) is covered by adding its types here, not by new policy code.
 */

/** Tag keys every taggable resource carries (lib/regions.ts `requiredTags` sets them on each provider). */
export const REQUIRED_TAG_KEYS = ['Environment', 'DisasterRecovery', 'Region', 'DR-Role'] as const;

/**
 * Types that accept tags (their Pulumi resource has a `tags` input; source: the @pulumi/aws
 * registry page of each type). A real preview also marks taggable resources with `tagsAll`; the
 * list covers the offline run, where no provider computes it.
 */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'aws:cloudwatch/dashboard:Dashboard',
  'aws:cloudwatch/eventBus:EventBus',
  'aws:cloudwatch/eventRule:EventRule',
  'aws:cloudwatch/logGroup:LogGroup',
  'aws:cloudwatch/metricAlarm:MetricAlarm',
  'aws:dynamodb/table:Table',
  'aws:ec2/eip:Eip',
  'aws:ec2/internetGateway:InternetGateway',
  'aws:ec2/natGateway:NatGateway',
  'aws:ec2/routeTable:RouteTable',
  'aws:ec2/securityGroup:SecurityGroup',
  'aws:ec2/subnet:Subnet',
  'aws:ec2/vpc:Vpc',
  'aws:ec2/vpcEndpoint:VpcEndpoint',
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection',
  'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter',
  'aws:iam/policy:Policy',
  'aws:iam/role:Role',
  'aws:kms/key:Key',
  'aws:lambda/function:Function',
  'aws:lb/listener:Listener',
  'aws:lb/loadBalancer:LoadBalancer',
  'aws:lb/targetGroup:TargetGroup',
  'aws:rds/cluster:Cluster',
  'aws:rds/clusterInstance:ClusterInstance',
  'aws:rds/clusterParameterGroup:ClusterParameterGroup',
  'aws:rds/eventSubscription:EventSubscription',
  'aws:rds/subnetGroup:SubnetGroup',
  'aws:route53/healthCheck:HealthCheck',
  'aws:route53/zone:Zone',
  'aws:s3/bucket:Bucket',
  'aws:secretsmanager/secret:Secret',
  'aws:sns/topic:Topic',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
]);

/** The input holding each named type's AWS name, and the limit (lib/config/aws-facts.ts) it must fit. */
export const NAMED_TYPES: Readonly<Record<string, { readonly input: string; readonly kind: NamedKind }>> = {
  'aws:cloudwatch/eventBus:EventBus': { input: 'name', kind: 'eventBus' },
  'aws:cloudwatch/eventRule:EventRule': { input: 'name', kind: 'eventRule' },
  'aws:cloudwatch/logGroup:LogGroup': { input: 'name', kind: 'logGroup' },
  'aws:cloudwatch/metricAlarm:MetricAlarm': { input: 'name', kind: 'alarm' },
  'aws:dynamodb/table:Table': { input: 'name', kind: 'dynamodbTable' },
  'aws:ec2/securityGroup:SecurityGroup': { input: 'name', kind: 'securityGroup' },
  'aws:iam/policy:Policy': { input: 'name', kind: 'iamPolicy' },
  'aws:iam/role:Role': { input: 'name', kind: 'iamRole' },
  'aws:kms/alias:Alias': { input: 'name', kind: 'kmsAlias' },
  'aws:lambda/function:Function': { input: 'name', kind: 'lambdaFunction' },
  'aws:lb/loadBalancer:LoadBalancer': { input: 'name', kind: 'loadBalancer' },
  'aws:lb/targetGroup:TargetGroup': { input: 'name', kind: 'targetGroup' },
  'aws:rds/cluster:Cluster': { input: 'clusterIdentifier', kind: 'rdsCluster' },
  'aws:rds/clusterInstance:ClusterInstance': { input: 'identifier', kind: 'rdsInstance' },
  'aws:rds/clusterParameterGroup:ClusterParameterGroup': { input: 'name', kind: 'rdsParameterGroup' },
  'aws:rds/eventSubscription:EventSubscription': { input: 'name', kind: 'rdsEventSubscription' },
  'aws:rds/globalCluster:GlobalCluster': { input: 'globalClusterIdentifier', kind: 'rdsGlobalCluster' },
  'aws:rds/subnetGroup:SubnetGroup': { input: 'name', kind: 'rdsSubnetGroup' },
  'aws:s3/bucket:Bucket': { input: 'bucket', kind: 's3Bucket' },
  'aws:secretsmanager/secret:Secret': { input: 'name', kind: 'secret' },
  'aws:sns/topic:Topic': { input: 'name', kind: 'snsTopic' },
};

/**
 * Storage that must be encrypted with a customer managed key, and the input naming the key.
 * A global cluster has no key of its own: each member cluster names the key of its region.
 */
export const CMK_INPUT: Readonly<Record<string, string>> = {
  'aws:rds/cluster:Cluster': 'kmsKeyId',
  'aws:secretsmanager/secret:Secret': 'kmsKeyId',
  'aws:cloudwatch/logGroup:LogGroup': 'kmsKeyId',
  'aws:sns/topic:Topic': 'kmsMasterKeyId',
};

/**
 * Actions whose `Resource` must be `*` because they support no resource-level permissions.
 * Source: Service Authorization Reference, "Actions defined by Amazon EC2"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html): the
 * Describe* actions take no resource; the Lambda VPC permissions are the ones AWS grants on `*` in
 * its managed policy AWSLambdaVPCAccessExecutionRole
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html).
 * "Actions defined by Amazon CloudWatch" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html):
 * cloudwatch:PutMetricData and cloudwatch:GetMetricData have no resource type (the failover
 * orchestrator reads the lag metric with GetMetricData).
 */
export const WILDCARD_RESOURCE_ACTIONS: ReadonlySet<string> = new Set([
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'cloudwatch:PutMetricData',
  'cloudwatch:GetMetricData',
  // "Actions defined by Amazon RDS" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html):
  // DescribeExportTasks and StartExportTask list no resource type (export tasks have no ARN).
  'rds:DescribeExportTasks',
  'rds:StartExportTask',
]);

/** Policy documents checked for wildcards, by type and input. */
export const POLICY_DOCUMENT_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'aws:kms/key:Key': ['policy'],
  'aws:iam/policy:Policy': ['policy'],
  'aws:iam/rolePolicy:RolePolicy': ['policy'],
  'aws:s3/bucketPolicy:BucketPolicy': ['policy'],
  'aws:sns/topicPolicy:TopicPolicy': ['policy'],
  'aws:cloudwatch/eventBusPolicy:EventBusPolicy': ['policy'],
};

/**
 * Key policies (`aws:kms/key:Key`) differ: there `Resource` must be `*` (it means "this key"), and
 * the statement allowing the account root `kms:*` is the default key policy AWS requires so the key
 * never becomes unmanageable. Source: AWS KMS Developer Guide, "Default key policy"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
export const KEY_POLICY_TYPE = 'aws:kms/key:Key';
export const ACCOUNT_ROOT_PRINCIPAL = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/** Metrics of replication lag a lag alarm may watch (milliseconds). */
export const LAG_METRICS: ReadonlySet<string> = new Set(['AuroraGlobalDBRPOLag', 'AuroraGlobalDBReplicationLag']);

/** Fewest days of automated backups a cluster may keep. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

// ---- runtime, database logs, key policies, event routing (issue 12) --------------------------------

/**
 * Lambda keeps a minimum of account concurrency unreserved, and a function's reserved concurrency may
 * not cut into it. Source: "Configuring reserved concurrency for a function", AWS Lambda Developer
 * Guide (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html): "You can reserve
 * up to the Unreserved account concurrency value that is shown, minus 100 for functions that don't
 * have reserved concurrency." Accounts with a low concurrency limit (new accounts) refuse any
 * reservation with "Specified ReservedConcurrentExecutions for function decreases account's
 * UnreservedConcurrentExecution below its minimum value", and the healthcare requirement
 * (docs/requirements/healthcare-saas-dr.md) says "Lambda functions must not use reserved concurrency
 * (causes deployment failures)". `-1` is the provider's value for "no reservation".
 */
export const LAMBDA_UNRESERVED_CONCURRENCY_MINIMUM = 100;
export const NO_RESERVATION = -1;

/**
 * Key policy statements for AWS service principals must be bound to this account's resources by a
 * condition AWS documents for that service, or any account's use of the service could use the key:
 * - CloudWatch Logs: `kms:EncryptionContext:aws:logs:arn`, "Encrypt log data in CloudWatch Logs using
 *   AWS Key Management Service", Amazon CloudWatch Logs User Guide
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html);
 * - publishers to an encrypted SNS topic (CloudWatch alarms, RDS event subscriptions):
 *   `kms:EncryptionContext:aws:sns:topicArn`, the encryption context SNS sets on the topic's data keys,
 *   as AWS's key policy for an encrypted topic shows ("Set up an SNS topic with server-side
 *   encryption", Amazon GameLift FlexMatch Developer Guide,
 *   https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html), and
 *   "Enable compatibility between event sources from AWS services and encrypted topics", Amazon SNS
 *   Developer Guide (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html).
 * `aws:SourceArn`/`aws:SourceAccount` are not used on these: whether CloudWatch and RDS events send them
 * in their KMS requests could not be confirmed in an AWS page, and a condition the request does not
 * carry would drop every alarm notification silently.
 * `Principal: "*"` (even bounded by `kms:CallerAccount` and `kms:ViaService`, the statement of the AWS
 * managed keys) is refused: the roles of the stack get their KMS permissions from their IAM policies,
 * which the account-root statement of the default key policy lets IAM grant ("Default key policy",
 * AWS KMS Developer Guide, https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
export const KEY_POLICY_SERVICE_CONDITION_KEYS: ReadonlySet<string> = new Set([
  'kms:EncryptionContext:aws:logs:arn',
  'kms:EncryptionContext:aws:sns:topicArn',
  'kms:ViaService',
  'aws:SourceArn',
  'aws:SourceAccount',
]);

/**
 * Names AWS dictates around a name of ours: the log group a cluster exports into is
 * `/aws/rds/cluster/<cluster identifier>/<log type>` (rdsLogGroupName in lib/config/aws-facts.ts), so
 * the suffix ends the cluster identifier inside it, not the log group name.
 */
export const AWS_DICTATED_NAMES: readonly RegExp[] = [/^\/aws\/rds\/cluster\/([^/]+)\/[a-z-]+$/];

/** An EventBridge event bus ARN: `arn:aws:events:<region>:<account>:event-bus/<name>`. */
export const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:([a-z0-9-]+):\d{12}:event-bus\/.+$/;

// ---- failover: the write name, lag alarms, health-check copies, in-region redundancy (issue 13) ----

/**
 * How a lag alarm must treat missing data: as breaching. AWS documents no dimension set for the lag
 * metrics (lib/config/aws-facts.ts GLOBAL_LAG_DIMENSIONS), a secondary region that is down publishes
 * nothing, and a promoted secondary publishes no lag. CloudWatch User Guide, "Configuring how CloudWatch
 * alarms treat missing data" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data):
 * `notBreaching` treats missing points as within the threshold, `ignore` keeps the current state, and
 * `missing` (the default) moves the alarm to INSUFFICIENT_DATA when every point is missing: the first two
 * read silence as healthy, the third notifies nobody. Only `breaching` turns silence into an alarm.
 */
export const LAG_MISSING_DATA = 'breaching';

/**
 * A CLOUDWATCH_METRIC Route 53 health check keeps its own copy of the alarm's configuration, taken when
 * the check is created; the @pulumi/aws `route53.HealthCheck` input `triggers` ("Map of arbitrary keys
 * and values that, when changed, will trigger an in-place update of the CloudWatch alarm arguments. Use
 * this argument to synchronize the health check when an alarm is changed", Pulumi Registry,
 * aws.route53.HealthCheck, "CloudWatch Alarm Check With Triggers") refreshes it. Without it, a changed
 * threshold (replicationLagAlarmSeconds) updates the alarm but not Route 53's copy.
 */
export const HEALTH_CHECK_TRIGGERS_INPUT = 'triggers';

/**
 * The label of the name clients write through (lib/failover-dns.ts DATABASE_RECORD_LABEL). A secondary
 * cluster's endpoint takes no writes until promotion ("Connecting to Amazon Aurora Global Database":
 * on a secondary cluster "the cluster endpoint displays a status of inactive because it doesn't handle
 * write requests"), so the write name must follow the writer (the global writer endpoint), never a
 * health check or a failover routing policy that could point it at a secondary.
 */
export const WRITE_RECORD_LABEL = 'db';

/** Routing policies of a Route 53 record: the write name may have none of them. */
export const ROUTING_POLICY_INPUTS: readonly string[] = [
  'failoverRoutingPolicies', 'weightedRoutingPolicies', 'latencyRoutingPolicies', 'geolocationRoutingPolicies',
  'geoproximityRoutingPolicy', 'cidrRoutingPolicy', 'multivalueAnswerRoutingPolicy',
];

// ---- S3 backups: names, Object Lock, lifecycle (sources in lib/config/aws-facts.ts) -------------

/**
 * A bucket name unique to its account: it holds the 12-digit account ID as one of its parts.
 * S3 names are global across all accounts of a partition (ACCOUNT_ID_DIGITS in lib/config/aws-facts.ts).
 */
export const ACCOUNT_IN_BUCKET_NAME = new RegExp(`(^|-)\\d{${ACCOUNT_ID_DIGITS}}(-|$)`);

/** Bucket resource types the S3 rules read, by what they configure. */
export const S3_TYPES = {
  bucket: 'aws:s3/bucket:Bucket',
  versioning: 'aws:s3/bucketVersioning:BucketVersioning',
  objectLock: 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
  lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  replication: 'aws:s3/bucketReplicationConfig:BucketReplicationConfig',
  role: 'aws:iam/role:Role',
  rolePolicy: 'aws:iam/rolePolicy:RolePolicy',
} as const;

// ---- what AWS refuses at deploy time (issue 12) -------------------------------------------------

/**
 * Zones and records of Route 53. Which zone names Route 53 refuses (ROUTE53_RESERVED_DOMAINS), which
 * top-level domains a public zone can never be delegated under (NON_PUBLIC_TLDS) and how a private zone
 * hides the names below it inside its VPCs are in lib/config/aws-facts.ts with their sources; the rules
 * themselves are lib/config/dns-names.ts, which the answers use too.
 */
export const ZONE_TYPE = 'aws:route53/zone:Zone';
export const RECORD_TYPE = 'aws:route53/record:Record';
export const ZONE_ASSOCIATION_TYPE = 'aws:route53/zoneAssociation:ZoneAssociation';

/**
 * A member cluster of a global database must ignore changes to `engineVersion` (and to
 * `replicationSourceIdentifier`, which Aurora sets on whichever cluster is the secondary). Source:
 * Pulumi Registry, `aws.rds.GlobalCluster`, "Upgrading Engine Versions" (@pulumi/aws 7): upgrading the
 * global cluster upgrades its members in place, so a member that still asks for the old version fails
 * the next `pulumi up` with "Provider produced inconsistent final plan"; "To avoid this, use the
 * `lifecycle` `ignoreChanges` meta argument ... on the `aws.rds.Cluster`". MEMBER_CLUSTER_IGNORED_CHANGES
 * in lib/config/aws-facts.ts holds the list the rule requires.
 */
export const MEMBER_CLUSTER_TYPE = 'aws:rds/cluster:Cluster';
