import unittest

from items.routes import dispatch


class FakeRepository:
    def __init__(self, revision="0002"):
        self.items = []
        self.revision = revision

    def migrated_to(self):
        if isinstance(self.revision, Exception):
            raise self.revision
        return self.revision

    def all(self):
        return self.items

    def create(self, title):
        item = {"id": len(self.items) + 1, "title": title, "done": False}
        self.items.append(item)
        return item


class RoutesTest(unittest.TestCase):
    def test_health_names_the_version(self):
        self.assertEqual((200, {"status": "ok", "version": "2.0.0"}),
                         dispatch("GET", "/health", FakeRepository(), None, "2.0.0"))

    def test_ready_needs_a_migrated_schema(self):
        self.assertEqual(503, dispatch("GET", "/ready", FakeRepository(None), None, "v")[0])
        self.assertEqual((200, {"status": "ready", "revision": "0002"}),
                         dispatch("GET", "/ready", FakeRepository(), None, "v"))

    def test_ready_passes_on_the_driver_error(self):
        unreachable = FakeRepository(OSError("no route to host"))
        status, body = dispatch("GET", "/ready", unreachable, None, "v")
        self.assertEqual((503, "no route to host"), (status, body["error"]))

    def test_created_items_are_listed_trimmed(self):
        repository = FakeRepository()
        created = dispatch("POST", "/api/items", repository, {"title": " write docs "}, "v")
        self.assertEqual(201, created[0])
        self.assertEqual((200, {"items": [{"id": 1, "title": "write docs", "done": False}]}),
                         dispatch("GET", "/api/items?page=1", repository, None, "v"))

    def test_an_item_without_title_is_refused(self):
        for body in (None, {}, {"title": "  "}, {"title": 3}):
            self.assertEqual(422, dispatch("POST", "/api/items", FakeRepository(), body, "v")[0])

    def test_unknown_routes_are_404(self):
        self.assertEqual(404, dispatch("DELETE", "/api/items", FakeRepository(), None, "v")[0])


if __name__ == "__main__":
    unittest.main()
