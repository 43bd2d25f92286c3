// Invokes a built Lambda bundle (lambda/dist/<name>/index.js, what `npm run build:lambda` makes and
// Pulumi deploys) the way the Node.js Lambda runtime does: a fresh Node process with the runtime's
// environment, the handler named by `index.handler`, called with the event and a context shaped like
// the runtime's (and, on nodejs22.x, the callback), and the outcome reported as the runtime reports it.
// The emulation itself is lambda-runtime-runner.js; this file starts it and reads what it reports.
//
// Every Lambda's bundle tests use `describeBundle('<name>', ...)`: test/lambda/handlers.test.ts fails
// for a function under lambda/ that has none, and the template's CI checks that they ran and passed.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LAMBDA_RUNTIMES } from '../../lib/config/aws-facts';
import { loadStackConfig } from '../../lib/config/stack-config';
import { parseOutput, type RunOutput } from '../canary/support';
import { generatedAnswers, REPO_ROOT, stackFileConfig } from './repo';

export type LambdaRuntime = (typeof LAMBDA_RUNTIMES)[number];

/** The handler setting every function of this stack is deployed with (lib/*.ts: `handler: 'index.handler'`). */
export const HANDLER_SETTING = 'index.handler';
/** Where `npm run build:lambda` puts the function called `name`. */
export const bundleDir = (name: string): string => join(REPO_ROOT, 'lambda', 'dist', name);
export const bundleFile = (name: string): string => `lambda/dist/${name}/index.js`;

/**
 * An address where nothing listens. Every AWS SDK client in an invoked bundle goes there unless the
 * test points its service somewhere (AWS_ENDPOINT_URL_<SERVICE>), so no test can reach real AWS.
 */
export const NO_AWS_ENDPOINT = 'http://127.0.0.1:9';

/** The runtime of this repository's functions: `TapStack:lambdaRuntime` in Pulumi.<stack>.yaml. */
export function configuredRuntime(): LambdaRuntime {
  const { stack } = generatedAnswers();
  return loadStackConfig({ config: stackFileConfig(stack), stack, env: {} }).lambdaRuntime;
}

export interface InvokeOptions {
  /** The function's own environment variables, as the Pulumi program sets them. */
  readonly env?: Readonly<Record<string, string>>;
  /** Default: the repository's configured runtime. */
  readonly runtime?: LambdaRuntime;
  readonly region?: string;
  /** The function's timeout: the context's deadline, and when the invocation is cut off. */
  readonly timeoutMs?: number;
  readonly functionName?: string;
  /** The bundle's folder; default lambda/dist/<name>. */
  readonly dir?: string;
}

/** What the runtime reports for one invocation, and what the function wrote to its log. */
export interface Invocation {
  readonly outcome: { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: { readonly errorType: string; readonly errorMessage: string } };
  /** The invocation's request id (context.awsRequestId). */
  readonly requestId: string;
  readonly functionName: string;
  /** The log lines and EMF metrics written to standard output and standard error. */
  readonly output: RunOutput;
  readonly log: string;
}

/** Invokes the bundle of the function `name` once with `event`. */
export async function invokeBundle(name: string, event: unknown, options: InvokeOptions = {}): Promise<Invocation> {
  const dir = options.dir ?? bundleDir(name);
  if (!existsSync(join(dir, 'index.js'))) throw new Error(`${dir}/index.js does not exist: build the bundles with npm run build:lambda`);
  const runtime = options.runtime ?? configuredRuntime();
  const region = options.region ?? 'us-east-1';
  const functionName = options.functionName ?? `tap-dr-${name}-test`;
  const requestId = randomUUID();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const env: Record<string, string> = {
    // What the runtime sets ("Defined runtime environment variables", AWS Lambda Developer Guide).
    PATH: process.env.PATH ?? '',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    _HANDLER: HANDLER_SETTING,
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `2026/01/01/[$LATEST]${requestId.replace(/-/g, '')}`,
    AWS_LAMBDA_LOG_FORMAT: 'JSON',
    LAMBDA_TASK_ROOT: dir,
    // The execution role's credentials; fake ones here.
    AWS_ACCESS_KEY_ID: 'ASIATESTTESTTESTTEST',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    AWS_ENDPOINT_URL: NO_AWS_ENDPOINT,
    ...options.env,
    TAP_DR_INVOCATION: JSON.stringify({
      handler: HANDLER_SETTING,
      runtime,
      event,
      timeoutMs,
      awsRequestId: requestId,
      invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
    }),
  };
  const child = spawn(process.execPath, [join(__dirname, 'lambda-runtime-runner.js')], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const collect = (stream: NodeJS.ReadableStream | null) => {
    const chunks: Buffer[] = [];
    stream?.on('data', (chunk: Buffer) => chunks.push(chunk));
    return () => Buffer.concat(chunks).toString();
  };
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const reported = collect(child.stdio[3] as NodeJS.ReadableStream);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const log = `${stdout()}\n${stderr()}`;
  if (!reported()) throw new Error(`the runtime emulation exited with ${code} without reporting an outcome:\n${log}`);
  return { outcome: JSON.parse(reported()) as Invocation['outcome'], requestId, functionName, output: parseOutput(log), log };
}

/** The handler's result; fails the test with the runtime's error report when the invocation failed. */
export function resultOf(invocation: Invocation): unknown {
  if (!invocation.outcome.ok) {
    throw new Error(`the invocation failed as the runtime reports it: ${invocation.outcome.error.errorType}: ${invocation.outcome.error.errorMessage}\n${invocation.log}`);
  }
  return invocation.outcome.result;
}

/** One function's bundle, for `describeBundle`'s body. */
export interface LambdaBundle {
  readonly name: string;
  readonly runtime: LambdaRuntime;
  invoke(event: unknown, options?: Omit<InvokeOptions, 'dir'>): Promise<Invocation>;
}

/**
 * The tests of the bundle of the function `name`, under a title that names the bundle and the runtime
 * (the template's CI looks for it). The bundles are built once per run by jest's global setup.
 */
export function describeBundle(name: string, body: (bundle: LambdaBundle) => void): void {
  const runtime = configuredRuntime();
  // A fresh Node process per invocation, loading the AWS SDK: seconds on a busy machine.
  jest.setTimeout(60_000);
  describe(`${bundleFile(name)}, invoked as the ${runtime} runtime invokes ${HANDLER_SETTING}`, () => {
    body({ name, runtime, invoke: (event, options) => invokeBundle(name, event, { runtime, ...options }) });
  });
}
