// Integration checks of the deployed application tier (npm run test:integration).
import { GetHealthCheckStatusCommand, Route53Client } from '@aws-sdk/client-route-53';
import { REPO_ROOT } from '../helpers/repo';
import { healthCheckProblems, healthResponseProblems } from './app-checks';
import { readFlatOutputs } from './outputs';

const REQUIRED = ['primaryRegion', 'secondaryRegion', 'primaryAppUrl', 'failoverEndpointUrl', 'primaryHealthCheckId', 'secondaryHealthCheckId'];
const found = readFlatOutputs(REPO_ROOT, REQUIRED);

if ('skip' in found) {
  describe.skip(`the deployed application tier (skipped: ${found.skip})`, () => {
    it('is not checked', () => undefined);
  });
} else {
  const { outputs } = found;

  describe('the deployed application tier', () => {
    it.each([
      ['primary', outputs.primaryAppUrl, outputs.primaryRegion],
      ['secondary (failover)', outputs.failoverEndpointUrl, outputs.secondaryRegion],
    ])('the %s load balancer answers GET /health with 200 from its region', async (_role, url, region) => {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
      expect(healthResponseProblems(response.status, await response.text(), region)).toEqual([]);
    });

    it('Route 53 has both health checks and sees them healthy', async () => {
      // Route 53 is global; its API lives in us-east-1.
      const route53 = new Route53Client({ region: 'us-east-1' });
      for (const id of [outputs.primaryHealthCheckId, outputs.secondaryHealthCheckId]) {
        const { HealthCheckObservations } = await route53.send(new GetHealthCheckStatusCommand({ HealthCheckId: id }));
        expect(healthCheckProblems(id, HealthCheckObservations)).toEqual([]);
      }
    });
  });
}
