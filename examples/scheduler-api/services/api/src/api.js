'use strict';
// The event scheduler's API: schedule an event (a webhook to call at a time), read it, list the pending ones, cancel it.
// Transport-free: route() takes a method, a path, a query and a body and answers {status, body}; handler.js adapts
// Lambda's function URL / API Gateway events to it. Events are kept in the store given (in memory here: the real
// system keeps them in PostgreSQL and lets its worker function deliver them).

const crypto = require('node:crypto');

function createApi({ version, store = new Map(), now = () => new Date() }) {
  const json = (status, body) => ({ status, body });

  function validate(input) {
    if (!input || typeof input !== 'object') return 'the body must be a JSON object';
    if (typeof input.name !== 'string' || input.name.trim() === '') return 'name is required';
    if (typeof input.webhookUrl !== 'string' || !/^https?:\/\//.test(input.webhookUrl)) return 'webhookUrl must be an http(s) URL';
    const at = Date.parse(input.runAt);
    if (Number.isNaN(at)) return 'runAt must be an ISO 8601 time';
    if (at <= now().getTime()) return 'runAt must be in the future';
    return null;
  }

  function schedule(input) {
    const problem = validate(input);
    if (problem) return json(400, { error: problem });
    const event = {
      id: crypto.randomUUID(),
      name: input.name.trim(),
      webhookUrl: input.webhookUrl,
      runAt: new Date(Date.parse(input.runAt)).toISOString(),
      status: 'scheduled',
      createdAt: now().toISOString(),
    };
    store.set(event.id, event);
    return json(201, event);
  }

  function list(query) {
    const limit = Math.min(100, Math.max(1, Number(query.get('limit')) || 20));
    const pending = [...store.values()].filter((e) => e.status === 'scheduled').sort((a, b) => a.runAt.localeCompare(b.runAt));
    return json(200, { events: pending.slice(0, limit), count: pending.length });
  }

  function route(method, path, query, body) {
    if (method === 'GET' && path === '/health') return json(200, { status: 'ok' });
    if (method === 'GET' && path === '/version') return json(200, { name: 'scheduler-api', version });
    if (path === '/events') {
      if (method === 'POST') return schedule(body);
      if (method === 'GET') return list(query);
      return json(405, { error: `${method} is not allowed on /events` });
    }
    const match = /^\/events\/([0-9a-f-]{36})$/.exec(path);
    if (match) {
      const event = store.get(match[1]);
      if (!event) return json(404, { error: `no event ${match[1]}` });
      if (method === 'GET') return json(200, event);
      if (method === 'DELETE') {
        event.status = 'cancelled';
        return json(200, event);
      }
      return json(405, { error: `${method} is not allowed on /events/{id}` });
    }
    return json(404, { error: `no route ${method} ${path}` });
  }

  return { route };
}

module.exports = { createApi };
