"""The HTTP API against an in-memory store: no database, no network beyond loopback."""
import json
import threading
import unittest
import urllib.error
import urllib.request

from worker import api


class MemoryStore:
    def __init__(self, schema="0001"):
        self.jobs = []
        self.schema = schema

    def schema_version(self):
        if isinstance(self.schema, Exception):
            raise self.schema
        return self.schema

    def add(self, text):
        job = {"id": len(self.jobs) + 1, "text": text, "status": "queued"}
        self.jobs.append(job)
        return job

    def list(self):
        return list(self.jobs)


class ApiTest(unittest.TestCase):
    def start(self, store):
        server = api.serve(store, "1.2.3", 0)
        server.server_address = ("127.0.0.1", server.server_address[1])
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return "http://127.0.0.1:%d" % server.server_address[1]

    def call(self, url, data=None):
        request = urllib.request.Request(
            url, data=None if data is None else json.dumps(data).encode(),
            method="GET" if data is None else "POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def test_health_answers_with_the_version(self):
        base = self.start(MemoryStore())
        self.assertEqual((200, {"status": "ok", "version": "1.2.3"}),
                         self.call(base + "/health"))

    def test_ready_only_once_the_schema_is_migrated(self):
        self.assertEqual(503, self.call(self.start(MemoryStore(None)) + "/ready")[0])
        status, body = self.call(self.start(MemoryStore("0001")) + "/ready")
        self.assertEqual((200, "0001"), (status, body["schema"]))

    def test_ready_says_why_the_database_is_unreachable(self):
        store = MemoryStore(RuntimeError("connection refused"))
        status, body = self.call(self.start(store) + "/ready")
        self.assertEqual((503, "connection refused"), (status, body["error"]))

    def test_a_posted_job_is_listed(self):
        base = self.start(MemoryStore())
        self.assertEqual(201, self.call(base + "/jobs", {"text": "ping"})[0])
        self.assertEqual([{"id": 1, "text": "ping", "status": "queued"}],
                         self.call(base + "/jobs")[1]["jobs"])

    def test_a_job_without_text_is_refused(self):
        base = self.start(MemoryStore())
        self.assertEqual(400, self.call(base + "/jobs", {"name": "x"})[0])


if __name__ == "__main__":
    unittest.main()
