"""A partner's staff open Insights in a real browser: both charts draw, the figures unfold
as a table, the CSV downloads, and axe-core finds no serious accessibility problem."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _history(partner):
    now = timezone.now()
    for i, (attach, status, category) in enumerate(
        [
            (True, "accepted", "beauty"),
            (True, "accepted", "food"),
            (True, "declined", "beauty"),
            (False, "declined", "beauty"),
            (False, "accepted", "food"),
            (False, "expired", "food"),
        ]
    ):
        created = now - timedelta(days=3 + 7 * i)
        factories.InvitationFactory(
            partner=partner,
            attach_profile=attach,
            status=status,
            creator__category=category,
            created_at=created,
            answered_at=None if status == "expired" else created + timedelta(hours=5),
        )


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_it_draws_both_charts_and_passes_an_accessibility_audit(
    page, live_server, log_in, staff, partner
):
    _history(partner)
    log_in(page, "staff")
    page.get_by_role("navigation", name="Partner Center").get_by_role(
        "link", name="Insights"
    ).click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()

    weekly = page.get_by_role("img", name="Invitations: acceptance rate by week")
    by_category = page.get_by_role("img", name="Invitations: acceptance rate by creator category")
    expect(weekly).to_be_visible()
    expect(by_category).to_be_visible()
    assert weekly.bounding_box()["height"] > 150
    expect(by_category.get_by_text("Beauty & Personal Care", exact=True)).to_be_visible()
    expect(page.get_by_text("No binding requests sent yet")).to_be_visible()

    figures = page.locator(
        "section", has=page.get_by_role("heading", name="Invitations", exact=True)
    )
    figures.get_by_text("The figures as a table").first.click()
    expect(page.get_by_role("table", name="Invitations by the week they were sent")).to_be_visible()

    page.locator("details").evaluate_all("all => all.forEach(d => (d.open = true))")
    assert _serious(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("insights-northstar-creators-")


def test_it_answers_first_and_follows_the_filters_in_place(
    page, live_server, log_in, staff, partner
):
    _history(partner)
    log_in(page, "staff")
    page.goto(f"{live_server.url}/insights/")
    headline = page.locator('[data-kind="invitations"]')
    expect(headline).to_contain_text("Not enough answers yet to tell")
    expect(headline).to_contain_text("based on 3 invitations closed with it and 3 without")
    expect(page.get_by_text("Wilson score interval")).to_be_visible()
    times = page.get_by_role("img", name="Invitations: time to answer by week")
    expect(times).to_be_visible()
    # Every week rests on fewer than five answers: all drawn hollow, and the legend says why.
    expect(times.get_by_text("too few answers", exact=True)).to_be_visible()

    # Last 7 days keeps only the invitation sent 3 days ago; htmx swaps the figures in place.
    page.get_by_label("Sent during").select_option("7")
    expect(headline).to_contain_text("Nothing to compare yet")
    expect(headline).to_contain_text("sent without the profile has been answered")
    expect(page).to_have_url(f"{live_server.url}/insights/?period=7&start=&end=&market=")
    expect(page.get_by_role("heading", name="Insights", level=1)).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    summary = [line for line in text.splitlines() if line.startswith("summary,Invitations")]
    assert [line.split(",")[4] for line in summary] == ["1", "0"]  # sent, with and without

    # A custom range with its end before its start is refused with a reason.
    page.get_by_label("Sent during").select_option("custom")
    page.get_by_label("From (custom)").fill("2026-11-10")
    page.get_by_label("To (custom)").fill("2026-11-01")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("alert")).to_contain_text("on or before the end date")
    assert _serious(page) == []


def test_it_explains_the_empty_page_accessibly(page, live_server, log_in, staff):
    log_in(page, "staff")
    page.goto(f"{live_server.url}/insights/")
    expect(page.get_by_role("heading", name="Nothing to compare yet")).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(0)
    assert _serious(page) == []
