"""Find Creators in a real browser: the selection is kept across pages with a running count,
Invite invites all of it and comes back to the same filters and page, Clear empties it; and an
impossible range is explained at the field as the results update."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from creators.models import Invitation
from tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(db):
    """Two pages of beauty creators at 20 a page (c00 first), and one of another category."""
    CreatorFactory(
        category="food", tiktok_account__handle="not.beauty", tiktok_account__followers=50
    )
    return [
        CreatorFactory(
            category="beauty",
            tiktok_account__handle=f"c{i:02}",
            tiktok_account__followers=10_000 - i,
        )
        for i in range(25)
    ]


def _box(page, handle: str):
    return page.locator("#results").get_by_label(re.compile(f"@{handle}(?!\\d)"))


def _pick(page, handle: str) -> None:
    _box(page, handle).check()


def test_the_selection_is_kept_across_pages_invited_whole_and_cleared(
    page, live_server, log_in, staff, partner, directory
):
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/?category=beauty")
    status = page.locator("#selection-status")
    _pick(page, "c00")
    _pick(page, "c01")
    expect(status).to_have_text(re.compile("2 selected"))
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile("page=2"))
    _pick(page, "c20")
    expect(status).to_have_text(re.compile("3 selected"))

    page.get_by_role("link", name="Previous").click()
    expect(_box(page, "c00")).to_be_checked()
    expect(_box(page, "c02")).not_to_be_checked()

    page.locator("#results").get_by_role("button", name="Invite").click()
    expect(page.get_by_role("heading", name="3 creators selected")).to_be_visible()
    for handle in ("@c00", "@c01", "@c20"):
        expect(page.locator(".selection-preview")).to_contain_text(handle)

    page.go_back()
    expect(status).to_have_text(re.compile("3 selected"))
    status.get_by_role("button", name="Clear selection").click()
    expect(page).to_have_url(re.compile(r"category=beauty"))
    expect(status).not_to_contain_text("selected")
    expect(page.locator("#results").locator("[data-pick]:checked")).to_have_count(0)
    page.get_by_role("link", name="Next").click()
    expect(_box(page, "c20")).not_to_be_checked()


def test_inviting_comes_back_to_the_same_filters_and_page(
    page, live_server, log_in, staff, partner, directory
):
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/?category=beauty&page=2")
    _pick(page, "c21")
    expect(page.locator("#selection-status")).to_have_text(re.compile("1 selected"))
    page.locator("#results").get_by_role("button", name="Invite").click()
    page.get_by_label("Establishing a long-term partnership (CAP)").check()
    page.get_by_label("E-mail").fill("team@agency.example")
    page.get_by_role("button", name="Send invitations").click()

    expect(page.get_by_text("Invited 1 creator.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/creators/find/\?category=beauty&page=2"))
    expect(page.get_by_label("Category")).to_have_value("beauty")
    expect(page.locator("#selection-status")).not_to_contain_text("selected")
    assert Invitation.objects.get().creator.tiktok_account.handle == "c21"


def test_a_minimum_above_the_maximum_is_explained_at_the_field(
    page, live_server, log_in, staff, directory
):
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/")
    page.get_by_label("Followers from").fill("9000")
    page.get_by_label("Followers to").fill("100")
    error = page.locator("#id_followers_min_error")
    expect(error).to_have_text(
        "The minimum (9,000) is above the maximum (100), so this range is ignored."
    )
    expect(page.locator("#results")).to_contain_text("26 creators match.")
    page.get_by_label("Followers to").fill("9995")
    expect(error).to_be_empty()
    expect(page.locator("#results")).to_contain_text("20 creators match.")  # c05 to c24
