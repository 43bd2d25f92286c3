import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import { ENGINES, GLOBAL_DB_RPO_PARAMETER, GLOBAL_LAG_DIMENSIONS, IN_REGION_RECOVERY_SECONDS, IN_REGION_REPLICA_FAILOVER_SECONDS, MEMBER_CLUSTER_IGNORED_CHANGES, NAME_LIMITS, PRIMARY_CLUSTER_READ_ACTION, PRIMARY_WRITER_READ_ACTION, REGIONS, ROUTE53_HEALTH_CHECK, S3_LIFECYCLE, S3_OBJECT_LOCK, rdsLogGroupName } from '../lib/config/aws-facts';
import { isWithin, normalizeDomain, publicZoneProblem, reservedDomainProblem } from '../lib/config/dns-names';
import {
  ACCOUNT_IN_BUCKET_NAME,
  ACCOUNT_ROOT_PRINCIPAL,
  AWS_DICTATED_NAMES,
  CMK_INPUT,
  EVENT_BUS_ARN,
  HEALTH_CHECK_TRIGGERS_INPUT,
  KEY_POLICY_SERVICE_CONDITION_KEYS,
  KEY_POLICY_TYPE,
  LAG_METRICS,
  LAG_MISSING_DATA,
  LAMBDA_UNRESERVED_CONCURRENCY_MINIMUM,
  MEMBER_CLUSTER_TYPE,
  MIN_BACKUP_RETENTION_DAYS,
  NAMED_TYPES,
  NO_RESERVATION,
  POLICY_DOCUMENT_INPUTS,
  RECORD_TYPE,
  REQUIRED_TAG_KEYS,
  ROUTING_POLICY_INPUTS,
  S3_TYPES,
  TAGGABLE_TYPES,
  WILDCARD_RESOURCE_ACTIONS,
  WRITE_RECORD_LABEL,
  ZONE_ASSOCIATION_TYPE,
  ZONE_TYPE,
} from './facts';
import { STACK_FACTS_SCHEMA, type StackFacts } from './stack-facts';
import { PRIMARY_ALARM_DELAY_SECONDS } from '../lib/config/timings';

/**
 * The security and reliability rules every rendering of this stack must pass. `policy/index.ts`
 * packs them for `pulumi preview --policy-pack policy`; `npm run policy` runs them offline against
 * the preview graph. Resource rules are keyed by type, so new components only add types to
 * `policy/facts.ts`.
 */

type Props = Record<string, unknown>;
type Check = (props: Props, report: ReportViolation, args: ResourceValidationArgs) => void;

/** A mandatory rule whose checks are keyed by resource type; other types pass untouched. */
function byType(name: string, description: string, checks: Record<string, Check>, extra: Partial<ResourceValidationPolicy> = {}): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: 'mandatory',
    ...extra,
    validateResource: (args, report) => checks[args.type]?.(args.props, report, args),
  };
}

const facts = (args: { getConfig<T extends object>(): T }) => args.getConfig<StackFacts>();

// ---- encryption --------------------------------------------------------------------------------

/** A customer managed key: a key ARN, id or alias of our own, never an AWS managed `alias/aws/…`. */
const isCustomerKey = (value: unknown) => typeof value === 'string' && value !== '' && !/alias\/aws\//.test(value);

const requireKey = (input: string): Check => (props, report) => {
  if (!isCustomerKey(props[input])) report(`${input} must name a customer managed KMS key (found ${JSON.stringify(props[input] ?? null)})`);
};

export const cmkEncryption = byType('cmk-encryption', 'Clusters, buckets, secrets, log groups and topics are encrypted with a customer managed KMS key', {
  ...Object.fromEntries(Object.entries(CMK_INPUT).map(([type, input]) => [type, requireKey(input)])),
  'aws:rds/cluster:Cluster': (props, report, args) => {
    if (props.storageEncrypted !== true) report('storageEncrypted must be true');
    requireKey('kmsKeyId')(props, report, args);
  },
  'aws:rds/globalCluster:GlobalCluster': (props, report) => {
    if (props.storageEncrypted !== true) report('storageEncrypted must be true');
  },
  'aws:secretsmanager/secret:Secret': (props, report, args) => {
    requireKey('kmsKeyId')(props, report, args);
    for (const replica of (props.replicas ?? []) as Props[]) {
      if (!isCustomerKey(replica.kmsKeyId)) report(`the replica in ${String(replica.region)} must name a customer managed KMS key of its region`);
    }
  },
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration': (props, report) => {
    const rules = (props.rules ?? []) as Array<{ applyServerSideEncryptionByDefault?: Props }>;
    const defaults = rules.map((rule) => rule.applyServerSideEncryptionByDefault ?? {});
    if (defaults.length === 0 || !defaults.every((d) => String(d.sseAlgorithm).startsWith('aws:kms') && isCustomerKey(d.kmsMasterKeyId))) {
      report('default encryption must be SSE-KMS with a customer managed key (sseAlgorithm aws:kms, kmsMasterKeyId)');
    }
  },
});

export const kmsKeyRotation = byType('kms-key-rotation', 'Every customer managed KMS key rotates its key material yearly', {
  'aws:kms/key:Key': (props, report) => {
    if (props.enableKeyRotation !== true) report('enableKeyRotation must be true');
  },
});

// ---- exposure ------------------------------------------------------------------------------------

export const noPublicDatabase = byType('no-public-database', 'No database instance is reachable from the internet', {
  'aws:rds/clusterInstance:ClusterInstance': (props, report) => {
    if (props.publiclyAccessible === true) report('publiclyAccessible must not be true');
  },
  'aws:rds/instance:Instance': (props, report) => {
    if (props.publiclyAccessible === true) report('publiclyAccessible must not be true');
  },
});

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
}

const asList = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const parseDocument = (value: unknown): { Statement?: Statement[] } => (typeof value === 'string' ? JSON.parse(value) : value) as { Statement?: Statement[] };

/** The problems of one statement: a whole-service or `*` action, or `*` resource where AWS does not require it. */
export function statementProblems(statement: Statement, inKeyPolicy: boolean): string[] {
  if (statement.Effect !== 'Allow') return []; // a Deny with wildcards only narrows access
  const label = statement.Sid ?? 'statement';
  const problems: string[] = [];
  const actions = asList(statement.Action);
  const principal = (statement.Principal as { AWS?: string } | undefined)?.AWS;
  const accountAdministersKey = inKeyPolicy && typeof principal === 'string' && ACCOUNT_ROOT_PRINCIPAL.test(principal);
  for (const action of actions.filter((a) => a === '*' || a.endsWith(':*'))) {
    if (!(accountAdministersKey && action === 'kms:*')) problems.push(`${label} allows every action (${action})`);
  }
  if (!inKeyPolicy && asList(statement.Resource).includes('*')) {
    const unlisted = actions.filter((a) => !WILDCARD_RESOURCE_ACTIONS.has(a));
    if (unlisted.length > 0) problems.push(`${label} grants ${unlisted.join(', ')} on every resource (*); only ${[...WILDCARD_RESOURCE_ACTIONS].join(', ')} may use *`);
  }
  return problems;
}

export const iamNoWildcards = byType('iam-no-wildcards', 'No policy allows every action of a service, and only actions AWS offers no resource for use Resource "*"', Object.fromEntries(
  Object.entries(POLICY_DOCUMENT_INPUTS).map(([type, inputs]) => [type, (props: Props, report: ReportViolation) => {
    for (const input of inputs.filter((i) => props[i] !== undefined)) {
      for (const statement of parseDocument(props[input]).Statement ?? []) {
        for (const problem of statementProblems(statement, type === KEY_POLICY_TYPE)) report(`${input}: ${problem}`);
      }
    }
  }]),
));

// ---- names, retention, deletion --------------------------------------------------------------

export const namesFitLimits: ResourceValidationPolicy = {
  name: 'names-suffix-and-limit',
  description: 'Every AWS name ends in the environment suffix and fits its AWS length limit',
  enforcementLevel: 'mandatory',
  configSchema: STACK_FACTS_SCHEMA,
  validateResource: (args, report) => {
    const named = NAMED_TYPES[args.type];
    const value = named && args.props[named.input];
    if (typeof value !== 'string') return;
    const { environmentSuffix } = facts(args);
    const limit = NAME_LIMITS[named.kind];
    const ours = AWS_DICTATED_NAMES.map((pattern) => pattern.exec(value)?.[1]).find((part) => part !== undefined) ?? value;
    if (!ours.endsWith(`-${environmentSuffix}`)) report(`${named.input} "${value}" does not end in the environment suffix "-${environmentSuffix}"`);
    if (value.length > limit) report(`${named.input} "${value}" has ${value.length} characters; the ${named.kind} limit is ${limit}`);
  },
};

export const backupRetention = byType('backup-retention', `Aurora clusters keep automated backups for at least ${MIN_BACKUP_RETENTION_DAYS} days`, {
  'aws:rds/cluster:Cluster': (props, report) => {
    const days = Number(props.backupRetentionPeriod ?? 1); // AWS default: 1 day
    if (days < MIN_BACKUP_RETENTION_DAYS) report(`backupRetentionPeriod is ${days}; at least ${MIN_BACKUP_RETENTION_DAYS} days are required`);
  },
});

export const logRetention = byType('log-retention-set', 'Every log group expires its events (retentionInDays set)', {
  'aws:cloudwatch/logGroup:LogGroup': (props, report) => {
    if (!(Number(props.retentionInDays) > 0)) report('retentionInDays must be set (logs are otherwise kept, and billed, forever)');
  },
});

export const noRetainWithoutDeletionProtection: ResourceValidationPolicy = {
  name: 'no-protect-without-deletion-protection',
  description: 'When the stack is destroyable (deletionProtection off), nothing is protected or blocks its own deletion',
  enforcementLevel: 'mandatory',
  configSchema: STACK_FACTS_SCHEMA,
  validateResource: (args, report) => {
    if (facts(args).deletionProtection) return;
    if (args.opts.protect) report('the resource is protected, but the stack has deletionProtection off');
    if (args.props.deletionProtection === true) report('deletionProtection is on, but the stack has deletionProtection off');
  },
};

export const lagAlarmWithinRpo: ResourceValidationPolicy = {
  name: 'lag-alarm-within-rpo',
  description: 'The replication lag alarm fires before the lag reaches the RPO target',
  enforcementLevel: 'mandatory',
  configSchema: STACK_FACTS_SCHEMA,
  validateResource: (args, report) => {
    if (args.type !== 'aws:cloudwatch/metricAlarm:MetricAlarm' || !LAG_METRICS.has(String(args.props.metricName))) return;
    const { rpoTargetSeconds } = facts(args);
    const thresholdMs = Number(args.props.threshold);
    if (!(thresholdMs <= rpoTargetSeconds * 1000)) report(`threshold ${thresholdMs} ms is above the RPO target of ${rpoTargetSeconds} s (${rpoTargetSeconds * 1000} ms)`);
  },
};

// ---- load balancer listeners --------------------------------------------------------------------

const isPort80Http = (props: Props) => props.protocol === 'HTTP' && Number(props.port) === 80;

export const listenersUseHttps = byType('alb-listeners-https', 'Load balancer listeners use HTTPS (HTTP only on port 80, see alb-http-port-80)', {
  'aws:lb/listener:Listener': (props, report) => {
    if (props.protocol === 'HTTP' && !isPort80Http(props)) report(`an HTTP listener on port ${String(props.port)}; use HTTPS`);
  },
});

/** Seed-mandated exception: the healthcare requirements want Route 53 HTTP checks on port 80. */
export const http80Exception: ResourceValidationPolicy = {
  name: 'alb-http-port-80',
  description: 'HTTP port 80 listeners are reported, not blocked: the healthcare requirement (docs/requirements/healthcare-saas-dr.md) mandates HTTP health checks on port 80',
  enforcementLevel: 'advisory',
  validateResource: (args, report) => {
    if (args.type === 'aws:lb/listener:Listener' && isPort80Http(args.props)) {
      report('plain HTTP on port 80, allowed because the requirement mandates HTTP Route 53 health checks on port 80; serve application traffic over HTTPS');
    }
  },
};

// ---- whole-stack rules ---------------------------------------------------------------------------

const BUCKET = 'aws:s3/bucket:Bucket';

/** Resources of `type` whose `input` refers to `target` (the engine's property dependencies). */
const attached = (resources: PolicyResource[], type: string, input: string, target: PolicyResource) =>
  resources.filter((r) => r.type === type && (r.propertyDependencies[input] ?? []).some((d) => d.urn === target.urn));

const deniesInsecureTransport = (statement: Statement & { Condition?: Record<string, Record<string, unknown>> }) =>
  statement.Effect === 'Deny' && String(statement.Condition?.Bool?.['aws:SecureTransport']) === 'false';

export const s3BucketProtection: StackValidationPolicy = {
  name: 's3-bucket-protection',
  description: 'Every bucket blocks public access, is encrypted by default and refuses requests without TLS',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const bucket of resources.filter((r) => r.type === BUCKET)) {
      const blocks = attached(resources, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', 'bucket', bucket);
      const fullBlock = blocks.some(({ props }) => ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every((k) => props[k] === true));
      if (!fullBlock) report(`bucket ${bucket.name} has no public access block with all four settings on`, bucket.urn);
      if (attached(resources, 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration', 'bucket', bucket).length === 0) {
        report(`bucket ${bucket.name} has no default encryption configuration`, bucket.urn);
      }
      const policies = attached(resources, 'aws:s3/bucketPolicy:BucketPolicy', 'bucket', bucket);
      if (!policies.some((p) => (parseDocument(p.props.policy).Statement ?? []).some(deniesInsecureTransport))) {
        report(`bucket ${bucket.name} has no policy denying requests without TLS (aws:SecureTransport false)`, bucket.urn);
      }
    }
  },
};

/** A provider's default tags; Pulumi hands provider inputs over as JSON text. */
export function providerTags(provider: { props: Props } | undefined): Record<string, string> {
  const raw = provider?.props.defaultTags;
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { tags?: Record<string, string> } | undefined;
  return parsed?.tags ?? {};
}

export const requiredTags: StackValidationPolicy = {
  name: 'required-tags',
  description: `Every taggable resource carries ${REQUIRED_TAG_KEYS.join(', ')}`,
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const r of resources.filter((x) => TAGGABLE_TYPES.has(x.type) || x.props.tagsAll !== undefined)) {
      const tags = { ...providerTags(r.provider), ...(r.props.tags as object | undefined), ...(r.props.tagsAll as object | undefined) };
      const missing = REQUIRED_TAG_KEYS.filter((k) => !(k in tags));
      if (missing.length > 0) report(`${r.type} ${r.name} lacks the tags ${missing.join(', ')}`, r.urn);
    }
  },
};

const SECONDARY_WORD = /(^|-)secondary(-|$)/;
const namesSecondary = (r: PolicyResource | undefined): boolean => r !== undefined && (SECONDARY_WORD.test(r.name) || namesSecondary(r.parent));
// Route 53 publishes health-check metrics only in us-east-1 (ROUTE53_HEALTH_CHECK in aws-facts.ts), so the
// alarm on the secondary application's health check must live there, whichever side manages it.
const route53CheckAlarm = (r: PolicyResource, where: string): boolean =>
  r.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && r.props.namespace === 'AWS/Route53' && where === ROUTE53_HEALTH_CHECK.metricsRegion;

export const secondaryInSecondaryRegion: StackValidationPolicy = {
  name: 'secondary-in-secondary-region',
  description: 'Everything on the secondary side is managed by the secondary provider and lives in its region',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const secondaryProvider = resources.find((r) => r.type === 'pulumi:providers:aws' && providerTags(r)['DR-Role'] === 'secondary');
    if (!secondaryProvider) return report('no AWS provider is tagged DR-Role=secondary');
    const region = String(secondaryProvider.props.region);
    for (const r of resources.filter((x) => x.type.startsWith('aws:'))) {
      const role = providerTags(r.provider)['DR-Role'];
      if (role === 'global') continue; // IAM, Route 53 and the global cluster have no side
      const where = String(r.props.region ?? r.provider?.props.region);
      if (route53CheckAlarm(r, where)) continue;
      if (role === 'secondary' && where !== region) report(`${r.type} ${r.name} is on the secondary side but placed in ${where}, not ${region}`, r.urn);
      if (role !== 'secondary' && namesSecondary(r)) report(`${r.type} ${r.name} belongs to the secondary side but is managed by the ${role ?? 'default'} provider`, r.urn);
    }
  },
};

// ---- runtime, database logs, key policies, event routing (issue 12) ---------------------------------

export const noReservedConcurrency = byType('no-reserved-concurrency', 'No Lambda function reserves concurrency (it fails deployments in accounts with little unreserved concurrency)', {
  'aws:lambda/function:Function': (props, report) => {
    const reserved = props.reservedConcurrentExecutions;
    if (reserved !== undefined && reserved !== null && Number(reserved) !== NO_RESERVATION) {
      report(`reservedConcurrentExecutions is ${String(reserved)}; leave it unset: Lambda refuses a reservation that leaves less than ${LAMBDA_UNRESERVED_CONCURRENCY_MINIMUM} unreserved (less in new accounts), and the healthcare requirement forbids it`);
    }
  },
});

const regionOf = (r: PolicyResource): string => String(r.props.region ?? r.provider?.props.region);

export const rdsLogGroupsManaged: StackValidationPolicy = {
  name: 'rds-log-groups-managed',
  description: 'A cluster that exports logs to CloudWatch Logs exports them into log groups of the stack, with retention and a customer managed key, created before it',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const logGroups = resources.filter((r) => r.type === 'aws:cloudwatch/logGroup:LogGroup');
    for (const cluster of resources.filter((r) => r.type === 'aws:rds/cluster:Cluster')) {
      for (const logType of (cluster.props.enabledCloudwatchLogsExports ?? []) as string[]) {
        const name = rdsLogGroupName(String(cluster.props.clusterIdentifier), logType);
        const group = logGroups.find((g) => g.props.name === name && regionOf(g) === regionOf(cluster));
        if (!group) {
          report(`cluster ${cluster.name} exports ${logType} logs, but the stack has no log group ${name} in ${regionOf(cluster)}: RDS would create it with no retention and no key of ours`, cluster.urn);
          continue;
        }
        if (!(Number(group.props.retentionInDays) > 0)) report(`log group ${name} has no retention`, group.urn);
        if (!isCustomerKey(group.props.kmsKeyId)) report(`log group ${name} is not encrypted with a customer managed key (kmsKeyId)`, group.urn);
        if (!cluster.dependencies.some((d) => d.urn === group.urn)) report(`cluster ${cluster.name} does not depend on its log group ${name}: RDS may create the group first (dependsOn)`, cluster.urn);
      }
    }
  },
};

/** The engine whose parameter group family `family` is (`aurora-postgresql16`, `aurora-mysql8.0`). */
const engineOfFamily = (family: unknown) => ENGINES.find((e) => typeof family === 'string' && family.startsWith(e.engine));

export const clustersRequireTls: StackValidationPolicy = {
  name: 'database-requires-tls',
  description: 'Every Aurora cluster uses a parameter group of the stack that refuses connections without TLS (rds.force_ssl 1, require_secure_transport ON)',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const groups = resources.filter((r) => r.type === 'aws:rds/clusterParameterGroup:ClusterParameterGroup');
    for (const cluster of resources.filter((r) => r.type === 'aws:rds/cluster:Cluster')) {
      const named = cluster.props.dbClusterParameterGroupName;
      // By name where the preview knows it, otherwise the group the cluster's inputs come from.
      const group = groups.find((g) => regionOf(g) === regionOf(cluster) && (typeof named === 'string' ? g.props.name === named : cluster.dependencies.some((d) => d.urn === g.urn)));
      if (!group) {
        report(`cluster ${cluster.name} uses no parameter group of the stack (${named === undefined ? 'the default group' : JSON.stringify(named)}): the engine's default accepts connections without TLS`, cluster.urn);
        continue;
      }
      const engine = engineOfFamily(group.props.family);
      if (!engine) {
        report(`parameter group ${String(group.props.name)} has family ${JSON.stringify(group.props.family)}, not one of ${ENGINES.map((e) => e.engine).join(', ')}`, group.urn);
        continue;
      }
      const { parameter, value } = engine.tlsRequired;
      const set = ((group.props.parameters ?? []) as Array<{ name?: string; value?: string }>).find((p) => p.name === parameter);
      if (set?.value !== value) {
        report(`cluster ${cluster.name} accepts connections without TLS: its parameter group ${String(group.props.name)} sets ${parameter} to ${set ? JSON.stringify(set.value) : 'nothing (the default)'}; set it to ${value}`, cluster.urn);
      }
    }
  },
};

export const alarmTopicsSubscribed: StackValidationPolicy = {
  name: 'alarm-topics-subscribed',
  description: 'Every alarm topic has a subscription in the stack, or its alarms reach nobody (advisory: a paging tool may subscribe outside the stack)',
  enforcementLevel: 'advisory',
  validateStack: ({ resources }, report) => {
    const subscriptions = resources.filter((r) => r.type === 'aws:sns/topicSubscription:TopicSubscription');
    for (const topic of resources.filter((r) => r.type === 'aws:sns/topic:Topic')) {
      const subscribed = subscriptions.some((s) => (typeof s.props.topic === 'string' && s.props.topic === topic.props.arn) || s.dependencies.some((d) => d.urn === topic.urn));
      if (!subscribed) {
        report(`topic ${String(topic.props.name ?? topic.name)} in ${regionOf(topic)} has no subscription: its alarms and DR pages reach nobody. Set alarmEmail (tap-dr update --set alarmEmail=<address>), or subscribe your paging tool to it, and confirm the subscription`, topic.urn);
      }
    }
  },
};

type PrincipalValue = string | { AWS?: string | string[]; Service?: string | string[] };

/** What is wrong with one key policy statement's principal: a wildcard, or a service not bound to this account. */
export function keyPolicyPrincipalProblems(statement: Statement & { Condition?: Record<string, Record<string, unknown>> }): string[] {
  if (statement.Effect !== 'Allow') return [];
  const label = statement.Sid ?? 'statement';
  const principal = statement.Principal as PrincipalValue | undefined;
  const aws = typeof principal === 'string' ? [principal] : asList(principal?.AWS);
  const services = typeof principal === 'string' ? [] : asList(principal?.Service);
  const problems: string[] = [];
  if (aws.includes('*')) problems.push(`${label} allows any principal (*); name the account root, a role, or a service principal`);
  const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((c) => Object.keys(c));
  if (services.length > 0 && !conditionKeys.some((k) => KEY_POLICY_SERVICE_CONDITION_KEYS.has(k))) {
    problems.push(`${label} lets ${services.join(', ')} use the key with no condition binding it to this account's resources (${[...KEY_POLICY_SERVICE_CONDITION_KEYS].join(', ')})`);
  }
  return problems;
}

export const keyPolicyNamedPrincipals = byType('kms-key-policy-named-principals', 'Key policies name their principals: no "*", and every service principal bound to this account by a documented condition', {
  'aws:kms/key:Key': (props, report) => {
    for (const statement of parseDocument(props.policy ?? '{}').Statement ?? []) {
      for (const problem of keyPolicyPrincipalProblems(statement)) report(problem);
    }
  },
});

const EVENT_TARGET = 'aws:cloudwatch/eventTarget:EventTarget';
const EVENT_RULE = 'aws:cloudwatch/eventRule:EventRule';

/** The region of the event bus a target sends to: from its ARN, or (ARN not known yet) from the bus resource. */
function targetBusRegion(target: PolicyResource): string | undefined {
  const match = EVENT_BUS_ARN.exec(String(target.props.arn));
  if (match) return match[1];
  const bus = (target.propertyDependencies.arn ?? []).find((d) => d.type === 'aws:cloudwatch/eventBus:EventBus');
  return bus ? regionOf(bus) : undefined;
}

export const eventForwardingOnlyOwnEvents: StackValidationPolicy = {
  name: 'event-forwarding-no-loop',
  description: 'A rule that forwards events to an event bus in another region forwards only events that originated in its own region, so nothing comes back',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const target of resources.filter((r) => r.type === EVENT_TARGET)) {
      const busRegion = targetBusRegion(target);
      const here = regionOf(target);
      if (busRegion === undefined || busRegion === here) continue;
      const rule = (target.propertyDependencies.rule ?? []).find((d) => d.type === EVENT_RULE)
        ?? resources.find((r) => r.type === EVENT_RULE && r.props.name === target.props.rule && regionOf(r) === here);
      const pattern = (rule ? JSON.parse(String(rule.props.eventPattern ?? '{}')) : {}) as { region?: unknown };
      const regions = Array.isArray(pattern.region) ? pattern.region : [];
      if (!(regions.length === 1 && regions[0] === here)) {
        report(`${target.name} forwards events from ${here} to a bus in ${busRegion}, but its rule${rule ? ` ${rule.name}` : ''} does not limit them to events that originated in ${here} (event pattern "region": ["${here}"]): events forwarded to ${here} would be sent back`, target.urn);
      }
    }
  },
};

// ---- failover: the write name, lag alarms, health-check copies, in-region redundancy ------------

const isLagAlarm = (args: { type: string; props: Props }) =>
  args.type === 'aws:cloudwatch/metricAlarm:MetricAlarm' && LAG_METRICS.has(String(args.props.metricName));

export const lagAlarmMissingIsBreaching: ResourceValidationPolicy = {
  name: 'lag-alarm-missing-data-breaching',
  description: 'No replication-lag alarm reads missing data as healthy: silence is a secondary nobody measures',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    if (!isLagAlarm(args)) return;
    const treatment = args.props.treatMissingData ?? 'missing';
    if (treatment !== LAG_MISSING_DATA) report(`treatMissingData is ${JSON.stringify(treatment)}: a lag alarm must treat missing data as ${LAG_MISSING_DATA}, or it stays silent while no lag is measured`);
  },
};

export const lagAlarmDimensions: ResourceValidationPolicy = {
  name: 'lag-alarm-dimensions',
  description: `Replication-lag alarms name the dimension set the metric is published under (${GLOBAL_LAG_DIMENSIONS.join(', ')})`,
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    if (!isLagAlarm(args)) return;
    const names = Object.keys((args.props.dimensions ?? {}) as Props).sort();
    const expected = [...GLOBAL_LAG_DIMENSIONS].sort();
    if (names.join() !== expected.join()) report(`dimensions are {${names.join(', ')}}: an alarm sees only the exact set it names, and the lag is published under {${expected.join(', ')}}`);
  },
};

export const healthCheckAlarmTriggers = byType('health-check-alarm-triggers', 'Route 53 health checks on CloudWatch alarms refresh their copy of the alarm (triggers)', {
  'aws:route53/healthCheck:HealthCheck': (props, report) => {
    if (props.type !== 'CLOUDWATCH_METRIC') return;
    const triggers = props[HEALTH_CHECK_TRIGGERS_INPUT] as Props | undefined;
    if (!triggers || Object.keys(triggers).length === 0) {
      report(`a CLOUDWATCH_METRIC check of alarm ${String(props.cloudwatchAlarmName)} sets no ${HEALTH_CHECK_TRIGGERS_INPUT}: Route 53 keeps the alarm's configuration from when the check was created, and a changed alarm would not reach it`);
    }
  },
});

export const writeNameFollowsWriter: StackValidationPolicy = {
  name: 'write-name-follows-writer',
  description: `The write name (${WRITE_RECORD_LABEL}.<zone>) has no health check and no routing policy: it must always name the writer, never a secondary on an alarm`,
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const record of resources.filter((r) => r.type === RECORD_TYPE && String(r.props.name).split('.')[0] === WRITE_RECORD_LABEL)) {
      if (record.props.healthCheckId !== undefined) report(`${String(record.props.name)} depends on a health check: an alarm could send writes to a cluster that takes none`, record.urn);
      const policies = ROUTING_POLICY_INPUTS.filter((input) => record.props[input] !== undefined);
      if (policies.length > 0) report(`${String(record.props.name)} has a routing policy (${policies.join(', ')}): the write name is one record, the global writer endpoint`, record.urn);
    }
  },
};

/** An environment variable of a Lambda function, as the graph holds it. */
const lambdaVariable = (r: PolicyResource, name: string) => ((r.props.environment as { variables?: Props } | undefined)?.variables ?? {})[name];

/** The clusters whose ARN an Allow statement of `action` names, among the policies attached to `role`. */
const grantedResources = (resources: PolicyResource[], role: PolicyResource, action: string) =>
  attached(resources, 'aws:iam/rolePolicy:RolePolicy', 'role', role)
    .flatMap((p) => parseDocument(p.props.policy).Statement ?? [])
    .filter((st) => st.Effect === 'Allow' && asList(st.Action).some((a) => covers(a, action)))
    .flatMap((st) => asList(st.Resource));

/**
 * The ARNs of the instances of the cluster `primaryArn` names (`arn:…:cluster:<id>`), as AWS writes them
 * (`arn:…:db:<identifier>`, aws-facts.ts PRIMARY_WRITER_READ_ACTION), in that ARN's partition, region and account.
 */
const primaryInstanceArns = (clusters: PolicyResource[], instancesOf: (cluster: PolicyResource) => PolicyResource[], primaryArn: string) => {
  const [, prefix, clusterId] = /^(arn:[^:]+:rds:[^:]+:[^:]+):cluster:(.+)$/.exec(primaryArn) ?? [];
  const cluster = clusters.find((c) => clusterId !== undefined && c.props.clusterIdentifier === clusterId);
  return cluster ? instancesOf(cluster).map((i) => `${prefix}:db:${String(i.props.identifier)}`) : [];
};

export const automaticFailoverNeedsRedundancy: StackValidationPolicy = {
  name: 'automatic-failover-in-region-redundancy',
  description: `Automatic cross-region failover waits out Aurora's in-region recovery: beyond ${IN_REGION_RECOVERY_SECONDS} s with one instance per cluster; with replicas the orchestrator must know the instance count (its slow-path window, ≥ ${PRIMARY_ALARM_DELAY_SECONDS} s, covers an in-region failover of typically under ${IN_REGION_REPLICA_FAILOVER_SECONDS} s) and may read the primary cluster through its region's RDS API (${PRIMARY_CLUSTER_READ_ACTION} on that cluster only, ${PRIMARY_WRITER_READ_ACTION} on its instances only), which tells a dark region from an in-region recovery`,
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const orchestrators = resources.filter((r) => r.type === 'aws:lambda/function:Function' && lambdaVariable(r, 'FAILOVER_MODE') === 'automatic');
    const clusters = resources.filter((r) => r.type === 'aws:rds/cluster:Cluster');
    const instancesOf = (cluster: PolicyResource) => attached(resources, 'aws:rds/clusterInstance:ClusterInstance', 'clusterIdentifier', cluster);
    const lone = clusters.filter((c) => instancesOf(c).length < 2);
    const fewest = Math.min(...clusters.map((c) => instancesOf(c).length));
    for (const orchestrator of orchestrators) {
      const window = Number(lambdaVariable(orchestrator, 'CONFIRMATION_SECONDS'));
      const declared = Number(lambdaVariable(orchestrator, 'INSTANCES_PER_CLUSTER'));
      if (!Number.isInteger(declared) || declared < 1) {
        report(`${orchestrator.name} fails over automatically but is not told the instances per cluster (INSTANCES_PER_CLUSTER): it cannot size the slow-path window that outlasts Aurora's in-region recovery`, orchestrator.urn);
      } else if (declared > fewest) {
        report(`${orchestrator.name} is told ${declared} instances per cluster, but a cluster has ${fewest}: its slow-path window would count on a replica taking over in-region (${IN_REGION_REPLICA_FAILOVER_SECONDS} s) where Aurora must recreate the writer (${IN_REGION_RECOVERY_SECONDS} s)`, orchestrator.urn);
      }
      const primaryArn = String(lambdaVariable(orchestrator, 'PRIMARY_CLUSTER_ARN') ?? '');
      const role = (orchestrator.propertyDependencies.role ?? []).find((d) => d.type === 'aws:iam/role:Role');
      const granted = role ? grantedResources(resources, role, PRIMARY_CLUSTER_READ_ACTION) : [];
      if (!primaryArn || !granted.includes(primaryArn) || granted.some((r) => r !== primaryArn)) {
        report(`${orchestrator.name} must read the primary cluster (PRIMARY_CLUSTER_ARN ${primaryArn || 'not set'}) through its region's RDS API with ${PRIMARY_CLUSTER_READ_ACTION} granted on that cluster's ARN only (granted on: ${granted.length > 0 ? granted.join(', ') : 'nothing'}): without it every outage takes the slow path, with more it may read other clusters`, orchestrator.urn);
      }
      const expected = primaryInstanceArns(clusters, instancesOf, primaryArn);
      const grantedInstances = role ? grantedResources(resources, role, PRIMARY_WRITER_READ_ACTION) : [];
      if (expected.length === 0 || expected.some((arn) => !grantedInstances.includes(arn)) || grantedInstances.some((arn) => !expected.includes(arn))) {
        report(`${orchestrator.name} must read the primary writer's status through its region's RDS API with ${PRIMARY_WRITER_READ_ACTION} granted on the primary cluster's instances only (${expected.length > 0 ? expected.join(', ') : 'no instance of that cluster found'}; granted on: ${grantedInstances.length > 0 ? grantedInstances.join(', ') : 'nothing'}): without it a rebooting writer looks available, with more it may read other databases`, orchestrator.urn);
      }
      if (window > IN_REGION_RECOVERY_SECONDS) continue;
      for (const cluster of lone) {
        report(`cluster ${cluster.name} has one instance and ${orchestrator.name} fails over automatically after ${window} s: a lone writer is recreated in its region in up to ${IN_REGION_RECOVERY_SECONDS} s, so the cross-region failover (which may lose data) would race it; add a replica or wait longer than ${IN_REGION_RECOVERY_SECONDS} s`, orchestrator.urn);
      }
    }
  },
};

// ---- what AWS refuses at deploy time (issue 12) -------------------------------------------------

/** Whether `name` holds `token` as a whole hyphen- or slash-separated part (`us-east-1` in `iam-app-us-east-1-dev`). */
const holdsToken = (name: string, token: string) => new RegExp(`(^|[-/])${token}(-|$)`).test(name);

export const namesCarryRegion: ResourceValidationPolicy = {
  name: 'names-carry-region',
  description: 'Every AWS name contains the region of its resource (a global one: the primary region), whole or as its AZ ID prefix',
  enforcementLevel: 'mandatory',
  validateResource: (args, report) => {
    const named = NAMED_TYPES[args.type];
    const value = named && args.props[named.input];
    if (typeof value !== 'string') return;
    const code = String(args.props.region ?? args.provider?.props.region ?? '');
    const region = REGIONS.find((r) => r.code === code);
    if (!region) return report(`${named.input} "${value}": the resource has no region this template knows (${code || 'none'}), so its name cannot be checked`);
    if (!holdsToken(value, region.code) && !holdsToken(value, region.azIdPrefix)) {
      report(`${named.input} "${value}" does not contain its region ${region.code} (or ${region.azIdPrefix}); every name carries the region`);
    }
  },
};

export const globalMembersIgnoreEngineVersion = byType('global-members-ignore-engine-version', 'Clusters of a global database leave engineVersion to the global cluster (ignoreChanges), so an engine upgrade does not break the next pulumi up', {
  [MEMBER_CLUSTER_TYPE]: (props, report, args) => {
    if (props.globalClusterIdentifier === undefined) return;
    const missing = MEMBER_CLUSTER_IGNORED_CHANGES.filter((input) => !args.opts.ignoreChanges.includes(input));
    if (missing.length > 0) report(`a member of a global database must ignore changes to ${missing.join(', ')} (ignoreChanges); the global cluster upgrades its members, and the next pulumi up would try to undo it`);
  },
});

const isPrivateZone = (props: Props) => Array.isArray(props.vpcs) && props.vpcs.length > 0;

export const zoneNamesRoute53Accepts = byType('zone-names-route53-accepts', 'No Route 53 zone is named under a domain Route 53 refuses, and no public zone under a top-level domain the DNS root never delegates', {
  [ZONE_TYPE]: (props, report) => {
    const name = String(props.name ?? '');
    const problem = isPrivateZone(props) ? reservedDomainProblem(name) : publicZoneProblem(name);
    if (problem) report(`${isPrivateZone(props) ? 'private' : 'public'} zone ${name} ${problem}`);
  },
});

export const privateZonesHideNothing: StackValidationPolicy = {
  name: 'private-zones-hide-nothing',
  description: 'No private zone shares its name with a public zone or holds a public record: inside the VPCs Route 53 Resolver answers every name at or below a private zone from that zone alone',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const associated = new Set(resources.filter((r) => r.type === ZONE_ASSOCIATION_TYPE).flatMap((a) => (a.propertyDependencies.zoneId ?? []).map((z) => z.urn)));
    const zones = resources.filter((r) => r.type === ZONE_TYPE);
    const privateZones = zones.filter((z) => isPrivateZone(z.props) || associated.has(z.urn));
    const publicZones = zones.filter((z) => !privateZones.includes(z));
    for (const hiding of privateZones) {
      const domain = normalizeDomain(String(hiding.props.name));
      for (const zone of publicZones.filter((z) => isWithin(String(z.props.name), domain))) {
        report(`private zone ${domain} ${normalizeDomain(String(zone.props.name)) === domain ? 'shares its name with' : 'is above'} the public zone ${normalizeDomain(String(zone.props.name))}; inside the VPCs it would hide every name of it`, zone.urn);
      }
      // Records of any zone but a private one (a public zone of the stack, or an existing zone named by ID).
      const publicRecords = resources.filter((r) => r.type === RECORD_TYPE && !(r.propertyDependencies.zoneId ?? []).some((z) => privateZones.includes(z)));
      for (const record of publicRecords.filter((r) => isWithin(String(r.props.name), domain))) {
        report(`the public record ${normalizeDomain(String(record.props.name))} is below the private zone ${domain}; inside the VPCs it would not resolve`, record.urn);
      }
    }
  },
};

// ---- S3 backups: unique names, Object Lock, exact retention, lifecycle ----------------------------

export const bucketNamePerAccount = byType('s3-bucket-name-per-account', 'Every bucket name holds the account ID: S3 names are global, so a name of region and suffix alone collides with other accounts', {
  [S3_TYPES.bucket]: (props, report) => {
    if (typeof props.bucket === 'string' && !ACCOUNT_IN_BUCKET_NAME.test(props.bucket)) {
      report(`bucket "${props.bucket}" holds no 12-digit account ID, so another account may already own the name (BucketAlreadyExists)`);
    }
  },
});

type LifecycleRuleProps = {
  status?: string;
  expiration?: { days?: number; expiredObjectDeleteMarker?: boolean };
  noncurrentVersionExpiration?: { noncurrentDays?: number };
  abortIncompleteMultipartUpload?: { daysAfterInitiation?: number };
};
type LockProps = { rule?: { defaultRetention?: { mode?: string; days?: number } } };

const isLocked = (resources: PolicyResource[], bucket: PolicyResource) =>
  bucket.props.objectLockEnabled === true || attached(resources, S3_TYPES.objectLock, 'bucket', bucket).length > 0;
const enabledRules = (resources: PolicyResource[], bucket: PolicyResource): LifecycleRuleProps[] =>
  attached(resources, S3_TYPES.lifecycle, 'bucket', bucket).flatMap((l) => (l.props.rules ?? []) as LifecycleRuleProps[]).filter((r) => r.status === 'Enabled');

export const objectLockVersioned: StackValidationPolicy = {
  name: 's3-object-lock-versioned',
  description: 'A bucket under Object Lock is versioned: S3 requires versioning before it locks any object',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const bucket of resources.filter((r) => r.type === S3_TYPES.bucket && isLocked(resources, r))) {
      const versioned = attached(resources, S3_TYPES.versioning, 'bucket', bucket)
        .some((v) => (v.props.versioningConfiguration as { status?: string } | undefined)?.status === 'Enabled');
      if (!versioned) report(`bucket ${bucket.name} has Object Lock but no versioning configuration with status Enabled`, bucket.urn);
    }
  },
};

export const versionedLifecycleComplete: StackValidationPolicy = {
  name: 's3-versioned-lifecycle',
  description: 'A versioned bucket\'s lifecycle removes noncurrent versions, expired delete markers and unfinished uploads (an expiration alone only adds a delete marker)',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const versioned = resources.filter((r) => r.type === S3_TYPES.versioning && (r.props.versioningConfiguration as { status?: string } | undefined)?.status === 'Enabled');
    for (const bucket of versioned.flatMap((v) => v.propertyDependencies.bucket ?? []).filter((b) => b.type === S3_TYPES.bucket)) {
      const rules = enabledRules(resources, bucket);
      const missing = [
        rules.some((r) => r.noncurrentVersionExpiration?.noncurrentDays !== undefined) ? undefined : 'noncurrent version expiration',
        rules.some((r) => r.expiration?.expiredObjectDeleteMarker === true) ? undefined : 'removal of expired delete markers',
        rules.some((r) => r.abortIncompleteMultipartUpload?.daysAfterInitiation !== undefined) ? undefined : 'cleanup of incomplete multipart uploads',
      ].filter(Boolean);
      if (missing.length > 0) report(`versioned bucket ${bucket.name} has no enabled lifecycle rule for ${missing.join(', ')}`, bucket.urn);
    }
  },
};

export const lockedRetentionExact: StackValidationPolicy = {
  name: 's3-locked-retention-exact',
  description: `Backup buckets (under Object Lock) keep every backup exactly backupRetentionS3Days: governance lock and current expiry of that many days, noncurrent versions removed after ${S3_LIFECYCLE.noncurrentExpiryDays} day`,
  enforcementLevel: 'mandatory',
  configSchema: STACK_FACTS_SCHEMA,
  validateStack: (args, report) => {
    const { resources } = args;
    const days = facts(args).backupRetentionS3Days;
    for (const bucket of resources.filter((r) => r.type === S3_TYPES.bucket && isLocked(resources, r))) {
      const retention = attached(resources, S3_TYPES.objectLock, 'bucket', bucket).map((l) => (l.props as LockProps).rule?.defaultRetention);
      if (!retention.some((d) => d?.mode === S3_OBJECT_LOCK.mode && d.days === days)) {
        report(`bucket ${bucket.name} has no Object Lock default retention of ${S3_OBJECT_LOCK.mode} ${days} days (found ${JSON.stringify(retention)})`, bucket.urn);
      }
      const rules = enabledRules(resources, bucket);
      const expiries = rules.map((r) => r.expiration?.days).filter((d) => d !== undefined);
      if (expiries.length !== 1 || expiries[0] !== days) report(`bucket ${bucket.name} must expire current versions after exactly ${days} days (found ${JSON.stringify(expiries)})`, bucket.urn);
      const noncurrent = rules.map((r) => r.noncurrentVersionExpiration?.noncurrentDays).filter((d) => d !== undefined);
      if (noncurrent.length !== 1 || noncurrent[0] !== S3_LIFECYCLE.noncurrentExpiryDays) {
        report(`bucket ${bucket.name} must remove noncurrent versions after ${S3_LIFECYCLE.noncurrentExpiryDays} day, so an expired backup is gone a day later (found ${JSON.stringify(noncurrent)})`, bucket.urn);
      }
    }
  },
};

/** Whether an IAM action pattern (`s3:Get*`) covers `action`. */
const covers = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);

export const replicationKeepsObjectLock: StackValidationPolicy = {
  name: 's3-replication-object-lock',
  description: 'Replication of a bucket under Object Lock goes to buckets under Object Lock, by a role that may read retention and legal hold (S3 fails the replica otherwise)',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const replication of resources.filter((r) => r.type === S3_TYPES.replication)) {
      const source = (replication.propertyDependencies.bucket ?? []).find((d) => d.type === S3_TYPES.bucket);
      if (!source || !isLocked(resources, source)) continue;
      for (const destination of (replication.propertyDependencies.rules ?? []).filter((d) => d.type === S3_TYPES.bucket && !isLocked(resources, d))) {
        report(`${replication.name} replicates the locked bucket ${source.name} into ${destination.name}, which has no Object Lock (DstBucketObjectLockConfigMissing)`, replication.urn);
      }
      const role = (replication.propertyDependencies.role ?? []).find((d) => d.type === S3_TYPES.role);
      const granted = role ? attached(resources, S3_TYPES.rolePolicy, 'role', role)
        .flatMap((p) => parseDocument(p.props.policy).Statement ?? [])
        .filter((st) => st.Effect === 'Allow')
        .flatMap((st) => asList(st.Action)) : [];
      const missing = S3_OBJECT_LOCK.replicationSourceActions.filter((action) => !granted.some((g) => covers(g, action)));
      if (missing.length > 0) report(`the replication role of ${replication.name} lacks ${missing.join(', ')} on the locked source ${source.name}`, replication.urn);
    }
  },
};

// ---- the commit bound follows the writer (bank review, RPO finding) --------------------------------

/**
 * rds.global_db_rpo only on the primary's group. Aurora bounds the writer's commits by the value in the
 * writer's group, and AWS recommends the default in the secondary region's group of a two-region global
 * database: set there, a failover that loses the primary region makes a writer that blocks every commit,
 * with no secondary left to keep up (aws-facts.ts GLOBAL_DB_RPO_PARAMETER).
 */
export const globalDbRpoPrimaryOnly: StackValidationPolicy = {
  name: 'global-db-rpo-primary-only',
  description: 'rds.global_db_rpo is set only in the primary cluster\'s parameter group: in the secondary\'s, a failover that loses the primary region would block every commit of the new writer',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const groups = resources.filter((r) => r.type === 'aws:rds/clusterParameterGroup:ClusterParameterGroup');
    const secondaries = resources.filter((r) => r.type === MEMBER_CLUSTER_TYPE && r.props.globalClusterIdentifier !== undefined && providerTags(r.provider)['DR-Role'] === 'secondary');
    for (const cluster of secondaries) {
      const named = cluster.props.dbClusterParameterGroupName;
      const group = groups.find((g) => regionOf(g) === regionOf(cluster) && (typeof named === 'string' ? g.props.name === named : cluster.dependencies.some((d) => d.urn === g.urn)));
      // A cluster on no group of the stack uses the engine's default, which sets no bound (database-requires-tls reports it).
      if (!group) continue;
      const bound = ((group.props.parameters ?? []) as Array<{ name?: string; value?: string }>).find((p) => p.name === GLOBAL_DB_RPO_PARAMETER);
      if (bound) {
        report(`secondary cluster ${cluster.name} uses parameter group ${String(group.props.name)}, which sets ${GLOBAL_DB_RPO_PARAMETER} to ${JSON.stringify(bound.value)}: after a failover that loses the primary region it becomes the writer with no secondary to keep up, and Aurora blocks every commit. Leave it at the default there (AWS's advice for a two-region global database); npm run dr:relax -- --restore moves the bound to the writer once a secondary exists again`, cluster.urn);
      }
    }
  },
};

export const POLICIES: ReadonlyArray<ResourceValidationPolicy | StackValidationPolicy> = [
  cmkEncryption,
  kmsKeyRotation,
  noPublicDatabase,
  iamNoWildcards,
  namesFitLimits,
  backupRetention,
  logRetention,
  noRetainWithoutDeletionProtection,
  lagAlarmWithinRpo,
  listenersUseHttps,
  http80Exception,
  s3BucketProtection,
  requiredTags,
  secondaryInSecondaryRegion,
  noReservedConcurrency,
  rdsLogGroupsManaged,
  clustersRequireTls,
  alarmTopicsSubscribed,
  keyPolicyNamedPrincipals,
  eventForwardingOnlyOwnEvents,
  lagAlarmMissingIsBreaching,
  lagAlarmDimensions,
  healthCheckAlarmTriggers,
  writeNameFollowsWriter,
  automaticFailoverNeedsRedundancy,
  namesCarryRegion,
  globalMembersIgnoreEngineVersion,
  zoneNamesRoute53Accepts,
  privateZonesHideNothing,
  bucketNamePerAccount,
  objectLockVersioned,
  versionedLifecycleComplete,
  lockedRetentionExact,
  replicationKeepsObjectLock,
  globalDbRpoPrimaryOnly,
];
