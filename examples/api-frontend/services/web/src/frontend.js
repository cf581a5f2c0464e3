'use strict';
// The frontend: public/ as static files, /api/* forwarded to the API, /health and /version of its own.
const http = require('node:http');
const fs = require('node:fs/promises');
const path = require('node:path');

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

function json(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

// The body is read whole and sent with its length: the API (Python's http.server) does not read chunked bodies.
async function forward(request, response, apiUrl) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const target = new URL(request.url, apiUrl);
  const headers = { ...request.headers, host: target.host, 'content-length': body.length };
  delete headers['transfer-encoding'];
  const upstream = http.request(target, { method: request.method, headers }, (answer) => {
    response.writeHead(answer.statusCode, answer.headers);
    answer.pipe(response);
  });
  upstream.setTimeout(5000, () => upstream.destroy(new Error('the API did not answer within 5 s')));
  upstream.on('error', (error) => json(response, 502, { error: `API at ${apiUrl}: ${error.message}` }));
  upstream.end(body);
}

async function serveFile(response, root, urlPath) {
  const file = path.join(root, urlPath === '/' ? 'index.html' : path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
  if (!file.startsWith(root)) return json(response, 404, { error: 'not found' });
  try {
    const body = await fs.readFile(file);
    response.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    response.end(body);
  } catch {
    json(response, 404, { error: `not found: ${urlPath}` });
  }
}

function createFrontend({ apiUrl, root, version }) {
  return http.createServer((request, response) => {
    const urlPath = request.url.split('?')[0];
    if (urlPath === '/health') return json(response, 200, { status: 'ok' });
    if (urlPath === '/version') return json(response, 200, { name: 'web', version });
    if (urlPath.startsWith('/api/')) return forward(request, response, apiUrl);
    return serveFile(response, root, urlPath);
  });
}

module.exports = { createFrontend };
