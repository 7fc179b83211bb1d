"""CSRF: every route, POSTed by its own logged-in owner without the token (as a form and as
htmx sends it), is refused with 403 and changes nothing. The same POST with the token (as
htmx sends it, in X-CSRFToken) gets through, which shows which endpoints change state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from . import walk
from .world import ROUTES, World, build_world, owner_fingerprint, project_patterns, url_for

pytestmark = pytest.mark.django_db

CSRF_FAILED = b"CSRF verification failed"

# Endpoints that must accept a POST; the walk below finds them and any new ones.
STATE_CHANGING = {
    "accounts:login",
    "accounts:logout",
    "accounts:notification_read",
    "accounts:notifications_read_all",
    "accounts:notification_settings",
    "linking:unlink_request",
    "linking:start",
    "linking:qr",
    "linking:reject",
    "linking:refresh",
    "tiktok:signup",
    "tiktok:login",
    "tiktok:logout",
    "tiktok:my_qr_code",
    "linking:scan",
    "linking:scan_continue",
    "linking:confirm",
    "linking:cancel",
    "linking:scan_switch_account",
    "linking:switch_account",
    "tiktok:switch_to_personal",
    "creators:selection",
    "creators:invite",
    "creators:partnership_add",
    "creators:request_cancel",
    "creator:invitation_accept",
    "creator:invitation_decline",
    "creator:request_accept",
    "creator:request_decline",
    "campaigns:create",
    "campaigns:edit",
    "campaigns:publish",
    "campaigns:unpublish",
    "campaigns:delete",
    "campaigns:product_approve",
    "campaigns:products_approve",
    "campaigns:product_reject",
    "seller:register",
}


def _owner(key: str) -> str:
    owner = ROUTES[key].owner
    return "anonymous" if owner == "public" else owner


def _targets(world: World) -> list[tuple[str, str, str]]:
    targets = [(p.key, _owner(p.key), url_for(world, p.key)) for p in project_patterns()]
    unlink = reverse("admin:linking_tiktoklink_unlink", args=[world.link.pk])
    pk = world.unlink_request.pk
    answers = [
        (f"admin {action}", "manager", reverse(f"admin:linking_unlinkrequest_{action}", args=[pk]))
        for action in ("approve", "decline")
    ]
    return [
        *targets,
        ("admin unlink", "manager", unlink),
        *answers,
        ("admin login", "anonymous", "/admin/login/"),
    ]


def test_it_refuses_every_post_without_the_csrf_token():
    world = build_world()
    before = owner_fingerprint(world)
    problems = []
    for key, role, url in _targets(world):
        for headers in ({}, walk.HTMX):
            client = world.client(role, enforce_csrf_checks=True)
            response = client.post(url, {"reason": "x", "message": "x"}, **headers)
            if response.status_code != 403 or CSRF_FAILED not in response.content:
                problems.append(f"POST {url} ({key}) as {role} {headers}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert owner_fingerprint(world) == before


def test_it_lets_the_token_through_to_every_state_changing_endpoint():
    world = build_world()
    accepting = set()
    for key, role, url in _targets(world):
        client = world.client(role, enforce_csrf_checks=True)
        client.get(reverse("tiktok:login"))  # a form: sets the csrftoken cookie
        token = client.cookies["csrftoken"].value
        response = client.post(url, HTTP_X_CSRFTOKEN=token, **walk.HTMX)
        assert response.status_code != 403 or CSRF_FAILED not in response.content, url
        if response.status_code != 405:
            accepting.add(key)
    print("Endpoints that accept POST:", sorted(accepting))
    assert not STATE_CHANGING - accepting, sorted(STATE_CHANGING - accepting)
