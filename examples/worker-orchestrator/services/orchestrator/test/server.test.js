'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createServer } = require('../src/server');

async function start(worker) {
  const server = createServer({ version: '1.2.3', worker });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, close: () => new Promise((resolve) => server.close(resolve)) };
}

const healthyWorker = {
  health: async () => ({ status: 'ok', version: '0.9.0' }),
  dispatch: async (text) => ({ id: 7, text, status: 'queued' }),
};

test('health and version answer', async (t) => {
  const { base, close } = await start(healthyWorker);
  t.after(close);
  assert.deepEqual(await (await fetch(`${base}/health`)).json(), { status: 'ok' });
  assert.deepEqual(await (await fetch(`${base}/version`)).json(), { name: 'orchestrator', version: '1.2.3' });
});

test('dispatch hands the text to the worker', async (t) => {
  const { base, close } = await start(healthyWorker);
  t.after(close);
  const response = await fetch(`${base}/dispatch`, { method: 'POST', body: JSON.stringify({ text: 'ping' }) });
  assert.equal(response.status, 202);
  assert.deepEqual(await response.json(), { dispatched: { id: 7, text: 'ping', status: 'queued' } });
});

test('dispatch without text is refused', async (t) => {
  const { base, close } = await start(healthyWorker);
  t.after(close);
  const response = await fetch(`${base}/dispatch`, { method: 'POST', body: '{}' });
  assert.equal(response.status, 400);
});

test('a worker that fails is reported as a bad gateway', async (t) => {
  const { base, close } = await start({ health: async () => { throw new Error('worker /health answered 503'); } });
  t.after(close);
  const response = await fetch(`${base}/status`);
  assert.equal(response.status, 502);
  assert.match((await response.json()).error, /503/);
});
