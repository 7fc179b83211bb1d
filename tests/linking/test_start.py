"""Link TikTok Account (the link page): the requirements before starting; once linked, the
linked profile and who to ask for a change instead of anything about scanning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from linking.eligibility import REQUIREMENTS
from tests.factories import AccountManagerFactory, TikTokAccountFactory, TikTokLinkFactory

pytestmark = pytest.mark.django_db
START = reverse("linking:start")


def test_before_linking_it_lists_the_requirements_beside_the_ways_in(staff_client):
    html = staff_client.get(START).text
    assert "Requirements" in html
    for requirement in REQUIREMENTS:
        assert requirement in html
    assert "Get Started" in html and "Sign Up for TikTok" in html


def test_once_linked_it_shows_the_profile_and_who_can_change_it(staff_client, partner):
    partner.account_manager = AccountManagerFactory(
        first_name="Morgan", last_name="Lee", email="morgan@tiktok.example"
    )
    partner.save()
    TikTokLinkFactory(
        partner=partner,
        tiktok_account=TikTokAccountFactory(handle="north.hq", display_name="Northstar HQ"),
    )
    html = staff_client.get(START).text
    assert f'<a href="{reverse("tiktok:profile", args=["north.hq"])}">@north.hq</a>' in html
    assert "Northstar HQ" in html
    assert "Creator Agency Partner" in html
    assert "To unlink or change it, contact your account manager" in html
    assert "Morgan Lee" in html
    assert 'href="mailto:morgan@tiktok.example"' in html
    for scanning in ("Requirements", *REQUIREMENTS, "How to scan", "Get Started", "Sign Up"):
        assert scanning not in html


def test_once_linked_it_continues_to_where_the_user_was(staff_client, partner):
    TikTokLinkFactory(partner=partner)
    html = staff_client.get(START, {"next": "/creators/find/"}).text
    assert '<a class="button primary" href="/creators/find/">Continue</a>' in html
