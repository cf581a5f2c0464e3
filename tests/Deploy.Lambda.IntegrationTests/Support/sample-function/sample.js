// The sample service's HTTP surface as a Lambda handler (function URL events), for the platform contract on the
// local Lambda: /version answers PIPELINE_VERSION (set by the Lambda platform), /health/live and /health/ready, and the
// sample's fault switch: SAMPLE_FAULT=unhealthy (not ready), errors (SAMPLE_FAULT_RATE of requests fail as function
// errors), slow (SAMPLE_FAULT_DELAY_MS before answering).
'use strict';

const fault = process.env.SAMPLE_FAULT || '';
const rate = Number(process.env.SAMPLE_FAULT_RATE || 1);
const delayMs = Number(process.env.SAMPLE_FAULT_DELAY_MS || 2500);
const json = (statusCode, body) => ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

exports.handler = async (event) => {
  const path = (event && event.rawPath) || '/';
  if (path === '/health/live') return json(200, { status: 'live' });
  if (path === '/health/ready') {
    return fault === 'unhealthy' ? json(503, { status: 'not ready', reason: 'fault switch SAMPLE_FAULT=unhealthy is on' }) : json(200, { status: 'ready' });
  }
  if (fault === 'slow') await new Promise((r) => setTimeout(r, delayMs));
  if (fault === 'errors' && Math.random() < rate) throw new Error('fault switch SAMPLE_FAULT=errors is on');
  if (path === '/version') return json(200, { version: process.env.PIPELINE_VERSION || null, commit: process.env.PIPELINE_GIT_SHA || null });
  return json(200, { path, version: process.env.PIPELINE_VERSION || null });
};
