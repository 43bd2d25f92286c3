import type { ALBEvent } from 'aws-lambda';
import { HEALTH_PATH, handler } from '../lambda/health/handler';
import { HEALTH_PATH as CHECKED_PATH } from '../lib/app-tier';

const event = (httpMethod: string, path: string): ALBEvent => ({
  httpMethod,
  path,
  queryStringParameters: {},
  headers: { host: 'alb.example' },
  body: null,
  isBase64Encoded: false,
  requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1' } },
});
/** The moment of the requirement document's example response. */
const at = () => new Date(Date.UTC(2025, 10, 25, 13, 0, 0));

describe('the /health Lambda', () => {
  const savedRegion = process.env.AWS_REGION;
  afterEach(() => {
    if (savedRegion === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = savedRegion;
  });

  it('serves the path the load balancer and Route 53 check', () => {
    expect(HEALTH_PATH).toBe(CHECKED_PATH);
  });

  it('answers GET /health with 200 and the ALB response shape: status, region, timestamp as JSON', async () => {
    process.env.AWS_REGION = 'us-west-2';
    const result = await handler(event('GET', HEALTH_PATH), at);
    expect(result).toMatchObject({ statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false, headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(result.body as string)).toEqual({ status: 'healthy', region: 'us-west-2', timestamp: at().toISOString() });
  });

  it('answers HEAD /health too (some checkers use it) and says "unknown" outside Lambda', async () => {
    delete process.env.AWS_REGION;
    const result = await handler(event('HEAD', HEALTH_PATH), at);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body as string).region).toBe('unknown');
  });

  it('uses the current time by default', async () => {
    const before = Date.now();
    const { timestamp } = JSON.parse((await handler(event('GET', HEALTH_PATH))).body as string);
    expect(Date.parse(timestamp)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('answers any other path with 404 and a JSON error', async () => {
    const result = await handler(event('GET', '/admin'), at);
    expect(result).toMatchObject({ statusCode: 404, statusDescription: '404 Not Found' });
    expect(JSON.parse(result.body as string)).toEqual({ error: 'not found', path: '/admin' });
  });

  it('refuses other methods on /health with 405', async () => {
    const result = await handler(event('POST', HEALTH_PATH), at);
    expect(result).toMatchObject({ statusCode: 405, statusDescription: '405 Method Not Allowed' });
  });
});
