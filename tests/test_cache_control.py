"""Pages are someone's: whatever does not say how it may be cached is `private, no-store`, so no
shared cache, browser disk or back button keeps a QR code, a confirmation screen or a CSV.
What may be cached says so, and the link-status poll keeps its own header, 204 included."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from linking import services
from tests.factories import TikTokAccountFactory
from tests.linking.conftest import scan, tiktok_client_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def started(partner, staff):
    return services.link_session_start(partner=partner, started_by=staff)


def _private_no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_logged_in_partner_center_pages_are_not_stored(staff_client, started):
    session, _ = started
    for url in (
        reverse("accounts:home"),
        reverse("linking:profile"),
        reverse("linking:session", args=[session.code]),
        reverse("creators:find"),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert _private_no_store(response), (url, response.get("Cache-Control"))


def test_the_phones_scan_and_confirmation_screens_are_not_stored(started):
    session, token = started
    phone = tiktok_client_for(TikTokAccountFactory())
    asking = phone.post(reverse("linking:scan"), {"token": token})
    assert asking.status_code == 200 and _private_no_store(asking)
    scan(phone, token)
    confirmation = phone.get(reverse("linking:confirmation", args=[session.code]))
    assert "Connect Now" in confirmation.text and _private_no_store(confirmation)


def test_the_insights_csv_is_not_stored(staff_client):
    response = staff_client.get(reverse("insights:csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert _private_no_store(response)


def test_the_polls_204_keeps_its_own_header_and_costs_no_more(
    staff_client, started, django_assert_num_queries
):
    session, _ = started
    url = reverse("linking:status", args=[session.code])
    full = staff_client.get(url, headers=HTMX)
    shown = re.search(r'name="shown" value="([^"]*)"', full.text).group(1)
    with django_assert_num_queries(1):  # the login session's row, as without the middleware
        response = staff_client.get(url, {"shown": shown}, headers=HTMX)
    assert response.status_code == 204
    assert response["Cache-Control"] == full["Cache-Control"]
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_what_may_be_cached_says_so(client):
    account = TikTokAccountFactory(handle="cached.avatar")
    response = client.get(reverse("tiktok:avatar", args=[account.handle]))
    assert response["Cache-Control"] == "public, max-age=3600"
