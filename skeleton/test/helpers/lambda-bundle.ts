// A small stand-in for the Node.js Lambda runtime, for tests of a built bundle: it builds
// lambda/<name> with the build script (scripts/bundle-lambdas.js) into a fresh folder inside the
// repository, where the bundle finds the AWS SDK in node_modules as it finds it in the runtime, loads
// `index.js` and calls `handler(event, context)` with a context shaped like the runtime's.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Context } from 'aws-lambda';
import { REPO_ROOT } from './repo';

const exec = promisify(execFile);

export type RuntimeHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface BuiltBundle {
  /** Path of the built index.js. */
  readonly file: string;
  /** Loads the bundle the way the runtime does (`index.handler`); call it once, with the function's environment set. */
  load(): Promise<RuntimeHandler>;
  /** Removes the build folder; call it in afterAll, so it goes also when a test failed. */
  remove(): void;
}

export async function buildBundle(name: string): Promise<BuiltBundle> {
  const outdir = mkdtempSync(join(REPO_ROOT, '.bundle-test-'));
  try {
    await exec(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle-lambdas.js'), '--outdir', outdir, name], { cwd: REPO_ROOT });
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const file = join(outdir, name, 'index.js');
  return {
    file,
    // Loaded once per test file, as at a cold start: Powertools reads its variables when the module
    // loads. In the test file's own module registry, so the AWS SDK it requires is the one the test mocks.
    load: async () => ((await import(file)) as { handler: RuntimeHandler }).handler,
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The context object the Node.js runtime passes as the second argument. */
export function runtimeContext(functionName: string, region = 'us-east-1'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'bundle-test-request',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/23/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
