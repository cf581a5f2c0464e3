"""python3 -m worker: serve the API on $PORT."""
import sys

from worker import api, config
from worker.store import JobStore


def main():
    try:
        settings = config.load()
    except config.ConfigError as error:
        print("worker: " + str(error), file=sys.stderr)
        return 2
    store = JobStore(settings.database_url)
    server = api.serve(store, settings.version, settings.port)
    print("worker %s listening on :%d" % (settings.version, settings.port),
          flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
