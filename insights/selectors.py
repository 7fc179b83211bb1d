"""How a partner's invitations and binding requests fare with and without the TikTok profile
attached: SQL aggregates, three queries per kind whatever the number of rows.

How we count (the page states the same):
- *Sent*: everything the partner sent, whatever became of it.
- *Closed*: accepted, declined or expired. An item still pending past its expiry counts as
  expired at once, in SQL (`ProposalQuerySet.with_current_status`), whether or not the expiry
  task has run.
- *Acceptance rate* = accepted ÷ closed; *decline rate* = declined ÷ closed. Items still
  awaiting an answer and items the partner cancelled are in *Sent* but not in the rates:
  they have no outcome, and counting them would make a busy week look like a bad one.
- *Median time to answer*: from sending to the creator's answer, over accepted and declined
  items; the mean of the two middle values when their number is even.
- Weeks start on Monday (UTC) and hold what was *sent* that week; a week with nothing closed
  has no rate: a gap in the line, a dash in the table, never a zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, F, Window
from django.db.models.functions import RowNumber, TruncWeek
from django.utils import timezone

from accounts.models import Partner
from creators.models import BindingRequest, Category, ExtensionRequest, Invitation, Proposal

from . import statistics

WEEKS = 12
# Every status, each an `Outcomes` field of the same name.
STATUSES = tuple(status.value for status in Proposal.Status)
# The creator's yes: the one place that names it (issue 18 renames it "I'm interested").
YES = Proposal.Status.ACCEPTED
ANSWERED = (YES, Proposal.Status.DECLINED)
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
    ("invitations", "Invitations", Invitation),
    ("binding_requests", "Binding requests", BindingRequest),
    ("extensions", "Extension requests", ExtensionRequest),
)


def partner_insights(
    *, partner: Partner, now: datetime | None = None, period: Period = ALL_TIME
) -> Insights:
    now = now or timezone.now()
    return Insights(
        kinds=[
            kind_insights(model, partner=partner, now=now, kind=kind, label=label, period=period)
            for kind, label, model in KINDS
        ]
    )


def week_starts(now: datetime, weeks: int = WEEKS) -> list[date]:
    """The Mondays (UTC) of the last `weeks` weeks, oldest first, this week last."""
    today = now.astimezone(UTC).date()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _tally(rows, key) -> dict:
    """{key(row): Outcomes} from rows counted by (…, current status): one count per status
    per group in SQL, pivoted here, which is cheaper than a filtered count per status."""
    counts: dict = {}
    for row in rows:
        counts.setdefault(key(row), {})[row["status_now"]] = row["n"]
    return {
        k: Outcomes(sent=sum(by_status.values()), **{s: by_status.get(s, 0) for s in STATUSES})
        for k, by_status in counts.items()
    }


def kind_insights(
    model,
    *,
    partner: Partner,
    now: datetime,
    kind: str,
    label: str,
    period: Period = ALL_TIME,
) -> KindInsights:
    scoped = period.scope(model.objects.filter(partner=partner), now)
    items = scoped.with_current_status(now)

    # Query 1: by category and attachment; the overall figures are its sums.
    by_key = _tally(
        items.values("attach_profile", "creator__category", "status_now")
        .annotate(n=Count("pk"))
        .order_by(),
        key=lambda row: (row["attach_profile"], row["creator__category"]),
    )
    present = {category for _attached, category in by_key}
    categories = [(c.value, c.label) for c in Category if c.value in present]
    by_category = {
        attached: [by_key.get((attached, c), Outcomes()) for c, _label in categories]
        for attached in (True, False)
    }
    overall = {
        attached: sum((o for (a, _c), o in by_key.items() if a == attached), Outcomes())
        for attached in (True, False)
    }

    # Query 2: the weeks of the period (all time: the last WEEKS), by the week each was sent.
    weeks = period.weeks(now)
    since = datetime.combine(weeks[0], datetime.min.time(), tzinfo=UTC)
    by_week = _tally(
        items.filter(created_at__gte=since)
        .annotate(week=TruncWeek("created_at", tzinfo=UTC))
        .values("attach_profile", "week", "status_now")
        .annotate(n=Count("pk"))
        .order_by(),
        key=lambda row: (row["attach_profile"], row["week"].astimezone(UTC).date()),
    )
    weekly = {
        attached: [by_week.get((attached, w), Outcomes()) for w in weeks]
        for attached in (True, False)
    }

    # Query 3: the median time to answer; query 4: its quartiles by week.
    spreads = weekly_answer_times(scoped.filter(created_at__gte=since))
    return KindInsights(
        kind=kind,
        label=label,
        overall=overall,
        median_to_answer=median_time_to_answer(scoped),
        weeks=weeks,
        weekly=weekly,
        categories=categories,
        by_category=by_category,
        answer_times={a: [spreads.get((a, w)) for w in weeks] for a in (True, False)},
    )


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the mean of the two middle values on a tie."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont: linear between the two nearest values."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _answered(items):
    return items.filter(status__in=ANSWERED, answered_at__isnull=False).annotate(
        took=F("answered_at") - F("created_at")
    )


def weekly_answer_times(items) -> dict[tuple[bool, date], Spread]:
    """{(attached, Monday of the week sent): Spread} over the answered `items`: one query."""
    answered = _answered(items).annotate(week=TruncWeek("created_at", tzinfo=UTC))
    if connection.vendor == "postgresql":
        rows = (
            answered.values("attach_profile", "week")
            .annotate(
                n=Count("pk"),
                q1=Percentile("took", fraction=0.25),
                q2=Percentile("took", fraction=0.5),
                q3=Percentile("took", fraction=0.75),
            )
            .order_by()
        )
        return {
            (r["attach_profile"], r["week"].astimezone(UTC).date()): Spread(
                r["n"], r["q1"], r["q2"], r["q3"]
            )
            for r in rows
        }
    # SQLite (`make run`) has no percentile: its few rows are read and ranked here, the same way.
    found: dict[tuple[bool, date], list[float]] = {}
    for attached, week, took in answered.values_list("attach_profile", "week", "took"):
        key = (attached, week.astimezone(UTC).date())
        found.setdefault(key, []).append(_as_timedelta(took).total_seconds())
    return {
        key: Spread(len(v), *(timedelta(seconds=q) for q in statistics.quartiles(v)))
        for key, v in found.items()
    }


def median_time_to_answer(items) -> dict[bool, timedelta | None]:
    """Median of answered_at - created_at over the answered `items`, with and without the
    profile."""
    answered = _answered(items)
    medians: dict[bool, timedelta | None] = {True: None, False: None}
    if connection.vendor == "postgresql":
        rows = answered.values("attach_profile").annotate(median=Median("took")).order_by()
        medians |= {row["attach_profile"]: row["median"] for row in rows}
        return medians
    # Elsewhere (SQLite has no percentile): number the answer times in order within each
    # group, keep the middle row (odd count) or two (even count), and average those here.
    partition = [F("attach_profile")]
    middle = (
        answered.annotate(
            position=Window(RowNumber(), partition_by=partition, order_by=[F("took").asc()]),
            group_size=Window(Count("pk"), partition_by=partition),
        )
        .filter(position__gte=(F("group_size") + 1) / 2, position__lte=(F("group_size") + 2) / 2)
        .values_list("attach_profile", "took")
    )
    found: dict[bool, list[timedelta]] = {True: [], False: []}
    for attached, took in middle:
        found[attached].append(_as_timedelta(took))
    medians |= {a: sum(v, timedelta()) / len(v) for a, v in found.items() if v}
    return medians


def _as_timedelta(value) -> timedelta:
    """Date arithmetic comes back as a timedelta, or as microseconds on SQLite."""
    if isinstance(value, timedelta):
        return value
    return timedelta(microseconds=int(value))
