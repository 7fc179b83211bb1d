"""Requests every route of the project as someone, and describes what went wrong."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.http import HttpResponse
from django.urls import reverse

from .world import PRIVATE_MARKERS, ROUTES, World, project_patterns, url_for

HTMX = {"HTTP_HX_REQUEST": "true"}
METHODS = ("GET", "GET htmx", "POST", "POST htmx")


@dataclass
class Visit:
    key: str
    role: str
    method: str
    url: str
    response: HttpResponse

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.key}) as {self.role}"

    @property
    def text(self) -> str:
        """The headers (Location, Content-Disposition…) and the body."""
        headers = " ".join(f"{k}: {v}" for k, v in self.response.headers.items())
        return f"{headers}\n{self.body}"

    @property
    def body(self) -> str:
        if getattr(self.response, "streaming", False):
            return b"".join(self.response.streaming_content).decode(errors="replace")
        return self.response.content.decode(errors="replace")


def request(world: World, role: str, method: str, url: str, **client_kwargs) -> HttpResponse:
    # Logging out ends the role's login: such requests get a client of their own.
    fresh = "logout" in url
    client = world.client(role, fresh=fresh, **client_kwargs)
    extra = HTMX if method.endswith("htmx") else {}
    if method.startswith("POST"):
        return client.post(url, **extra)
    return client.get(url, **extra)


def visits(world: World, roles, methods=METHODS) -> Iterator[Visit]:
    """Every route (that ROUTES covers) as each of `roles` ("owner": the route's owner)."""
    for pattern in project_patterns():
        if pattern.key not in ROUTES:
            continue
        url = url_for(world, pattern.key)
        for role in roles:
            if role == "owner":
                owner = ROUTES[pattern.key].owner
                role = "anonymous" if owner == "public" else owner
            for method in methods:
                yield Visit(pattern.key, role, method, url, request(world, role, method, url))


def server_error(visit: Visit) -> str | None:
    if visit.response.status_code < 500:
        return None
    exc_info = getattr(visit.response, "exc_info", None)
    cause = repr(exc_info[1]) if exc_info else ""
    return f"{visit}: {visit.response.status_code} {cause}"


def leaked_markers(visit: Visit, markers=PRIVATE_MARKERS) -> list[str]:
    text = visit.text.lower()
    route = ROUTES.get(visit.key)
    public = route.shows_publicly if route is not None else ()
    return [marker for marker in markers if marker.lower() in text and marker not in public]


def login_redirect(response: HttpResponse) -> str:
    """The login page (Partner Center's or the TikTok app's) that a response sends the browser
    to, by a 302 or by htmx's HX-Redirect; "" when it sends it nowhere of the kind."""
    if "HX-Redirect" in response:
        url = response["HX-Redirect"]
    elif response.status_code in (301, 302, 303, 307, 308):
        url = response["Location"]
    else:
        return ""
    login_pages = {reverse("accounts:login"), reverse("tiktok:login")}
    return url if urlsplit(url).path in login_pages else ""


def is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")
