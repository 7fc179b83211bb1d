"""/favicon.ico answers: a permanent move to the static SVG icon, cached for a day (it is
followed through whitenoise with DEBUG off in tests/test_production.py)."""

from __future__ import annotations

from django.templatetags.static import static
from django.test import Client


def test_it_moves_to_the_svg_icon(db):
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("favicon.svg")
    assert response["Cache-Control"] == "public, max-age=86400"


def test_it_needs_no_log_in_and_refuses_post(db):
    assert Client().head("/favicon.ico").status_code == 301
    assert Client().post("/favicon.ico").status_code == 405
