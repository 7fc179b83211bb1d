"""The date range and market filter on /insights/, and the CSV following them."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from insights.selectors import Period, partner_insights
from tests import factories

from .tables import page_tables

pytestmark = pytest.mark.django_db

URL = "/insights/"
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)  # a Wednesday


def _sent(partner, *, days_ago, market="US", attach=True, status="accepted"):
    created = timezone.now() - timedelta(days=days_ago)
    return factories.InvitationFactory(
        partner=partner,
        attach_profile=attach,
        status=status,
        creator__market=market,
        created_at=created,
        answered_at=created + timedelta(hours=1),
    )


def _sent_with_profile(html: str) -> str:
    header, *rows = page_tables(html)["summary"]
    by_row = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows}
    return by_row["Invitations", "With profile"]["Sent"]


def test_it_counts_back_from_today_including_today():
    since, until = Period(days=7).bounds(NOW)
    assert since == datetime(2026, 11, 12, tzinfo=UTC)
    assert until == datetime(2026, 11, 19, tzinfo=UTC)
    # Two weeks charted: the one of Thursday 12th and this one.
    assert Period(days=7).weeks(NOW) == [date(2026, 11, 9), date(2026, 11, 16)]


def test_it_includes_both_ends_of_a_custom_range_and_stops_at_today():
    period = Period(start=date(2026, 11, 2), end=date(2026, 12, 31))
    assert period.bounds(NOW) == (
        datetime(2026, 11, 2, tzinfo=UTC),
        datetime(2026, 11, 19, tzinfo=UTC),
    )
    assert period.weeks(NOW) == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]


def test_it_charts_the_last_twelve_weeks_for_all_time():
    assert Period().bounds(NOW) == (None, NOW)
    assert len(Period().weeks(NOW)) == 12


def test_it_keeps_only_what_was_sent_in_the_period(staff_client, partner):
    _sent(partner, days_ago=2)
    _sent(partner, days_ago=20)
    _sent(partner, days_ago=60)
    _sent(partner, days_ago=200)
    assert _sent_with_profile(staff_client.get(URL).content.decode()) == "4"
    for period, expected in (("7", "1"), ("30", "2"), ("90", "3"), ("all", "4")):
        page = staff_client.get(URL, {"period": period}).content.decode()
        assert _sent_with_profile(page) == expected, period


def test_it_filters_by_a_custom_range(staff_client, partner):
    _sent(partner, days_ago=10)
    _sent(partner, days_ago=40)
    today = timezone.now().date()
    query = {
        "period": "custom",
        "start": today - timedelta(days=50),
        "end": today - timedelta(days=30),
    }
    assert _sent_with_profile(staff_client.get(URL, query).content.decode()) == "1"


def test_it_filters_by_the_creators_market(staff_client, partner):
    _sent(partner, days_ago=2, market="US")
    _sent(partner, days_ago=2, market="GB")
    _sent(partner, days_ago=2, market="GB")
    page = staff_client.get(URL, {"market": "GB"}).content.decode()
    assert _sent_with_profile(page) == "2"
    figures = partner_insights(partner=partner, period=Period(market="US")).kinds[0]
    assert figures.overall[True].sent == 1


def test_it_says_when_the_filters_leave_nothing(staff_client, partner):
    _sent(partner, days_ago=200)
    page = staff_client.get(URL, {"period": "7"}).content.decode()
    assert "Nothing was sent in this period" in page
    assert "Download CSV" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom"}, "need both a start and an end date"),
        ({"period": "custom", "start": "2026-11-10", "end": "2026-11-01"}, "on or before"),
        ({"period": "custom", "start": "2021-01-01", "end": "2023-01-01"}, "at most a year"),
        ({"period": "custom", "start": "1999-01-01", "end": "1999-02-01"}, "Choose a date from"),
        ({"period": "14"}, "Select a valid choice"),
        ({"market": "XX"}, "Select a valid choice"),
        ({"period": "custom", "start": "soon", "end": "2026-11-01"}, "Enter a valid date"),
    ],
)
def test_it_refuses_bad_filters_with_a_clear_message(staff_client, partner, query, message):
    _sent(partner, days_ago=2)
    response = staff_client.get(URL, query)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<table" not in page
    assert staff_client.get(URL + "insights.csv", query).status_code == 400


def test_it_downloads_the_csv_for_the_filters_shown(staff_client, partner):
    _sent(partner, days_ago=2, market="GB")
    _sent(partner, days_ago=2, market="US")
    _sent(partner, days_ago=40, market="GB")
    page = staff_client.get(URL, {"period": "30", "market": "GB"}).content.decode()
    assert 'href="/insights/insights.csv?period=30&amp;market=GB"' in page
    response = staff_client.get(URL + "insights.csv", {"period": "30", "market": "GB"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    summary = {(r["kind"], r["profile"]): r for r in rows if r["table"] == "summary"}
    assert summary["Invitations", "With profile"]["sent"] == "1"


def test_it_answers_htmx_with_the_figures_only(staff_client, partner):
    _sent(partner, days_ago=2)
    response = staff_client.get(URL, {"period": "7"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="figures">')
    assert "<form" not in page
    assert response["Vary"].count("HX-Request") == 1


def test_it_keeps_the_chosen_filters_in_the_form(staff_client, partner):
    page = staff_client.get(URL, {"period": "90", "market": "GB"}).content.decode()
    assert '<option value="90" selected>' in page
    assert '<option value="GB" selected>' in page
