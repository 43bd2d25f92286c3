// Test doubles and capture helpers for the canary's real-database tests: a free loopback port, a TCP
// server that never answers, a local stand-in for the Secrets Manager API, and readers for the
// Embedded Metric Format and log lines the handler writes to standard output and standard error.
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import type { Context } from 'aws-lambda';

/**
 * A free loopback port: nothing listens on it, so connecting to it is refused, and a server started
 * next can listen on it (test/helpers/database.ts starts the throwaway server there).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A loopback server that accepts connections and never sends a byte, like a database that hangs. */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A local stand-in for the Secrets Manager API (GetSecretValue, JSON 1.1 protocol), which the AWS
 * SDK uses when AWS_ENDPOINT_URL_SECRETS_MANAGER points at it. Unknown secrets get the real
 * service's ResourceNotFoundException.
 */
export async function fakeSecretsManager(): Promise<{
  url: string;
  secrets: Map<string, unknown>;
  requests: string[];
  close(): Promise<void>;
}> {
  const secrets = new Map<string, unknown>();
  const requests: string[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      requests.push(`${request.headers['x-amz-target']} ${SecretId}`);
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      if (!secrets.has(SecretId)) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      const value = secrets.get(SecretId);
      response.end(JSON.stringify({ ARN: SecretId, Name: SecretId, SecretString: typeof value === 'string' ? value : JSON.stringify(value) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    secrets,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A Lambda context with `remainingMs` left. */
export function lambdaContext(remainingMs = 30_000): Context {
  return {
    awsRequestId: 'test-request-id',
    functionName: 'tap-dr-canary-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:tap-dr-canary-test',
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/tap-dr-canary-test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** One metric of an Embedded Metric Format record. */
export interface EmfMetric {
  readonly namespace: string;
  readonly dimensions: string[][];
  readonly unit: string;
  readonly value: number;
  /** The record's dimension values, e.g. `{ service: 'tap-dr-canary' }`. */
  readonly dimensionValues: Record<string, string>;
}

/** What one handler run wrote to standard output, parsed. */
export interface RunOutput {
  /** Metric name → metric, from the EMF records. */
  readonly metrics: Record<string, EmfMetric>;
  /** The Powertools Logger records (every JSON line that is not EMF). */
  readonly logs: Array<{ level: string; message: string; [key: string]: unknown }>;
}

export function parseOutput(text: string): RunOutput {
  const metrics: Record<string, EmfMetric> = {};
  const logs: RunOutput['logs'] = [];
  for (const line of text.split('\n').filter((l) => l.trim().startsWith('{'))) {
    const record = JSON.parse(line) as Record<string, unknown> & {
      _aws?: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
    };
    if (!record._aws) {
      logs.push(record as RunOutput['logs'][number]);
      continue;
    }
    for (const directive of record._aws.CloudWatchMetrics) {
      const dimensionValues = Object.fromEntries(directive.Dimensions.flat().map((d) => [d, String(record[d])]));
      for (const { Name, Unit } of directive.Metrics) {
        metrics[Name] = { namespace: directive.Namespace, dimensions: directive.Dimensions, unit: Unit, value: record[Name] as number, dimensionValues };
      }
    }
  }
  return { metrics, logs };
}

/**
 * Runs `fn` with standard output and standard error captured (Powertools writes there directly; Lambda
 * sends both to CloudWatch Logs); returns its result and the parsed output.
 */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ result: T; output: RunOutput }> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    const result = await fn();
    return { result, output: parseOutput(chunks.join('')) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Runs `env` with the variables set (undefined deletes one), restoring the environment afterwards. */
export async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await fn();
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}
