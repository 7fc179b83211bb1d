"""Manage Partnerships in a real browser, agency and creator taking turns: Add New Creator with
an expiry date, the creator approves in the portal, the link shows under Linked with its days
left; the creator asks to unlink with a reason, the agency approves, and the creator is under
Not linked · Unlinked with Request again. Then Extend on a link with days left, accepted by the
creator."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from creators import partnership_rules as rules
from creators.models import BindingRequest, ExtensionRequest
from tests.factories import CreatorFactory, LinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def portal(browser, live_server):
    """The creator's own browser."""
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


def test_a_link_from_request_to_unlink(page, portal, log_in, staff, partner, creator):
    handle = creator.tiktok_account.handle
    last_day = rules.market_today(partner.market, timezone.now()) + timedelta(days=40)
    log_in(page, "staff")
    page.goto("/creators/partnerships/")
    page.get_by_role("link", name="Add New Creator").first.click()
    expect(page.get_by_text("0 used of 100, 100 remaining")).to_be_visible()
    page.get_by_label("TikTok handles").fill(f"@{handle}")
    page.get_by_label("Link expiry date").fill(last_day.isoformat())
    page.get_by_role("button", name="Send link request").click()
    expect(page.get_by_text("Sent 1 link request.")).to_be_visible()
    expect(page.get_by_role("link", name="Link requested 1")).to_be_visible()
    link = BindingRequest.objects.get()

    log_in(portal, "creator")
    portal.goto(f"/creator/requests/{link.code}/")
    expect(portal.get_by_text(f"{last_day:%-d %b %Y}")).to_be_visible()
    portal.get_by_role("button", name="Approve").click()
    expect(portal.get_by_role("heading", name="Ask to unlink")).to_be_visible()

    page.goto("/creators/partnerships/?tab=linked")
    row = page.get_by_role("row", name=f"@{handle}")
    expect(row.get_by_text("Linked")).to_be_visible()
    expect(row.get_by_role("cell", name=f"{last_day:%-d %b %Y}")).to_be_visible()
    expect(row.get_by_role("cell", name=re.compile(r"^4[01]$"))).to_be_visible()  # days left

    portal.get_by_label("Why do you want to unlink?").fill("I am leaving TikTok Shop.")
    portal.get_by_role("button", name="Send unlink request").click()
    expect(portal.get_by_text("You asked to unlink")).to_be_visible()

    page.goto("/creators/partnerships/?tab=unlink_requested")
    expect(page.get_by_text("The creator asks: “I am leaving TikTok Shop.”")).to_be_visible()
    page.get_by_role("button", name=f"Approve unlinking @{handle}").click()
    expect(page.get_by_text("is unlinked")).to_be_visible()
    expect(page.get_by_text("Not linked · Unlinked")).to_be_visible()
    page.get_by_role("link", name=f"Request again @{handle}").click()
    expect(page.get_by_label("TikTok handles")).to_have_value(handle)


def test_extend_a_link_with_days_left(page, portal, log_in, staff, partner, creator):
    link = LinkFactory(
        partner=partner, creator=creator, link_expires_at=timezone.now() + timedelta(days=12)
    )
    LinkFactory(
        partner=partner,
        creator=CreatorFactory(),
        link_expires_at=timezone.now() + timedelta(days=90),
    )
    handle = creator.tiktok_account.handle
    log_in(page, "staff")
    page.goto("/creators/partnerships/?tab=linked&expiring=15")
    expect(page.get_by_role("row")).to_have_count(2)  # the heading and the one expiring
    page.get_by_role("link", name=f"Extend the link with @{handle}").click()
    new_day = link.last_day + timedelta(days=180)
    page.get_by_label("New expiry date").fill(new_day.isoformat())
    page.get_by_role("button", name="Send extension request").click()
    expect(page.get_by_text("Extension request sent")).to_be_visible()
    extension = ExtensionRequest.objects.get()

    log_in(portal, "creator")
    portal.goto(f"/creator/extensions/{extension.code}/")
    portal.get_by_role("button", name="Extend").click()
    expect(
        portal.get_by_text("Extend partnership from Northstar Creators: accepted.")
    ).to_be_visible()
    assert BindingRequest.objects.get(pk=link.pk).last_day == new_day
