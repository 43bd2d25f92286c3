/**
 * Unit prices behind the cost estimate in the README and `tap-dr new --dry-run`: AWS on-demand list
 * prices in USD for us-east-1, as recorded on PRICES_RECORDED_ON from the public pricing pages named
 * on each price. They are approximations: other regions cost more or less (often 5–25% more outside
 * the US), prices change, and usage charges (I/O, data transfer, requests, LCUs) are not modelled.
 * Re-check the pages, or use the AWS Pricing Calculator, before budgeting.
 *
 * UNCONFIRMED: the machine these prices were written on could not reach the pricing pages, so every
 * value below is the list price as known to the authors on that date, not re-read from its source.
 * The estimate says so wherever it is shown; correct a price here and every front end follows.
 */
export const PRICES_RECORDED_ON = '2026-11-22';
export const PRICE_REGION = 'us-east-1';
export const HOURS_PER_MONTH = 730;

export interface UnitPrice {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

const AURORA = 'https://aws.amazon.com/rds/aurora/pricing/';

/**
 * Aurora on-demand price of the `large` size per family and hour (Aurora Standard storage
 * configuration; the same for both engines in us-east-1). Larger sizes cost in proportion to their
 * normalization factor (large 4, xlarge 8, 2xlarge 16, …), as AWS prices them within a family:
 * "Reserved DB instances — size-flexible", Amazon Aurora User Guide
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_WorkingWithReservedDBInstances.html).
 */
export const AURORA_LARGE_HOURLY: Readonly<Record<string, UnitPrice>> = {
  r5: { usd: 0.29, per: 'instance-hour', source: AURORA },
  r6g: { usd: 0.26, per: 'instance-hour', source: AURORA },
  r6i: { usd: 0.29, per: 'instance-hour', source: AURORA },
  r7g: { usd: 0.276, per: 'instance-hour', source: AURORA },
  r7i: { usd: 0.3045, per: 'instance-hour', source: AURORA },
  r8g: { usd: 0.2621, per: 'instance-hour', source: AURORA },
  x2g: { usd: 0.4, per: 'instance-hour', source: AURORA },
};

/** Normalization factor of each size (large = 4): see AURORA_LARGE_HOURLY. */
export const SIZE_FACTOR: Readonly<Record<string, number>> = {
  large: 4, xlarge: 8, '2xlarge': 16, '4xlarge': 32, '8xlarge': 64, '12xlarge': 96, '16xlarge': 128,
  '24xlarge': 192, '32xlarge': 256, '48xlarge': 384,
};

export const PRICES = {
  auroraStorage: { usd: 0.1, per: 'GB-month', source: AURORA },
  natGateway: { usd: 0.045, per: 'gateway-hour (plus 0.045 per GB processed)', source: 'https://aws.amazon.com/vpc/pricing/' },
  interfaceEndpoint: { usd: 0.01, per: 'endpoint-hour per AZ (plus 0.01 per GB processed)', source: 'https://aws.amazon.com/privatelink/pricing/' },
  loadBalancer: { usd: 0.0225, per: 'ALB-hour (plus LCU-hours)', source: 'https://aws.amazon.com/elasticloadbalancing/pricing/' },
  healthCheck: { usd: 0.5, per: 'health check-month (AWS endpoint, calculated or metric)', source: 'https://aws.amazon.com/route53/pricing/' },
  fastHealthCheck: { usd: 1, per: 'health check-month extra for a 10-second interval (AWS endpoint)', source: 'https://aws.amazon.com/route53/pricing/' },
  hostedZone: { usd: 0.5, per: 'hosted zone-month', source: 'https://aws.amazon.com/route53/pricing/' },
  kmsKey: { usd: 1, per: 'key-month', source: 'https://aws.amazon.com/kms/pricing/' },
  secret: { usd: 0.4, per: 'secret or replica-month', source: 'https://aws.amazon.com/secrets-manager/pricing/' },
  alarmMetric: { usd: 0.1, per: 'standard-resolution alarm metric-month', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  dashboard: { usd: 3, per: 'dashboard-month (beyond the free 3)', source: 'https://aws.amazon.com/cloudwatch/pricing/' },
  lambdaCompute: { usd: 0.0000166667, per: 'GB-second (x86; plus 0.20 per million requests)', source: 'https://aws.amazon.com/lambda/pricing/' },
  // "Snapshot Export" on the Aurora pricing page: charged per GB of snapshot size exported, whether
  // all or part of it is exported ("Exporting DB cluster data to Amazon S3", Aurora User Guide).
  snapshotExport: { usd: 0.01, per: 'GB of snapshot exported', source: AURORA },
  s3Standard: { usd: 0.023, per: 'GB-month (S3 Standard, first 50 TB)', source: 'https://aws.amazon.com/s3/pricing/' },
  // Cross-region replication: inter-region data transfer ($0.02/GB from us-east-1) plus Replication
  // Time Control ($0.015/GB), both on the S3 pricing page.
  s3ReplicationWithRtc: { usd: 0.035, per: 'GB replicated (inter-region transfer + Replication Time Control)', source: 'https://aws.amazon.com/s3/pricing/' },
} as const satisfies Record<string, UnitPrice>;

/** Aurora storage assumed per region for the baseline line: a small database. */
export const STORAGE_BASELINE_GB = 10;
