// Application Lambda behind each region's load balancer. GET /health answers 200 with the region and
// the time, without touching the database: the load balancer's and Route 53's checks ask whether this
// region can serve requests, and a database problem is the canaries' and the alarms' business.
// The runtime calls it as handler(event, context): nothing else can come in through a parameter, so
// the time is the system clock's (the unit tests set it with jest's fake timers).
import { Logger } from '@aws-lambda-powertools/logger';
import type { ALBEvent, ALBResult, Context } from 'aws-lambda';

export const HEALTH_PATH = '/health';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'tap-dr-app' });

const STATUS_TEXT = { 200: 'OK', 404: 'Not Found', 405: 'Method Not Allowed' } as const;

function json(statusCode: keyof typeof STATUS_TEXT, body: Record<string, unknown>): ALBResult {
  return {
    statusCode,
    // The load balancer needs the description to build the HTTP status line.
    statusDescription: `${statusCode} ${STATUS_TEXT[statusCode]}`,
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** Lambda entry point (`index.handler` in the bundle), invoked by the load balancer's target group. */
export async function handler(event: ALBEvent, context: Context): Promise<ALBResult> {
  logger.addContext(context);
  const region = process.env.AWS_REGION ?? 'unknown';
  if (event.path !== HEALTH_PATH) {
    logger.info('no such path', { path: event.path, method: event.httpMethod });
    return json(404, { error: 'not found', path: event.path });
  }
  if (event.httpMethod !== 'GET' && event.httpMethod !== 'HEAD') {
    return json(405, { error: 'method not allowed', method: event.httpMethod });
  }
  return json(200, { status: 'healthy', region, timestamp: new Date().toISOString() });
}
