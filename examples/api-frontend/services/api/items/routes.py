"""Routing: (method, path) -> a function of (repository, body) returning (status, json)."""


def health(repository, body, version):
    return 200, {"status": "ok", "version": version}


def ready(repository, body, version):
    try:
        revision = repository.migrated_to()
    except Exception as error:  # the driver's own message says why
        return 503, {"status": "database unreachable", "error": str(error).strip()}
    if revision is None:
        return 503, {"status": "not migrated"}
    return 200, {"status": "ready", "revision": revision}


def list_items(repository, body, version):
    return 200, {"items": repository.all()}


def create_item(repository, body, version):
    title = body.get("title") if isinstance(body, dict) else None
    if not isinstance(title, str) or not title.strip():
        return 422, {"error": "an item needs a non-empty title"}
    return 201, repository.create(title.strip())


ROUTES = {
    ("GET", "/"): health,
    ("GET", "/health"): health,
    ("GET", "/ready"): ready,
    ("GET", "/api/items"): list_items,
    ("POST", "/api/items"): create_item,
}


def dispatch(method, path, repository, body, version):
    route = ROUTES.get((method, path.split("?", 1)[0]))
    if route is None:
        return 404, {"error": "%s %s is not a route" % (method, path)}
    return route(repository, body, version)
