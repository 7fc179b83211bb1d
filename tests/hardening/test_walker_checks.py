"""The walker's own checks: a route ROUTES does not know is reported, and a page that shows
a private marker is reported as a leak."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.urls import include, path

from . import walk
from .world import CAMPAIGN_OPEN, ROUTES, project_patterns


def unscoped_view(request, code):
    return HttpResponse(f"<p>{CAMPAIGN_OPEN}</p>")


urlpatterns = [
    path("", include("partner_center.urls")),
    path("sneaky/<uuid:code>/", unscoped_view, name="sneaky"),
]


@pytest.mark.urls(__name__)
def test_it_reports_a_route_that_the_mapping_does_not_cover():
    keys = {pattern.key for pattern in project_patterns()}
    assert sorted(keys - ROUTES.keys()) == ["sneaky"]


def test_it_reports_a_private_marker_in_a_page_or_a_header():
    page = walk.Visit("sneaky", "other_staff", "GET", "/sneaky/", HttpResponse(CAMPAIGN_OPEN))
    assert walk.leaked_markers(page) == [CAMPAIGN_OPEN]
    response = HttpResponse("")
    response["Content-Disposition"] = f'attachment; filename="{CAMPAIGN_OPEN.lower()}.csv"'
    header = walk.Visit("sneaky", "other_staff", "GET", "/sneaky/", response)
    assert walk.leaked_markers(header) == [CAMPAIGN_OPEN]
    clean = walk.Visit("sneaky", "other_staff", "GET", "/sneaky/", HttpResponse("Not found"))
    assert walk.leaked_markers(clean) == []
