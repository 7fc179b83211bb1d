"""The daily rollup: the page shows the same figures from the rollup and the live tail as from
the items alone, whether the task has run, run part way or never run."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.conf import settings

from accounts.models import Market
from creators.models import BindingRequest, Category, Invitation
from insights import report
from insights.models import AnswerTimes, Kind, OutcomeCounts, RollupProgress, Span
from insights.selectors import ALL_TIME, Period, partner_insights
from insights.services import days_roll_up, last_final_day, rollup_restart
from tests import factories

from .data import NOW

pytestmark = pytest.mark.django_db

D = timedelta(days=1)
MARKETS = (Market.US, Market.GB, Market.TH)
CATEGORIES = (Category.BEAUTY, Category.FOOD, Category.PETS)
CLOSED = ("accepted", "declined", "expired", "cancelled")
PERIODS = [
    ALL_TIME,
    Period(days=7),
    Period(days=30),
    Period(days=90),
    # A Thursday to a Wednesday: part weeks at both ends.
    Period(start=date(2026, 9, 17), end=date(2026, 10, 14)),
    # Across the rollup's last day into the live days.
    Period(start=date(2026, 10, 28), end=date(2026, 11, 18)),
]
PERIODS += [Period(days=p.days, start=p.start, end=p.end, market="GB") for p in PERIODS]


def _answer(rng: random.Random, status: str, created):
    if status not in ("accepted", "declined"):
        return None
    return created + timedelta(minutes=rng.randint(1, 160 * 60))


def make_world(partner) -> None:
    """Invitations and link requests over 80 days before NOW in three markets and categories,
    every status, answers after a minute to 160 hours; pending ones in the last week, and some
    left pending past their expiry long ago (the expiry task never ran)."""
    rng = random.Random(21)
    pool = [factories.CreatorFactory(market=m, category=c) for m in MARKETS for c in CATEGORIES]
    sender = pool[0].user
    invitations, requests = [], []
    for i in range(400):
        created = NOW - timedelta(minutes=rng.randint(0, 80 * 24 * 60))
        status = rng.choice(CLOSED)
        common = {
            "partner": partner,
            "creator": rng.choice(pool),
            "sent_by": sender,
            "attach_profile": rng.random() < 0.5,
            "status": status,
            "created_at": created,
            "expires_at": created + 7 * D,
            "answered_at": _answer(rng, status, created),
        }
        if i % 4:
            invitations.append(Invitation(**common, commission_rate=10, products="Serum"))
        else:
            requests.append(
                BindingRequest(
                    **common,
                    message="Join us",
                    link_expires_at=created + 60 * D,
                    end_reason="unlinked" if status == "accepted" else "",
                )
            )
    Invitation.objects.bulk_create(invitations)
    BindingRequest.objects.bulk_create(requests)
    for i, (created, expires) in enumerate(
        [(NOW - D, NOW + 6 * D), (NOW - 3 * D, NOW + 4 * D), (NOW - 40 * D, NOW - 33 * D)]
    ):
        creator = factories.CreatorFactory(market=MARKETS[i], category=CATEGORIES[i])
        for factory in (factories.InvitationFactory, factories.BindingRequestFactory):
            factory(partner=partner, creator=creator, created_at=created, expires_at=expires)
    for attach, status in ((True, "accepted"), (False, "declined")):
        factories.ExtensionRequestFactory(
            link__partner=partner,
            link__creator__market=Market.GB,
            link__link_expires_at=NOW + 20 * D,
            attach_profile=attach,
            status=status,
            created_at=NOW - 30 * D,
            answered_at=NOW - 29 * D,
            expires_at=NOW - 23 * D,
        )


def _figures(partner) -> list:
    return [partner_insights(partner=partner, now=NOW, period=p) for p in PERIODS]


def test_it_shows_the_same_figures_from_the_rollup_as_from_the_items(partner, other_partner):
    make_world(partner)
    make_world(other_partner)
    live = _figures(partner)
    assert not RollupProgress.objects.exists()

    # Part way (as if beat last ran three weeks ago), then up to date.
    days_roll_up(now=NOW - 21 * D, days_per_pass=10)
    part_way = RollupProgress.objects.get(kind=Kind.INVITATIONS).through
    assert part_way < NOW.date() - 21 * D
    assert _figures(partner) == live
    days_roll_up(now=NOW)
    assert RollupProgress.objects.get(kind=Kind.INVITATIONS).through > part_way
    assert OutcomeCounts.objects.filter(days=Span.WEEK).exists()
    assert AnswerTimes.objects.filter(days=Span.WEEK).exists()
    rolled = _figures(partner)
    assert rolled == live
    assert [report.csv_text(i) for i in rolled] == [report.csv_text(i) for i in live]


def test_it_reads_final_days_from_the_rollup(partner):
    make_world(partner)
    before = _figures(partner)
    days_roll_up(now=NOW)
    through = RollupProgress.objects.get(kind=Kind.INVITATIONS).through
    # Once rolled up, the items themselves are no longer read: their figures stay.
    Invitation.objects.filter(created_at__date__lte=through).delete()
    assert _figures(partner)[0].kinds[0] == before[0].kinds[0]


def test_it_rolls_up_only_days_nothing_can_change_any_more(partner):
    factories.InvitationFactory(partner=partner, created_at=NOW - 20 * D, expires_at=NOW + D)
    # Open for another day: neither its day nor any after it is final.
    assert last_final_day(Invitation, NOW) == (NOW - 21 * D).date()
    # Without open items: a week and a day back, the longest an answer can take.
    assert last_final_day(BindingRequest, NOW) == (NOW - 8 * D).date()


def test_it_is_safe_to_run_twice(partner):
    make_world(partner)
    assert days_roll_up(now=NOW) > 0
    rows = sorted(OutcomeCounts.objects.values_list("kind", "days", "day", "accepted"))
    assert days_roll_up(now=NOW) == 0
    assert sorted(OutcomeCounts.objects.values_list("kind", "days", "day", "accepted")) == rows


def test_it_has_nothing_to_roll_up_without_items():
    assert days_roll_up(now=NOW) == 0
    assert not RollupProgress.objects.exists()


def test_beat_runs_it():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "insights.tasks.rollup_days" in tasks


def test_it_says_answer_times_are_counted_to_the_hour(staff_client, partner):
    factories.InvitationFactory(
        partner=partner,
        status="accepted",
        created_at=NOW,
        answered_at=NOW + timedelta(minutes=20),
    )
    page = staff_client.get("/insights/").content.decode()
    assert "each counted to the nearest hour" in page
    assert "under an hour" in page


def test_it_starts_over_after_items_are_written_into_rolled_up_days(partner):
    make_world(partner)
    days_roll_up(now=NOW)
    # The demo writes items sent in the past (seed_demo): the rollup forgets what it held.
    factories.InvitationFactory(
        partner=partner, status="declined", created_at=NOW - 50 * D, expires_at=NOW - 43 * D
    )
    rollup_restart()
    assert not OutcomeCounts.objects.exists()
    live = _figures(partner)
    days_roll_up(now=NOW)
    assert _figures(partner) == live
