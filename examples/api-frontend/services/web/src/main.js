'use strict';
// node src/main.js: the frontend on $PORT, the API at $API_URL.
const path = require('node:path');
const { createFrontend } = require('./frontend');
const { version } = require('../package.json');

const port = Number(process.env.PORT || 8080);
const apiUrl = process.env.API_URL || 'http://127.0.0.1:8081/';
const server = createFrontend({ apiUrl, root: path.join(__dirname, '..', 'public'), version: process.env.APP_VERSION || version });
server.listen(port, () => console.log(`web listening on :${port}, API at ${apiUrl}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
