"""A real browser, the whole campaign journey: staff create a campaign (Ready) with the TikTok
profile attached and publish it; a seller opens Campaign Details, follows the agency's handle to
its TikTok profile, comes back and registers two products; staff approve one (Approve selected;
its product link appears) and reject the other with a reason; the seller sees both reviews.
And an Upcoming campaign taken offline, edited and published again."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.markets import time_zone
from tests.factories import CampaignFactory, TikTokLinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment) -> str:
    """As typed into the form: the US market's time."""
    return timezone.localtime(moment, time_zone("US")).strftime("%Y-%m-%dT%H:%M")


def _register(page, name: str, price: str, commission: str) -> None:
    page.get_by_label("Product name").fill(name)
    page.get_by_label("Price").fill(price)
    page.get_by_label("Commission offered (%)").fill(commission)
    page.get_by_label("Free sample quantity").fill("2")
    page.get_by_role("button", name="Register product").click()
    expect(page.get_by_text(f"“{name}” is registered for “Spring Glow Week”")).to_be_visible()


def test_a_campaign_from_creation_to_reviewed_products(
    page, live_server, log_in, staff, partner, seller
):
    TikTokLinkFactory(partner=partner, tiktok_account__handle="northstar.official")
    now = timezone.now()

    log_in(page, "staff")
    page.get_by_role("link", name="My Campaigns").click()
    page.get_by_role("link", name="Create Campaign").first.click()
    page.get_by_label("Title").fill("Spring Glow Week")
    page.get_by_label("Campaign starts").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Registration closes").fill(_local(now + timedelta(days=7)))
    page.get_by_label("Campaign ends").fill(_local(now + timedelta(days=30)))
    page.get_by_label("Commission requirement (%)").fill("18")
    page.get_by_label("Beauty & Personal Care").check()
    page.get_by_label("Contact e-mail").fill("campaigns@northstar.example")
    expect(page.get_by_label("Attach TikTok profile")).to_be_checked()
    page.get_by_role("button", name="Create Campaign").click()
    expect(page.get_by_text("Campaign “Spring Glow Week” saved as Ready")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("“Spring Glow Week” is published")).to_be_visible()
    expect(page.get_by_text(re.compile("Published by"))).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "seller")
    page.get_by_role("link", name=re.compile("Spring Glow Week")).click()
    expect(page.get_by_text("Campaign Details")).to_be_visible()
    handle = page.get_by_role("link", name="@northstar.official")
    expect(handle).to_be_visible()
    expect(page.get_by_text("Creator Agency Partner")).to_be_visible()
    handle.click()
    expect(page).to_have_url(f"{live_server.url}/tiktok/@northstar.official/")
    page.go_back()

    page.get_by_label("Commission offered (%)").fill("10")
    page.get_by_label("Product name").fill("Cheap Serum")
    page.get_by_label("Price").fill("5")
    page.get_by_role("button", name="Register product").click()
    expect(
        page.get_by_text("Offer at least the campaign's commission requirement, 18 %.")
    ).to_be_visible()
    _register(page, "Glow Serum", "24.90", "20")
    _register(page, "Gold Mask", "199", "18")
    page.get_by_role("button", name="Log out").click()

    log_in(page, "staff")
    page.get_by_role("link", name="My Campaigns").click()
    page.get_by_role("link", name="Spring Glow Week").click()
    page.get_by_label("Select Glow Serum").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.get_by_text("1 product approved.")).to_be_visible()
    expect(page.get_by_label("Product link for Glow Serum")).to_have_value(
        re.compile(r"^https://shop\.tiktok\.example/affiliate/product/")
    )
    page.get_by_text("Reject…").click()
    page.get_by_label("Reason").select_option(label="Product too expensive")
    page.get_by_label("Allow registering it again").uncheck()
    page.get_by_role("button", name="Reject Gold Mask").click()
    expect(page.get_by_text("“Gold Mask” rejected.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    log_in(page, "seller")
    page.get_by_role("link", name="My products").click()
    expect(page.get_by_role("row", name=re.compile("Glow Serum.*Approved"))).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("Gold Mask.*Product too expensive"))
    ).to_be_visible()
    expect(page.get_by_text("cannot be registered again")).to_be_visible()


def test_an_upcoming_campaign_goes_offline_to_be_edited_and_back(page, log_in, staff, partner):
    now = timezone.now()
    CampaignFactory(
        partner=partner,
        created_by=staff,
        name="Gadget Countdown",
        registration_starts_at=now + timedelta(days=2),
        registration_ends_at=now + timedelta(days=9),
        ends_at=now + timedelta(days=20),
    )
    log_in(page, "staff")
    page.get_by_role("link", name="My Campaigns").click()
    page.get_by_role("link", name="Gadget Countdown").click()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    page.get_by_role("button", name="Take offline").click()
    expect(page.get_by_text("is offline again (Ready): you can edit it.")).to_be_visible()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("Gadget Countdown 2")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Campaign “Gadget Countdown 2” saved.")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(
        page.get_by_role("heading", name=re.compile("Gadget Countdown 2 Upcoming"))
    ).to_be_visible()
    expect(page.get_by_role("button", name="Take offline")).to_be_visible()
