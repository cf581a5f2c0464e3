#!/usr/bin/env node
// A small AWS Lambda runtime loop (a custom runtime) for container-image functions: it asks the Lambda Runtime API
// (AWS_LAMBDA_RUNTIME_API) for the next invocation, runs the handler, and posts the response or the error — on AWS
// Lambda and on Pipeline's local Lambda alike. Node's standard library only.
//
// The handler: "file.export" from the first argument (the image's CMD) or _HANDLER, resolved in LAMBDA_TASK_ROOT
// (/var/task); without one, a built-in handler answers HTTP-style (for function URLs and API Gateway):
//   {statusCode: RESPONSE_STATUS or 200, headers: {content-type: application/json}, body: {message: RESPONSE_BODY or "ok",
//    version, appVersion: APP_VERSION, method, path, query, requestId}}
//
// Switches (environment variables) to rehearse a bad release, applied around any handler:
//   RUNTIME_FAIL_PERCENT   0-100: that share of invocations fails (an Error "injected failure")
//   RUNTIME_LATENCY_MS     added to every invocation before the handler runs
//   RUNTIME_CRASH_PERCENT  0-100: that share of invocations makes the runtime exit (code 3), as a crash would
'use strict';

const http = require('http');
const path = require('path');

const api = process.env.AWS_LAMBDA_RUNTIME_API;
if (!api) {
  console.error('bootstrap: AWS_LAMBDA_RUNTIME_API is not set; this image runs as a Lambda function');
  process.exit(2);
}

const [host, port] = api.split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const prefix = '/2018-06-01/runtime';
const percent = (name) => Math.max(0, Math.min(100, Number(process.env[name] || 0)));
const failPercent = percent('RUNTIME_FAIL_PERCENT');
const crashPercent = percent('RUNTIME_CRASH_PERCENT');
const latencyMs = Math.max(0, Number(process.env.RUNTIME_LATENCY_MS || 0));

function request(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: prefix + route, agent, headers: { ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) {
      req.setHeader('content-type', 'application/json');
      req.end(body);
    } else {
      req.end();
    }
  });
}

// The Runtime API may not answer at once (the local Lambda restarting): retry for a while, then give up as a crash.
async function next() {
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      const res = await request('GET', '/invocation/next');
      if (res.status === 200 && res.headers['lambda-runtime-aws-request-id']) return res;
      throw new Error(`next answered ${res.status}: ${res.body}`);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await sleep(100);
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// An answer the Runtime API cannot take any more (it went away, the invocation timed out) is dropped: the next one counts.
async function post(route, body, headers) {
  try {
    await request('POST', route, body, headers);
  } catch (e) {
    console.error(`bootstrap: ${route}: ${e.message}`);
  }
}

function errorBody(e, type) {
  return JSON.stringify({
    errorType: type || (e && e.name) || 'Error',
    errorMessage: (e && e.message) || String(e),
    stackTrace: e && e.stack ? String(e.stack).split('\n').slice(1).map((l) => l.trim()) : [],
  });
}

function loadHandler() {
  const spec = process.argv[2] || process.env._HANDLER;
  if (!spec) return builtIn;
  const dot = spec.lastIndexOf('.');
  const file = path.resolve(process.env.LAMBDA_TASK_ROOT || '/var/task', spec.slice(0, dot));
  const exported = require(file)[spec.slice(dot + 1)];
  if (typeof exported !== 'function') throw new Error(`handler ${spec}: ${spec.slice(dot + 1)} is not a function exported by ${file}`);
  return exported;
}

async function builtIn(event, context) {
  const http2 = (event && event.requestContext && event.requestContext.http) || {};
  return {
    statusCode: Number(process.env.RESPONSE_STATUS || 200),
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: process.env.RESPONSE_BODY || 'ok',
      version: context.functionVersion,
      appVersion: process.env.APP_VERSION || null,
      method: http2.method || null,
      path: (event && event.rawPath) || null,
      query: (event && event.rawQueryString) || null,
      requestId: context.awsRequestId,
    }),
  };
}

async function main() {
  let handler;
  try {
    handler = loadHandler();
  } catch (e) {
    await post('/init/error', errorBody(e, 'Runtime.HandlerNotFound'), { 'Lambda-Runtime-Function-Error-Type': 'Runtime.HandlerNotFound' });
    process.exit(1);
  }

  for (;;) {
    const res = await next();
    const id = res.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(res.headers['lambda-runtime-deadline-ms']);
    const context = {
      awsRequestId: id,
      invokedFunctionArn: res.headers['lambda-runtime-invoked-function-arn'],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      getRemainingTimeInMillis: () => deadline - Date.now(),
    };
    process.env._X_AMZN_TRACE_ID = res.headers['lambda-runtime-trace-id'] || '';
    try {
      if (crashPercent > 0 && Math.random() * 100 < crashPercent) {
        console.error(`bootstrap: crashing on ${id} (RUNTIME_CRASH_PERCENT=${crashPercent})`);
        process.exit(3);
      }
      if (latencyMs > 0) await sleep(latencyMs);
      if (failPercent > 0 && Math.random() * 100 < failPercent) throw new Error(`injected failure (RUNTIME_FAIL_PERCENT=${failPercent})`);
      const event = res.body.length > 0 ? JSON.parse(res.body) : {};
      const result = await handler(event, context);
      await post(`/invocation/${id}/response`, JSON.stringify(result === undefined ? null : result));
    } catch (e) {
      await post(`/invocation/${id}/error`, errorBody(e), { 'Lambda-Runtime-Function-Error-Type': (e && e.name) || 'Error' });
    }
  }
}

main().catch((e) => {
  console.error('bootstrap:', e);
  process.exit(1);
});
