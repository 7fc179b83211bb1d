"""Decline and Cancel ask first, in a real browser: a click on Decline (creator) or Cancel
(binding request) only asks, in place with JavaScript and on a page of its own without; Back
keeps it; the question's own button answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from creators.models import BindingRequest, Invitation
from tests.factories import BindingRequestFactory, InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[True, False], ids=["with JavaScript", "without JavaScript"])
def browser_page(request, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=request.param)
    yield context.new_page()
    context.close()


def test_a_creator_declines_only_by_answering_the_question(browser_page, log_in, creator, partner):
    page = browser_page
    invitation = InvitationFactory(creator=creator, partner=partner)
    log_in(page, "creator")
    page.goto(f"/creator/invitations/{invitation.code}/")

    page.get_by_role("link", name="Not interested").click()
    question = page.get_by_role(
        "heading", name="Not interested in this invitation from Northstar Creators?"
    )
    expect(question).to_be_visible()
    assert Invitation.objects.get().status == "pending"
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("button", name="I'm interested")).to_be_visible()
    assert Invitation.objects.get().status == "pending"

    page.get_by_role("link", name="Not interested").click()
    page.get_by_role("button", name="Not interested").click()
    expect(page.get_by_text("Invitation from Northstar Creators: declined.")).to_be_visible()
    assert Invitation.objects.get().status == "declined"


def test_staff_cancel_a_binding_request_only_by_answering_the_question(
    browser_page, log_in, staff, partner
):
    page = browser_page
    BindingRequestFactory(partner=partner, creator__tiktok_account__handle="mia.makes")
    log_in(page, "staff")
    page.goto("/creators/partnerships/?tab=link_requested")

    page.get_by_role("link", name="Cancel request to @mia.makes").click()
    expect(page.get_by_text("Cancel the link request to @mia.makes?")).to_be_visible()
    assert BindingRequest.objects.get().status == "pending"
    page.get_by_role("link", name="Keep it").click()
    expect(page.get_by_role("link", name=re.compile("^Cancel request to"))).to_be_visible()
    assert BindingRequest.objects.get().status == "pending"

    page.get_by_role("link", name="Cancel request to @mia.makes").click()
    page.get_by_role("button", name="Cancel request").click()
    expect(page.get_by_text("Link request to @mia.makes cancelled.")).to_be_visible()
    assert BindingRequest.objects.get().status == "cancelled"
