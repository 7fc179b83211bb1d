"""The containers' healthchecks (docker-compose.yml); exit status 0 is healthy, 1 is not.

    python -m partner_center.probe web    GET /healthz/ from this container's gunicorn, with the
                                          Host of SITE_URL (ALLOWED_HOSTS must accept it, as it
                                          must for the proxy's requests): healthy on 200
    python -m partner_center.probe beat   beat's heartbeat file (partner_center/beat.py) was
                                          touched within the last three loop intervals

The worker's healthcheck needs nothing of ours: `celery inspect ping` asks the worker itself.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
from urllib.parse import urlsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partner_center.settings")


def web_is_healthy(*, port: int, timeout: float = 10.0) -> bool:
    from django.conf import settings

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz/", headers={"Host": urlsplit(settings.SITE_URL).netloc})
        response = connection.getresponse()
        print(response.status, response.read().decode(errors="replace"))
        return response.status == 200
    except OSError as error:
        print(f"/healthz/ did not answer: {error}")
        return False
    finally:
        connection.close()


def beat_is_healthy() -> bool:
    from django.conf import settings

    from partner_center.beat import heartbeat_age

    age = heartbeat_age()
    limit = 3 * settings.CELERY_BEAT_MAX_LOOP_INTERVAL
    print(
        f"beat last ticked {age:.0f} s ago (limit {limit} s)" if age is not None else "no tick yet"
    )
    return age is not None and age <= limit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m partner_center.probe")
    parser.add_argument("process", choices=["web", "beat"])
    parser.add_argument("--port", type=int, default=8000, help="gunicorn's port (web)")
    args = parser.parse_args(argv)
    healthy = web_is_healthy(port=args.port) if args.process == "web" else beat_is_healthy()
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
