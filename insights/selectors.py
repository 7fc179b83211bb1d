"""How a partner's invitations and binding requests fare with and without the TikTok profile
attached: SQL aggregates, four queries per kind whatever the number of rows. Final days come
from the daily rollup (insights/models.py), the days after it from the items themselves; the
figures are the same either way.

How we count (the page states the same):
- *Sent*: everything the partner sent, whatever became of it.
- *Closed*: accepted, declined or expired. An item still pending past its expiry counts as
  expired at once, in SQL (`ProposalQuerySet.with_current_status`), whether or not the expiry
  task has run.
- *Acceptance rate* = accepted ÷ closed; *decline rate* = declined ÷ closed. Items still
  awaiting an answer and items the partner cancelled are in *Sent* but not in the rates:
  they have no outcome, and counting them would make a busy week look like a bad one.
- *Median time to answer*: from sending to the creator's answer, over accepted and declined
  items, each rounded to the nearest hour (so that a day's answer times are a few counts per
  hour); the mean of the two middle values when their number is even.
- Weeks start on Monday (UTC) and hold what was *sent* that week; a week with nothing closed
  has no rate: a gap in the line, a dash in the table, never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import zip_longest

from django.db.models import Count, F, Func, IntegerField, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.models import Partner
from creators.models import BindingRequest, Category, ExtensionRequest, Invitation, Proposal

from . import statistics
from .models import AnswerTimes, Kind, OutcomeCounts, RollupProgress, Span

WEEKS = 12
# Every status, each an `Outcomes` field of the same name.
STATUSES = tuple(status.value for status in Proposal.Status)
# The creator's yes: the one place that names it (issue 18 renames it "I'm interested").
YES = Proposal.Status.ACCEPTED
ANSWERED = (YES, Proposal.Status.DECLINED)
# What a final day's items can be: none is still pending (insights/models.py).
ROLLED_UP = tuple(s for s in STATUSES if s != Proposal.Status.PENDING)
# Fewer closed items than this in a week or a category: drawn as "too few to tell".
MIN_CLOSED = 5


@dataclass(frozen=True)
class Outcomes:
    """Counts for one group of items, by status as it reads now."""

    sent: int = 0
    accepted: int = 0
    declined: int = 0
    expired: int = 0
    cancelled: int = 0
    pending: int = 0

    def __add__(self, other: Outcomes) -> Outcomes:
        return Outcomes(
            **{name: getattr(self, name) + getattr(other, name) for name in ("sent", *STATUSES)}
        )

    @property
    def closed(self) -> int:
        return self.accepted + self.declined + self.expired

    @property
    def yes(self) -> int:
        return getattr(self, YES.value)

    @property
    def acceptance_rate(self) -> float | None:
        """Percent of closed items accepted; None when nothing is closed yet."""
        return self.yes * 100 / self.closed if self.closed else None

    @property
    def acceptance(self) -> statistics.Interval | None:
        """The acceptance rate (as a proportion) with its 95 % Wilson interval."""
        return statistics.wilson(self.yes, self.closed)

    @property
    def acceptance_low(self) -> float | None:
        """The lower end of the acceptance rate's 95 % interval, in percent."""
        found = self.acceptance
        return None if found is None else found.low * 100

    @property
    def acceptance_high(self) -> float | None:
        found = self.acceptance
        return None if found is None else found.high * 100

    @property
    def too_few(self) -> bool:
        return self.closed < MIN_CLOSED

    @property
    def decline_rate(self) -> float | None:
        return self.declined * 100 / self.closed if self.closed else None


@dataclass(frozen=True)
class Spread:
    """How long creators took to answer in one group: quartiles over `answered` items."""

    answered: int
    first_quartile: timedelta
    median: timedelta
    third_quartile: timedelta

    @property
    def too_few(self) -> bool:
        return self.answered < MIN_CLOSED


@dataclass(frozen=True)
class KindInsights:
    """Everything the page shows about one kind of item. Dicts are keyed by whether the
    profile was attached (True = with)."""

    kind: str
    label: str
    overall: dict[bool, Outcomes]
    median_to_answer: dict[bool, timedelta | None]
    weeks: list[date]
    weekly: dict[bool, list[Outcomes]]
    categories: list[tuple[str, str]]
    by_category: dict[bool, list[Outcomes]]
    # Time to answer by the week sent, None for a week with no answer.
    answer_times: dict[bool, list[Spread | None]] = field(default_factory=dict)

    @property
    def effect(self) -> statistics.Interval | None:
        """Acceptance with the profile minus without, with Newcombe's 95 % interval."""
        with_, without = self.overall[True], self.overall[False]
        return statistics.difference(with_.yes, with_.closed, without.yes, without.closed)

    @property
    def sent(self) -> int:
        return self.overall[True].sent + self.overall[False].sent

    @property
    def has_closed_in_weeks(self) -> bool:
        return any(o.closed for series in self.weekly.values() for o in series)

    @property
    def has_answers_in_weeks(self) -> bool:
        return any(s is not None for series in self.answer_times.values() for s in series)

    @property
    def has_closed(self) -> bool:
        return any(o.closed for o in self.overall.values())


@dataclass(frozen=True)
class Insights:
    """A partner's figures: invitations first, then link requests, then extension requests."""

    kinds: list[KindInsights] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(k.sent for k in self.kinds)


@dataclass(frozen=True)
class Period:
    """What the page looks at: items *sent* in a date range (UTC days, both ends included) and
    to creators of one market. No days and no start: all time, charted over the last WEEKS
    weeks. `days` counts back from today, today included."""

    days: int | None = None
    start: date | None = None
    end: date | None = None
    market: str = ""

    def bounds(self, now: datetime) -> tuple[datetime | None, datetime]:
        """[since, until) as moments; since is None for all time."""
        today = now.astimezone(UTC).date()
        if self.days:
            start, end = today - timedelta(days=self.days - 1), today
        elif self.start:
            start, end = self.start, min(self.end or today, today)
        else:
            return None, now
        since = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
        return since, datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=UTC)

    def weeks(self, now: datetime) -> list[date]:
        since, until = self.bounds(now)
        if since is None:
            return week_starts(now)
        last = (until - timedelta(microseconds=1)).date()
        first_monday = since.date() - timedelta(days=since.date().weekday())
        count = (last - first_monday).days // 7 + 1
        return week_starts(until - timedelta(microseconds=1), count)

    def scope(self, items, now: datetime):
        since, until = self.bounds(now)
        if since is not None:
            items = items.filter(created_at__gte=since, created_at__lt=until)
        if self.market:
            items = items.filter(creator__market=self.market)
        return items


ALL_TIME = Period()


KINDS = (
    (Kind.INVITATIONS, Invitation),
    (Kind.BINDING_REQUESTS, BindingRequest),
    (Kind.EXTENSIONS, ExtensionRequest),
)


def partner_insights(
    *, partner: Partner, now: datetime | None = None, period: Period = ALL_TIME
) -> Insights:
    now = now or timezone.now()
    progress = dict(RollupProgress.objects.values_list("kind", "through"))
    return Insights(
        kinds=[
            kind_insights(
                model,
                partner=partner,
                now=now,
                kind=kind,
                period=period,
                through=progress.get(kind),
            )
            for kind, model in KINDS
        ]
    )


def week_starts(now: datetime, weeks: int = WEEKS) -> list[date]:
    """The Mondays (UTC) of the last `weeks` weeks, oldest first, this week last."""
    today = now.astimezone(UTC).date()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def rolled_up(period: Period, now: datetime, through: date | None) -> Q:
    """The rollup rows that make up the period's days up to `through`: its whole weeks as week
    rows, its other days as day rows (insights/models.py)."""
    if through is None:
        return Q(day__lt=date.min)  # nothing rolled up yet
    since, until = period.bounds(now)
    first = since.date() if since else date.min
    last = min(through, (until - timedelta(microseconds=1)).date())
    first_week = first + timedelta(days=-first.weekday() % 7)  # the Monday on or after it
    last_week = monday(last + timedelta(days=1)) - timedelta(weeks=1)  # its Sunday ≤ last
    weeks = Q(day__gte=first_week, day__lte=last_week)
    in_weeks = Q(day__gte=first_week, day__lte=last_week + timedelta(days=6))
    days = Q(days=Span.DAY, day__gte=first, day__lte=last) & ~in_weeks
    return Q(weeks, days=Span.WEEK) | days


class AnswerHours(Func):
    """Hours from `created_at` to `answered_at`, rounded to the nearest hour (half up)."""

    template = "CAST(FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600 + 0.5) AS integer)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, **extra):
        super().__init__(F("answered_at"), F("created_at"), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST((julianday(%(expressions)s)) * 24 + 0.5 AS integer)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def sent_day() -> TruncDate:
    """The UTC day an item was sent: the page's days and weeks are UTC ones."""
    return TruncDate("created_at", tzinfo=UTC)


def answer_hours(items):
    """The answered `items`, with `hour`: the whole hours each took (AnswerHours)."""
    return items.filter(status__in=ANSWERED, answered_at__isnull=False).annotate(hour=AnswerHours())


def add_hours(counted: list[int], hour: int, n: int) -> None:
    """Count n more answers that took `hour` hours in `counted` (counted[h]: answers in h)."""
    if hour >= len(counted):
        counted.extend([0] * (hour + 1 - len(counted)))
    counted[hour] += n


def _summed(lists: list[list[int]]) -> list[int]:
    return [sum(column) for column in zip_longest(*lists, fillvalue=0)]


def _spread(counted: list[int]) -> Spread:
    return Spread(
        sum(counted), *(timedelta(hours=q) for q in statistics.counted_quartiles(counted))
    )


def _outcomes(by_status: dict[str, int]) -> Outcomes:
    return Outcomes(sent=sum(by_status.values()), **{s: by_status.get(s, 0) for s in STATUSES})


def _add(into: dict[str, int], by_status: dict[str, int]) -> None:
    for status, n in by_status.items():
        into[status] = into.get(status, 0) + n


def kind_insights(
    model,
    *,
    partner: Partner,
    now: datetime,
    kind: Kind,
    period: Period = ALL_TIME,
    through: date | None = None,
) -> KindInsights:
    """One kind's figures: days up to `through` from the rollup, later ones from the items
    themselves. Four queries whatever the number of rows and the filters."""
    rollup = rolled_up(period, now, through)
    if period.market:
        rollup &= Q(market=period.market)
    rollup &= Q(partner=partner, kind=kind)
    live = period.scope(model.objects.filter(partner=partner), now)
    if through is not None:
        after = datetime.combine(through + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        live = live.filter(created_at__gte=after)

    counts = _counts(rollup, live, now)
    weeks = period.weeks(now)
    by_category: dict[tuple[bool, str], dict[str, int]] = {}
    by_week: dict[tuple[bool, date], dict[str, int]] = {}
    for (attached, category, day), by_status in counts.items():
        _add(by_category.setdefault((attached, category), {}), by_status)
        if day >= weeks[0]:
            _add(by_week.setdefault((attached, monday(day)), {}), by_status)
    present = {category for _attached, category in by_category}
    categories = [(c.value, c.label) for c in Category if c.value in present]
    overall = {attached: Outcomes() for attached in (True, False)}
    for (attached, _category), by_status in by_category.items():
        overall[attached] += _outcomes(by_status)

    weekly_hours = _weekly_hours(rollup, live)
    median_to_answer: dict[bool, timedelta | None] = {}
    for attached in (True, False):
        counted = _summed([c for (a, _week), c in weekly_hours.items() if a == attached])
        median_to_answer[attached] = (
            timedelta(hours=statistics.counted_quantile(counted, 0.5)) if any(counted) else None
        )

    def spread(attached: bool, week: date) -> Spread | None:
        counted = weekly_hours.get((attached, week))
        return _spread(counted) if counted and any(counted) else None

    return KindInsights(
        kind=kind.value,
        label=kind.label,
        overall=overall,
        median_to_answer=median_to_answer,
        weeks=weeks,
        weekly={a: [_outcomes(by_week.get((a, w), {})) for w in weeks] for a in (True, False)},
        categories=categories,
        by_category={
            a: [_outcomes(by_category.get((a, c), {})) for c, _label in categories]
            for a in (True, False)
        },
        answer_times={a: [spread(a, w) for w in weeks] for a in (True, False)},
    )


def _counts(rollup: Q, live, now: datetime) -> dict[tuple[bool, str, date], dict[str, int]]:
    """{(attached, category, day): {status: count}}: the rollup's rows (day is the day's, or
    the Monday of a week's), then the live items by the UTC day they were sent."""
    counts: dict[tuple[bool, str, date], dict[str, int]] = {}
    for row in (
        OutcomeCounts.objects.filter(rollup)
        .values("attach_profile", "category", "day")
        .annotate(**{status: Sum(status) for status in ROLLED_UP})
        .order_by()
    ):
        key = (row["attach_profile"], row["category"], row["day"])
        counts[key] = {status: row[status] for status in ROLLED_UP}
    for row in (
        live.with_current_status(now)
        .annotate(day=sent_day())
        .values("attach_profile", "creator__category", "day", "status_now")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (row["attach_profile"], row["creator__category"], row["day"])
        _add(counts.setdefault(key, {}), {row["status_now"]: row["n"]})
    return counts


def _weekly_hours(rollup: Q, live) -> dict[tuple[bool, date], list[int]]:
    """{(attached, Monday of the week sent): answers counted per whole hour they took}, from
    the rollup's rows and the live items."""
    hours: dict[tuple[bool, date], list[list[int]]] = {}
    for attached, day, counted in AnswerTimes.objects.filter(rollup).values_list(
        "attach_profile", "day", "hours"
    ):
        hours.setdefault((attached, monday(day)), []).append(counted)
    live_hours: dict[tuple[bool, date], list[int]] = {}
    for row in (
        answer_hours(live.annotate(day=sent_day()))
        .values("attach_profile", "day", "hour")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (row["attach_profile"], monday(row["day"]))
        add_hours(live_hours.setdefault(key, []), row["hour"], row["n"])
    for key, counted in live_hours.items():
        hours.setdefault(key, []).append(counted)
    return {key: _summed(lists) for key, lists in hours.items()}
