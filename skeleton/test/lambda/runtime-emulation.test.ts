// The bundle tests are only as good as their imitation of the Lambda runtime. These tests invoke small
// hand-written bundles with test/helpers/lambda-runtime.ts and check that it calls and answers as the
// Node.js runtime interface client does on each runtime (aws/aws-lambda-nodejs-runtime-interface-client:
// src/Runtime.js and src/CallbackContext.js for nodejs22.x, src/runtime/ and src/function/ for
// nodejs24.x), including the bug class it exists for: a handler that takes something other than the
// context as its second parameter.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAMBDA_RUNTIMES } from '../../lib/config/aws-facts';
import { invokeBundle, type InvokeOptions } from '../helpers/lambda-runtime';

// A fresh Node process per invocation: allow for a busy machine.
jest.setTimeout(30_000);

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tap-dr-runtime-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A bundle whose index.js is `source`, invoked with `event`. */
function invoke(name: string, source: string, event: unknown, options: InvokeOptions = {}) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), source);
  return invokeBundle(name, event, { ...options, dir });
}

describe.each(LAMBDA_RUNTIMES)('on %s', (runtime) => {
  it('calls index.handler with the event and a context carrying the invocation and the function', async () => {
    const source = `exports.handler = async (event, context) => ({
      event,
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      memoryLimitInMB: context.memoryLimitInMB,
      invokedFunctionArn: context.invokedFunctionArn,
      logGroupName: context.logGroupName,
      remaining: context.getRemainingTimeInMillis(),
      region: process.env.AWS_REGION,
      runtime: process.env.AWS_EXECUTION_ENV,
    });`;
    const invocation = await invoke(`context-${runtime}`, source, { hello: 'world' }, { runtime, region: 'eu-west-1', timeoutMs: 5000, functionName: 'fn' });
    expect(invocation.outcome).toEqual({
      ok: true,
      result: {
        event: { hello: 'world' },
        awsRequestId: invocation.requestId,
        functionName: 'fn',
        memoryLimitInMB: '256',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
        logGroupName: '/aws/lambda/fn',
        remaining: expect.any(Number),
        region: 'eu-west-1',
        runtime: `AWS_Lambda_${runtime}`,
      },
    });
    const { remaining } = (invocation.outcome as { result: { remaining: number } }).result;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5000);
  });

  it('fails the invocation of a handler that calls its second parameter as if it were something else', async () => {
    const source = 'exports.handler = async (event, now = () => new Date()) => ({ statusCode: 200, body: now().toISOString() });';
    expect((await invoke(`clock-${runtime}`, source, {}, { runtime })).outcome).toEqual({ ok: false, error: { errorType: 'TypeError', errorMessage: 'now is not a function' } });
  });

  it('reports a thrown error and a rejected promise as the invocation error, with their type', async () => {
    expect((await invoke(`throws-${runtime}`, 'exports.handler = async () => { throw new RangeError("bad input"); };', {}, { runtime })).outcome)
      .toEqual({ ok: false, error: { errorType: 'RangeError', errorMessage: 'bad input' } });
  });

  it('refuses a handler that is not exported as index.handler', async () => {
    expect((await invoke(`missing-${runtime}`, 'exports.main = async () => 1;', {}, { runtime })).outcome)
      .toEqual({ ok: false, error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' } });
    expect((await invoke(`not-function-${runtime}`, 'exports.handler = 42;', {}, { runtime })).outcome)
      .toEqual({ ok: false, error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is not a function' } });
  });

  it('cuts off an invocation at the function timeout', async () => {
    const outcome = (await invoke(`slow-${runtime}`, 'exports.handler = () => new Promise((resolve) => setTimeout(resolve, 60000));', {}, { runtime, timeoutMs: 300 })).outcome;
    expect(outcome).toEqual({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 0.30 seconds' } });
  });

  it('fails an async handler whose promise can never settle', async () => {
    expect((await invoke(`never-${runtime}`, 'exports.handler = async () => new Promise(() => undefined);', {}, { runtime })).outcome)
      .toEqual({ ok: false, error: { errorType: 'Runtime.NodeJsExit', errorMessage: 'Runtime exited without providing a reason' } });
  });

  it('keeps the invocation settings out of the function environment and points AWS SDK clients nowhere by default', async () => {
    const source = 'exports.handler = async () => ({ invocation: process.env.TAP_DR_INVOCATION ?? null, endpoint: process.env.AWS_ENDPOINT_URL });';
    expect((await invoke(`env-${runtime}`, source, {}, { runtime })).outcome).toEqual({ ok: true, result: { invocation: null, endpoint: 'http://127.0.0.1:9' } });
  });
});

describe('callback handlers', () => {
  const source = 'exports.handler = (event, context, callback) => { callback(null, { waits: context.callbackWaitsForEmptyEventLoop, got: event }); };';

  it('nodejs22.x passes the callback, and the context has the callback members', async () => {
    expect((await invoke('callback-22', source, 1, { runtime: 'nodejs22.x' })).outcome).toEqual({ ok: true, result: { waits: true, got: 1 } });
    const failing = 'exports.handler = (event, context, callback) => callback(new Error("nope"));';
    expect((await invoke('callback-22-error', failing, 1, { runtime: 'nodejs22.x' })).outcome).toEqual({ ok: false, error: { errorType: 'Error', errorMessage: 'nope' } });
    const succeeding = 'exports.handler = (event, context) => { context.succeed("done"); };';
    expect((await invoke('context-succeed-22', succeeding, 1, { runtime: 'nodejs22.x' })).outcome).toEqual({ ok: true, result: 'done' });
  });

  it('nodejs24.x refuses a handler that declares a callback, and its context has no callback members', async () => {
    expect((await invoke('callback-24', source, 1, { runtime: 'nodejs24.x' })).outcome.ok).toBe(false);
    expect((await invoke('callback-24', source, 1, { runtime: 'nodejs24.x' })).outcome).toMatchObject({ error: { errorType: 'Runtime.CallbackHandlerDeprecated' } });
    const inspect = 'exports.handler = async (event, context) => ["callbackWaitsForEmptyEventLoop", "succeed", "fail", "done"].filter((k) => k in context);';
    expect((await invoke('context-24', inspect, 1, { runtime: 'nodejs24.x' })).outcome).toEqual({ ok: true, result: [] });
  });

  it('nodejs22.x ends a synchronous handler that never calls back with a null result', async () => {
    expect((await invoke('sync-22', 'exports.handler = () => 5;', 1, { runtime: 'nodejs22.x' })).outcome).toEqual({ ok: true, result: null });
  });
});

it('says how to build a bundle that is not there', async () => {
  await expect(invokeBundle('no-such-function', {}, { dir: join(root, 'nothing') })).rejects.toThrow('nothing/index.js does not exist: build the bundles with npm run build:lambda');
});
