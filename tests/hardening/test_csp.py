"""Every HTML response of every route, for its owner and for strangers, carries a
Content-Security-Policy whose scripts need a nonce and that never allows inline code; the
pages themselves have no inline handlers or style attributes for it to block."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse

from . import walk
from .world import STRANGERS, build_world

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
INLINE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\s(on[a-z]+|style)\s*=", re.IGNORECASE)


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def csp_problems(visit: walk.Visit) -> list[str]:
    policy = visit.response.get("Content-Security-Policy")
    if not policy:
        return [f"{visit}: no Content-Security-Policy"]
    policy_directives = directives(policy)
    script_src = policy_directives.get("script-src", policy_directives.get("default-src", []))
    problems = []
    if any(value in ("'unsafe-inline'", "'unsafe-eval'", "*") for value in script_src):
        problems.append(f"{visit}: script-src allows inline code: {script_src}")
    if "'unsafe-inline'" in policy_directives.get("style-src", []):
        problems.append(f"{visit}: style-src allows 'unsafe-inline'")
    nonces = {value[len("'nonce-") : -1] for value in script_src if value.startswith("'nonce-")}
    body = visit.body
    if "<html" in body.lower() and not nonces:
        problems.append(f"{visit}: a page without a script nonce: {script_src}")
    for tag in SCRIPT_TAG.findall(body):
        # Our own files load from 'self'; anything else needs this response's nonce.
        src = re.search(r'\ssrc="([^"]*)"', tag)
        if src and src.group(1).startswith("/") and not src.group(1).startswith("//"):
            continue
        nonce = re.search(r'nonce="([^"]+)"', tag)
        if nonce is None or nonce.group(1) not in nonces:
            problems.append(f"{visit}: {tag} does not carry the response's nonce")
    if found := INLINE_ATTRIBUTE.search(body):
        problems.append(f"{visit}: inline {found.group(1)}= attribute, which CSP blocks")
    return problems


def test_it_sends_a_nonce_csp_without_unsafe_inline_with_every_html_response():
    world = build_world()
    problems, pages = [], 0
    # Strangers see the 403 and 404 pages; the rest is the same for all of them.
    for visit in walk.visits(world, ["owner", *STRANGERS[1:3]], methods=("GET", "GET htmx")):
        if walk.is_html(visit.response):
            pages += 1
            problems += csp_problems(visit)
    assert pages > 100
    assert not problems, "\n".join(problems)


def test_it_finds_a_policy_that_allows_inline_scripts():
    """The check itself: a page served with 'unsafe-inline' and a script without a nonce."""
    response = HttpResponse("<html><script>alert(1)</script><p onclick=x>")
    response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    visit = walk.Visit("example", "anonymous", "GET", "/example/", response)
    problems = " ".join(csp_problems(visit))
    assert "allows inline code" in problems
    assert "without a script nonce" in problems
    assert "does not carry" in problems
    assert "onclick" in problems
