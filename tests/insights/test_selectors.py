"""The figures, against values worked out by hand from tests/insights/data.py."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from creators.models import Invitation, Proposal
from insights.report import CSV_HEADER
from insights.selectors import (
    Outcomes,
    Spread,
    partner_insights,
    week_starts,
)
from insights.services import days_roll_up
from tests import factories

from .data import NOW, make_binding_requests, make_extensions, make_invitations

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


@pytest.fixture
def figures(partner, other_partner):
    make_invitations(partner)
    make_binding_requests(partner)
    # Another partner's items, all accepted at once with the profile: must never show.
    for _ in range(3):
        factories.InvitationFactory(
            partner=other_partner,
            attach_profile=True,
            status="accepted",
            created_at=NOW - timedelta(days=1),
            answered_at=NOW - timedelta(days=1) + timedelta(minutes=1),
        )
    invitations, binding_requests, _extensions = partner_insights(partner=partner, now=NOW).kinds
    return invitations, binding_requests


def test_it_counts_what_was_sent_by_status_as_it_reads_now(figures):
    invitations, *_ = figures
    assert invitations.overall[True] == Outcomes(
        sent=7, accepted=3, declined=1, expired=1, cancelled=1, pending=1
    )
    assert invitations.overall[False] == Outcomes(
        sent=6, accepted=2, declined=2, expired=1, cancelled=0, pending=1
    )


def test_it_counts_and_shows_every_status(partner):
    for status in Proposal.Status:
        factories.InvitationFactory(partner=partner, status=status, created_at=NOW, expires_at=NOW)
    factories.InvitationFactory(partner=partner, created_at=NOW, expires_at=NOW + H)
    invitations, _binding_requests, _extensions = partner_insights(partner=partner, now=NOW).kinds
    assert invitations.overall[False] == Outcomes(
        sent=6, accepted=1, declined=1, expired=2, cancelled=1, pending=1
    )
    assert set(Proposal.Status) <= set(CSV_HEADER)


def test_it_takes_rates_over_closed_items_only(figures):
    invitations, *_ = figures
    with_profile, without = invitations.overall[True], invitations.overall[False]
    assert with_profile.closed == 5
    assert with_profile.acceptance_rate == 60
    assert with_profile.decline_rate == 20
    assert without.closed == 5
    assert without.acceptance_rate == 40
    assert without.decline_rate == 40


def test_it_takes_the_median_time_to_answer_with_ties_and_even_counts(figures):
    invitations, binding_requests = figures
    # With: 2, 4, 4, 10 hours -> (4 + 4) / 2. Without: 1, 3, 5, 30 hours -> (3 + 5) / 2.
    assert invitations.median_to_answer == {True: 4 * H, False: 4 * H}
    assert binding_requests.median_to_answer == {True: 24 * H, False: None}


def test_it_takes_the_middle_value_of_an_odd_count(partner):
    for hours in (5, 1, 9):
        factories.InvitationFactory(
            partner=partner,
            status="declined",
            created_at=NOW - timedelta(days=2),
            answered_at=NOW - timedelta(days=2) + hours * H,
        )
    invitations, *_ = partner_insights(partner=partner, now=NOW).kinds
    assert invitations.median_to_answer == {True: None, False: 5 * H}


def test_it_buckets_the_last_twelve_weeks_by_the_monday_they_were_sent(figures):
    invitations, *_ = figures
    assert len(invitations.weeks) == 12
    assert invitations.weeks[-1] == date(2026, 11, 16)
    assert invitations.weeks[0] == date(2026, 8, 31)
    rates = {
        attached: dict(zip(invitations.weeks, [o.acceptance_rate for o in series], strict=True))
        for attached, series in invitations.weekly.items()
    }
    assert rates[True][date(2026, 11, 2)] == 100
    assert rates[True][date(2026, 11, 9)] == pytest.approx(100 / 3)
    assert rates[True][date(2026, 11, 16)] == 100  # the pending and the cancelled one left out
    assert rates[False][date(2026, 10, 26)] == 0
    assert rates[False][date(2026, 11, 9)] == 0
    assert rates[False][date(2026, 11, 16)] == 50
    # A week with nothing closed has no rate: a gap, not a zero.
    assert rates[True][date(2026, 10, 26)] is None
    assert rates[False][date(2026, 11, 2)] is None
    # The item sent a hundred days ago is in the totals only.
    assert sum((o for o in invitations.weekly[False]), Outcomes()).sent == 5


def test_it_starts_the_first_week_at_midnight_on_its_monday(partner):
    first_monday = datetime(2026, 8, 31, tzinfo=UTC)
    for created in (first_monday, first_monday - timedelta(seconds=1)):
        factories.InvitationFactory(partner=partner, status="declined", created_at=created)
    invitations, *_ = partner_insights(partner=partner, now=NOW).kinds
    assert invitations.weekly[False][0].sent == 1
    assert invitations.overall[False].sent == 2


def test_it_breaks_acceptance_down_by_creator_category(figures):
    invitations, *_ = figures
    assert invitations.categories == [
        ("beauty", "Beauty & Personal Care"),
        ("fashion", "Womenswear & Menswear"),
        ("food", "Food & Beverages"),
    ]
    with_rates = [o.acceptance_rate for o in invitations.by_category[True]]
    without_rates = [o.acceptance_rate for o in invitations.by_category[False]]
    assert with_rates == [pytest.approx(200 / 3), 50, None]
    assert without_rates == [50, 0, 100]


def test_it_keeps_binding_requests_apart_from_invitations(figures):
    _, binding_requests = figures
    assert binding_requests.overall[True] == Outcomes(sent=1, accepted=1)
    assert binding_requests.overall[False] == Outcomes()
    assert binding_requests.categories == [("beauty", "Beauty & Personal Care")]


def test_it_leaves_other_partners_out(other_partner, figures):
    invitations, *_ = figures
    assert invitations.overall[True].sent == 7
    theirs, *_ = partner_insights(partner=other_partner, now=NOW).kinds
    assert theirs.overall[True] == Outcomes(sent=3, accepted=3)
    assert theirs.median_to_answer[True] == timedelta(0)  # a minute: 0 hours, to the hour


def test_it_reports_a_partner_without_items_as_empty(partner):
    insights = partner_insights(partner=partner, now=NOW)
    assert insights.is_empty
    invitations, *_ = insights.kinds
    assert invitations.categories == []
    assert invitations.overall[True].acceptance_rate is None
    assert invitations.median_to_answer == {True: None, False: None}


def test_it_reads_the_weeks_in_utc_whatever_the_offset_of_now():
    sunday_night_in_utc = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    monday_in_tokyo = sunday_night_in_utc.astimezone(ZoneInfo("Asia/Tokyo"))
    assert week_starts(monday_in_tokyo)[-1] == date(2026, 11, 16)


@pytest.mark.parametrize("rolled_up", [False, True])
@pytest.mark.parametrize("count", [3, 60])
def test_it_uses_a_fixed_number_of_queries(partner, count, rolled_up, django_assert_num_queries):
    creator = factories.CreatorFactory()
    Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator=creator,
            sent_by=creator.user,
            attach_profile=i % 2 == 0,
            status=["accepted", "declined", "expired", "cancelled"][i % 4],
            created_at=NOW - timedelta(days=i % 80),
            answered_at=NOW - timedelta(days=i % 80) + timedelta(hours=i % 7),
            expires_at=NOW,
            commission_rate=10,
            products="Serum",
        )
        for i in range(count)
    )
    if rolled_up:
        days_roll_up(now=NOW)
    # The rollup's progress; then four per kind: invitations, link requests, extension requests.
    with django_assert_num_queries(13):
        partner_insights(partner=partner, now=NOW)


@pytest.mark.parametrize("seed", range(6))
def test_it_agrees_with_the_textbook_median_of_whole_hours(partner, seed):
    rng = random.Random(seed)
    creator = factories.CreatorFactory()
    durations = {True: [], False: []}
    rows = []
    for _ in range(rng.randint(1, 25)):
        attached = rng.random() < 0.5
        took = timedelta(minutes=rng.choice([5, 30, 90, 600]) * rng.randint(1, 4))  # many ties
        durations[attached].append((took.total_seconds() + 1800) // 3600 * H)  # to the hour
        created = NOW - timedelta(days=rng.randint(1, 60))
        rows.append(
            Invitation(
                partner=partner,
                creator=creator,
                sent_by=creator.user,
                attach_profile=attached,
                status=rng.choice(["accepted", "declined"]),
                created_at=created,
                answered_at=created + took,
                expires_at=created + timedelta(days=7),
                commission_rate=10,
                products="Serum",
            )
        )
    Invitation.objects.bulk_create(rows)
    expected = {a: statistics.median(d) if d else None for a, d in durations.items()}
    invitations, *_ = partner_insights(partner=partner, now=NOW).kinds
    assert invitations.median_to_answer == expected


def test_it_compares_extension_requests_with_and_without_the_profile(partner):
    make_extensions(partner)
    *_, extensions = partner_insights(partner=partner, now=NOW).kinds
    assert extensions.label == "Extension requests"
    assert extensions.overall[True] == Outcomes(sent=1, accepted=1)
    assert extensions.overall[False] == Outcomes(sent=1, declined=1)


def _answered_at(partner, creator, *, attach, created, took, status="accepted"):
    return Invitation(
        partner=partner,
        creator=creator,
        sent_by=creator.user,
        attach_profile=attach,
        status=status,
        created_at=created,
        answered_at=created + took,
        expires_at=created + timedelta(days=7),
        commission_rate=10,
        products="Serum",
    )


@pytest.fixture
def answer_times(partner):
    """This week (from Monday 16 Nov): with the profile 1, 2, 3, 4 hours; without, 10 hours
    once. Last week, with: 6 hours, declined. Expired and pending items have no answer."""
    creator = factories.CreatorFactory()
    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    rows = [
        _answered_at(partner, creator, attach=True, created=monday, took=n * H)
        for n in (4, 1, 3, 2)
    ]
    rows.append(_answered_at(partner, creator, attach=False, created=monday, took=10 * H))
    rows.append(
        _answered_at(
            partner,
            creator,
            attach=True,
            created=monday - timedelta(days=7),
            took=6 * H,
            status="declined",
        )
    )
    Invitation.objects.bulk_create(rows)
    factories.InvitationFactory(partner=partner, status="expired", created_at=monday)


def test_it_takes_the_quartiles_of_time_to_answer_by_week(partner, answer_times):
    invitations, *_ = partner_insights(partner=partner, now=NOW).kinds
    this_week, last_week = invitations.answer_times[True][-1], invitations.answer_times[True][-2]
    # Positions (4 - 1) * 0.25, 0.5, 0.75 of 1, 2, 3, 4 hours: 1.75, 2.5 and 3.25 hours.
    assert this_week == Spread(4, 1.75 * H, 2.5 * H, 3.25 * H)
    assert this_week.too_few
    assert last_week == Spread(1, 6 * H, 6 * H, 6 * H)
    assert invitations.answer_times[False][-1] == Spread(1, 10 * H, 10 * H, 10 * H)
    assert invitations.answer_times[False][-2] is None
    assert invitations.answer_times[True][0] is None
