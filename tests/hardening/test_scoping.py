"""Every URL of the project, asked for by people it does not belong to: never a 500, never a
private marker of partner A's world, never a change to it. A route that ROUTES does not
cover fails the first test, so a new view cannot be added without being walked."""

from __future__ import annotations

import pytest
from django.urls import URLResolver, get_resolver, reverse

from . import walk
from .world import (
    RIVAL_CAMPAIGN,
    RIVAL_NAME,
    ROUTES,
    STRANGER_MARKERS,
    STRANGERS,
    build_world,
    owner_fingerprint,
    project_patterns,
    url_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_it_covers_every_url_pattern_of_the_project():
    keys = {pattern.key for pattern in project_patterns()}
    uncovered = sorted(keys - ROUTES.keys())
    print("URL patterns not in tests/hardening/world.py ROUTES:", uncovered)
    assert not uncovered, f"Add these routes to ROUTES (owner, kwargs, marker): {uncovered}"
    # "media" exists only while DEBUG is on; any other stale entry is a renamed route.
    stale = sorted(ROUTES.keys() - keys - {"media"})
    assert not stale, f"ROUTES names routes that no longer exist: {stale}"


def test_it_shows_owners_their_own_markers(world):
    """The leak checks below mean something only if the owners do see the markers."""
    missing = []
    for visit in walk.visits(world, ["owner"], methods=("GET", "GET htmx")):
        route = ROUTES[visit.key]
        if not route.owner_sees or route.htmx_only != visit.method.endswith("htmx"):
            continue
        if visit.response.status_code != 200:
            missing.append(f"{visit}: {visit.response.status_code}")
        elif route.owner_sees.lower() not in visit.text.lower():
            missing.append(f"{visit}: no {route.owner_sees!r}")
    assert not missing, "\n".join(missing)


def test_it_never_fails_leaks_or_changes_anything_for_strangers(world):
    before = owner_fingerprint(world)
    problems = []
    for visit in walk.visits(world, STRANGERS):
        if error := walk.server_error(visit):
            problems.append(error)
        if leaked := walk.leaked_markers(visit):
            problems.append(f"{visit}: leaks {leaked}")
        route = ROUTES[visit.key]
        # An object of A's in the URL: a stranger gets 404, 403, a login or a wrong method.
        if (
            route.owner != "public"
            and route.kwargs(world)
            and visit.response.status_code < 300
            and not walk.login_redirect(visit.response)
        ):
            problems.append(f"{visit}: {visit.response.status_code} for someone else's object")
    print("\n".join(problems))
    assert not problems, "\n".join(problems)
    assert owner_fingerprint(world) == before


def test_it_sends_logged_out_htmx_requests_to_log_in_with_hx_redirect(world):
    """htmx follows a 302 itself and would swap the login page into the element that asked (a
    polled status box): each page's htmx requests from a logged-out browser get HX-Redirect,
    the browser's own requests the usual 302."""
    problems = []
    for visit in walk.visits(world, ["anonymous"]):
        route = ROUTES[visit.key]
        if route.owner == "public" or visit.response.status_code == 405:
            continue
        response = visit.response
        if not walk.login_redirect(response):
            problems.append(f"{visit}: {response.status_code}, not sent to log in")
        elif visit.method.endswith("htmx") != ("HX-Redirect" in response):
            problems.append(f"{visit}: {response.status_code} {dict(response.headers)}")
        elif "HX-Request" not in response.get("Vary", ""):
            problems.append(f"{visit}: no Vary: HX-Request")
    assert not problems, "\n".join(problems)


def test_it_never_fails_or_shows_the_strangers_worlds_to_the_owners(world):
    problems = []
    for visit in walk.visits(world, ["owner"]):
        if error := walk.server_error(visit):
            problems.append(error)
        if leaked := walk.leaked_markers(visit, STRANGER_MARKERS):
            problems.append(f"{visit}: shows {leaked}")
    assert not problems, "\n".join(problems)


def test_it_never_fails_or_changes_anything_on_other_methods(world):
    before = owner_fingerprint(world)
    errors = []
    for method in ("put", "patch", "delete", "options", "head"):
        for pattern in project_patterns():
            url = url_for(world, pattern.key)
            owner = ROUTES[pattern.key].owner
            role = "anonymous" if owner == "public" else owner
            client = world.client(role, fresh="logout" in url)
            response = getattr(client, method)(url)
            if response.status_code >= 500:
                errors.append(f"{method.upper()} {url}: {response.status_code}")
    assert not errors, "\n".join(errors)
    assert owner_fingerprint(world) == before


def test_it_sees_the_strangers_markers_where_they_belong(world):
    """The owners' check above means something only if the strangers do see their own."""
    rival_campaigns = walk.request(world, "other_staff", "GET", reverse("campaigns:list"))
    assert RIVAL_CAMPAIGN in rival_campaigns.content.decode()
    inbox = walk.request(world, "other_creator", "GET", reverse("creator:inbox"))
    assert RIVAL_NAME in inbox.content.decode()


# --- Admin ---------------------------------------------------------------------------------


def _admin_patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _admin_patterns(entry, prefix + str(entry.pattern))
        else:
            yield entry.name, prefix + str(entry.pattern)


def _admin_urls(world, object_id: str = "") -> list[tuple[str, str]]:
    """(name, url) of every admin pattern, with placeholders for its arguments."""
    (admin,) = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "admin"
    ]
    values = {
        "<path:object_id>": object_id or str(world.link.pk),
        "<path:content_type_id>": "1",
        "<id>": str(world.staff.pk),
        "^(?P<app_label>auth|accounts|tiktok|linking|creators|campaigns|outbox)/$": "linking/",
        "(?P<url>.*)$": "nowhere/",
    }
    urls = []
    for name, route in _admin_patterns(admin):
        for placeholder, value in values.items():
            route = route.replace(placeholder, value)
        assert "<" not in route and "(" not in route, f"fill in {route}"
        urls.append((name or route, "/admin/" + route))
    return urls


def test_it_sends_everyone_but_account_managers_to_the_admin_login(world):
    problems = []
    for name, url in _admin_urls(world):
        for role in ("anonymous", "staff", "creator", "seller", "other_staff"):
            for method in ("GET", "POST"):
                response = walk.request(world, role, method, url)
                location = response.get("Location", "")
                if name == "login":
                    ok = response.status_code in (200, 302)
                else:
                    ok = response.status_code == 302 and location.startswith("/admin/")
                if not ok:
                    problems.append(f"{method} {url} as {role}: {response.status_code} {location}")
    assert not problems, "\n".join(problems)


def test_it_opens_every_admin_page_for_account_managers_even_with_a_malformed_id(world):
    client = world.client("manager")
    errors = []
    urls = [*_admin_urls(world), *_admin_urls(world, object_id="not-an-id")]
    for _, url in urls:
        if "logout" not in url:
            response = client.get(url)
            if response.status_code >= 500:
                errors.append(f"GET {url}: {response.status_code}")
    assert not errors, "\n".join(errors)
