"""Every URL of the project, asked for by people it does not belong to: never a 500, never a
private marker of partner A's world, never a change to it. A route that ROUTES does not
cover fails the first test, so a new view cannot be added without being walked."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver, reverse

from . import walk
from .world import (
    LINK_REASON,
    RIVAL_CAMPAIGN,
    RIVAL_NAME,
    ROUTES,
    STRANGER_MARKERS,
    STRANGERS,
    UNLINK_REQUEST_REASON,
    admin_objects,
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
            and not (route.directory_object and visit.role == "other_staff")
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


def _model_of(name: str | None):
    """The model an admin URL name is about: `<app>_<model>_<view>`, or None."""
    if name == "auth_user_password_change":  # Django names it so whatever the user model is
        return get_user_model()
    for model in apps.get_models():
        if admin.site.is_registered(model) and (name or "").startswith(
            f"{model._meta.app_label}_{model._meta.model_name}_"
        ):
            return model
    return None


def _admin_urls(world, object_id: str = "") -> list[tuple[str, str, object]]:
    """(name, url, A's object in it or None) for every admin pattern, with A's object of the
    URL's model for its id (or `object_id`)."""
    (admin_resolver,) = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "admin"
    ]
    objects = admin_objects(world)
    urls = []
    for name, route in _admin_patterns(admin_resolver):
        model = _model_of(name)
        obj = objects[model] if model is not None and "<" in route else None
        values = {
            "<path:object_id>": object_id or str(getattr(obj, "pk", "")),
            "<id>": object_id or str(getattr(obj, "pk", "")),
            "<path:content_type_id>": "1",
            "(?P<url>.*)$": "nowhere/",
        }
        for placeholder, value in values.items():
            route = route.replace(placeholder, value)
        if route.startswith("^(?P<app_label>"):  # the app index: every app with an admin
            route = "linking/"
        assert "<" not in route and "(" not in route, f"fill in {route}"
        if name == "autocomplete":
            route += "?app_label=accounts&model_name=membership&field_name=user&term="
        urls.append((name or route, "/admin/" + route, obj))
    return urls


def test_it_has_an_object_of_the_world_for_every_admin(world):
    objects = admin_objects(world)
    registered = [m for m in apps.get_models() if admin.site.is_registered(m)]
    missing = [m._meta.label for m in registered if m not in objects]
    assert not missing, f"Add these to tests/hardening/world.py admin_objects: {missing}"


def test_it_sends_everyone_but_account_managers_to_the_admin_login(world):
    problems = []
    for name, url, _ in _admin_urls(world):
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
    for _, url, _ in urls:
        if "logout" not in url:
            response = client.get(url)
            if response.status_code >= 500:
                errors.append(f"GET {url}: {response.status_code}")
    assert not errors, "\n".join(errors)


def test_it_shows_partner_as_account_manager_what_is_theirs(world):
    """The check below means something only if A's own manager does see A's objects."""
    client = world.client("manager")
    objects = [world.partner, world.staff, world.scanner, world.link, world.event, world.session]
    for obj in [*objects, world.unlink_request]:
        opts = obj._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200, change
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert change in client.get(changelist).text, changelist
    events = client.get(reverse("admin:linking_linkevent_changelist")).text
    assert LINK_REASON in events
    answer = reverse("admin:linking_unlinkrequest_approve", args=[world.unlink_request.pk])
    assert UNLINK_REQUEST_REASON in client.get(answer).text


def test_it_treats_the_manager_of_another_partner_as_a_stranger_in_the_admin(world):
    """Every admin URL, A's objects in those that take one, as the rival's account manager:
    never a 500, never a private marker of A's, never a page of A's object, nothing changed."""
    before = owner_fingerprint(world)
    problems = []
    for _, url, obj in _admin_urls(world):
        for method in ("GET", "POST"):
            response = walk.request(world, "other_manager", method, url)
            visit = walk.Visit("admin", "other_manager", method, url, response)
            if error := walk.server_error(visit):
                problems.append(error)
            if leaked := walk.leaked_markers(visit):
                problems.append(f"{visit}: leaks {leaked}")
            if obj is not None and response.status_code < 300:
                problems.append(f"{visit}: {response.status_code} for {obj!r}")
            if obj is not None and response.status_code == 302:
                problems.append(f"{visit}: a redirect, not a 404, for {obj!r}")
    assert not problems, "\n".join(problems)
    assert owner_fingerprint(world) == before
