"""Each pytest-xdist worker gets a Redis database of its own: worker gwN uses REDIS_URL's
database number minus N (CI's 15 and 14 with two workers).

Every test empties the cache, and the fault tests empty the broker, so two workers that shared
one database would undo each other's rate limits and take each other's queued tasks.
PostgreSQL needs no such step, because pytest-django already gives each worker a test
database of its own. This module is loaded with `-p` (pyproject.toml), so it runs before
pytest-django imports the settings, and worker processes that tests start inherit the
rewritten URL.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def worker_redis_url(url: str, worker: str) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base - int(worker.removeprefix("gw"))
    if database < 0:
        raise RuntimeError(
            f"REDIS_URL's database {base} leaves no database for xdist worker {worker}: "
            "point REDIS_URL at a higher database number or run fewer workers."
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], _worker)
