"""Find Creators in a real browser with TikTok's figures: filter by engagement rate, sort
fewest followers first, and go to page 2 by its number, the URL keeping all of it, then tick
Fast growing; and an impossible engagement range is explained at its field."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import CreatorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(db):
    """25 engaging creators (e00 has the fewest followers; e00 and e01 are fast growing) and 3
    that engage little."""
    for i in range(3):
        CreatorFactory(
            tiktok_account__handle=f"quiet{i}",
            tiktok_account__followers=10 + i,
            engagement_rate=Decimal("0.8"),
        )
    for i in range(25):
        CreatorFactory(
            tiktok_account__handle=f"e{i:02}",
            tiktok_account__followers=1_000 + i,
            engagement_rate=Decimal("6.5"),
            followers_growth_30d=Decimal("25") if i < 2 else Decimal("1"),
        )


def _handles(page) -> list[str]:
    return [
        text.split()[0]
        for text in page.locator("#results tbody .creator-cell strong").all_inner_texts()
    ]


def test_it_filters_by_engagement_sorts_ascending_and_goes_to_page_two(
    page, live_server, log_in, staff, partner, directory
):
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/")
    expect(page.locator(".match-count")).to_have_text("28 creators match.")

    page.get_by_label("Engagement rate from (%)").fill("5")
    expect(page.locator(".match-count")).to_have_text("25 creators match.")
    page.get_by_label("Sort by").select_option(label="Fewest followers")
    expect(page).to_have_url(re.compile(r"engagement_min=5.*sort=followers_asc"))
    expect(page.locator("#results tbody tr").first).to_contain_text("@e00")
    expect(page.locator(".pagination")).to_contain_text("Page 1 of 2")

    page.locator(".pagination").get_by_role("link", name="Page 2").click()
    expect(page).to_have_url(re.compile(r"engagement_min=5.*sort=followers_asc.*page=2"))
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("2")
    assert _handles(page) == [f"@e{i}" for i in range(20, 25)]

    page.reload()  # the URL alone restores the filters, the sort and the page
    expect(page.get_by_label("Engagement rate from (%)")).to_have_value("5")
    expect(page.get_by_label("Sort by")).to_have_value("followers_asc")
    assert _handles(page) == [f"@e{i}" for i in range(20, 25)]

    page.get_by_label("Fast growing").check()
    expect(page.locator(".match-count")).to_have_text("2 creators match.")
    expect(page).to_have_url(re.compile(r"fast_growing=on"))
    assert _handles(page) == ["@e00", "@e01"]


def test_an_impossible_engagement_range_is_explained_at_the_field(
    page, live_server, log_in, staff, partner, directory
):
    log_in(page, "staff")
    page.goto(f"{live_server.url}/creators/find/")
    page.get_by_label("Engagement rate to (%)").fill("3")
    expect(page.locator(".match-count")).to_have_text("3 creators match.")
    page.get_by_label("Engagement rate from (%)").fill("9")
    expect(page.locator("#id_engagement_min_error")).to_have_text(
        "The minimum (9) is above the maximum (3), so this range is ignored."
    )
    expect(page.locator(".match-count")).to_have_text("28 creators match.")
