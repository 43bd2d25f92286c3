import { ENGINES, FAMILY_SIZES } from '../lib/config/aws-facts';
import { parseAnswers } from '../lib/config/validate';
import { auroraInstanceHourly, costEstimate, costTable, probeGbSecondsPerFunction } from '../lib/config/cost-estimate';
import { PROBE_FUNCTION_MEMORY_MB, PROBE_WINDOW_SECONDS, PROBING_FUNCTIONS } from '../lib/config/timings';
import { HOURS_PER_MONTH, PRICES } from '../lib/config/prices';
import { TEAM_DOMAIN } from './helpers/team-domain';

// The application tier needs the team's public domain; it changes no price.
const item = (answers: Record<string, unknown>, starts: string) => costEstimate(parseAnswers({ publicDomainName: TEAM_DOMAIN, ...answers })).lines.find((l) => l.item.startsWith(starts));

describe('costEstimate', () => {
  it('instances: class price × instances per cluster × 2 regions × 730 h', () => {
    const line = item({ instanceClass: 'db.r5.large', instancesPerCluster: 2 }, 'Aurora db.r5.large');
    expect([line?.quantity, line?.monthlyUsd]).toEqual([4, Math.round(4 * 0.29 * HOURS_PER_MONTH * 100) / 100]);
    expect(auroraInstanceHourly('db.r6g.2xlarge').usd).toBeCloseTo(0.26 * 4);
    expect(() => auroraInstanceHourly('db.z9.large')).toThrow('no price for db.z9.large');
  });

  it('prices every class the answers accept, larger sizes costing more', () => {
    for (const family of new Set(ENGINES.flatMap((fact) => fact.instanceFamilies))) {
      const hourly = (FAMILY_SIZES[family] ?? []).map((size) => auroraInstanceHourly(`db.${family}.${size}`).usd);
      expect(hourly.length).toBeGreaterThan(0);
      expect(hourly).toEqual([...hourly].sort((a, b) => a - b));
    }
  });

  it('NAT gateways and endpoints scale with the answers; 0 NAT gateways gives no line', () => {
    expect(item({ natGatewayCount: 2 }, 'NAT')?.monthlyUsd).toBe(Math.round(4 * PRICES.natGateway.usd * HOURS_PER_MONTH * 100) / 100);
    expect(item({ natGatewayCount: 0 }, 'NAT')).toBeUndefined();
    // The Secrets Manager endpoint per AZ and region; CloudWatch Logs and metrics only when asked for.
    expect(item({ azCount: 2 }, 'Interface')).toMatchObject({ item: 'Interface VPC endpoints (secretsmanager × 2 AZs × 2 regions)', quantity: 4 });
    expect(item({ azCount: 2, cloudWatchEndpoints: true }, 'Interface')).toMatchObject({ item: 'Interface VPC endpoints (secretsmanager, logs, monitoring × 2 AZs × 2 regions)', quantity: 12 });
  });

  it('the application tier adds two ALBs, two health checks and the public zone; 10-second checks cost extra', () => {
    expect(item({ appTier: false }, 'Application Load Balancers')).toBeUndefined();
    expect(item({ appTier: true }, 'Application Load Balancers')?.quantity).toBe(2);
    expect(item({ appTier: true }, 'Route 53 health checks')?.quantity).toBe(5);
    expect(item({ appTier: false }, 'Route 53 health checks')?.quantity).toBe(3);
    expect(item({ appTier: true }, 'Route 53 hosted zones')?.quantity).toBe(2);
    expect(item({ appTier: false }, 'Route 53 hosted zones')?.quantity).toBe(1);
    // An existing public zone is not this stack's to pay for.
    expect(item({ appTier: true, publicHostedZoneId: 'Z0TEAMZONE' }, 'Route 53 hosted zones')).toMatchObject({ item: 'Route 53 hosted zones (private)', quantity: 1 });
    expect(item({ appTier: true, healthCheckIntervalSeconds: 10 }, '10-second')?.monthlyUsd).toBe(2);
    expect(item({ appTier: true, healthCheckIntervalSeconds: 30 }, '10-second')).toBeUndefined();
  });

  it('the dashboard tier adds the dashboard and the alarm metrics of what is deployed', () => {
    // Core: per region reachability and blocked commits; lag above the alarm and above the RPO; the
    // orchestrator's errors, throttles, silence and eight blind outcomes; the backup producer's failed and overdue alarms.
    expect(item({ dashboard: false }, 'CloudWatch alarm')?.quantity).toBe(19);
    expect(item({ dashboard: true }, 'CloudWatch alarm')?.quantity).toBe(23);
    expect(item({ dashboard: true, appTier: true }, 'CloudWatch alarm')?.quantity).toBe(33);
    expect(item({ dashboard: true }, 'CloudWatch dashboard')?.monthlyUsd).toBe(3);
    expect(item({ dashboard: false }, 'CloudWatch dashboard')).toBeUndefined();
  });

  it('one KMS key per region, and one in us-east-1 for the health-check alarm topic when neither region is there', () => {
    const eu = { primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2' };
    const keys = (answers: Record<string, unknown>) => item(answers, 'KMS keys');
    expect(keys({ ...eu, appTier: true, dashboard: true })).toMatchObject({ item: 'KMS keys (1 per region, 1 in us-east-1 for the health-check alarm topic)', quantity: 3, monthlyUsd: 3 * PRICES.kmsKey.usd });
    expect(keys({ ...eu, appTier: true, dashboard: false })).toMatchObject({ item: 'KMS keys (1 per region)', quantity: 2 });
    expect(keys({ ...eu, appTier: false, dashboard: true })?.quantity).toBe(2);
    expect(keys({ primaryRegion: 'eu-west-1', secondaryRegion: 'us-east-1', appTier: true, dashboard: true })?.quantity).toBe(2);
    // The two health-check alarms are counted wherever they live.
    expect(item({ ...eu, appTier: true, dashboard: true }, 'CloudWatch alarm')?.quantity).toBe(33);
  });

  it('the probe loops: three functions running the probe window of every minute, priced per GB-second', () => {
    const line = item({}, 'Lambda probe loops');
    expect(line?.item).toBe(`Lambda probe loops (${PROBING_FUNCTIONS} functions of ${PROBE_FUNCTION_MEMORY_MB} MB, ${PROBE_WINDOW_SECONDS} s of every minute)`);
    const gbSeconds = (PROBE_FUNCTION_MEMORY_MB / 1024) * PROBE_WINDOW_SECONDS * 60 * HOURS_PER_MONTH;
    expect(probeGbSecondsPerFunction()).toBeCloseTo(gbSeconds);
    expect(line?.monthlyUsd).toBeCloseTo(PROBING_FUNCTIONS * gbSeconds * PRICES.lambdaCompute.usd, 1);
  });

  it('backups: one export of the baseline database per interval, the exports kept for the retention in both regions, and their replication', () => {
    const perMonth = HOURS_PER_MONTH / 24;
    const daily = item({}, 'RDS snapshot exports');
    expect(daily).toMatchObject({ item: 'RDS snapshot exports to S3 (10 GB, every 1 day(s))', quantity: 10, unitsPerMonth: perMonth, monthlyUsd: Math.round(10 * PRICES.snapshotExport.usd * perMonth * 100) / 100 });
    expect(item({ backupExportIntervalDays: 7, backupRetentionS3Days: 30 }, 'RDS snapshot exports')?.unitsPerMonth).toBeCloseTo(perMonth / 7);
    // 30 daily exports of 10 GB in each of the two buckets; weekly: 5 exports (ceil 30 / 7).
    expect(item({}, 'Backup storage')).toMatchObject({ item: 'Backup storage (30 exports of up to 10 GB kept 30 days, in both regions)', quantity: 600, monthlyUsd: 13.8 });
    expect(item({ backupExportIntervalDays: 7, backupRetentionS3Days: 30 }, 'Backup storage')?.quantity).toBe(100);
    expect(item({}, 'Replication of the exports')?.monthlyUsd).toBe(Math.round(10 * PRICES.s3ReplicationWithRtc.usd * perMonth * 100) / 100);
  });

  it('the total is the sum of the lines, and the table shows every line and the total', () => {
    const estimate = costEstimate(parseAnswers({ natGatewayCount: 1 }));
    expect(estimate.totalMonthlyUsd).toBeCloseTo(estimate.lines.reduce((sum, l) => sum + l.monthlyUsd, 0), 2);
    const table = costTable(estimate);
    expect(table.split('\n')).toHaveLength(estimate.lines.length + 3);
    expect(table).toContain(`**$${estimate.totalMonthlyUsd.toFixed(2)}**`);
    expect(table).toContain('$0.045 per gateway-hour');
    expect(table).toContain('$0.00001667 per GB-second');
  });
});
