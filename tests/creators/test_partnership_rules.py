"""The link's rules (creators/partnership_rules.py) at every boundary, and their SQL twin saying
the same for every row at every moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from creators import partnership_rules as rules
from creators.models import BindingRequest
from creators.partnership_rules import LinkFacts, State
from tests import factories

NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


def _facts(**fields) -> LinkFacts:
    return LinkFacts(
        **{
            "status": "accepted",
            "expires_at": NOW - 20 * DAY,
            "link_expires_at": NOW + 40 * DAY,
            **fields,
        }
    )


# --- The 7-day windows ---------------------------------------------------------------------


def test_a_link_request_is_open_for_seven_days_then_expired():
    sent = NOW
    request = _facts(status="pending", expires_at=sent + rules.ANSWER_WINDOW)
    assert rules.ANSWER_WINDOW == 7 * DAY
    assert rules.state_at(request, sent + 7 * DAY - SECOND) == State.LINK_REQUESTED
    assert rules.state_at(request, sent + 7 * DAY) == State.REQUEST_EXPIRED
    assert rules.state_at(request, sent + 8 * DAY) == State.REQUEST_EXPIRED


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("declined", State.DECLINED),
        ("expired", State.REQUEST_EXPIRED),
        ("cancelled", State.CANCELLED),
    ],
)
def test_a_closed_request_reads_as_its_answer(status, state):
    assert rules.state_at(_facts(status=status), NOW) == state
    assert state.not_linked


def test_a_link_reads_as_expired_from_its_expiry_on():
    link = _facts(link_expires_at=NOW)
    assert rules.state_at(link, NOW - SECOND) == State.LINKED
    assert rules.state_at(link, NOW) == State.LINK_EXPIRED


def _unlink(raised_by, ignored=0, outcome="", asked=NOW, **fields):
    return _facts(
        unlink_raised_by=raised_by,
        unlink_expires_at=asked + rules.ANSWER_WINDOW,
        unlink_outcome=outcome,
        unlink_ignored=ignored,
        **fields,
    )


def test_the_agencys_unlink_request_in_the_uk_is_approved_by_seven_days_of_silence():
    link = _unlink("agency")
    assert rules.state_at(link, NOW + 7 * DAY - SECOND) == State.UNLINK_REQUESTED
    assert rules.state_at(link, NOW + 7 * DAY) == State.UNLINKED


def test_a_creators_first_ignored_unlink_request_leaves_the_link():
    link = _unlink("creator")
    assert rules.state_at(link, NOW + 7 * DAY - SECOND) == State.UNLINK_REQUESTED
    assert rules.state_at(link, NOW + 7 * DAY) == State.LINKED
    assert rules.state_at(link, NOW + 8 * DAY) == State.LINKED


def test_a_creators_second_ignored_unlink_request_unlinks():
    link = _unlink("creator", ignored=1)
    assert rules.state_at(link, NOW + 7 * DAY - SECOND) == State.UNLINK_REQUESTED
    assert rules.state_at(link, NOW + 7 * DAY) == State.UNLINKED


@pytest.mark.parametrize("raised_by", ["agency", "creator"])
def test_a_declined_unlink_request_leaves_the_link(raised_by):
    link = _unlink(raised_by, ignored=1, outcome="declined")
    assert rules.state_at(link, NOW) == State.LINKED
    assert rules.state_at(link, NOW + 8 * DAY) == State.LINKED


def test_a_link_that_expires_before_the_unlink_answer_is_due_reads_as_expired():
    link = _unlink("agency", link_expires_at=NOW + 3 * DAY)
    assert rules.state_at(link, NOW + 3 * DAY) == State.LINK_EXPIRED
    assert rules.state_at(link, NOW + 8 * DAY) == State.LINK_EXPIRED


@pytest.mark.parametrize(
    ("end_reason", "state"),
    [("unlinked", State.UNLINKED), ("link_expired", State.LINK_EXPIRED)],
)
def test_a_stored_end_is_final(end_reason, state):
    assert rules.state_at(_facts(end_reason=end_reason), NOW) == state


def test_unlink_requests_ignored_unlink_only_when_the_rules_say_so():
    assert rules.unlinks_when_ignored("agency", 0)
    assert not rules.unlinks_when_ignored("creator", 0)
    assert rules.unlinks_when_ignored("creator", 1)


# --- Periods by market and first or later link ------------------------------------------


@pytest.mark.parametrize(
    ("market", "first", "months"),
    [
        ("GB", True, 2),
        ("GB", False, 12),
        ("ID", True, 2),
        ("US", True, 2),
        ("US", False, 12),
        ("TH", True, 12),
        ("TH", False, 12),
    ],
)
def test_the_longest_link_by_market_and_first_or_later_link(market, first, months):
    assert rules.longest_link_months(market, first_link=first) == months


def test_a_first_link_may_end_two_months_on_and_not_a_day_later():
    start = date(2026, 11, 18)
    assert rules.period_error("GB", start, date(2027, 1, 18), first_link=True) is None
    error = rules.period_error("GB", start, date(2027, 1, 19), first_link=True)
    assert error == "A first link lasts at most 2 months: choose 18 Jan 2027 or earlier."


def test_a_later_link_may_end_a_year_on():
    start = date(2026, 11, 18)
    assert rules.period_error("GB", start, date(2027, 11, 18), first_link=False) is None
    assert "at most one year" in rules.period_error(
        "GB", start, date(2027, 11, 19), first_link=False
    )


def test_in_thailand_even_a_first_link_may_last_a_year():
    start = date(2026, 11, 18)
    assert rules.period_error("TH", start, date(2027, 11, 18), first_link=True) is None
    error = rules.period_error("TH", start, date(2027, 11, 19), first_link=True)
    assert error.startswith("A link in Thailand lasts at most one year")


def test_a_link_must_end_after_it_starts():
    start = date(2026, 11, 18)
    assert rules.period_error("US", start, start, first_link=True) == (
        "The expiry date must be after 18 Nov 2026."
    )
    assert rules.period_error("US", start, start + DAY, first_link=True) is None


def test_months_are_calendar_months_ending_on_the_months_last_day():
    assert rules.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert rules.add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert rules.add_months(date(2026, 11, 18), 12) == date(2027, 11, 18)


def test_a_link_lasts_through_its_last_day_in_the_markets_time_zone():
    ends = rules.link_expiry_at("TH", date(2026, 12, 1))
    assert ends == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)  # midnight in Bangkok
    assert rules.last_day_of("TH", ends) == date(2026, 12, 1)
    assert rules.market_today("TH", ends - SECOND) == date(2026, 12, 1)
    assert rules.market_today("TH", ends) == date(2026, 12, 2)


# --- Extend, reminders, removal ----------------------------------------------------------


def test_extend_is_offered_only_with_less_than_a_month_left():
    month = rules.month_after(NOW)
    assert month == datetime(2026, 12, 18, 12, 0, tzinfo=UTC)
    assert not rules.can_extend(State.LINKED, month, NOW, tried=False)  # exactly a month left
    assert rules.can_extend(State.LINKED, month - SECOND, NOW, tried=False)


def test_extend_is_not_offered_again_after_a_refusal_or_lapse_nor_off_a_live_link():
    soon = NOW + 5 * DAY
    assert not rules.can_extend(State.LINKED, soon, NOW, tried=True)
    for state in State:
        if state != State.LINKED:
            assert not rules.can_extend(state, soon, NOW, tried=False)


def test_the_reminders_start_30_days_out_and_count_down_daily_in_the_last_15():
    assert rules.is_expiring(NOW + 30 * DAY, NOW)
    assert not rules.is_expiring(NOW + 30 * DAY + SECOND, NOW)
    assert not rules.is_expiring(NOW, NOW)
    assert rules.days_left(NOW + 15 * DAY, NOW) == 15
    assert rules.days_left(NOW + 14 * DAY + SECOND, NOW) == 15
    assert rules.days_left(NOW + SECOND, NOW) == 1
    assert rules.days_left(NOW, NOW) == 0
    assert rules.days_left(NOW - DAY, NOW) == 0


@pytest.mark.parametrize(("market", "asks"), [("GB", True), ("US", False), ("TH", False)])
def test_removal_asks_the_creator_only_in_the_uk(market, asks):
    assert rules.removal_asks_the_creator(market) is asks


def test_the_actions_each_state_offers():
    assert [s for s in State if rules.can_remove(s)] == [State.LINKED]
    assert [s for s in State if rules.can_ask_to_unlink(s)] == [State.LINKED]
    assert {s for s in State if rules.can_request_again(s)} == set(rules.NOT_LINKED)


# --- The SQL twin --------------------------------------------------------------------------

MOMENTS = [NOW + offset for offset in (-SECOND, 0 * DAY, 7 * DAY - SECOND, 7 * DAY, 8 * DAY)]
MOMENTS += [NOW + 40 * DAY - SECOND, NOW + 40 * DAY]


def _rows():
    """A link in every configuration the rules tell apart."""
    sent = NOW - 20 * DAY
    base = {"created_at": sent, "expires_at": sent + 7 * DAY, "link_expires_at": NOW + 40 * DAY}
    asked = {"unlink_requested_at": NOW, "unlink_expires_at": NOW + 7 * DAY}
    f = factories
    return [
        f.BindingRequestFactory(created_at=NOW, expires_at=NOW + 7 * DAY),
        f.BindingRequestFactory(status="declined", **base),
        f.BindingRequestFactory(status="expired", **base),
        f.BindingRequestFactory(status="cancelled", **base),
        f.LinkFactory(**base),
        f.LinkFactory(**base, end_reason="unlinked"),
        f.LinkFactory(**base, end_reason="link_expired"),
        f.LinkFactory(**base, unlink_raised_by="agency", **asked),
        f.LinkFactory(**base, unlink_raised_by="creator", **asked),
        f.LinkFactory(**base, unlink_raised_by="creator", unlink_ignored=1, **asked),
        f.LinkFactory(**base, unlink_raised_by="creator", unlink_outcome="declined", **asked),
        f.LinkFactory(
            **{**base, "link_expires_at": NOW + 3 * DAY}, unlink_raised_by="agency", **asked
        ),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("now", MOMENTS)
def test_the_sql_twin_agrees_with_the_rule_for_every_row(now):
    rows = _rows()
    expected = {row.pk: row.state_at(now) for row in rows}
    for state in State:
        matched = set(BindingRequest.objects.in_state(state, now).values_list("pk", flat=True))
        assert matched == {pk for pk, s in expected.items() if s == state}, state
    annotated = dict(BindingRequest.objects.with_state(now).values_list("pk", "state_now"))
    assert annotated == {pk: s.value for pk, s in expected.items()}
    live = set(BindingRequest.objects.live(now).values_list("pk", flat=True))
    assert live == {pk for pk, s in expected.items() if s in (State.LINKED, State.UNLINK_REQUESTED)}
    for key, _label, states in rules.TABS:
        tab = set(BindingRequest.objects.in_tab(key, now).values_list("pk", flat=True))
        assert tab == {pk for pk, s in expected.items() if s in states}, key
