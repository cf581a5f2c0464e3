'use strict';
// The orchestrator's HTTP API: /health, /version, /status (the worker's health), POST /dispatch.
const http = require('node:http');

function send(response, status, body) {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
}

async function readJson(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

function createServer({ version, worker }) {
  return http.createServer(async (request, response) => {
    try {
      if (request.method === 'GET' && (request.url === '/' || request.url === '/health')) {
        return send(response, 200, { status: 'ok' });
      }
      if (request.method === 'GET' && request.url === '/version') {
        return send(response, 200, { name: 'orchestrator', version });
      }
      if (request.method === 'GET' && request.url === '/status') {
        return send(response, 200, { orchestrator: 'ok', worker: await worker.health() });
      }
      if (request.method === 'POST' && request.url === '/dispatch') {
        const { text } = await readJson(request);
        if (typeof text !== 'string' || text.length === 0) {
          return send(response, 400, { error: 'send {"text": "..."}' });
        }
        return send(response, 202, { dispatched: await worker.dispatch(text) });
      }
      return send(response, 404, { error: `no such path: ${request.url}` });
    } catch (error) {
      return send(response, 502, { error: error.message });
    }
  });
}

module.exports = { createServer };
