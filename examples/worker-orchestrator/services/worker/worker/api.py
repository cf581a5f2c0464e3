"""The worker's HTTP API: /health, /ready (schema migrated), /jobs."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def make_handler(store, version):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path in ("/", "/health"):
                self._send(200, {"status": "ok", "version": version})
            elif self.path == "/ready":
                self._ready()
            elif self.path == "/jobs":
                self._send(200, {"jobs": store.list()})
            else:
                self._send(404, {"error": "no such path: " + self.path})

        def do_POST(self):
            if self.path != "/jobs":
                self._send(404, {"error": "no such path: " + self.path})
                return
            length = int(self.headers.get("Content-Length", "0"))
            try:
                text = json.loads(self.rfile.read(length) or b"{}")["text"]
            except (ValueError, KeyError, TypeError):
                self._send(400, {"error": 'send {"text": "..."}'})
                return
            self._send(201, store.add(text))

        def _ready(self):
            try:
                schema = store.schema_version()
            except Exception as error:  # any driver error means not ready
                self._send(503, {"status": "database unreachable",
                                 "error": str(error).strip()})
                return
            if schema is None:
                self._send(503, {"status": "schema not migrated"})
            else:
                self._send(200, {"status": "ready", "schema": schema})

        def _send(self, status, body):
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):
            pass

    return Handler


def serve(store, version, port):
    return ThreadingHTTPServer(("0.0.0.0", port), make_handler(store, version))
