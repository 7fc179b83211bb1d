"""The Partner Center link flow: start, the session page with its QR code, refresh."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from linking import services
from linking.models import LinkSession
from tests.factories import TikTokLinkFactory

pytestmark = pytest.mark.django_db
START = reverse("linking:start")


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
    scan_url = re.search(r'href="(https://pc\.example/tiktok/scan/[^"]+/)"', page).group(1)
    token = scan_url.rstrip("/").rsplit("/", 1)[1]
    assert session.token_hash == LinkSession.hash_token(token)
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
    staff_client.post(START, {"next": "/campaigns/new/"})
    session = LinkSession.objects.get(partner=partner)
    token = staff_client.session[f"link-token:{session.code}"]
    services.link_session_scan(token=token, account=account)
    services.link_session_confirm(token=token, account=account)
    page = staff_client.get(f"{_session_page(session)}?next=/campaigns/new/").text
    assert "TikTok account linked" in page
    assert 'href="/campaigns/new/"' in page and "Creator Agency Partner" in page
    assert "<svg" not in page


def test_the_success_card_continues_to_profile_without_next(staff_client, partner, account):
    staff_client.post(START)
    session = LinkSession.objects.get(partner=partner)
    token = staff_client.session[f"link-token:{session.code}"]
    services.link_session_scan(token=token, account=account)
    services.link_session_confirm(token=token, account=account)
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
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(partner=partner).user
    from django.test import Client

    client = Client()
    client.force_login(colleague)
    page = client.get(_session_page(started[0])).text
    assert "<svg" not in page
    assert "Refresh QR code" in page


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


# --- strangers and methods ---------------------------------------------------------------


def _link_urls(session):
    return {
        "profile": (reverse("linking:profile"), "get"),
        "start": (START, "post"),
        "session": (_session_page(session), "get"),
        "status": (reverse("linking:status", args=[session.code]), "get"),
        "refresh": (reverse("linking:refresh", args=[session.code]), "post"),
    }


def test_another_partners_staff_gets_404_on_this_partners_session(other_staff_client, started):
    session, _ = started
    for name, (url, method) in _link_urls(session).items():
        if name in {"profile", "start"}:
            continue
        response = getattr(other_staff_client, method)(url, headers={"HX-Request": "true"})
        assert response.status_code == 404, name
    assert LinkSession.objects.get(pk=session.pk).status == "pending"


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
