'use strict';
// node src/main.js: serve on $PORT, dispatching to the worker at $WORKER_URL.
const { createServer } = require('./server');
const { workerClient } = require('./worker-client');
const { version } = require('../package.json');

const port = Number(process.env.PORT || 8080);
const workerUrl = process.env.WORKER_URL || 'http://127.0.0.1:8081/';
const server = createServer({ version: process.env.APP_VERSION || version, worker: workerClient(workerUrl) });
server.listen(port, () => console.log(`orchestrator listening on :${port}, worker at ${workerUrl}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
