"""The bell in a real browser: agency staff on one device, a creator on another. The count goes
up by itself when the creator answers, and marking the notice read brings it back down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def devices(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    errors = []
    for page in pages:
        page.on("console", lambda m: "Content Security Policy" in m.text and errors.append(m.text))
    yield pages
    for context in contexts:
        context.close()
    assert errors == [], "the CSP blocked an inline style or script"


def test_staff_see_the_bell_go_up_when_a_creator_accepts_and_mark_it_read(
    devices, log_in, staff, partner, creator
):
    pc, phone = devices
    invitation = InvitationFactory(partner=partner, creator=creator, sent_by=staff)
    handle = creator.tiktok_account.handle
    # The staff page's clock is ours to move, so the 30-second poll need not be waited for.
    pc.clock.install()
    log_in(pc, "staff")
    pc.goto("/creators/partnerships/")
    bell = pc.get_by_role("link", name=re.compile("^Notifications"))
    expect(bell).to_be_visible()
    expect(pc.get_by_test_id("bell-count")).to_have_count(0)
    pc.evaluate("window.notReloaded = true")

    log_in(phone, creator.user.username)
    phone.goto(f"/creator/invitations/{invitation.code}/")
    phone.get_by_role("button", name="I'm interested").click()
    expect(phone.get_by_text(f"Invitation from {partner.name}: accepted.")).to_be_visible()

    pc.clock.fast_forward("00:31")
    expect(pc.get_by_test_id("bell-count")).to_have_text("1")
    expect(bell).to_have_accessible_name(re.compile("Notifications 1 unread"))
    assert pc.evaluate("window.notReloaded") is True

    bell.click()
    expect(pc.get_by_role("heading", name="Notifications")).to_be_visible()
    notice = pc.get_by_role("listitem").filter(has_text=f"@{handle}")
    expect(notice).to_contain_text("is interested in your invitation")
    expect(notice).to_contain_text("Unread")
    notice.get_by_role("button", name=re.compile("^Mark as read")).click()
    expect(notice).not_to_contain_text("Unread")
    expect(pc.get_by_test_id("bell-count")).to_have_count(0)
    expect(pc.get_by_text("All read", exact=True)).to_be_visible()

    pc.reload()
    expect(pc.get_by_test_id("bell-count")).to_have_count(0)
    expect(pc.get_by_role("button", name=re.compile("^Mark as read"))).to_have_count(0)
