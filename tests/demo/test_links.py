"""The demo's links: Lumen Agency comes linked, to show an attached profile to its creator and
seller; Northstar Creators (`staff`, the README's first login) starts unlinked, with an eligible
account to link by QR."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partner
from campaigns.models import Campaign
from creators.models import BindingRequest, Invitation
from demo.people import DEMO_PASSWORD
from linking.eligibility import failure_reasons
from linking.models import LinkEvent, TikTokLink
from linking.selectors import linked_profile
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", "--creators", "0", stdout=StringIO())


def test_it_links_lumen_once():
    _seed()
    _seed()
    link = TikTokLink.objects.select_related("partner", "tiktok_account").get()
    assert (link.partner.name, link.tiktok_account.handle) == ("Lumen Agency", "lumen.agency")
    assert LinkEvent.objects.filter(event="linked").count() == 1
    assert linked_profile(link.partner).label == "Creator Agency Partner"


def test_it_leaves_staffs_agency_unlinked_with_an_account_that_can_link():
    _seed()
    northstar = Partner.objects.get(name="Northstar Creators")
    assert northstar.memberships.filter(user__username="staff").exists()
    assert linked_profile(northstar) is None
    account = TikTokAccount.objects.get(handle="northstar.official")
    assert account.check_password("tiktok-pass-2026")
    assert failure_reasons(account=account, partner=northstar, now=timezone.now()) == []


def _client(username: str) -> Client:
    client = Client()
    # Through the log-in form: django-axes checks every log-in against its request.
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content
    return client


def test_lumens_profile_shows_to_its_creator_and_its_seller_at_once():
    """README: `creator3` sees Lumen's card, `seller3` its handle on Batik Style Week."""
    _seed()
    ayu = _client("creator3")
    for model, name in [(Invitation, "creator:invitation"), (BindingRequest, "creator:request")]:
        proposal = model.objects.get(
            partner__name="Lumen Agency", creator__user__username="creator3"
        )
        html = ayu.get(reverse(name, args=[proposal.code])).text
        assert 'aria-label="Agency TikTok profile"' in html
        assert 'href="/tiktok/@lumen.agency/"' in html
        assert "87,250 followers" in html
    campaign = Campaign.objects.get(partner__name="Lumen Agency", name="Batik Style Week")
    html = _client("seller3").get(reverse("seller:campaign", args=[campaign.code])).text
    assert '<a href="/tiktok/@lumen.agency/">@lumen.agency</a>' in html
