"""Switch to Personal Account, reached from the remedy on the confirmation screen (with `next`)
or from Settings and privacy; from the remedy, the way back to Connect Now is one tap."""

from __future__ import annotations

import pytest
from django.urls import reverse

from linking import services
from linking.models import LinkSession
from partner_center.next_url import with_next
from tests.factories import TikTokAccountFactory
from tests.linking.conftest import scan, tiktok_client_for
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db
SWITCH = reverse("tiktok:switch_to_personal")


@pytest.fixture
def shop():
    return TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)


@pytest.fixture
def scanned(partner, staff, shop):
    """A link session scanned by the business account, which Connect Now refused."""
    session, token = services.link_session_start(partner=partner, started_by=staff)
    client = tiktok_client_for(shop)
    scan(client, token)
    client.post(reverse("linking:confirm", args=[session.code]))
    return session, token, client


def test_from_the_remedy_it_offers_the_way_back_before_switching(scanned):
    session, _, client = scanned
    confirmation = reverse("linking:confirmation", args=[session.code])
    html = client.get(with_next(SWITCH, confirmation)).text
    assert "Switch anyway" in html
    assert f'<a href="{confirmation}">Back to Connect Now</a>' in html


def test_after_switching_it_leads_straight_back_to_the_confirmation_screen(scanned):
    session, _, client = scanned
    confirmation = reverse("linking:confirmation", args=[session.code])
    response = client.post(SWITCH, {"next": confirmation}, follow=True)
    html = response.text
    assert response.redirect_chain[-1][0] == with_next(SWITCH, confirmation)
    assert "You switched to a personal account." in html
    assert f'<a class="button primary" href="{confirmation}">Back to Connect Now</a>' in html
    assert "Switch anyway" not in html

    back = client.get(confirmation).text
    assert "You now have a personal account. Tap Connect Now to link." in back
    client.post(reverse("linking:confirm", args=[session.code]))
    assert LinkSession.objects.get(pk=session.pk).status == "linked"


def test_from_settings_it_returns_to_account_settings(shop):
    client = tiktok_client_for(shop)
    response = client.post(SWITCH, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tiktok:account_settings")
    assert "You switched to a personal account." in response.text
    assert "Back to Connect Now" not in response.text
    shop.refresh_from_db()
    assert shop.account_type == TikTokAccount.AccountType.PERSONAL


def test_it_never_leads_back_off_site(shop):
    client = tiktok_client_for(shop)
    html = client.get(SWITCH, {"next": "//evil.example/scan/"}).text
    assert "Back to Connect Now" not in html
    assert "evil.example" not in html
