import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRESETS } from '../../generator/answers/presets';
import { costEstimate } from '../../skeleton/lib/config/cost-estimate';
import { HOURS_PER_MONTH, PRICES } from '../../skeleton/lib/config/prices';
import { parseAnswers } from '../../skeleton/lib/config/validate';
import { HEALTHCARE_ANSWERS } from '../helpers/team-domain';

const lineOf = (answers: Parameters<typeof costEstimate>[0], starts: string) => costEstimate(answers).lines.find((l) => l.item.startsWith(starts));

describe('cost estimate of the presets', () => {
  const healthcare = parseAnswers(HEALTHCARE_ANSWERS);
  const trading = parseAnswers(PRESETS.trading.answers);

  it('healthcare: 4 × db.r5.large at $0.29/h (a reader per cluster), no NAT gateway, the Secrets Manager endpoint in 3 AZs per region, 2 ALBs, 5 health checks, the probe loops, the backups', () => {
    assert.equal(lineOf(healthcare, 'Aurora db.r5.large')?.quantity, 4);
    assert.equal(lineOf(healthcare, 'Aurora db.r5.large')?.monthlyUsd, 846.8);
    assert.equal(lineOf(healthcare, 'NAT gateways'), undefined);
    assert.deepEqual([lineOf(healthcare, 'Interface VPC endpoints')?.item, lineOf(healthcare, 'Interface VPC endpoints')?.monthlyUsd], ['Interface VPC endpoints (secretsmanager × 3 AZs × 2 regions)', 43.8]);
    assert.equal(lineOf(healthcare, 'Application Load Balancers')?.monthlyUsd, Math.round(2 * PRICES.loadBalancer.usd * HOURS_PER_MONTH * 100) / 100);
    assert.equal(lineOf(healthcare, 'Route 53 health checks')?.quantity, 5);
    // Three functions of 256 MB probing 70 s of every minute: the fast detection's price.
    assert.equal(lineOf(healthcare, 'Lambda probe loops')?.monthlyUsd, 38.33);
    // Backups: daily exports of the 10 GB baseline (3.04), 30 of them kept in both buckets (13.80), their
    // replication (10.65), and the producer's two alarms (0.20).
    assert.equal(lineOf(healthcare, 'Backup storage')?.monthlyUsd, 13.8);
    assert.equal(costEstimate(healthcare).totalMonthlyUsd, 1003.87);
  });

  it('trading: 4 × db.r6g.large, no application tier or dashboard lines', () => {
    assert.equal(lineOf(trading, 'Aurora db.r6g.large')?.quantity, 4);
    assert.equal(lineOf(trading, 'Application Load Balancers'), undefined);
    assert.equal(lineOf(trading, 'CloudWatch dashboard'), undefined);
    assert.equal(lineOf(trading, 'NAT gateways'), undefined);
    assert.equal(costEstimate(trading).totalMonthlyUsd, 877.52);
  });

  it('NAT gateways and the CloudWatch endpoints are opt-in and priced when chosen', () => {
    const opted = parseAnswers({ ...HEALTHCARE_ANSWERS, natGatewayCount: 1, cloudWatchEndpoints: true });
    assert.equal(lineOf(opted, 'NAT gateways')?.monthlyUsd, Math.round(2 * PRICES.natGateway.usd * HOURS_PER_MONTH * 100) / 100);
    assert.deepEqual([lineOf(opted, 'Interface VPC endpoints')?.item, lineOf(opted, 'Interface VPC endpoints')?.quantity], ['Interface VPC endpoints (secretsmanager, logs, monitoring × 3 AZs × 2 regions)', 18]);
  });

  it('healthcare in eu-central-1 → eu-west-2: a third KMS key, in us-east-1 for the health-check alarm topic', () => {
    const eu = parseAnswers({ ...HEALTHCARE_ANSWERS, primaryRegion: 'eu-central-1', secondaryRegion: 'eu-west-2' });
    assert.equal(lineOf(eu, 'KMS keys')?.quantity, 3);
    assert.equal(lineOf(healthcare, 'KMS keys')?.quantity, 2);
    assert.equal(costEstimate(eu).totalMonthlyUsd, Math.round((costEstimate(healthcare).totalMonthlyUsd + PRICES.kmsKey.usd) * 100) / 100);
  });
});
