"""The Partner Center link flow: start, the session page with its QR code, refresh."""

from __future__ import annotations

import html
import re
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.reauth import LOGGED_IN_AT
from linking import services
from linking.models import LinkEvent, LinkSession, LinkToken
from tests.factories import MembershipFactory, TikTokLinkFactory

from .conftest import scan, tiktok_client_for, token_on_page

pytestmark = pytest.mark.django_db
START = reverse("linking:start")
HTMX = {"HX-Request": "true"}


def _session_page(session):
    return reverse("linking:session", args=[session.code])


def test_it_offers_sign_up_and_get_started(staff_client):
    response = staff_client.get(START)
    assert response.status_code == 200
    assert "Get Started" in response.text


def test_signing_up_for_tiktok_comes_back_to_linking(staff_client):
    page = staff_client.get(START, {"next": "/creators/find/"})
    sign_up = re.search(r'href="([^"]*)">Sign Up for TikTok', page.text).group(1)
    response = staff_client.post(
        html.unescape(sign_up),
        {
            "handle": "fresh.agency",
            "display_name": "Fresh Agency",
            "birth_date": "1990-05-01",
            "password": "long-enough-pw",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{START}?next=%2Fcreators%2Ffind%2F"
    assert "Get Started" in staff_client.get(response.url).text


def test_sign_up_does_not_carry_a_next_that_leaves_the_site(staff_client):
    page = staff_client.get(START, {"next": "//evil.example/"})
    assert "evil.example" not in page.text
    assert f'href="{reverse("tiktok:signup")}?next=%2Faccount%2Flink%2F"' in page.text


def test_get_started_creates_a_session_and_shows_its_qr_code(staff_client, partner, settings):
    settings.SITE_URL = "https://pc.example"
    response = staff_client.post(START, follow=True)
    session = LinkSession.objects.get(partner=partner)
    assert response.redirect_chain == [(_session_page(session), 302)]
    page = response.text
    assert "<svg" in page and 'class="qr-code"' in page and "style=" not in page
    token = token_on_page(response)
    assert f'href="https://pc.example/tiktok/scan/#t={token}"' in page
    assert session.tokens.get().token_hash == LinkToken.hash(token)
    assert "Open in the simulated TikTok app" in page
    assert "Waiting for scan" in page
    assert 'data-expires-at="' in page and "UTC" in page
    assert "at least 18 years old" in page and "registered business account" in page
    assert "My QR code" in page


def test_it_keeps_a_safe_next_through_the_flow(staff_client, partner):
    response = staff_client.post(START, {"next": "/creators/find/?q=mia"})
    session = LinkSession.objects.get(partner=partner)
    assert response.url == f"{_session_page(session)}?next=%2Fcreators%2Ffind%2F%3Fq%3Dmia"
    page = staff_client.get(response.url).text
    status_url = reverse("linking:status", args=[session.code])
    assert f'hx-get="{status_url}?next=%2Fcreators%2Ffind%2F%3Fq%3Dmia"' in page


def test_it_drops_a_next_pointing_elsewhere(staff_client, partner):
    response = staff_client.post(START, {"next": "https://evil.example/"})
    assert "next" not in response.url


def test_the_success_card_continues_to_next(staff_client, partner, account):
    page = staff_client.post(START, {"next": "/campaigns/new/"}, follow=True)
    session = LinkSession.objects.get(partner=partner)
    services.link_session_scan(token=token_on_page(page), account=account)
    services.link_session_confirm(session=session, account=account)
    page = staff_client.get(f"{_session_page(session)}?next=/campaigns/new/").text
    assert "TikTok account linked" in page
    assert 'href="/campaigns/new/"' in page and "Creator Agency Partner" in page
    assert "<svg" not in page


def test_a_linked_session_page_no_longer_explains_how_to_scan(staff_client, partner, account):
    page = staff_client.post(START, follow=True)
    assert "How to scan" in page.text
    session = LinkSession.objects.get(partner=partner)
    services.link_session_scan(token=token_on_page(page), account=account)
    services.link_session_confirm(session=session, account=account)
    page = staff_client.get(_session_page(session)).text
    assert "TikTok account linked" in page
    assert "How to scan" not in page and "Requirements" not in page


def test_the_success_card_continues_to_profile_without_next(staff_client, partner, account):
    page = staff_client.post(START, follow=True)
    session = LinkSession.objects.get(partner=partner)
    services.link_session_scan(token=token_on_page(page), account=account)
    services.link_session_confirm(session=session, account=account)
    page = staff_client.get(_session_page(session)).text
    assert f'href="{reverse("linking:profile")}"' in page


def test_an_already_linked_partner_is_not_sent_through_again(staff_client, partner):
    TikTokLinkFactory(partner=partner)
    assert "already linked" in staff_client.get(START).text
    response = staff_client.post(START)
    assert response.url == reverse("linking:profile")
    assert not LinkSession.objects.exists()
    assert (
        "Your agency&#x27;s TikTok account is already linked."
        in staff_client.get(response.url).text
    )


def test_refreshing_after_the_link_went_through_elsewhere_starts_nothing(
    staff_client, partner, started
):
    session, _ = started
    TikTokLinkFactory(partner=partner)
    response = staff_client.post(
        reverse("linking:refresh", args=[session.code]), {"next": "/creators/find/"}
    )
    assert response.url == "/creators/find/"
    assert list(LinkSession.objects.all()) == [session]
    page = staff_client.get(reverse("linking:profile")).text
    assert "Your agency&#x27;s TikTok account is already linked." in page


def test_another_staff_members_page_offers_a_new_qr_code(partner, started):
    colleague = MembershipFactory(partner=partner).user
    client = Client()
    client.force_login(colleague)
    page = client.get(_session_page(started[0])).text
    assert "<svg" not in page and "/tiktok/scan/" not in page
    # and names who did (issue 16: who did what)
    assert f"shown only to {escape(started[0].started_by)}, who started it" in page
    assert "Refresh QR code" in page
    response = client.post(reverse("linking:qr", args=[started[0].code]), headers=HTMX)
    assert "<svg" not in response.text
    assert LinkToken.objects.count() == 1  # a colleague's page rotates nothing


def test_the_staff_member_who_started_it_sees_its_code_from_any_login(staff, started):
    session, token = started
    elsewhere = Client()
    elsewhere.force_login(staff)
    assert token_on_page(elsewhere.get(_session_page(session))) == token


def test_no_raw_token_is_kept_in_the_login_session(staff_client, partner):
    page = staff_client.post(START, follow=True)
    token = token_on_page(page)
    session_row = Session.objects.get(session_key=staff_client.session.session_key)
    assert token not in str(session_row.get_decoded()) and token not in session_row.session_data
    assert not [key for key, _ in staff_client.session.items() if "token" in key]


def test_an_expired_session_offers_refresh_which_starts_a_new_one(staff_client, partner, started):
    session, _ = started
    LinkSession.objects.filter(pk=session.pk).update(expires_at=session.created_at)
    page = staff_client.get(_session_page(session)).text
    assert "This QR code has expired." in page and "Refresh QR code" in page
    response = staff_client.post(
        reverse("linking:refresh", args=[session.code]), {"next": "/creators/find/"}
    )
    new = LinkSession.objects.get(partner=partner, status="pending")
    assert new != session
    assert response.url == f"{_session_page(new)}?next=%2Fcreators%2Ffind%2F"


def test_starting_is_rate_limited(staff_client, settings):
    settings.LINK_SESSION_RATE = "2/m"
    assert staff_client.post(START).status_code == 302
    assert staff_client.post(START).status_code == 302
    response = staff_client.post(START)
    assert response.status_code == 429
    assert "too many requests" in response.text
    assert LinkSession.objects.count() == 2


# --- the QR code rotates -----------------------------------------------------------------


def _age_code(session, seconds):
    LinkToken.objects.filter(session=session).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_the_qr_panel_asks_for_a_new_code_every_period(staff_client, started, settings):
    settings.LINK_QR_ROTATE_SECONDS = 45
    session, _ = started
    page = staff_client.get(_session_page(session)).text
    qr_url = reverse("linking:qr", args=[session.code])
    assert f'hx-post="{qr_url}" hx-trigger="every 45s" hx-swap="outerHTML"' in page
    assert "every 45 seconds" in page


def test_the_qr_panel_shows_a_new_code_once_the_current_one_is_due(
    staff_client, started, account, settings
):
    settings.LINK_QR_ROTATE_SECONDS = 60
    session, old = started
    qr_url = reverse("linking:qr", args=[session.code])
    _age_code(session, 30)
    assert token_on_page(staff_client.post(qr_url, headers=HTMX)) == old
    _age_code(session, 60)
    response = staff_client.post(qr_url, headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    new = token_on_page(response)
    assert new != old
    assert 'data-expires-at="' in response.text  # the session's time left, as before
    phone = tiktok_client_for(account)
    replaced = phone.post(reverse("linking:scan"), {"token": old})
    assert replaced.status_code == 410 and "Replaced by a newer QR code" in replaced.text
    assert scan(phone, new).status_code == 302
    assert LinkSession.objects.get(pk=session.pk).status == "scanned"


def test_the_qr_panel_stops_asking_once_there_is_no_code_to_show(staff_client, started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    response = staff_client.post(reverse("linking:qr", args=[session.code]), headers=HTMX)
    assert "<svg" not in response.text and "hx-post" not in response.text
    assert "no longer opens for anyone else" in response.text


def test_the_qr_panel_without_htmx_sends_you_to_the_page(staff_client, started):
    session, _ = started
    response = staff_client.post(reverse("linking:qr", args=[session.code]))
    assert response.url == _session_page(session)


# --- Not our account ---------------------------------------------------------------------


def _reject_url(session):
    return reverse("linking:reject", args=[session.code])


def test_not_our_account_rejects_the_scan_and_shows_a_fresh_code(
    staff_client, started, account, partner
):
    session, token = started
    phone = tiktok_client_for(account)
    scan(phone, token)

    response = staff_client.post(_reject_url(session), {"next": "/creators/find/"})

    fresh = LinkSession.objects.get(partner=partner, status="pending")
    assert response.url == f"{_session_page(fresh)}?next=%2Fcreators%2Ffind%2F"
    page = staff_client.get(response.url)
    assert "Rejected the scan by @agency.official" in page.text
    assert "Waiting for scan" in page.text and token_on_page(page) != token
    assert LinkSession.objects.get(pk=session.pk).status == "rejected"
    assert LinkEvent.objects.filter(event="rejected", session=session).exists()
    on_phone = phone.get(reverse("linking:confirmation", args=[session.code]))
    assert on_phone.status_code == 410 and "The agency rejected this scan" in on_phone.text
    tapped = phone.post(reverse("linking:confirm", args=[session.code]))
    assert "The agency rejected this scan" in tapped.text
    assert LinkSession.objects.get(pk=session.pk).status == "rejected"


def test_not_our_account_with_htmx_swaps_in_the_fresh_code_and_its_url(
    staff_client, started, account, partner
):
    session, token = started
    services.link_session_scan(token=token, account=account)
    response = staff_client.post(
        _reject_url(session), headers=HTMX, HTTP_USER_AGENT="Firefox", REMOTE_ADDR="203.0.113.9"
    )
    fresh = LinkSession.objects.get(partner=partner, status="pending")
    assert (fresh.user_agent, fresh.ip_address) == ("Firefox", "203.0.113.9")  # for the phone
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="link-flow">')
    assert "<html" not in response.text and "<svg" in response.text
    assert reverse("linking:status", args=[fresh.code]) in response.text
    assert "Rejected the scan by @agency.official" in response.text
    assert response["HX-Push-Url"] == _session_page(fresh)


def test_not_our_account_after_a_stale_log_in_rejects_at_once_and_refresh_asks_the_password(
    staff_client, started, account, partner
):
    session, token = started
    services.link_session_scan(token=token, account=account)
    client_session = staff_client.session
    client_session[LOGGED_IN_AT] = int(time.time()) - 16 * 60
    client_session.save()

    response = staff_client.post(_reject_url(session), follow=True)

    assert list(LinkSession.objects.values_list("status", flat=True)) == ["rejected"]
    assert response.redirect_chain == [(_session_page(session), 302)]
    assert "Rejected the scan by @agency.official" in response.text
    assert "Refresh QR code" in response.text
    refresh = staff_client.post(reverse("linking:refresh", args=[session.code]))
    assert "Confirm it's you" in refresh.text
    assert LinkSession.objects.filter(partner=partner).count() == 1


def test_not_our_account_after_the_phone_linked_says_so_and_changes_nothing(
    staff_client, started, account
):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_confirm(session=session, account=account)
    response = staff_client.post(_reject_url(session), headers=HTMX)
    assert response.status_code == 409
    assert "There is no scan to reject any more" in response.text
    assert "TikTok account linked" in response.text
    assert list(LinkSession.objects.values_list("status", flat=True)) == ["linked"]


def test_not_our_account_is_rate_limited_as_starting_is(staff_client, account, partner, settings):
    settings.LINK_SESSION_RATE = "1/m"
    assert staff_client.post(START).status_code == 302  # the one start of this minute
    fresh = LinkSession.objects.get(partner=partner, status="pending")
    services.link_session_scan(token=fresh.tokens.get().raw, account=account)
    response = staff_client.post(_reject_url(fresh))
    assert response.status_code == 429
    assert LinkSession.objects.get(pk=fresh.pk).status == "scanned"


# --- strangers and methods ---------------------------------------------------------------


def _link_urls(session):
    return {
        "profile": (reverse("linking:profile"), "get"),
        "start": (START, "post"),
        "session": (_session_page(session), "get"),
        "status": (reverse("linking:status", args=[session.code]), "get"),
        "refresh": (reverse("linking:refresh", args=[session.code]), "post"),
        "qr": (reverse("linking:qr", args=[session.code]), "post"),
        "reject": (_reject_url(session), "post"),
    }


def test_another_partners_staff_gets_404_on_this_partners_session(
    other_staff_client, started, account
):
    session, token = started
    services.link_session_scan(token=token, account=account)
    for name, (url, method) in _link_urls(session).items():
        if name in {"profile", "start"}:
            continue
        response = getattr(other_staff_client, method)(url, headers={"HX-Request": "true"})
        assert response.status_code == 404, name
    assert list(LinkSession.objects.values_list("status", flat=True)) == ["scanned"]
    assert not LinkEvent.objects.exists() and LinkToken.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "creator", "seller"])
def test_people_who_are_not_staff_are_kept_out(who, client, creator_client, seller_client, started):
    session, _ = started
    http = {"anonymous": client, "creator": creator_client, "seller": seller_client}[who]
    for name, (url, method) in _link_urls(session).items():
        response = getattr(http, method)(url)
        if who == "anonymous":
            assert response.status_code == 302 and response.url.startswith("/login/"), name
        elif name == "status":  # the poll's role check is its scoped lookup: not found
            assert response.status_code == 404, name
        else:
            assert response.status_code == 403, name
    assert LinkSession.objects.count() == 1


def test_it_refuses_wrong_methods(staff_client, started):
    session, _ = started
    assert staff_client.put(START).status_code == 405
    assert staff_client.post(_session_page(session)).status_code == 405
    assert staff_client.post(reverse("linking:status", args=[session.code])).status_code == 405
    assert staff_client.get(reverse("linking:refresh", args=[session.code])).status_code == 405
    assert staff_client.get(reverse("linking:qr", args=[session.code])).status_code == 405
    assert staff_client.get(_reject_url(session)).status_code == 405
    assert LinkToken.objects.count() == 1
