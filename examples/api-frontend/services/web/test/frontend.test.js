'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { createFrontend } = require('../src/frontend');

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${server.address().port}`;
}

async function frontend(t, apiUrl) {
  const server = createFrontend({ apiUrl, root: path.join(__dirname, '..', 'public'), version: '3.0.0' });
  const base = await listen(server);
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return base;
}

test('serves the page, its health and its version', async (t) => {
  const base = await frontend(t, 'http://127.0.0.1:9/');
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.match(await page.text(), /<h1>Items<\/h1>/);
  assert.deepEqual(await (await fetch(`${base}/version`)).json(), { name: 'web', version: '3.0.0' });
  assert.equal((await fetch(`${base}/../package.json`)).status, 404);
});

test('forwards /api/ to the API with method and body', async (t) => {
  const seen = [];
  const api = http.createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    seen.push(`${request.method} ${request.url} ${request.headers['content-length']} ${body}`);
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end('{"id":1}');
  });
  const apiUrl = await listen(api);
  t.after(() => new Promise((resolve) => api.close(resolve)));
  const base = await frontend(t, apiUrl);
  // A streamed (chunked) request body reaches the API with its length.
  const chunked = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{"title":"x"}')); c.close(); } });
  const answer = await fetch(`${base}/api/items`, { method: 'POST', body: chunked, duplex: 'half' });
  assert.equal(answer.status, 201);
  assert.deepEqual(await answer.json(), { id: 1 });
  assert.deepEqual(seen, ['POST /api/items 13 {"title":"x"}']);
});

test('an API that does not answer is a bad gateway naming it', async (t) => {
  const base = await frontend(t, 'http://127.0.0.1:9/');
  const answer = await fetch(`${base}/api/items`);
  assert.equal(answer.status, 502);
  assert.match((await answer.json()).error, /API at http:\/\/127\.0\.0\.1:9\//);
});
