"""Find Creators → a creator's page (their profile's QR code decodes to it) → Invite → send;
then Invitation history: filter, open an invitation, Resend one old enough."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.factories import CreatorFactory, InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_invite_from_a_creators_page_and_follow_it_in_the_history(
    page, live_server, log_in, staff, partner
):
    CreatorFactory(
        tiktok_account__handle="ayu.style",
        tiktok_account__display_name="Ayu Lestari",
        tiktok_account__bio="Batik every day",
        tiktok_account__followers=48_200,
    )
    sent = timezone.now() - timedelta(days=9)
    InvitationFactory(
        partner=partner,
        sent_by=staff,
        creator__tiktok_account__handle="kofi.cooks",
        creator__tiktok_account__followers=1_000,
        purpose="partnership",
        status="declined",
        created_at=sent,
        expires_at=sent + timedelta(days=7),
        answered_at=sent + timedelta(days=1),
    )
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/")
    page.locator("#results").get_by_role("link", name="@ayu.style").click()

    expect(page.get_by_role("heading", name="@ayu.style", exact=True)).to_be_visible()
    expect(page.get_by_text("Batik every day")).to_be_visible()
    expect(page.get_by_role("region", name="Figures")).to_contain_text("48,200")
    profile_url = f"{live_server.url}/tiktok/@ayu.style/"
    png = page.get_by_test_id("creator-qr").screenshot()
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [profile_url]
    expect(page.get_by_role("region", name="Your agency and @ayu.style")).to_contain_text(
        "Not invited by your agency yet."
    )

    page.get_by_role("link", name="Invite", exact=True).click()
    expect(page.get_by_role("heading", name="1 creator selected")).to_be_visible()
    page.get_by_label("Establishing a long-term partnership (CAP)").check()
    page.get_by_label("Message").fill("Batik week with us?")
    page.get_by_label("WhatsApp").fill("+1 415 555 0100")
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("Invited 1 creator.")).to_be_visible()

    page.get_by_role("navigation", name="Partner Center").get_by_role(
        "link", name="Invitation history"
    ).click()
    results = page.locator("#results")
    expect(results).to_contain_text("2 invitations.")
    page.get_by_label("Status").select_option(label="Pending")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"status=pending"))
    expect(results).to_contain_text("1 invitation.")
    expect(results).not_to_contain_text("kofi.cooks")
    results.get_by_role("link", name="@ayu.style").click()

    expect(page.get_by_role("heading", name="Invitation to @ayu.style")).to_be_visible()
    expect(page.get_by_role("region", name="The invitation")).to_contain_text("Batik week with us?")
    expect(page.get_by_text("Not answered yet.")).to_be_visible()
    expect(page.get_by_text(re.compile("Resend is possible from"))).to_be_visible()
    expect(page.get_by_role("button", name="Resend")).to_have_count(0)

    page.get_by_role("link", name="← Invitation history").click()
    page.get_by_label("Search creator").fill("kofi")
    page.get_by_role("button", name="Search").click()
    results.get_by_role("link", name="@kofi.cooks").click()
    answer = page.get_by_role("region", name="The creator's answer")
    expect(answer).to_contain_text("Not interested")
    page.get_by_role("button", name="Resend").click()
    expect(page.get_by_text("Invitation sent to @kofi.cooks again.")).to_be_visible()
    expect(answer).to_contain_text("Not answered yet.")
