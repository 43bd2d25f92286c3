// The /health handler in-process, called as the runtime calls it: handler(event, context). The
// deployed bundle is invoked the same way in test/lambda/health.bundle.test.ts.
import type { ALBEvent } from 'aws-lambda';
import { HEALTH_PATH, handler } from '../lambda/health/handler';
import { HEALTH_PATH as CHECKED_PATH } from '../lib/app-tier';
import { captureOutput, lambdaContext } from './canary/support';

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
const AT = new Date(Date.UTC(2025, 10, 25, 13, 0, 0));
const context = lambdaContext();

describe('the /health Lambda', () => {
  const savedRegion = process.env.AWS_REGION;
  beforeEach(() => {
    jest.useFakeTimers({ now: AT });
  });
  afterEach(() => {
    jest.useRealTimers();
    if (savedRegion === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = savedRegion;
  });

  it('serves the path the load balancer and Route 53 check', () => {
    expect(HEALTH_PATH).toBe(CHECKED_PATH);
  });

  it('answers GET /health with 200 and the ALB response shape: status, region, timestamp as JSON', async () => {
    process.env.AWS_REGION = 'us-west-2';
    const result = await handler(event('GET', HEALTH_PATH), context);
    expect(result).toMatchObject({ statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false, headers: { 'Content-Type': 'application/json' } });
    expect(JSON.parse(result.body as string)).toEqual({ status: 'healthy', region: 'us-west-2', timestamp: AT.toISOString() });
  });

  it('answers HEAD /health too (some checkers use it) and says "unknown" outside Lambda', async () => {
    delete process.env.AWS_REGION;
    const result = await handler(event('HEAD', HEALTH_PATH), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body as string).region).toBe('unknown');
  });

  it('answers with the time of the request', async () => {
    const later = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    jest.setSystemTime(later);
    const { timestamp } = JSON.parse((await handler(event('GET', HEALTH_PATH), context)).body as string);
    expect(timestamp).toBe(later.toISOString());
  });

  it('answers any other path with 404 and a JSON error, and logs it with the request id of the context', async () => {
    const { result, output } = await captureOutput(() => handler(event('GET', '/admin'), context));
    expect(result).toMatchObject({ statusCode: 404, statusDescription: '404 Not Found' });
    expect(JSON.parse(result.body as string)).toEqual({ error: 'not found', path: '/admin' });
    expect(output.logs).toEqual([expect.objectContaining({ level: 'INFO', message: 'no such path', path: '/admin', function_request_id: context.awsRequestId })]);
  });

  it('refuses other methods on /health with 405', async () => {
    const result = await handler(event('POST', HEALTH_PATH), context);
    expect(result).toMatchObject({ statusCode: 405, statusDescription: '405 Method Not Allowed' });
  });
});
