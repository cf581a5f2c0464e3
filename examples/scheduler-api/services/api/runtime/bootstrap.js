#!/usr/bin/env node
'use strict';
// A small Lambda runtime loop (a custom runtime, as a container-image function needs one): it asks the Runtime API
// (AWS_LAMBDA_RUNTIME_API) for the next invocation, runs the handler named by the image's CMD (file.export, in
// /var/task) and posts its response or its error. Node's standard library only.

const http = require('node:http');
const path = require('node:path');

const [host, port] = (process.env.AWS_LAMBDA_RUNTIME_API || '').split(':');
const base = '/2018-06-01/runtime';

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, path: base + route, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function errorOf(e) {
  return JSON.stringify({ errorType: (e && e.name) || 'Error', errorMessage: (e && e.message) || String(e) });
}

async function main() {
  if (!host) throw new Error('AWS_LAMBDA_RUNTIME_API is not set: this image runs as a Lambda function');
  const spec = process.argv[2] || process.env._HANDLER;
  let handler;
  try {
    const dot = spec.lastIndexOf('.');
    handler = require(path.resolve(process.env.LAMBDA_TASK_ROOT || '/var/task', spec.slice(0, dot)))[spec.slice(dot + 1)];
    if (typeof handler !== 'function') throw new Error(`${spec} is not an exported function`);
  } catch (e) {
    await call('POST', '/init/error', errorOf(e), { 'Lambda-Runtime-Function-Error-Type': 'Runtime.HandlerNotFound' });
    process.exit(1);
  }

  for (;;) {
    const next = await call('GET', '/invocation/next');
    const id = next.headers['lambda-runtime-aws-request-id'];
    try {
      const result = await handler(next.body ? JSON.parse(next.body) : {}, { awsRequestId: id });
      await call('POST', `/invocation/${id}/response`, JSON.stringify(result ?? null));
    } catch (e) {
      await call('POST', `/invocation/${id}/error`, errorOf(e), { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' });
    }
  }
}

main().catch((e) => {
  console.error('bootstrap:', e);
  process.exit(1);
});
