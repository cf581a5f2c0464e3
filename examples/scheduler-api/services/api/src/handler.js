'use strict';
// The Lambda handler: a function URL (or API Gateway HTTP API) event, payload format 2.0, in; {statusCode, headers,
// body} out. One API per execution environment, kept warm between invocations.

const { createApi } = require('./api');

const api = createApi({ version: process.env.PIPELINE_VERSION || process.env.APP_VERSION || 'dev' });

function bodyOf(event) {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function handler(event) {
  const method = (event.requestContext && event.requestContext.http && event.requestContext.http.method) || 'GET';
  const path = event.rawPath || '/';
  const answer = api.route(method, path, new URLSearchParams(event.rawQueryString || ''), bodyOf(event));
  return { statusCode: answer.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer.body) };
}

module.exports = { handler };
