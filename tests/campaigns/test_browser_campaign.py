"""A real browser: staff create a campaign with the TikTok profile attached; a seller opens
Campaign Details, follows the agency's handle to its TikTok profile, comes back and registers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import TikTokLinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def test_a_seller_finds_the_agency_on_tiktok_and_registers(
    page, live_server, log_in, staff, partner, seller
):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")
    now = timezone.now()

    log_in(page, "staff")
    page.get_by_role("link", name="My Campaigns").click()
    page.get_by_role("link", name="Create Campaign").first.click()
    page.get_by_label("Name").fill("Spring Glow Week")
    page.get_by_label("Registration opens").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Registration closes").fill(_local(now + timedelta(days=7)))
    page.get_by_label("Campaign starts").fill(_local(now + timedelta(days=8)))
    page.get_by_label("Campaign ends").fill(_local(now + timedelta(days=30)))
    page.get_by_label("Commission rate (%)").fill("18")
    page.get_by_label("Beauty & Personal Care").check()
    page.get_by_label("Contact e-mail").fill("campaigns@northstar.example")
    expect(page.get_by_label("Attach TikTok profile")).to_be_checked()
    page.get_by_role("button", name="Create Campaign").click()
    expect(page.get_by_text("Campaign “Spring Glow Week” created.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "seller")
    page.get_by_role("link", name=re.compile("Spring Glow Week")).click()
    expect(page.get_by_text("Campaign Details")).to_be_visible()
    expect(page.get_by_text("Northstar Creators")).to_be_visible()
    handle = page.get_by_role("link", name="@northstar.official")
    expect(handle).to_be_visible()
    expect(page.get_by_text("Creator Agency Partner")).to_be_visible()

    handle.click()
    expect(page).to_have_url(f"{live_server.url}/tiktok/@northstar.official/")
    expect(page.get_by_role("heading", name="@northstar.official")).to_be_visible()

    page.go_back()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered for “Spring Glow Week”.")).to_be_visible()
    expect(page.get_by_text("You registered on")).to_be_visible()
    expect(page.get_by_role("button", name="Register")).to_have_count(0)
