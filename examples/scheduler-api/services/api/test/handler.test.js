'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');

process.env.PIPELINE_VERSION = '2.0.0';
const { handler } = require('../src/handler');

const urlEvent = (method, rawPath, body) => ({
  rawPath,
  rawQueryString: '',
  requestContext: { http: { method, path: rawPath } },
  body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)).toString('base64'),
  isBase64Encoded: body !== undefined,
});

test('a function URL request is answered HTTP-style with the deployed version', async () => {
  const answer = await handler(urlEvent('GET', '/version'));
  assert.equal(answer.statusCode, 200);
  assert.equal(answer.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(answer.body), { name: 'scheduler-api', version: '2.0.0' });
});

test('a base64 body is decoded', async () => {
  const runAt = new Date(Date.now() + 3600000).toISOString();
  const answer = await handler(urlEvent('POST', '/events', { name: 'x', webhookUrl: 'https://h.example/', runAt }));
  assert.equal(answer.statusCode, 201);
});
