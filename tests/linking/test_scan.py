"""The scan screen: opening the QR code's URL shows who is asking and changes nothing; the tap on
Continue is the scan. The token never travels in a URL, and guessing it is rate-limited."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linking import services
from linking.models import LinkSession
from linking.selectors import scan_url
from tests.factories import TIKTOK_PASSWORD, TikTokAccountFactory
from tiktok.auth import SESSION_KEY

from .conftest import scan, tiktok_client_for

pytestmark = pytest.mark.django_db
SCAN = reverse("linking:scan")
CONTINUE = reverse("linking:scan_continue")
HTMX = {"HX-Request": "true"}


def _status(staff_client, session) -> str:
    return staff_client.get(reverse("linking:status", args=[session.code]), headers=HTMX).text


def test_the_qr_codes_url_carries_the_token_only_in_its_fragment(started, settings):
    settings.SITE_URL = "https://pc.example"
    _, token = started
    url = scan_url(token)
    path, _, fragment = url.removeprefix("https://pc.example").partition("#")
    assert (path, fragment) == (SCAN, f"t={token}")


def test_opening_the_url_shows_the_screen_and_changes_nothing(staff_client, tiktok_client, started):
    session, _ = started
    response = tiktok_client.get(SCAN)  # what a browser sends for …/tiktok/scan/#t=…
    assert response.status_code == 200
    assert f'action="{SCAN}"' in response.text and 'name="token"' in response.text
    assert "js/scan.js" in response.text
    assert LinkSession.objects.get(pk=session.pk).status == "pending"
    assert "Waiting for scan" in _status(staff_client, session)


def test_posting_the_token_shows_who_is_asking_and_the_agency_still_sees_no_handle(
    staff_client, tiktok_client, started, staff
):
    session, token = started
    response = tiktok_client.post(SCAN, {"token": token})
    assert response.status_code == 200
    page = response.text
    assert "Northstar Creators asks to link your TikTok account" in page
    assert "United States" in page and str(staff) in page and "UTC" in page
    assert "Continue only if you started this yourself" in page
    assert f'action="{CONTINUE}"' in page and f'name="token" value="{token}"' in page
    assert LinkSession.objects.get(pk=session.pk).status == "pending"
    status = _status(staff_client, session)
    assert "Waiting for scan" in status and "agency.official" not in status


def test_the_tap_marks_it_scanned_and_the_agency_learns_the_handle(
    staff_client, tiktok_client, started, account
):
    session, token = started
    response = tiktok_client.post(CONTINUE, {"token": token})
    assert response.url == reverse("linking:confirmation", args=[session.code])
    session.refresh_from_db()
    assert (session.status, session.tiktok_account) == ("scanned", account)
    assert "Scanned by <strong>@agency.official</strong>" in _status(staff_client, session)


def test_posting_a_token_already_scanned_by_this_account_leads_back_to_its_screen(
    tiktok_client, started
):
    session, token = started
    scan(tiktok_client, token)
    response = tiktok_client.post(SCAN, {"token": token})
    assert response.url == reverse("linking:confirmation", args=[session.code])


def test_a_cross_site_post_without_the_csrf_token_scans_nothing(started, account):
    session, token = started
    client = Client(enforce_csrf_checks=True)
    client_session = client.session
    client_session[SESSION_KEY] = account.pk
    client_session.save()
    assert client.post(CONTINUE, {"token": token}).status_code == 403
    assert client.post(SCAN, {"token": token}).status_code == 403
    assert LinkSession.objects.get(pk=session.pk).status == "pending"


def test_the_scan_screens_refuse_other_methods(tiktok_client, started):
    _, token = started
    assert tiktok_client.get(CONTINUE).status_code == 405
    assert tiktok_client.put(SCAN, {"token": token}).status_code == 405


@pytest.mark.parametrize("token", ["", "x" * 43, "not a token", "é" * 500])
def test_an_unknown_token_is_not_valid(tiktok_client, token):
    for url in (SCAN, CONTINUE):
        response = tiktok_client.post(url, {"token": token})
        assert response.status_code == 404
        assert "This QR code is no longer valid" in response.text


def test_a_superseded_code_says_it_was_replaced(tiktok_client, started, partner, staff):
    session, token = started
    services.link_session_start(partner=partner, started_by=staff)
    for url in (SCAN, CONTINUE):
        response = tiktok_client.post(url, {"token": token})
        assert response.status_code == 410
        assert "Replaced by a newer QR code" in response.text
        assert "not valid" not in response.text
    assert LinkSession.objects.get(pk=session.pk).status == "superseded"


def test_a_rejected_scan_says_so_when_its_account_scans_it_again(tiktok_client, started, staff):
    session, token = started
    scan(tiktok_client, token)
    services.link_session_reject(session=session, actor=staff)
    response = tiktok_client.post(SCAN, {"token": token})
    assert response.status_code == 410
    assert "The agency rejected this scan" in response.text


def test_logged_out_the_screen_logs_in_and_comes_back(client, started, account):
    # The browser keeps the fragment through the redirects (tests/linking/test_browser.py).
    response = client.get(SCAN)
    assert response.url == f"{reverse('tiktok:login')}?next=%2Ftiktok%2Fscan%2F"
    response = client.post(
        response.url, {"handle": "agency.official", "password": TIKTOK_PASSWORD, "next": SCAN}
    )
    assert response.url == SCAN


def test_no_url_of_the_whole_journey_holds_the_token(staff_client, account, partner):
    """What an access log or a 404 warning could print: every path and query requested."""
    requested = []
    phone = tiktok_client_for(account)
    for client in (staff_client, phone):
        client.handler.get_response = _recording(client.handler.get_response, requested)
    page = staff_client.post(reverse("linking:start"), follow=True)
    session = LinkSession.objects.get(partner=partner)
    token = session.tokens.get().raw
    scanned = phone.post(reverse("tiktok:my_qr_code"), {"url": scan_url(token)})
    assert token in scanned.text  # posted from the screen, in the request's body
    confirmation = phone.post(SCAN, {"token": token})
    assert "asks to link" in confirmation.text
    phone.post(CONTINUE, {"token": token}, follow=True)
    phone.post(reverse("linking:confirm", args=[session.code]))
    staff_client.get(reverse("linking:status", args=[session.code]), headers=HTMX)
    assert LinkSession.objects.get(pk=session.pk).status == "linked"
    assert token in page.text
    assert len(requested) >= 7 and not [url for url in requested if token in url]


def _recording(get_response, requested: list[str]):
    def record(request):
        requested.append(request.get_full_path())
        return get_response(request)

    return record


# --- rate limit --------------------------------------------------------------------------


def test_the_31st_guess_in_a_minute_answers_429_before_any_lookup(tiktok_client, settings):
    settings.LINK_SCAN_RATE = "30/m"
    for n in range(30):
        assert tiktok_client.post(SCAN, {"token": f"guess-{n}"}).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        response = tiktok_client.post(CONTINUE, {"token": "guess-31"})
    assert response.status_code == 429
    assert "too many requests in a short time" in response.text
    assert "Try again in a minute" in response.text
    # At most the login session's own row: no token looked up, no row locked.
    assert not [q["sql"] for q in queries.captured_queries if "linking_" in q["sql"]]
    assert len(queries.captured_queries) <= 1


def test_the_limit_counts_per_tiktok_account_across_addresses(started, account, settings):
    settings.LINK_SCAN_RATE = "3/m"
    _, token = started
    phone = tiktok_client_for(account)
    for n in range(3):
        phone.post(SCAN, {"token": f"guess-{n}"}, REMOTE_ADDR=f"10.0.0.{n}")
    assert phone.post(SCAN, {"token": token}, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_the_limit_counts_per_address_across_accounts(started, settings):
    settings.LINK_SCAN_RATE = "3/m"
    _, token = started
    for _ in range(3):
        guesser = tiktok_client_for(TikTokAccountFactory())
        guesser.post(SCAN, {"token": "guess"}, REMOTE_ADDR="10.0.0.1")
    fresh = tiktok_client_for(TikTokAccountFactory())
    assert fresh.post(SCAN, {"token": token}, REMOTE_ADDR="10.0.0.1").status_code == 429


def test_the_right_token_still_works_for_another_client(started, account, settings):
    settings.LINK_SCAN_RATE = "3/m"
    session, token = started
    guesser = tiktok_client_for(TikTokAccountFactory())
    for n in range(4):
        guesser.post(SCAN, {"token": f"guess-{n}"}, REMOTE_ADDR="10.0.0.1")
    assert guesser.post(SCAN, {"token": token}, REMOTE_ADDR="10.0.0.1").status_code == 429
    phone = tiktok_client_for(account)
    assert phone.post(SCAN, {"token": token}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert phone.post(CONTINUE, {"token": token}, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert LinkSession.objects.get(pk=session.pk).status == "scanned"


def test_behind_the_proxy_the_address_is_the_one_it_forwarded(started, settings):
    settings.LINK_SCAN_RATE = "2/m"
    settings.TRUST_X_FORWARDED_FOR = True
    _, token = started
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(2):
        guesser = tiktok_client_for(TikTokAccountFactory())
        guesser.post(SCAN, {"token": "guess"}, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 10.0.0.1", **proxy)
    # The same last hop, whatever the client put before it, is one client; another is not.
    blocked = tiktok_client_for(TikTokAccountFactory())
    forged = {"HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.0.0.1", **proxy}
    assert blocked.post(SCAN, {"token": token}, **forged).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "10.0.0.7", **proxy}
    assert blocked.post(SCAN, {"token": token}, **other).status_code == 200
