"""The agency profile in a real browser: the main account fills it in and shares TAP too;
its creator then sees it on an invitation, and anyone on the shareable page."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.factories import InvitationFactory, LinkFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def devices(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    contexts = [browser.new_context(base_url=live_server.url) for _ in range(2)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (800, 400), "navy").save(out, format="PNG")
    return out.getvalue()


def test_an_agency_shares_its_profile_and_a_creator_sees_it(
    devices, log_in, staff, partner, creator
):
    agency, creator_page = devices
    LinkFactory(partner=partner)
    invitation = InvitationFactory(partner=partner, creator=creator)

    log_in(agency, "staff")
    agency.goto("/account/profile/")
    form = agency.locator("form").filter(has_text="Save agency profile")
    form.get_by_label("Agency website").fill("northstar.example")
    form.get_by_label("Contact e-mail").fill("nope")
    form.get_by_role("button", name="Save agency profile").click()
    expect(agency.get_by_text("Enter a valid email address.")).to_be_visible()

    form = agency.locator("form").filter(has_text="Save agency profile")
    form.get_by_label("Contact e-mail").fill("hello@northstar.example")
    form.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.txt", "mimeType": "text/plain", "buffer": b"hello"}]
    )
    form.get_by_role("button", name="Save agency profile").click()
    expect(agency.get_by_text("not an image we can read")).to_be_visible()

    form = agency.locator("form").filter(has_text="Save agency profile")
    form.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": _png()}]
    )
    form.get_by_label("Share my TAP profile with creators in United States").check()
    form.get_by_role("button", name="Save agency profile").click()
    expect(agency.get_by_text("Your agency profile was saved.")).to_be_visible()
    expect(agency.get_by_role("img", name="Current logo")).to_be_visible()

    log_in(creator_page, "creator")
    creator_page.goto(f"/creator/invitations/{invitation.code}/")
    card = creator_page.get_by_role("region", name=f"Agency profile of {partner.name}")
    expect(card).to_contain_text("https://northstar.example")
    expect(card).to_contain_text("Campaign scale")
    expect(card).to_contain_text("Creator network")
    expect(card).not_to_contain_text("Creators monetizing")

    public_url = agency.get_by_role("link", name="/agencies/").first.get_attribute("href")
    creator_page.context.clear_cookies()
    creator_page.goto(public_url)
    expect(creator_page.get_by_role("heading", name=partner.name)).to_be_visible()
    expect(creator_page.get_by_text("hello@northstar.example")).to_be_visible()
