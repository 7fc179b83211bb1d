"""The simulated TikTok app's Settings and privacy, and the profile's badge: a linked account
says which agency it is linked to, since when, and how the link is removed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tiktok.auth import SESSION_KEY
from tiktok.selectors import partner_link_for

pytestmark = pytest.mark.django_db
SETTINGS = reverse("tiktok:settings")
LINKED_AT = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)


def _client_for(account) -> Client:
    client = Client()
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    return client


@pytest.fixture
def linked(db):
    """@northstar.official, linked to Northstar Creators."""
    partner = factories.PartnerFactory(name="Northstar Creators", is_cap=True, is_tap=True)
    account = factories.TikTokAccountFactory(handle="northstar.official")
    factories.TikTokLinkFactory(partner=partner, tiktok_account=account, linked_at=LINKED_AT)
    return account


def test_it_lists_the_link_and_how_to_have_it_removed(linked):
    page = _client_for(linked).get(SETTINGS).text
    assert "Linked to Northstar Creators&#x27; Partner Center account since" in page
    assert (
        '<time datetime="2026-11-03T08:30:00+00:00" data-local-time>3 Nov 2026, 08:30 UTC' in page
    )
    assert "To remove it, the agency contacts its account manager" in page
    assert "Creator Agency Partner · Northstar Creators" in page


def test_it_lists_no_link_for_an_unlinked_account(db):
    page = _client_for(factories.TikTokAccountFactory()).get(SETTINGS).text
    assert "Partner Center account since" not in page
    assert f'href="{reverse("tiktok:account_settings")}"' in page


def test_it_drops_the_link_once_unlinked(linked):
    linked.partner_link.delete()
    page = _client_for(linked).get(SETTINGS).text
    assert "Northstar Creators" not in page


def test_it_shows_only_the_logged_in_accounts_own_link(linked):
    stranger = factories.TikTokAccountFactory()
    page = _client_for(stranger).get(SETTINGS).text
    assert "Northstar Creators" not in page


def test_it_sends_a_logged_out_visitor_to_log_in(client):
    response = client.get(SETTINGS)
    assert response.url.startswith(reverse("tiktok:login"))


def test_it_refuses_post(linked):
    assert _client_for(linked).post(SETTINGS).status_code == 405


def test_it_names_the_agency_on_the_profile_badge_for_everyone(client, linked):
    badge = '<span class="badge badge-label">Creator Agency Partner · Northstar Creators</span>'
    assert badge in client.get(reverse("tiktok:profile", args=["northstar.official"])).text
    assert badge in _client_for(linked).get(reverse("tiktok:me")).text


@pytest.mark.parametrize(
    ("name", "possessive"),
    [("Northstar Creators", "Northstar Creators'"), ("Lumen Agency", "Lumen Agency's")],
)
def test_it_says_whose_account_it_is_linked_to(name, possessive):
    partner = factories.PartnerFactory(name=name, is_cap=False, is_tap=True)
    link = factories.TikTokLinkFactory(partner=partner)
    found = partner_link_for(link.tiktok_account)
    assert (found.agency_possessive, found.badge, found.linked_at) == (
        possessive,
        f"TikTok Shop Affiliate Partner · {name}",
        link.linked_at,
    )


@pytest.mark.parametrize(
    ("cap", "tap", "label"),
    [
        (True, True, "Creator Agency Partner"),
        (True, False, "Creator Agency Partner"),
        (False, True, "TikTok Shop Affiliate Partner"),
    ],
)
def test_it_puts_the_partners_label_before_its_name(client, cap, tap, label):
    partner = factories.PartnerFactory(name="Northstar Creators", is_cap=cap, is_tap=tap)
    link = factories.TikTokLinkFactory(partner=partner)
    assert partner.partner_label == label
    response = client.get(link.tiktok_account.profile_url)
    assert f'<span class="badge badge-label">{label} · Northstar Creators</span>' in response.text
