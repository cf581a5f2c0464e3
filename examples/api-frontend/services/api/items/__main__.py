"""python3 -m items: the API on $PORT against $DATABASE_URL."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from items.repository import ItemRepository
from items.routes import dispatch


def handler(repository, version):
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"null")
            except ValueError:
                status, answer = 400, {"error": "the body is not JSON"}
            else:
                status, answer = dispatch(method, self.path, repository, body, version)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            self._answer("GET")

        def do_POST(self):
            self._answer("POST")

        def log_message(self, format, *args):
            pass

    return Handler


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql://"):
        print("api: set DATABASE_URL to a postgresql:// URL", file=sys.stderr)
        return 2
    port = int(os.environ.get("PORT", "8080"))
    version = os.environ.get("APP_VERSION", "dev")
    server = ThreadingHTTPServer(("0.0.0.0", port), handler(ItemRepository(url), version))
    print("api %s on :%d" % (version, port), flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
