'use strict';
// The worker's HTTP API, as the orchestrator uses it.

async function call(baseUrl, path, options = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    ...options,
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(5000),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`worker ${path} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

function workerClient(baseUrl) {
  return {
    health: () => call(baseUrl, '/health'),
    dispatch: (text) => call(baseUrl, '/jobs', { method: 'POST', body: JSON.stringify({ text }) }),
  };
}

module.exports = { workerClient };
