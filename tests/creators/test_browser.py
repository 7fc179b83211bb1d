"""Creator management journeys in a real browser: agency staff in one context, the creator
(or the TikTok app) in another, as on two devices."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from creators.models import Invitation
from demo import directory
from tests.factories import TIKTOK_PASSWORD, CreatorFactory, TikTokAccountFactory, TikTokLinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def devices(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def _find_and_pick(pc, handle):
    """Search the directory (results update in place) and tick one creator."""
    pc.goto("/creators/find/")
    pc.get_by_label("Search handle or name").fill(handle)
    expect(pc).to_have_url(re.compile(rf"q={re.escape(handle)}"))
    results = pc.locator("#results")
    expect(results).to_contain_text("1 creator matches.")
    results.get_by_label(re.compile(f"@{re.escape(handle)}")).check()
    results.get_by_role("button", name="Invite").click()


def test_an_invitation_with_the_profile_attached_shows_the_card_to_the_creator(
    devices, log_in, staff, partner, creator
):
    pc, phone = devices
    TikTokLinkFactory(
        partner=partner,
        tiktok_account=TikTokAccountFactory(handle="north.hq", display_name="Northstar HQ"),
    )
    CreatorFactory(tiktok_account__handle="someone.else")
    handle = creator.tiktok_account.handle
    log_in(pc, "staff")
    _find_and_pick(pc, handle)

    expect(pc.get_by_role("heading", name="1 creator selected")).to_be_visible()
    expect(pc.get_by_label("Attach TikTok profile")).to_be_checked()
    pc.get_by_label("Message").fill("Try our serum line")
    pc.get_by_label("Establishing a long-term partnership (CAP)").check()
    pc.get_by_label("WhatsApp").fill("+1 415 555 0100")
    pc.get_by_role("button", name="Send invitations").click()
    expect(pc.get_by_text("Invited 1 creator.")).to_be_visible()

    log_in(phone, creator.user.username)
    phone.get_by_role("link", name=re.compile("Invitation Northstar Creators")).click()
    card = phone.get_by_role("region", name="Agency TikTok profile")
    expect(card).to_contain_text("@north.hq")
    expect(card).to_contain_text("Northstar HQ")
    expect(card).to_contain_text("Creator Agency Partner")
    terms = phone.get_by_role("region", name="The invitation")
    expect(terms).to_contain_text("Establishing a long-term partnership (CAP)")
    expect(terms).to_contain_text("+1 415 555 0100")
    expect(phone.get_by_role("button", name="I'm interested")).to_be_visible()
    expect(phone.get_by_role("link", name="Not interested")).to_be_visible()
    card.get_by_role("link", name="View TikTok profile").click()
    expect(phone).to_have_url(re.compile(r"/tiktok/@north\.hq/$"))


def test_staff_link_from_the_invite_form_and_come_back_to_it(devices, log_in, staff, creator):
    pc, phone = devices
    TikTokAccountFactory(handle="north.hq", display_name="Northstar HQ")
    handle = creator.tiktok_account.handle
    log_in(pc, "staff")
    _find_and_pick(pc, handle)
    invite_url = pc.url

    expect(pc.get_by_label("Attach TikTok profile")).to_be_disabled()
    pc.get_by_label("Message").fill("Kept across the link flow")
    pc.get_by_label("E-mail").fill("team@agency.example")
    pc.get_by_role("button", name="Link TikTok Account").click()
    pc.get_by_role("button", name="Get Started").click()
    scan_url = pc.get_by_role("link", name="Open in the simulated TikTok app").get_attribute("href")

    phone.goto(scan_url)
    phone.get_by_label("Handle").fill("north.hq")
    phone.get_by_label("Password").fill(TIKTOK_PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    phone.get_by_role("button", name="Continue").click()  # the scan: who asks is on screen
    phone.get_by_role("button", name="Connect Now").click()
    success = pc.get_by_role("region", name="TikTok account linked")
    expect(success).to_be_visible()
    success.get_by_role("link", name="Continue").click()

    expect(pc).to_have_url(invite_url)
    expect(pc.get_by_role("heading", name="1 creator selected")).to_be_visible()
    expect(pc.get_by_label("Message")).to_have_value("Kept across the link flow")
    expect(pc.get_by_label("E-mail")).to_have_value("team@agency.example")
    attach = pc.get_by_label("Attach TikTok profile")
    expect(attach).to_be_enabled()
    expect(attach).to_be_checked()
    pc.get_by_label("Establishing a long-term partnership (CAP)").check()
    pc.get_by_role("button", name="Send invitations").click()
    expect(pc.get_by_text("Invited 1 creator.")).to_be_visible()
    assert Invitation.objects.get().attach_profile


def test_more_creators_than_the_quota_left_make_an_outreach_that_can_be_paused(
    page, live_server, log_in, staff, partner
):
    directory.seed(300, log=lambda *_: None)
    already = CreatorFactory(category="pets", tiktok_account__handle="already.invited")
    Invitation.objects.create(
        partner=partner,
        creator=already,
        sent_by=staff,
        contact_email="team@agency.example",
        expires_at="2999-01-01T00:00Z",
    )
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/")
    expect(page.locator("#quota")).to_contain_text("1 used of 100, 99 remaining")
    expect(page.locator("#results")).to_contain_text("301 creators match.")
    page.get_by_label("Select all matching (up to 100,000)").check()
    page.locator("#results").get_by_role("button", name="Invite").click()

    expect(page.get_by_role("heading", name="301 creators selected")).to_be_visible()
    expect(page.locator("#recently-invited")).to_contain_text("@already.invited")
    expect(page.locator("#outreach-note")).to_contain_text("invites 99 today")
    page.get_by_label("Establishing a long-term partnership (CAP)").check()
    page.get_by_label("Phone").fill("+1 415 555 0100")
    page.get_by_role("button", name="Send invitations").click()

    expect(page.get_by_role("heading", name="Outreach of 301 creators")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"99 invited now, \d+ queued for the following days"))
    ).to_be_visible()
    progress = page.locator("#outreach-progress")
    expect(progress.locator("progress")).to_have_attribute("max", "301")
    expect(progress.locator('[data-count="sent"]')).to_have_text("99")
    expect(progress.locator("#finishing-day")).to_contain_text("Expected to finish on")
    progress.get_by_role("button", name="Pause").click()
    expect(page.get_by_text("Outreach paused")).to_be_visible()
    expect(progress.get_by_role("heading", name="Paused")).to_be_visible()
    expect(progress.get_by_role("button", name="Resume")).to_be_visible()
    assert Invitation.objects.filter(partner=partner).count() == 100
