import { healthCheckProblems, healthResponseProblems, type HealthCheckObservation } from './integration/app-checks';
import { fixture } from './integration/fixtures';

const healthCheckStatus = fixture<{ HealthCheckObservations: HealthCheckObservation[] }>('get-health-check-status');

const body = (value: unknown) => JSON.stringify(value);

describe('healthResponseProblems', () => {
  it('passes 200 with status healthy, the expected region and an ISO timestamp', () => {
    expect(healthResponseProblems(200, body({ status: 'healthy', region: 'us-west-2', timestamp: new Date(Date.UTC(2025, 10, 25, 13)).toISOString() }), 'us-west-2')).toEqual([]);
  });

  it('reports another status code, a body that is not JSON, and wrong fields', () => {
    expect(healthResponseProblems(502, '', 'us-east-1')).toEqual(['/health answered 502, not 200']);
    expect(healthResponseProblems(200, '<html>', 'us-east-1')).toEqual(['/health answered something that is not JSON: <html>']);
    expect(healthResponseProblems(200, body({ status: 'degraded', region: 'us-east-1', timestamp: 'yesterday' }), 'us-west-2')).toEqual([
      '/health says status degraded, not healthy',
      '/health answered from us-east-1, not us-west-2',
      '/health gives no ISO timestamp',
    ]);
    expect(healthResponseProblems(200, body({ status: 'healthy', region: 'us-west-2' }), 'us-west-2')).toEqual(['/health gives no ISO timestamp']);
  });
});

describe('healthCheckProblems', () => {
  it('passes when most checkers report success (2 of 3 in the fixture)', () => {
    expect(healthCheckProblems('hc-1', healthCheckStatus.HealthCheckObservations)).toEqual([]);
  });

  it('reports a check without observations or with half or fewer succeeding', () => {
    expect(healthCheckProblems('hc-1', undefined)).toEqual(['health check hc-1 has no observations yet']);
    expect(healthCheckProblems('hc-1', healthCheckStatus.HealthCheckObservations.slice(1))).toEqual(['health check hc-1: 1 of 2 checkers see it healthy']);
    expect(healthCheckProblems('hc-1', [{ Region: 'us-east-1' }])).toEqual(['health check hc-1: 0 of 1 checkers see it healthy']);
  });
});
