import { z } from 'zod';
import {
  BACKUP_RETENTION_DAYS,
  ENGINES,
  HOSTED_ZONE_ID,
  IN_REGION_RECOVERY_SECONDS,
  INSTANCES_PER_CLUSTER,
  LAMBDA_RUNTIMES,
  REGIONS,
  ROUTE53_HEALTH_CHECK,
  SNAPSHOT_EXPORT,
  VPC_PREFIX,
  type Engine,
} from './aws-facts';
import { publicZoneProblem, reservedDomainProblem, shadowProblem } from './dns-names';
import { MAX_SUFFIX_LENGTH } from './suffix-limit';
import { formatRecoveryBudget, largestTerm, recoveryBudget, type BudgetTotal, type RpoEnforcement } from './recovery-budget';
import {
  allowedInstanceClasses,
  blocksOverlap,
  engineFact,
  engineVersionProblem,
  allowedFamiliesFor,
  familyVersionProblem,
  instanceClassProblem,
  parseIpv4Cidr,
} from './rules';
import { BACKUP_EXPORT_INTERVAL_DAYS, PRIMARY_ALARM_DELAY_SECONDS } from './timings';

/**
 * The answers to "create a DR database": the one definition of every choice. Defaults, presets,
 * validation, the `yo` prompts, the Backstage form and the generated program's config checks all
 * come from here. `allowed` is what an error message offers the user instead of a bad value.
 */

const REGION_CODES = REGIONS.map((r) => r.code) as [string, ...string[]];
const ENGINE_NAMES = ENGINES.map((e) => e.engine) as [Engine, ...Engine[]];
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const ENTITY_REF = /^(?:[a-z][a-z0-9-]*:)?(?:[a-z0-9][a-z0-9._-]*\/)?[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Tags every resource gets from the stack itself; users may set `Environment` but not these. */
export const RESERVED_TAG_KEYS = ['DisasterRecovery', 'Region', 'DR-Role'] as const;

export interface FieldInfo {
  readonly title: string;
  readonly description: string;
  /** Plain words for the values the field takes, used in every error message. */
  readonly allowed: string;
  /** Groups the field in prompts and the portal form. */
  readonly group: 'project' | 'regions' | 'database' | 'targets' | 'network' | 'tiers' | 'operations';
  /** The optional tier this field only matters for; left out of the stack config when that tier is off. */
  readonly tier?: OptionalTier;
  /** The field has no default and must be given when this tier is on (a value no preset can know). */
  readonly requiredWhen?: OptionalTier;
}

/** Answers that switch an optional tier on; a repository rendered with one off holds no code for it. */
export const OPTIONAL_TIERS = ['appTier', 'eventBridge', 'dashboard'] as const;
export type OptionalTier = (typeof OPTIONAL_TIERS)[number];

const int = (min: number, max: number) => z.number().int().min(min).max(max);
/** Portal forms send '' for an untouched optional text field; treat it as "not given". */
const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

function isDomainName(value: string): boolean {
  const labels = value.split('.');
  return value.length <= 253 && labels.length >= 2 && labels.every((l) => DNS_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

/** A DNS name that also passes `problem` (which names the rule it breaks, e.g. a name Route 53 refuses). */
const domainName = (problem: (name: string) => string | undefined) => z.string()
  .refine(isDomainName, { message: 'is not a valid DNS zone name' })
  .superRefine((value, ctx) => {
    const reason = isDomainName(value) ? problem(value) : undefined;
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

function tagProblem(key: string, value: string): string | undefined {
  if (key.length < 1 || key.length > 128) return `tag key "${key}" must be 1 to 128 characters`;
  if (value.length > 256) return `tag "${key}" has a value longer than 256 characters`;
  if (key.toLowerCase().startsWith('aws:')) return `tag key "${key}" uses the reserved aws: prefix`;
  if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value)) {
    return `tag "${key}" uses characters AWS does not allow in tags`;
  }
  if ((RESERVED_TAG_KEYS as readonly string[]).includes(key)) {
    return `tag key "${key}" is set by the stack on every resource and cannot be overridden`;
  }
  return undefined;
}

/** Field-by-field: type, range, shape. Rules between fields are in `answersSchema` below. */
export const FIELDS = {
  name: {
    schema: z.string().max(214).regex(NPM_NAME).default('tap-dr'),
    info: {
      title: 'Project name',
      description: 'npm package name of the generated repository; also the Pulumi project description.',
      allowed: 'an npm package name: lowercase letters, digits, "-", "." or "_", optionally @scope/, at most 214 characters',
      group: 'project',
    },
  },
  environmentSuffix: {
    schema: z.string().min(1).max(MAX_SUFFIX_LENGTH).regex(/^[a-z0-9]+$/).default('dev'),
    info: {
      title: 'Environment suffix',
      description: 'Ends every resource name, so several copies of the stack can live in one account. ENVIRONMENT_SUFFIX overrides it at deploy time.',
      allowed: `1 to ${MAX_SUFFIX_LENGTH} lowercase letters or digits (the longest that still fits a load balancer name after the naming pattern)`,
      group: 'project',
    },
  },
  stack: {
    schema: z.string().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/).default('dev'),
    info: {
      title: 'Pulumi stack',
      description: 'Stack name; the answers land in Pulumi.<stack>.yaml.',
      allowed: 'letters, digits, "-", "_" or ".", at most 100 characters',
      group: 'project',
    },
  },
  primaryRegion: {
    schema: z.enum(REGION_CODES).default('us-east-1'),
    info: {
      title: 'Primary region',
      description: 'Region of the writer cluster.',
      allowed: `one of ${REGION_CODES.join(', ')}`,
      group: 'regions',
    },
  },
  secondaryRegion: {
    schema: z.enum(REGION_CODES).default('us-west-2'),
    info: {
      title: 'Secondary (DR) region',
      description: 'Region of the standby cluster that takes over on failover.',
      allowed: `one of ${REGION_CODES.join(', ')}, different from the primary region`,
      group: 'regions',
    },
  },
  engine: {
    schema: z.enum(ENGINE_NAMES).default('aurora-postgresql'),
    info: {
      title: 'Database engine',
      description: 'Aurora engine of the global database.',
      allowed: ENGINE_NAMES.join(' or '),
      group: 'database',
    },
  },
  engineVersion: {
    schema: z.string().min(1).optional(),
    info: {
      title: 'Engine version',
      description: `Aurora engine version; must support global databases. Default: ${ENGINES.map((e) => `${e.defaultVersion} (${e.engine})`).join(', ')}.`,
      allowed: ENGINES.map((e) => `${e.label} ${e.globalDatabaseMinimums.map((m) => `≥ ${m}`).join(' | ')}`).join('; '),
      group: 'database',
    },
  },
  instanceClass: {
    schema: z.string().default('db.r6g.large'),
    info: {
      title: 'Instance class',
      description: 'DB instance class in both regions. Global databases need memory-optimized classes.',
      allowed: allowedInstanceClasses('aurora-postgresql'),
      group: 'database',
    },
  },
  instancesPerCluster: {
    schema: int(INSTANCES_PER_CLUSTER.min, INSTANCES_PER_CLUSTER.max).default(1),
    info: {
      title: 'Instances per cluster',
      description: 'DB instances in each regional cluster (the writer plus replicas in the primary).',
      allowed: `an integer from ${INSTANCES_PER_CLUSTER.min} to ${INSTANCES_PER_CLUSTER.max}`,
      group: 'database',
    },
  },
  backupRetentionDays: {
    schema: int(BACKUP_RETENTION_DAYS.min, BACKUP_RETENTION_DAYS.max).default(7),
    info: {
      title: 'Backup retention (days)',
      description: 'Automated backups and point-in-time recovery window.',
      allowed: `an integer from ${BACKUP_RETENTION_DAYS.min} to ${BACKUP_RETENTION_DAYS.max}`,
      group: 'database',
    },
  },
  rpoTargetSeconds: {
    schema: int(1, 86_400).default(900),
    info: {
      title: 'RPO target (seconds)',
      description: 'Most data, in seconds of writes, the business accepts to lose in a regional failure.',
      allowed: 'an integer from 1 to 86400',
      group: 'targets',
    },
  },
  rtoTargetSeconds: {
    schema: int(1, 86_400).default(900),
    info: {
      title: 'RTO target (seconds)',
      description: 'Longest time, in seconds, until the database takes writes again after a regional failure.',
      allowed: 'an integer from 1 to 86400',
      group: 'targets',
    },
  },
  replicationLagAlarmSeconds: {
    schema: int(1, 86_400).default(60),
    info: {
      title: 'Replication lag alarm (seconds)',
      description: 'Alarm when the secondary lags more than this; must be below the RPO target.',
      allowed: 'an integer from 1 to 86400, below the RPO target',
      group: 'targets',
    },
  },
  rpoEnforcement: {
    schema: z.enum(['block-commits', 'alarm-only']).optional(),
    info: {
      title: 'RPO enforcement',
      description: 'block-commits (Aurora PostgreSQL only): rds.global_db_rpo makes the primary block commits while the secondary lags beyond half the RPO target, a hard bound on data loss, but an outage of the secondary region then stops production writes until someone runs npm run dr:relax. alarm-only: the primary keeps committing; alarms report the lag and the orchestrator refuses an automatic failover that would lose more than the RPO target. Default: block-commits for Aurora PostgreSQL, alarm-only for Aurora MySQL.',
      allowed: 'block-commits (Aurora PostgreSQL only) or alarm-only',
      group: 'targets',
    },
  },
  primaryVpcCidr: {
    schema: z.string().default('10.0.0.0/16'),
    info: {
      title: 'Primary VPC CIDR',
      description: 'IPv4 block of the primary VPC.',
      allowed: `an IPv4 network block from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} that does not overlap the secondary VPC`,
      group: 'network',
    },
  },
  secondaryVpcCidr: {
    schema: z.string().default('10.1.0.0/16'),
    info: {
      title: 'Secondary VPC CIDR',
      description: 'IPv4 block of the secondary VPC.',
      allowed: `an IPv4 network block from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} that does not overlap the primary VPC`,
      group: 'network',
    },
  },
  azCount: {
    schema: int(2, 3).default(3),
    info: {
      title: 'Availability Zones',
      description: 'Availability Zones per region for subnets and DB instances.',
      allowed: '2 or 3, and no more than the region has',
      group: 'network',
    },
  },
  natGatewayCount: {
    schema: int(0, 3).default(0),
    info: {
      title: 'NAT gateways per region',
      description: 'NAT gateways in each region, for code of your own in the private subnets that must reach the internet (about 33 USD a month each, plus data). The stack itself sends nothing through them: its functions in the VPC reach only the databases and the Secrets Manager endpoint.',
      allowed: 'an integer from 0 to the AZ count',
      group: 'network',
    },
  },
  cloudWatchEndpoints: {
    schema: z.boolean().default(false),
    info: {
      title: 'CloudWatch endpoints',
      description: 'Interface endpoints for CloudWatch Logs and CloudWatch metrics in each VPC, for code of your own in the private subnets that calls those APIs (about 7 USD a month each per AZ). The stack does not need them: Lambda delivers its functions\' logs and metrics itself, outside the VPC.',
      allowed: 'true or false',
      group: 'network',
    },
  },
  appTier: {
    schema: z.boolean().default(false),
    info: {
      title: 'Application tier',
      description: 'ALB + Lambda /health in both regions with public Route 53 failover.',
      allowed: 'true or false',
      group: 'tiers',
    },
  },
  appLambdaInVpc: {
    schema: z.boolean().default(true),
    info: {
      title: 'Application Lambda in the VPC',
      description: 'Run the application tier\'s Lambda in the private subnets. /health itself needs no network, so off costs nothing and avoids network interfaces in the VPC; on is what application code that reaches the database needs, and such code reaches AWS APIs only through the VPC endpoints (about 7 USD a month each per AZ) or NAT gateways (about 33 USD a month each plus data).',
      allowed: 'true or false',
      group: 'tiers',
      tier: 'appTier',
    },
  },
  healthCheckIntervalSeconds: {
    schema: z.literal([...ROUTE53_HEALTH_CHECK.intervals]).default(30),
    info: {
      title: 'Health-check interval (seconds)',
      description: 'Seconds between Route 53 checks of each region\'s /health (application tier). 10 fails over sooner and costs more per check.',
      allowed: ROUTE53_HEALTH_CHECK.intervals.join(' or '),
      group: 'tiers',
      tier: 'appTier',
    },
  },
  healthCheckFailureThreshold: {
    schema: int(ROUTE53_HEALTH_CHECK.failureThreshold.min, ROUTE53_HEALTH_CHECK.failureThreshold.max).default(3),
    info: {
      title: 'Health-check failure threshold',
      description: 'Consecutive failed checks before Route 53 sends traffic to the secondary region (application tier).',
      allowed: `an integer from ${ROUTE53_HEALTH_CHECK.failureThreshold.min} to ${ROUTE53_HEALTH_CHECK.failureThreshold.max}`,
      group: 'tiers',
      tier: 'appTier',
    },
  },
  publicDomainName: {
    schema: optionalText(domainName(publicZoneProblem)),
    info: {
      title: 'Public DNS zone (application tier)',
      description: 'A domain your team controls, for the application\'s public failover name app.<zone>. No preset can know it, so it is asked for whenever the application tier is on. The stack creates the public zone and outputs its name servers (publicZoneNameServers) for you to delegate to from the parent zone, unless publicHostedZoneId names an existing zone of this name.',
      allowed: 'a DNS name your team controls, two or more labels, required when appTier is true; not under example.com, example.net or example.org (Route 53 refuses them) nor under .test, .example, .invalid, .localhost, .local or .internal (never delegated on the internet)',
      group: 'tiers',
      tier: 'appTier',
      requiredWhen: 'appTier',
    },
  },
  publicHostedZoneId: {
    schema: optionalText(z.string().regex(HOSTED_ZONE_ID)),
    info: {
      title: 'Existing public hosted zone ID (application tier)',
      description: 'Optional: the ID of an existing public Route 53 zone named like publicDomainName (one already delegated). The stack then adds app.<zone> to it instead of creating the zone.',
      allowed: 'a Route 53 hosted zone ID (Z followed by up to 31 upper-case letters and digits, e.g. Z0123456789ABCDEFGHIJ), or empty to create the zone',
      group: 'tiers',
      tier: 'appTier',
    },
  },
  eventBridge: {
    schema: z.boolean().default(false),
    info: {
      title: 'EventBridge forwarding',
      description: 'Event bus in both regions; application events are forwarded to the secondary.',
      allowed: 'true or false',
      group: 'tiers',
    },
  },
  dashboard: {
    schema: z.boolean().default(false),
    info: {
      title: 'Dashboard and alarm set',
      description: 'Cross-region CloudWatch dashboard and operational alarms.',
      allowed: 'true or false',
      group: 'tiers',
    },
  },
  failoverMode: {
    schema: z.enum(['automatic', 'manual']).default('manual'),
    info: {
      title: 'Failover mode',
      description: 'automatic: promote the secondary when the primary is confirmed down (may lose up to the RPO of writes). manual: notify with the command to run.',
      allowed: 'automatic or manual',
      group: 'operations',
    },
  },
  failoverConfirmationSeconds: {
    schema: int(0, 3600).default(60),
    info: {
      title: 'Failover confirmation window (seconds)',
      description: `How long the primary writer must stay unreachable from the secondary region, with its replicated heartbeat stopped too, before the orchestrator fails over (automatic) or pages (manual). Longer rides out short blips; shorter recovers sooner. This window applies when the primary region's RDS API does not answer either (the region is down: the fast path). While that API answers (the slow path), the orchestrator never fails over during an in-region recovery or a planned change, waits at least ${PRIMARY_ALARM_DELAY_SECONDS} s, the primary alarm's delay, and the in-region recovery time, and then fails over only if that region reports the primary failed and its alarm is in ALARM; otherwise it pages. With failoverMode automatic and one instance per cluster it must exceed ${IN_REGION_RECOVERY_SECONDS} s (Aurora recreating a lone writer).`,
      allowed: 'an integer from 0 to 3600',
      group: 'operations',
    },
  },
  domainName: {
    schema: domainName(reservedDomainProblem).default('dr.internal'),
    info: {
      title: 'Private DNS zone (database)',
      description: 'Private zone of both VPCs holding the database failover record db.<zone>. Never the application\'s public zone or a domain above it: inside the VPCs a private zone answers every name below it, so it would hide app.<public zone> there.',
      allowed: 'a DNS name of two or more labels, lowercase letters, digits and "-", at most 253 characters, not under example.com, example.net or example.org (Route 53 refuses them), and with the application tier neither publicDomainName nor a domain above app.<publicDomainName> (e.g. dr.internal)',
      group: 'operations',
    },
  },
  alarmEmail: {
    schema: optionalText(z.email()),
    info: {
      title: 'Alarm e-mail',
      description: 'Optional address subscribed to the alarm topics in both regions.',
      allowed: 'an e-mail address, or empty for none',
      group: 'operations',
    },
  },
  backupRetentionS3Days: {
    schema: int(1, 3650).default(30),
    info: {
      title: 'Backup bucket retention (days)',
      description: 'Days the backup buckets keep every backup: S3 Object Lock (governance) holds it that long, then it expires and is gone a day later.',
      allowed: 'an integer from 1 to 3650',
      group: 'operations',
    },
  },
  backupExportIntervalDays: {
    schema: int(BACKUP_EXPORT_INTERVAL_DAYS.min, BACKUP_EXPORT_INTERVAL_DAYS.max).default(1),
    info: {
      title: 'Backup export interval (days)',
      description: 'Days between exports of the newest automated snapshot to the backup bucket (1: every daily snapshot). It bounds the data a restore from the S3 backups loses; failover does not use them.',
      allowed: `an integer from ${BACKUP_EXPORT_INTERVAL_DAYS.min} to ${BACKUP_EXPORT_INTERVAL_DAYS.max}`,
      group: 'operations',
    },
  },
  deletionProtection: {
    schema: z.boolean().default(true),
    info: {
      title: 'Deletion protection',
      description: 'Protect the clusters from deletion (turn off for test stacks that must be destroyable).',
      allowed: 'true or false',
      group: 'operations',
    },
  },
  lambdaRuntime: {
    schema: z.enum(LAMBDA_RUNTIMES).default('nodejs22.x'),
    info: {
      title: 'Lambda runtime',
      description: 'Node.js runtime of the canary and application functions.',
      allowed: LAMBDA_RUNTIMES.join(' or '),
      group: 'operations',
    },
  },
  tags: {
    schema: z.record(z.string(), z.string()).default({}),
    info: {
      title: 'Extra tags',
      description: `Tags added to every resource. Environment defaults to the stack name; ${RESERVED_TAG_KEYS.join(', ')} are set by the stack.`,
      allowed: `a map of tag keys (1-128 characters, not aws:*, not ${RESERVED_TAG_KEYS.join('/')}) to values (up to 256 characters)`,
      group: 'project',
    },
  },
  owner: {
    schema: optionalText(z.string().regex(ENTITY_REF)),
    info: {
      title: 'Owner',
      description: 'Backstage entity reference of the owning team, written into catalog-info.yaml.',
      allowed: 'a Backstage entity reference such as group:default/dba-team, or empty',
      group: 'project',
    },
  },
} as const satisfies Record<string, { schema: z.ZodType; info: FieldInfo }>;

export type AnswerKey = keyof typeof FIELDS;
export const ANSWER_KEYS = Object.keys(FIELDS) as AnswerKey[];

type Shape = { [K in AnswerKey]: (typeof FIELDS)[K]['schema'] };
const shape = Object.fromEntries(
  ANSWER_KEYS.map((k) => [k, FIELDS[k].schema.meta({ title: FIELDS[k].info.title, description: FIELDS[k].info.description })]),
) as unknown as Shape;

/** A rule between fields was broken: which field to blame, why, and what would be accepted. */
export interface CrossFieldIssue {
  readonly path: readonly string[];
  readonly reason: string;
  readonly allowed: string;
}

type FieldValues = { [K in AnswerKey]: z.output<(typeof FIELDS)[K]['schema']> };
/** Valid field values after defaults, with the engine's default version and RPO enforcement filled in. */
export type ResolvedFields = Omit<FieldValues, 'engineVersion' | 'rpoEnforcement'> & { engineVersion: string; rpoEnforcement: RpoEnforcement };

/**
 * Rules between fields. `a` holds only the fields that passed their own checks, so every rule
 * first makes sure its inputs are there: one bad field never hides another field's problem.
 */
export function crossFieldIssues(a: Partial<ResolvedFields>): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const report = (path: AnswerKey | string[], reason: string, allowed: string) =>
    issues.push({ path: Array.isArray(path) ? path : [path], reason, allowed });

  if (a.primaryRegion && a.primaryRegion === a.secondaryRegion) {
    report('secondaryRegion', 'is the same as the primary region', 'a region other than the primary region');
  }
  for (const key of ['primaryRegion', 'secondaryRegion'] as const) {
    const region = REGIONS.find((r) => r.code === a[key]);
    if (!region) continue;
    if (a.engine && !region.globalDatabase.includes(a.engine)) {
      const offered = REGIONS.filter((r) => r.globalDatabase.includes(a.engine as Engine)).map((r) => r.code);
      report(key, `does not offer ${engineFact(a.engine).label} global databases`, `one of ${offered.join(', ')}`);
    }
    if (a.azCount !== undefined && a.azCount > region.azCount) {
      report('azCount', `is more than the ${region.azCount} Availability Zones of ${region.code}`, `at most ${region.azCount} in ${region.code}`);
    }
  }
  if (a.engine && a.engineVersion) {
    const reason = engineVersionProblem(a.engine, a.engineVersion);
    const fact = engineFact(a.engine);
    if (reason) report('engineVersion', reason, `${fact.label} ${fact.globalDatabaseMinimums.map((m) => `≥ ${m}`).join(' | ')}`);
  }
  if (a.engine && a.instanceClass !== undefined) {
    const reason = instanceClassProblem(a.engine, a.instanceClass);
    if (reason) report('instanceClass', reason, allowedInstanceClasses(a.engine));
    else if (a.engineVersion && !engineVersionProblem(a.engine, a.engineVersion)) {
      const tooOld = familyVersionProblem(a.engine, a.instanceClass, a.engineVersion);
      if (tooOld) report('instanceClass', tooOld, allowedFamiliesFor(a.engine));
    }
  }
  if (a.natGatewayCount !== undefined && a.azCount !== undefined && a.natGatewayCount > a.azCount) {
    report('natGatewayCount', `is more than the AZ count (${a.azCount})`, `an integer from 0 to ${a.azCount}`);
  }
  if (a.engine === 'aurora-mysql' && a.rpoEnforcement === 'block-commits') {
    report('rpoEnforcement', 'needs Aurora PostgreSQL: Aurora MySQL has no rds.global_db_rpo to block commits with', 'alarm-only for Aurora MySQL');
  }
  if (a.failoverMode === 'automatic' && a.instancesPerCluster === 1 && a.failoverConfirmationSeconds !== undefined
    && a.failoverConfirmationSeconds <= IN_REGION_RECOVERY_SECONDS) {
    report('instancesPerCluster', `is 1 with failoverMode automatic and a ${a.failoverConfirmationSeconds} s confirmation window: a lone writer that fails is recreated in its own region, which AWS says typically takes less than ${IN_REGION_RECOVERY_SECONDS / 60} minutes, so a data-losing cross-region failover would race the in-region recovery`,
      `2 or more instances per cluster (a replica takes over in-region in under a minute), or failoverConfirmationSeconds above ${IN_REGION_RECOVERY_SECONDS}, or failoverMode manual`);
  }
  // With replicas the window may be short: it applies only while the primary region's RDS API does not
  // answer (the region is down). While that API answers, the orchestrator holds during an in-region
  // recovery and otherwise waits the slow window (timings.ts slowPathWindowSeconds), which outlasts an
  // in-region failover (IN_REGION_REPLICA_FAILOVER_SECONDS) and the primary alarm's delay on its own.
  if (a.replicationLagAlarmSeconds !== undefined && a.rpoTargetSeconds !== undefined && a.replicationLagAlarmSeconds >= a.rpoTargetSeconds) {
    report('replicationLagAlarmSeconds', `is not below the RPO target (${a.rpoTargetSeconds} s), so the alarm would fire only after the target is missed`, `an integer from 1 to ${a.rpoTargetSeconds - 1}`);
  }
  if (a.primaryRegion && (SNAPSHOT_EXPORT.unavailableRegions as readonly string[]).includes(a.primaryRegion)) {
    const offered = REGIONS.filter((r) => !(SNAPSHOT_EXPORT.unavailableRegions as readonly string[]).includes(r.code) && (!a.engine || r.globalDatabase.includes(a.engine))).map((r) => r.code);
    report('primaryRegion', 'does not offer RDS snapshot export to S3, which writes the database backups into the primary backup bucket', `one of ${offered.join(', ')}`);
  }
  if (a.backupExportIntervalDays !== undefined && a.backupRetentionS3Days !== undefined && a.backupRetentionS3Days <= a.backupExportIntervalDays) {
    report('backupRetentionS3Days', `is not longer than the backup export interval (${a.backupExportIntervalDays} days), so an export could expire before the next one lands`, `an integer from ${a.backupExportIntervalDays + 1} to 3650`);
  }
  for (const key of ANSWER_KEYS) {
    const tier = (FIELDS[key].info as FieldInfo).requiredWhen;
    if (tier && a[tier] === true && a[key] === undefined) {
      report(key, `is required when ${tier} is true, and no preset can know it`, FIELDS[key].info.allowed);
    }
  }
  if (a.appTier && a.domainName !== undefined && a.publicDomainName !== undefined) {
    const reason = shadowProblem(a.domainName, a.publicDomainName);
    if (reason) report('domainName', reason, `a private zone name that neither is ${a.publicDomainName} nor contains app.${a.publicDomainName}, e.g. dr.internal or db-private.${a.publicDomainName}`);
  }
  budgetIssues(a, report);
  const blocks = (['primaryVpcCidr', 'secondaryVpcCidr'] as const).map((key) => {
    const text = a[key];
    if (text === undefined) return undefined;
    const parsed = parseIpv4Cidr(text);
    if (typeof parsed === 'string') return void report(key, parsed, FIELDS[key].info.allowed);
    if (parsed.prefix < VPC_PREFIX.min || parsed.prefix > VPC_PREFIX.max) {
      return void report(key, `has prefix /${parsed.prefix}`, FIELDS[key].info.allowed);
    }
    return parsed;
  });
  if (blocks[0] && blocks[1] && blocksOverlap(blocks[0], blocks[1])) {
    report('secondaryVpcCidr', `overlaps the primary VPC (${a.primaryVpcCidr}); peered VPCs need disjoint blocks`, FIELDS.secondaryVpcCidr.info.allowed);
  }
  for (const [key, value] of Object.entries(a.tags ?? {})) {
    const reason = tagProblem(key, value);
    if (reason) report(['tags', key], reason, FIELDS.tags.info.allowed);
  }
  return issues;
}

/** Rejects targets the stack cannot meet, with the budget table that shows which term is too large. */
function budgetIssues(a: Partial<ResolvedFields>, report: (path: AnswerKey, reason: string, allowed: string) => void): void {
  const { engine, rpoEnforcement, failoverMode, failoverConfirmationSeconds, instancesPerCluster, replicationLagAlarmSeconds, rpoTargetSeconds, rtoTargetSeconds } = a;
  if (engine === undefined || rpoEnforcement === undefined || failoverMode === undefined || failoverConfirmationSeconds === undefined || instancesPerCluster === undefined
    || replicationLagAlarmSeconds === undefined || rpoTargetSeconds === undefined || rtoTargetSeconds === undefined) return;
  const budget = recoveryBudget({ engine, rpoEnforcement, failoverMode, failoverConfirmationSeconds, instancesPerCluster, replicationLagAlarmSeconds, rpoTargetSeconds, rtoTargetSeconds, backupExportIntervalDays: a.backupExportIntervalDays });
  const miss = (key: AnswerKey, what: string, b: BudgetTotal) => {
    const largest = largestTerm(b);
    report(key, `is below the worst-case ${what} of ${b.totalSeconds} s these answers give; the largest term is ${largest.phase} "${largest.term}" (${largest.seconds} s)\n${formatRecoveryBudget(budget)}`,
      `at least ${b.totalSeconds}, or answers that shorten the terms of the recovery budget below`);
  };
  if (!budget.rto.fits) miss('rtoTargetSeconds', 'recovery time with the primary region down', budget.rto);
  else if (!budget.rtoRegionUp.fits) miss('rtoTargetSeconds', 'recovery time with the primary region answering (slow path)', budget.rtoRegionUp);
  if (!budget.rpo.fits) miss('rpoTargetSeconds', 'data loss', budget.rpo);
}

/** The default RPO enforcement of an engine: the commit bound where Aurora offers one. */
export function defaultRpoEnforcement(engine: Engine): RpoEnforcement {
  return engine === 'aurora-postgresql' ? 'block-commits' : 'alarm-only';
}

export function withDerivedDefaults<T extends Partial<FieldValues>>(fields: T): T & { engineVersion?: string; rpoEnforcement?: RpoEnforcement } {
  const resolved = withoutOffTierSettings(fields);
  if (!resolved.engine) return resolved;
  return {
    ...resolved,
    ...(resolved.engineVersion === undefined ? { engineVersion: engineFact(resolved.engine).defaultVersion } : {}),
    ...(resolved.rpoEnforcement === undefined ? { rpoEnforcement: defaultRpoEnforcement(resolved.engine) } : {}),
  };
}

/**
 * Settings of an optional tier that is off go back to their defaults: the stack config leaves them
 * out and the program reads the defaults, so the recorded answers must say the same (a domain given
 * for an application tier that is off would otherwise be in .yo-rc.json and nowhere else).
 */
function withoutOffTierSettings<T extends Partial<FieldValues>>(fields: T): T {
  const result: Partial<FieldValues> = { ...fields };
  for (const key of Object.keys(FIELDS) as AnswerKey[]) {
    const { tier } = FIELDS[key].info as FieldInfo;
    if (!tier || !(key in fields) || fields[tier] !== false) continue;
    const fallback = FIELDS[key].schema.safeParse(undefined).data;
    if (fallback === undefined) delete result[key];
    else (result as Record<string, unknown>)[key] = fallback;
  }
  return result as T;
}

/** The answers as given (before defaults): what `--answers` files, `--set` and forms provide. */
export const answersInputSchema = z.object(shape).strict();

/** The whole answers: fields, defaults and the rules between fields. */
export const answersSchema = answersInputSchema
  .transform((a) => withDerivedDefaults(a) as ResolvedFields)
  .superRefine((a, ctx) => {
    for (const issue of crossFieldIssues(a)) {
      ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.reason, params: { allowed: issue.allowed } });
    }
  });

/** Answers as given by a user, a file or a form: every field optional. */
export type AnswersInput = z.input<typeof answersSchema>;
/** Answers after defaults and validation: what the renderer and the program use. */
export type Answers = z.output<typeof answersSchema>;

/** The answers as JSON Schema (draft 2020-12): what `tap-dr schema` prints and forms are built from. */
export function answersJsonSchema(): Record<string, unknown> {
  jsonSchema ??= z.toJSONSchema(answersInputSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return structuredClone(jsonSchema);
}
let jsonSchema: Record<string, unknown> | undefined;

export type FieldKind = 'string' | 'integer' | 'boolean' | 'map';

/** How a field is written as text (`--set`, Pulumi config) and read back. */
export function fieldKind(key: AnswerKey): FieldKind {
  const property = (answersJsonSchema().properties as Record<string, { type?: string }>)[key];
  if (property.type === 'integer' || property.type === 'boolean') return property.type;
  // A choice of numbers (`healthCheckIntervalSeconds`: 10 or 30) is written and read as an integer.
  if (property.type === 'number') return 'integer';
  return property.type === 'object' ? 'map' : 'string';
}
