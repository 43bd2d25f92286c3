import type { AnswerSources } from '../../generator/answers/collect';
import type { Answers } from '../../skeleton/lib/config/answers-schema';
import { ROUTE53_HEALTH_CHECK, vpcEndpointServices } from '../../skeleton/lib/config/aws-facts';
import { LOG_EXPORTS } from '../../skeleton/lib/config/database-logs';
import { TEAM_DOMAIN_SETS, healthcareSources } from '../helpers/team-domain';

/**
 * The answer sets the template's CI renders and checks end to end (test/e2e/generated-repo.test.ts).
 * Add an entry for every answer that changes what is built; add a row to EXPECTED_COUNTS for every
 * resource type whose count follows from the answers.
 */
export interface MatrixEntry {
  readonly label: string;
  readonly sources: AnswerSources;
}

const TIERS = ['appTier', 'eventBridge', 'dashboard'] as const;
const tiers = (on: boolean) => TIERS.map((tier) => `${tier}=${on}`);

export const MATRIX: readonly MatrixEntry[] = [
  { label: 'trading', sources: { preset: 'trading' } },
  { label: 'healthcare', sources: healthcareSources() },
  { label: 'aurora-mysql', sources: { preset: 'trading', sets: ['engine=aurora-mysql', 'name=trading-mysql-dr'] } },
  // The presets have no NAT gateway and only the Secrets Manager endpoint: the opt-ins, with 2 AZs.
  { label: '2-azs-nat-cloudwatch-endpoints', sources: healthcareSources(['azCount=2', 'natGatewayCount=1', 'cloudWatchEndpoints=true', 'name=healthcare-2az-dr']) },
  { label: 'eu-central-1-to-eu-west-2', sources: { preset: 'trading', sets: ['primaryRegion=eu-central-1', 'secondaryRegion=eu-west-2', 'name=trading-eu-dr'] } },
  // Every optional tier on (with Aurora MySQL, the application Lambda outside the VPC and 10 s checks) / off.
  // Neither region in us-east-1, so the health-check alarms get their own provider, key and topic there
  // (the healthcare entry covers the application tier and dashboard with us-east-1 in the pair). Its
  // application records go into an existing public zone, named by ID, instead of a zone of its own.
  { label: 'every-tier-on', sources: { preset: 'trading', sets: [...tiers(true), ...TEAM_DOMAIN_SETS, 'publicHostedZoneId=Z0EXISTINGZONE01', 'engine=aurora-mysql', 'appLambdaInVpc=false', 'healthCheckIntervalSeconds=10', 'primaryRegion=eu-central-1', 'name=trading-all-tiers-dr'] } },
  { label: 'every-tier-off', sources: healthcareSources([...tiers(false), 'name=healthcare-no-tiers-dr']) },
];

/** End-to-end entries of their own files, selectable by TAP_DR_E2E_ONLY too: `update` is test/e2e/updated-repo.test.ts. */
export const OTHER_E2E_LABELS = ['update'] as const;

/** Whether TAP_DR_E2E_ONLY (unset: everything) selects the entry with this label. */
export const isSelected = (label: string, only = process.env.TAP_DR_E2E_ONLY): boolean => !only || only.split(',').includes(label);

/** `TAP_DR_E2E_ONLY=label,label` runs only those entries (to re-check one after a fix). */
export function selected(matrix: readonly MatrixEntry[], only = process.env.TAP_DR_E2E_ONLY): readonly MatrixEntry[] {
  if (!only) return matrix;
  const labels = only.split(',');
  const unknown = labels.filter((l) => !matrix.some((e) => e.label === l) && !(OTHER_E2E_LABELS as readonly string[]).includes(l));
  if (unknown.length > 0) throw new Error(`TAP_DR_E2E_ONLY names no matrix entry: ${unknown.join(', ')} (entries: ${matrix.map((e) => e.label).join(', ')})`);
  return matrix.filter((e) => labels.includes(e.label));
}

const perRegion = (n: number) => 2 * n;

/**
 * 1 when the Route 53 health-check alarms need a side of their own in us-east-1 (where Route 53
 * publishes the metrics): application tier and dashboard on, neither region there. It brings a
 * provider, a KMS key, an SNS topic and, with an alarm e-mail, its subscription.
 */
/** The provider of that side (HEALTH_CHECK_ALARMS_PROVIDER in skeleton/lib/health-check-alarm-side.ts, which loads Pulumi). */
export const HEALTH_CHECK_ALARMS_PROVIDER = { name: 'aws-health-check-alarms', region: ROUTE53_HEALTH_CHECK.metricsRegion, role: 'global' };
export const healthCheckAlarmSide = (a: Answers): number =>
  (a.appTier && a.dashboard && ![a.primaryRegion, a.secondaryRegion].includes(ROUTE53_HEALTH_CHECK.metricsRegion) ? 1 : 0);

/** Resource count per type as the answers determine it (types not listed are not counted). */
export const EXPECTED_COUNTS: Readonly<Record<string, (a: Answers) => number>> = {
  'pulumi:providers:aws': (a) => 3 + healthCheckAlarmSide(a),
  'aws:kms/key:Key': (a) => perRegion(1) + healthCheckAlarmSide(a),
  'aws:ec2/vpc:Vpc': () => perRegion(1),
  'aws:ec2/subnet:Subnet': (a) => perRegion(2 * a.azCount),
  'aws:ec2/routeTable:RouteTable': (a) => perRegion(1 + a.azCount),
  'aws:ec2/natGateway:NatGateway': (a) => perRegion(a.natGatewayCount),
  'aws:ec2/eip:Eip': (a) => perRegion(a.natGatewayCount),
  // Secrets Manager always; CloudWatch Logs and metrics when asked for.
  'aws:ec2/vpcEndpoint:VpcEndpoint': (a) => perRegion(vpcEndpointServices(a.cloudWatchEndpoints).length),
  // Per region: the canary's and each exported database log, and the application function's and the
  // received events' when those tiers are on; the orchestrator's (secondary) and the backup producer's (primary).
  'aws:cloudwatch/logGroup:LogGroup': (a) => perRegion(1 + LOG_EXPORTS[a.engine].length + (a.appTier ? 1 : 0) + (a.eventBridge ? 1 : 0)) + 1 + 1,
  'aws:ec2/vpcPeeringConnection:VpcPeeringConnection': () => 1,
  'aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter': () => 1,
  'aws:rds/globalCluster:GlobalCluster': () => 1,
  'aws:rds/cluster:Cluster': () => perRegion(1),
  'aws:rds/clusterInstance:ClusterInstance': (a) => perRegion(a.instancesPerCluster),
  // rds.global_db_rpo exists for Aurora PostgreSQL only, on the primary, and only when commits are bound by it.
  // TLS required on every cluster (rds.global_db_rpo rides in the primary's group).
  'aws:rds/clusterParameterGroup:ClusterParameterGroup': () => perRegion(1),
  // The backup buckets; the application tier adds a pair for its static assets.
  'aws:s3/bucket:Bucket': (a) => perRegion(1) + (a.appTier ? perRegion(1) : 0),
  'aws:s3/bucketReplicationConfig:BucketReplicationConfig': (a) => 1 + (a.appTier ? 1 : 0),
  // Only the backup buckets are locked; the static assets are not backups.
  'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration': () => perRegion(1),
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration': (a) => perRegion(1) + (a.appTier ? perRegion(1) : 0),
  'aws:secretsmanager/secret:Secret': () => 1,
  // A canary per region, the failover orchestrator in the secondary and the backup producer in the
  // primary; the application tier adds one per region.
  'aws:lambda/function:Function': (a) => perRegion(1) + 1 + 1 + (a.appTier ? perRegion(1) : 0),
  'aws:sns/topic:Topic': (a) => perRegion(1) + healthCheckAlarmSide(a),
  // E-mail subscriptions when an address is given (the orchestrator runs on its schedule, not on a topic).
  'aws:sns/topicSubscription:TopicSubscription': (a) => (a.alarmEmail ? perRegion(1) + healthCheckAlarmSide(a) : 0),
  // The orchestrator's state: how long the primary has been unreachable, and the failover and page claims.
  'aws:dynamodb/table:Table': () => 1,
  // The private zone for db.<domain>; the public zone with the application tier, unless it exists already.
  'aws:route53/zone:Zone': (a) => 1 + (a.appTier && a.publicHostedZoneId === undefined ? 1 : 0),
  // db.<domain> (one CNAME of the global writer endpoint) and read.<domain> (PRIMARY and SECONDARY); the application's pair.
  'aws:route53/record:Record': (a) => 3 + (a.appTier ? 2 : 0),
  // read.<domain>: a check on the secondary's connectivity alarm and on the lag alarm, and the calculated one; an HTTP check per ALB.
  'aws:route53/healthCheck:HealthCheck': (a) => 3 + (a.appTier ? perRegion(1) : 0),
  'aws:lb/loadBalancer:LoadBalancer': (a) => (a.appTier ? perRegion(1) : 0),
  'aws:lb/listener:Listener': (a) => (a.appTier ? perRegion(1) : 0),
  'aws:lb/targetGroup:TargetGroup': (a) => (a.appTier ? perRegion(1) : 0),
  'aws:cloudwatch/eventBus:EventBus': (a) => (a.eventBridge ? perRegion(1) : 0),
  'aws:cloudwatch/eventBusPolicy:EventBusPolicy': (a) => (a.eventBridge ? perRegion(1) : 0),
  'aws:cloudwatch/dashboard:Dashboard': (a) => (a.dashboard ? 1 : 0),
};
