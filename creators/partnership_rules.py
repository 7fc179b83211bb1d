"""The agency-creator link as TikTok's Partner Center runs it ("Creator Management - Linked
Creators"): its states, the actions each allows, the 7-day windows, how long a link may last.

Pure functions of a link's stored fields, dates, market and whether it is a first link; no
database access. A state that depends on the time (a request or link past its expiry, an unlink
request nobody answered) is derived here, and `state_condition` / `state_case` say the same in
SQL, so "Link expired" holds at once whether or not the housekeeping task has run.
tests/creators/test_partnership_rules.py checks both at every boundary.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Q

from accounts.models import MARKET_TIME_ZONES, Market

# A link request, an extension request and an unlink request each wait this long for an answer.
ANSWER_WINDOW = timedelta(days=7)
# Link requests an agency may send per day (its market's calendar day).
DAILY_LINK_REQUESTS = 100
# The longest link, in months: a first link with a creator, then any later one; Thailand's
# is a year every time.
FIRST_LINK_MONTHS = 2
LATER_LINK_MONTHS = 12
THAILAND_LINK_MONTHS = 12
# Extend is offered when less than this many months of the link are left.
EXTEND_WHEN_MONTHS_LEFT = 1
# The agency is reminded from this many days before expiry; in the last DAILY_FROM_DAYS the
# days left are shown day by day.
EXPIRING_FROM_DAYS = 30
DAILY_FROM_DAYS = 15
EXPIRING_FILTERS = (1, 15, 30)
# In this market the agency cannot remove a creator at once: it asks, and the creator answers.
ASK_TO_REMOVE_MARKETS = frozenset({Market.GB})


class State(models.TextChoices):
    LINK_REQUESTED = "link_requested", "Link requested"
    LINKED = "linked", "Linked"
    UNLINK_REQUESTED = "unlink_requested", "Unlink requested"
    DECLINED = "declined", "Link declined"
    UNLINKED = "unlinked", "Unlinked"
    REQUEST_EXPIRED = "request_expired", "Request expired"
    LINK_EXPIRED = "link_expired", "Link expired"
    CANCELLED = "cancelled", "Request cancelled"

    @property
    def not_linked(self) -> bool:
        """Under Not linked, with this as the reason."""
        return self in NOT_LINKED


NOT_LINKED = (
    State.DECLINED,
    State.UNLINKED,
    State.REQUEST_EXPIRED,
    State.LINK_EXPIRED,
    State.CANCELLED,
)

# The tabs of Manage Partnerships, in TikTok's order: (key, label, states shown).
TABS: tuple[tuple[str, str, tuple[State, ...]], ...] = (
    ("all", "All", tuple(State)),
    ("linked", "Linked", (State.LINKED,)),
    ("not_linked", "Not linked", NOT_LINKED),
    ("link_requested", "Link requested", (State.LINK_REQUESTED,)),
    ("unlink_requested", "Unlink requested", (State.UNLINK_REQUESTED,)),
)


class RequestStatus(models.TextChoices):
    """A link request's answer as stored (the `Proposal.Status` values)."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class RaisedBy(models.TextChoices):
    NOBODY = "", "Nobody"
    AGENCY = "agency", "The agency"
    CREATOR = "creator", "The creator"


class UnlinkOutcome(models.TextChoices):
    OPEN = "", "Not answered"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Not answered in 7 days"


class EndReason(models.TextChoices):
    NONE = "", "Not ended"
    UNLINKED = "unlinked", "Unlinked"
    LINK_EXPIRED = "link_expired", "Link expired"


@dataclass(frozen=True)
class LinkFacts:
    """What the rules read of one link (a `BindingRequest` row)."""

    status: str
    expires_at: datetime  # the request's answer deadline
    link_expires_at: datetime
    end_reason: str = EndReason.NONE
    unlink_raised_by: str = RaisedBy.NOBODY
    unlink_expires_at: datetime | None = None
    unlink_outcome: str = UnlinkOutcome.OPEN
    unlink_ignored: int = 0


# --- States ---------------------------------------------------------------------------------


def unlinks_when_ignored(raised_by: str, ignored_before: int) -> bool:
    """An unlink request nobody answered in 7 days: the agency's (UK) is approved by the
    creator's silence; the creator's first is dropped (the link stays), a later one unlinks."""
    return raised_by == RaisedBy.AGENCY or (raised_by == RaisedBy.CREATOR and ignored_before >= 1)


def state_at(link: LinkFacts, now: datetime) -> State:
    """The link's state at `now` (`state_condition` in SQL)."""
    if link.status == RequestStatus.PENDING:
        return State.LINK_REQUESTED if now < link.expires_at else State.REQUEST_EXPIRED
    if link.status != RequestStatus.ACCEPTED:
        return {
            RequestStatus.DECLINED: State.DECLINED,
            RequestStatus.EXPIRED: State.REQUEST_EXPIRED,
            RequestStatus.CANCELLED: State.CANCELLED,
        }[link.status]
    if link.end_reason:
        return State(link.end_reason)
    unanswered = link.unlink_raised_by and link.unlink_outcome == UnlinkOutcome.OPEN
    if (
        unanswered
        and link.unlink_expires_at <= now
        and link.unlink_expires_at < link.link_expires_at
        and unlinks_when_ignored(link.unlink_raised_by, link.unlink_ignored)
    ):
        return State.UNLINKED
    if now >= link.link_expires_at:
        return State.LINK_EXPIRED
    if unanswered and now < link.unlink_expires_at:
        return State.UNLINK_REQUESTED
    return State.LINKED


def _unanswered() -> Q:
    return ~Q(unlink_raised_by=RaisedBy.NOBODY) & Q(unlink_outcome=UnlinkOutcome.OPEN)


def _ignored_unlinks(now: datetime) -> Q:
    return (
        _unanswered()
        & Q(unlink_expires_at__lte=now, unlink_expires_at__lt=models.F("link_expires_at"))
        & (
            Q(unlink_raised_by=RaisedBy.AGENCY)
            | Q(unlink_raised_by=RaisedBy.CREATOR, unlink_ignored__gte=1)
        )
    )


def _live(now: datetime) -> Q:
    """Accepted, not ended, not ended by an ignored unlink request, not past its expiry."""
    return Q(
        status=RequestStatus.ACCEPTED, end_reason=EndReason.NONE, link_expires_at__gt=now
    ) & ~_ignored_unlinks(now)


def state_condition(state: str, now: datetime) -> Q:
    """The links whose state at `now` is `state`: the same rule as `state_at`."""
    accepted = Q(status=RequestStatus.ACCEPTED, end_reason=EndReason.NONE)
    match state:
        case State.LINK_REQUESTED:
            return Q(status=RequestStatus.PENDING, expires_at__gt=now)
        case State.REQUEST_EXPIRED:
            return Q(status=RequestStatus.EXPIRED) | Q(
                status=RequestStatus.PENDING, expires_at__lte=now
            )
        case State.DECLINED:
            return Q(status=RequestStatus.DECLINED)
        case State.CANCELLED:
            return Q(status=RequestStatus.CANCELLED)
        case State.UNLINKED:
            ended = Q(status=RequestStatus.ACCEPTED, end_reason=EndReason.UNLINKED)
            return ended | (accepted & _ignored_unlinks(now))
        case State.LINK_EXPIRED:
            ended = Q(status=RequestStatus.ACCEPTED, end_reason=EndReason.LINK_EXPIRED)
            return ended | (accepted & Q(link_expires_at__lte=now) & ~_ignored_unlinks(now))
        case State.UNLINK_REQUESTED:
            return _live(now) & _unanswered() & Q(unlink_expires_at__gt=now)
        case State.LINKED:
            return _live(now) & ~(_unanswered() & Q(unlink_expires_at__gt=now))
    raise ValueError(f"Unknown link state {state!r}")


def live_condition(now: datetime) -> Q:
    """A live link: linked, or linked with an unlink request still open."""
    return state_condition(State.LINKED, now) | state_condition(State.UNLINK_REQUESTED, now)


def state_case(now: datetime) -> models.Case:
    """Each row's state at `now`, as an SQL expression (for counts by state)."""
    return models.Case(
        *(models.When(state_condition(s, now), then=models.Value(s.value)) for s in State),
        output_field=models.CharField(),
    )


def tab_condition(tab: str, now: datetime) -> Q:
    states = dict((key, states) for key, _label, states in TABS)[tab]
    if tab == "all":
        return Q()
    condition = Q(pk__in=[])
    for state in states:
        condition |= state_condition(state, now)
    return condition


# --- Periods --------------------------------------------------------------------------------


def market_zone(market: str) -> ZoneInfo:
    return ZoneInfo(MARKET_TIME_ZONES[market])


def market_today(market: str, now: datetime) -> date:
    return now.astimezone(market_zone(market)).date()


def today_starts_at(market: str, now: datetime) -> datetime:
    """Midnight at the start of today in the market: what is sent from this instant on counts
    against today's quotas."""
    return day_starts_at(market, market_today(market, now))


def day_starts_at(market: str, day: date) -> datetime:
    """Midnight at the start of `day` in the market's time zone."""
    return datetime.combine(day, time.min, tzinfo=market_zone(market))


def link_expiry_at(market: str, last_day: date) -> datetime:
    """A link "until `last_day`" lasts through that day in the market: it ends at the
    following midnight there."""
    return day_starts_at(market, last_day + timedelta(days=1))


def last_day_of(market: str, link_expires_at: datetime) -> date:
    return (link_expires_at.astimezone(market_zone(market)) - timedelta(microseconds=1)).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (31 Dec + 2 months: 29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def longest_link_months(market: str, *, first_link: bool) -> int:
    if market == Market.TH:
        return THAILAND_LINK_MONTHS
    return FIRST_LINK_MONTHS if first_link else LATER_LINK_MONTHS


def latest_last_day(market: str, start: date, *, first_link: bool) -> date:
    """The latest expiry date allowed for a period starting on `start`."""
    return add_months(start, longest_link_months(market, first_link=first_link))


def period_error(market: str, start: date, last_day: date, *, first_link: bool) -> str | None:
    """Why a link (or an extension) from `start` until `last_day` is not allowed, or None."""
    if last_day <= start:
        return f"The expiry date must be after {start:%-d %b %Y}."
    latest = latest_last_day(market, start, first_link=first_link)
    if last_day > latest:
        months = longest_link_months(market, first_link=first_link)
        if market == Market.TH:
            kind = "A link in Thailand"
        else:
            kind = "A first link" if first_link else "A link after the first"
        return f"{kind} lasts at most {_months(months)}: choose {latest:%-d %b %Y} or earlier."
    return None


def _months(n: int) -> str:
    return {1: "one month", 12: "one year"}.get(n, f"{n} months")


# --- What the agency sees and may do --------------------------------------------------------


def days_left(link_expires_at: datetime, now: datetime) -> int:
    """Whole days until the link ends, counting a part of a day as one; 0 once it has."""
    return max(0, math.ceil((link_expires_at - now) / timedelta(days=1)))


def is_expiring(
    link_expires_at: datetime, now: datetime, within_days: int = EXPIRING_FROM_DAYS
) -> bool:
    return now < link_expires_at <= now + timedelta(days=within_days)


def expiring_condition(within_days: int, now: datetime) -> Q:
    """`is_expiring` in SQL, for live links."""
    return live_condition(now) & Q(link_expires_at__lte=now + timedelta(days=within_days))


def month_after(now: datetime) -> datetime:
    return datetime.combine(add_months(now.date(), EXTEND_WHEN_MONTHS_LEFT), now.timetz())


def can_extend(state: str, link_expires_at: datetime, now: datetime, *, tried: bool) -> bool:
    """Extend is offered on a linked creator with less than a month left, unless an extension
    was already refused, left unanswered, or is waiting for an answer (`tried`)."""
    return state == State.LINKED and not tried and link_expires_at < month_after(now)


def removal_asks_the_creator(market: str) -> bool:
    """Remove unlinks at once, except where the creator must agree (or stay silent 7 days)."""
    return market in ASK_TO_REMOVE_MARKETS


def can_remove(state: str) -> bool:
    return state == State.LINKED


def can_request_again(state: str) -> bool:
    return state in NOT_LINKED


def can_ask_to_unlink(state: str) -> bool:
    """The creator may ask to unlink a live link with no unlink request open."""
    return state == State.LINKED
