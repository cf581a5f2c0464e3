'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { workerClient } = require('../src/worker-client');

test('the client posts jobs and reports a refused one with its status', async (t) => {
  const worker = http.createServer((request, response) => {
    const status = request.url === '/jobs' ? 400 : 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(status === 400 ? { error: 'no text' } : { status: 'ok' }));
  });
  await new Promise((resolve) => worker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => worker.close(resolve)));
  const client = workerClient(`http://127.0.0.1:${worker.address().port}/`);
  assert.deepEqual(await client.health(), { status: 'ok' });
  await assert.rejects(client.dispatch(''), /worker \/jobs answered 400/);
});
