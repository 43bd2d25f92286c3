// Child process of test/helpers/lambda-runtime.ts: one invocation of a built Lambda bundle, done the
// way AWS's Node.js runtime interface client does it (aws/aws-lambda-nodejs-runtime-interface-client):
//  - the handler setting `index.handler` names the module `index` in the function's folder and its
//    export `handler`;
//  - nodejs22.x (client 3.x, src/Runtime.js): `handler(event, context, callback)`, always with the
//    callback; a returned promise or the first call of the callback (or context.succeed/fail/done)
//    ends the invocation; the context carries callbackWaitsForEmptyEventLoop and succeed/fail/done;
//  - nodejs24.x (client 4.x, src/runtime/buffered-invoke-processor.ts): `await handler(event, context)`;
//    a handler that declares three or more parameters is refused at start (Runtime.CallbackHandlerDeprecated),
//    and the context has no callback members.
// The outcome (result or error, as the runtime reports it) is written as JSON to file descriptor 3,
// so standard output and standard error stay the function's log output. The process then exits, as
// Lambda freezes the environment once the invocation is reported.
/* global setTimeout */
/* eslint-disable @typescript-eslint/no-require-imports -- the runtime loads a CommonJS bundle with require(), and so does its emulation */
'use strict';

const { writeSync } = require('node:fs');
const path = require('node:path');

const invocation = JSON.parse(process.env.TAP_DR_INVOCATION);
// The function must not see how it was started.
delete process.env.TAP_DR_INVOCATION;

let reported = false;
function report(outcome) {
  if (reported) return;
  reported = true;
  writeSync(3, JSON.stringify(outcome));
  process.exit(0);
}

/** An error as the runtime reports it (errorType, errorMessage), whatever was thrown. */
function asError(error, errorType) {
  if (error instanceof Error) return { ok: false, error: { errorType: errorType ?? error.name, errorMessage: error.message } };
  return { ok: false, error: { errorType: errorType ?? typeof error, errorMessage: String(error) } };
}

process.on('uncaughtException', (error) => report(asError(error)));
process.on('unhandledRejection', (error) => report(asError(error, 'Runtime.UnhandledPromiseRejection')));

const deadline = Date.now() + invocation.timeoutMs;
// Unreferenced: a handler that leaves nothing pending ends in 'beforeExit' below, not in a timeout.
setTimeout(() => report({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${(invocation.timeoutMs / 1000).toFixed(2)} seconds` } }), invocation.timeoutMs).unref();

function loadHandler() {
  const [moduleName, ...exportPath] = invocation.handler.split('.');
  const loaded = require(path.join(process.env.LAMBDA_TASK_ROOT, moduleName));
  const handler = exportPath.reduce((object, key) => (object === undefined ? undefined : object[key]), loaded);
  if (handler === undefined) throw Object.assign(new Error(`${invocation.handler} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  if (typeof handler !== 'function') throw Object.assign(new Error(`${invocation.handler} is not a function`), { name: 'Runtime.HandlerNotFound' });
  if (invocation.runtime !== 'nodejs22.x' && handler.length >= 3) {
    throw Object.assign(new Error('AWS Lambda has removed support for callback-based function handlers starting with Node.js 24.'), { name: 'Runtime.CallbackHandlerDeprecated' });
  }
  return handler;
}

/** The parts of the context both clients take from the environment and the invoke headers. */
function invocationData() {
  return {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: undefined,
    identity: undefined,
    invokedFunctionArn: invocation.invokedFunctionArn,
    awsRequestId: invocation.awsRequestId,
    tenantId: undefined,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

let handler;
try {
  handler = loadHandler();
} catch (error) {
  report(asError(error));
}

if (!reported) {
  // Nothing left to run and no result: an async handler fails (Runtime.NodeJsExit), a synchronous
  // one that never called back succeeds with null, as in client 3.x's default exit listener.
  const isAsync = handler.constructor.name === 'AsyncFunction';
  process.once('beforeExit', () => report(isAsync || invocation.runtime !== 'nodejs22.x'
    ? { ok: false, error: { errorType: 'Runtime.NodeJsExit', errorMessage: 'Runtime exited without providing a reason' } }
    : { ok: true, result: null }));
  const succeed = (result) => report({ ok: true, result: result ?? null });
  const fail = (error) => report(asError(error ?? 'handled'));
  if (invocation.runtime === 'nodejs22.x') {
    let waitForEmptyEventLoop = true;
    const context = Object.assign({
      get callbackWaitsForEmptyEventLoop() {
        return waitForEmptyEventLoop;
      },
      set callbackWaitsForEmptyEventLoop(value) {
        waitForEmptyEventLoop = value;
      },
      succeed,
      fail,
      done: (error, result) => (error === undefined || error === null ? succeed(result) : fail(error)),
    }, invocationData());
    const callback = (error, result) => (error === undefined || error === null ? succeed(result) : fail(error));
    try {
      const result = handler(invocation.event, context, callback);
      if (result && typeof result.then === 'function') result.then(succeed, fail);
    } catch (error) {
      fail(error);
    }
  } else {
    const context = Object.assign(invocationData(), { xRayTraceId: undefined, w3c: () => Object.freeze({}) });
    (async () => handler(invocation.event, context))().then(succeed, fail);
  }
}
