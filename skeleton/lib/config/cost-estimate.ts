import type { Answers } from './answers-schema';
import { ROUTE53_HEALTH_CHECK, vpcEndpointServices } from './aws-facts';
import { BLIND_OUTCOMES } from './blind-outcomes';
import { PROBE_FUNCTION_MEMORY_MB, PROBE_WINDOW_SECONDS, PROBING_FUNCTIONS } from './timings';
import {
  AURORA_LARGE_HOURLY,
  HOURS_PER_MONTH,
  PRICE_REGION,
  PRICES,
  PRICES_RECORDED_ON,
  SIZE_FACTOR,
  STORAGE_BASELINE_GB,
  type UnitPrice,
} from './prices';

/** One line of the estimate: what, how many, at which unit price, per month. */
export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: UnitPrice;
  /** Units billed per month for each of `quantity` (730 for hourly prices, 1 for monthly ones). */
  readonly unitsPerMonth: number;
  readonly monthlyUsd: number;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly totalMonthlyUsd: number;
  readonly priceRegion: string;
  readonly pricesRecordedOn: string;
}

/**
 * Alarm metrics of the core stack: per region the canary's reachability and blocked commits (4); the lag
 * above the alarm threshold and above the RPO target (2); the orchestrator's errors, throttles and
 * silence (3) and its blind outcomes (BLIND_OUTCOMES); the backup producer's failed and overdue alarms (2).
 */
const CORE_ALARM_METRICS = 4 + 2 + 3 + BLIND_OUTCOMES.length + 2;
/** Route 53 checks of the core stack (read.<zone>): two on alarms and the calculated one. */
const CORE_HEALTH_CHECKS = 3;
/** Scheduled invocations per month of a function started every minute. */
const INVOCATIONS_PER_MONTH = HOURS_PER_MONTH * 60;
/** Backup exports a month at one every `days` days (730 hours a month). */
const exportsPerMonth = (days: number) => HOURS_PER_MONTH / 24 / days;

const round = (usd: number) => Math.round(usd * 100) / 100;

/** GB-seconds a month one probing function runs: it probes for the window of every scheduled minute. */
export function probeGbSecondsPerFunction(): number {
  return (PROBE_FUNCTION_MEMORY_MB / 1024) * PROBE_WINDOW_SECONDS * INVOCATIONS_PER_MONTH;
}

/** Hourly price of one Aurora instance of `instanceClass` (db.<family>.<size>). */
export function auroraInstanceHourly(instanceClass: string): UnitPrice {
  const [, family, size] = instanceClass.split('.');
  const large = AURORA_LARGE_HOURLY[family];
  const factor = SIZE_FACTOR[size];
  if (!large || !factor) throw new Error(`no price for ${instanceClass} in lib/config/prices.ts`);
  return { ...large, usd: (large.usd * factor) / SIZE_FACTOR.large };
}

/**
 * The fixed monthly cost of the stack the answers describe, both regions together, from list prices
 * (see lib/config/prices.ts). Usage charges — I/O, data transfer and processing, requests, Lambda
 * invocations, load balancer capacity units, replicated writes — come on top.
 */
export function costEstimate(answers: Answers): CostEstimate {
  const lines: CostLine[] = [];
  const add = (item: string, quantity: number, unit: UnitPrice, unitsPerMonth: number) => {
    if (quantity > 0) lines.push({ item, quantity, unit, unitsPerMonth, monthlyUsd: round(quantity * unit.usd * unitsPerMonth) });
  };
  const regions = 2;
  add(`Aurora ${answers.instanceClass} instances (${answers.instancesPerCluster} per cluster × 2 regions)`, answers.instancesPerCluster * regions, auroraInstanceHourly(answers.instanceClass), HOURS_PER_MONTH);
  add(`Aurora storage baseline (${STORAGE_BASELINE_GB} GB per region)`, STORAGE_BASELINE_GB * regions, PRICES.auroraStorage, 1);
  add(`NAT gateways (${answers.natGatewayCount} per region)`, answers.natGatewayCount * regions, PRICES.natGateway, HOURS_PER_MONTH);
  const endpoints = vpcEndpointServices(answers.cloudWatchEndpoints);
  add(`Interface VPC endpoints (${endpoints.join(', ')} × ${answers.azCount} AZs × 2 regions)`, endpoints.length * answers.azCount * regions, PRICES.interfaceEndpoint, HOURS_PER_MONTH);
  if (answers.appTier) add('Application Load Balancers (1 per region)', regions, PRICES.loadBalancer, HOURS_PER_MONTH);
  const appChecks = answers.appTier ? regions : 0;
  add(`Route 53 health checks (${CORE_HEALTH_CHECKS} database${appChecks > 0 ? `, ${appChecks} application` : ''})`, CORE_HEALTH_CHECKS + appChecks, PRICES.healthCheck, 1);
  if (answers.appTier && answers.healthCheckIntervalSeconds === 10) add('10-second interval on the application checks', appChecks, PRICES.fastHealthCheck, 1);
  // An existing public zone (publicHostedZoneId) is already paid for, outside this stack.
  const publicZone = answers.appTier && answers.publicHostedZoneId === undefined;
  add(`Route 53 hosted zones (private${publicZone ? ' and public' : ''})`, publicZone ? 2 : 1, PRICES.hostedZone, 1);
  // With the application tier and the dashboard but neither region in us-east-1, the health-check
  // alarms get a topic and key of their own there (lib/optional-tiers.ts).
  const healthCheckAlarmKeys = answers.appTier && answers.dashboard
    && ![answers.primaryRegion, answers.secondaryRegion].includes(ROUTE53_HEALTH_CHECK.metricsRegion) ? 1 : 0;
  add(`KMS keys (1 per region${healthCheckAlarmKeys > 0 ? `, 1 in ${ROUTE53_HEALTH_CHECK.metricsRegion} for the health-check alarm topic` : ''})`, regions + healthCheckAlarmKeys, PRICES.kmsKey, 1);
  add('Secrets Manager secret and its replica', 2, PRICES.secret, 1);
  // The backups in S3, sized as the baseline database: an export is at most the snapshot's size
  // (Parquet is compressed, so usually less), kept backupRetentionS3Days in each bucket.
  const perMonth = exportsPerMonth(answers.backupExportIntervalDays);
  add(`RDS snapshot exports to S3 (${STORAGE_BASELINE_GB} GB, every ${answers.backupExportIntervalDays} day(s))`, STORAGE_BASELINE_GB, PRICES.snapshotExport, perMonth);
  const keptExports = Math.ceil(answers.backupRetentionS3Days / answers.backupExportIntervalDays);
  add(`Backup storage (${keptExports} exports of up to ${STORAGE_BASELINE_GB} GB kept ${answers.backupRetentionS3Days} days, in both regions)`, keptExports * STORAGE_BASELINE_GB * regions, PRICES.s3Standard, 1);
  add('Replication of the exports to the secondary region', STORAGE_BASELINE_GB, PRICES.s3ReplicationWithRtc, perMonth);
  // Per region: CPU and connections; with the application tier also error rate (2 metrics), throttles,
  // healthy targets; and one per application health check (in us-east-1, whichever the regions).
  const operationsAlarmMetrics = answers.dashboard ? regions * (2 + (answers.appTier ? 4 : 0)) + appChecks : 0;
  add('CloudWatch alarm metrics', CORE_ALARM_METRICS + operationsAlarmMetrics, PRICES.alarmMetric, 1);
  add(`Lambda probe loops (${PROBING_FUNCTIONS} functions of ${PROBE_FUNCTION_MEMORY_MB} MB, ${PROBE_WINDOW_SECONDS} s of every minute)`, PROBING_FUNCTIONS, PRICES.lambdaCompute, probeGbSecondsPerFunction());
  if (answers.dashboard) add('CloudWatch dashboard (free when the account has fewer than 3)', 1, PRICES.dashboard, 1);
  return {
    lines,
    totalMonthlyUsd: round(lines.reduce((sum, line) => sum + line.monthlyUsd, 0)),
    priceRegion: PRICE_REGION,
    pricesRecordedOn: PRICES_RECORDED_ON,
  };
}

export const usd = (value: number) => `$${value.toFixed(2)}`;
/** Unit prices keep four significant digits (an ALB hour is $0.0225, a Lambda GB-second $0.00001667). */
export const unitUsd = (value: number) => `$${Number(value.toPrecision(4))}`;

/** The estimate as a Markdown table, for the README and `tap-dr new --dry-run`. */
export function costTable(estimate: CostEstimate): string {
  const rows = estimate.lines.map((line) => `| ${line.item} | ${line.quantity} | ${unitUsd(line.unit.usd)} per ${line.unit.per} | ${usd(line.monthlyUsd)} |`);
  return [
    '| item | quantity | unit price | per month |',
    '|---|---:|---|---:|',
    ...rows,
    `| **total** | | | **${usd(estimate.totalMonthlyUsd)}** |`,
  ].join('\n');
}
