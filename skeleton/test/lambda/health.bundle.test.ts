// The deployed /health function: its bundle, invoked as the Lambda runtime invokes it for the load
// balancer's target group (an ALB event and the runtime's context). What the load balancer and both
// Route 53 checks get from each region.
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { HEALTH_PATH } from '../../lib/app-tier';
import { describeBundle, resultOf } from '../helpers/lambda-runtime';

/** A request as the load balancer hands it to a Lambda target (multi-value headers off). */
const albEvent = (httpMethod: string, path: string): ALBEvent => ({
  httpMethod,
  path,
  queryStringParameters: {},
  headers: { host: 'alb-app-us-east-1-dev-123456789.us-east-1.elb.amazonaws.com', 'user-agent': 'Amazon-Route53-Health-Check-Service' },
  body: null,
  isBase64Encoded: false,
  requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-app-us-east-1-dev/0123456789abcdef' } },
});

describeBundle('health', (bundle) => {
  it('GET /health: 200 in the ALB response shape, with the region and the time of the request', async () => {
    const before = Date.now();
    const response = resultOf(await bundle.invoke(albEvent('GET', HEALTH_PATH), { region: 'us-west-2' })) as ALBResult;
    expect(response).toMatchObject({ statusCode: 200, statusDescription: '200 OK', isBase64Encoded: false, headers: { 'Content-Type': 'application/json' } });
    const body = JSON.parse(response.body as string) as { status: string; region: string; timestamp: string };
    expect(body).toEqual({ status: 'healthy', region: 'us-west-2', timestamp: expect.any(String) });
    expect(Date.parse(body.timestamp)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(body.timestamp)).toBeLessThanOrEqual(Date.now());
  });

  it('HEAD /health: 200 as well', async () => {
    expect(resultOf(await bundle.invoke(albEvent('HEAD', HEALTH_PATH)))).toMatchObject({ statusCode: 200 });
  });

  it('another path: 404, logged with the request id the runtime gave the invocation', async () => {
    const invocation = await bundle.invoke(albEvent('GET', '/admin'));
    expect(resultOf(invocation)).toMatchObject({ statusCode: 404, statusDescription: '404 Not Found' });
    expect(invocation.output.logs).toEqual([expect.objectContaining({ level: 'INFO', message: 'no such path', function_request_id: invocation.requestId, function_name: invocation.functionName })]);
  });

  it('another method on /health: 405', async () => {
    expect(resultOf(await bundle.invoke(albEvent('POST', HEALTH_PATH)))).toMatchObject({ statusCode: 405 });
  });
});
