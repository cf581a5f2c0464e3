'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { createApi } = require('../src/api');

const now = () => new Date('2026-12-05T10:00:00Z');
const none = new URLSearchParams();
const event = { name: 'reminder', webhookUrl: 'https://hooks.example/reminder', runAt: '2026-12-05T11:00:00Z' };

test('health and version answer', () => {
  const api = createApi({ version: '1.2.3', now });
  assert.deepEqual(api.route('GET', '/health', none), { status: 200, body: { status: 'ok' } });
  assert.deepEqual(api.route('GET', '/version', none).body, { name: 'scheduler-api', version: '1.2.3' });
});

test('an event is scheduled, read back and listed', () => {
  const api = createApi({ version: '1', now });
  const created = api.route('POST', '/events', none, event);
  assert.equal(created.status, 201);
  assert.equal(created.body.status, 'scheduled');
  assert.equal(created.body.runAt, '2026-12-05T11:00:00.000Z');
  assert.deepEqual(api.route('GET', `/events/${created.body.id}`, none).body, created.body);
  assert.equal(api.route('GET', '/events', none).body.count, 1);
});

test('a cancelled event is no longer pending', () => {
  const api = createApi({ version: '1', now });
  const { id } = api.route('POST', '/events', none, event).body;
  assert.equal(api.route('DELETE', `/events/${id}`, none).body.status, 'cancelled');
  assert.equal(api.route('GET', '/events', none).body.count, 0);
});

test('invalid events are refused with the reason', () => {
  const api = createApi({ version: '1', now });
  assert.deepEqual(api.route('POST', '/events', none, { ...event, runAt: '2026-12-05T09:00:00Z' }), { status: 400, body: { error: 'runAt must be in the future' } });
  assert.equal(api.route('POST', '/events', none, { ...event, webhookUrl: 'ftp://x' }).body.error, 'webhookUrl must be an http(s) URL');
  assert.equal(api.route('POST', '/events', none, null).status, 400);
});

test('unknown events and routes are 404', () => {
  const api = createApi({ version: '1', now });
  assert.equal(api.route('GET', '/events/00000000-0000-0000-0000-000000000000', none).status, 404);
  assert.equal(api.route('GET', '/nope', none).status, 404);
});
