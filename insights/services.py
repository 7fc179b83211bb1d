"""The insights app's one write: rolling final days, and the weeks they complete, up into
OutcomeCounts and AnswerTimes (what a final day is: insights/models.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from creators import invitation_rules, partnership_rules

from .models import AnswerTimes, Kind, OutcomeCounts, RollupProgress, Span
from .selectors import KINDS, ROLLED_UP, add_hours, answer_hours, monday, sent_day

# The longest any item waits for its answer: after it, an item is answered, cancelled or expired.
LONGEST_WAIT = max(
    timedelta(days=invitation_rules.INVITATION_DAYS), partnership_rules.ANSWER_WINDOW
)
# Days rolled up per transaction: a first run over years of items goes a month at a time.
DAYS_PER_PASS = 31
COUNTS_KEY = ["partner", "kind", "days", "day", "market", "category", "attach_profile"]
TIMES_KEY = ["partner", "kind", "days", "day", "market", "attach_profile"]


def last_final_day(model, now: datetime) -> date:
    """The last UTC day on which nothing sent, then or before, can still change: every item sent
    by its end has been answered, cancelled or has expired."""
    last = (now - LONGEST_WAIT).astimezone(UTC).date() - timedelta(days=1)
    first_open = model.objects.open(now).aggregate(first=Min("created_at"))["first"]
    if first_open is not None:
        last = min(last, first_open.astimezone(UTC).date() - timedelta(days=1))
    return last


def days_roll_up(*, now: datetime | None = None, days_per_pass: int = DAYS_PER_PASS) -> int:
    """Roll up every final day after each kind's progress, for every partner; returns how many
    days (per kind) it rolled up. Safe to run twice, or two at once: each pass locks its kind's
    progress, and a day rolled up again is written with the same counts."""
    now = now or timezone.now()
    rolled = 0
    for kind, model in KINDS:
        last_final = last_final_day(model, now)
        while True:
            with transaction.atomic():
                progress = _locked_progress(kind, model)
                if progress is None or progress.through >= last_final:
                    break
                first = progress.through + timedelta(days=1)
                last = min(first + timedelta(days=days_per_pass - 1), last_final)
                _roll_up(model, kind=kind, first=first, last=last, now=now)
                _weeks_roll_up(kind=kind, first=first, last=last)
                progress.through = last
                progress.save(update_fields=["through"])
                rolled += (last - first).days + 1
    return rolled


def rollup_restart() -> None:
    """Forget the rollup, for a writer of items sent in the past (seed_demo), which
    could land in days already rolled up: the page reads every day live until the task has
    rolled them up again."""
    with transaction.atomic():
        RollupProgress.objects.all().delete()
        OutcomeCounts.objects.all().delete()
        AnswerTimes.objects.all().delete()


def _locked_progress(kind: Kind, model) -> RollupProgress | None:
    """The kind's progress, locked; it starts the day before its first item. None while there
    is no item of that kind at all."""
    if not RollupProgress.objects.filter(kind=kind).exists():
        first = model.objects.aggregate(first=Min("created_at"))["first"]
        if first is None:
            return None
        RollupProgress.objects.get_or_create(
            kind=kind, defaults={"through": first.astimezone(UTC).date() - timedelta(days=1)}
        )
    return RollupProgress.objects.select_for_update().get(kind=kind)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def _roll_up(model, *, kind: Kind, first: date, last: date, now: datetime) -> None:
    items = model.objects.filter(
        created_at__gte=_midnight(first), created_at__lt=_midnight(last + timedelta(days=1))
    ).annotate(day=sent_day())
    outcomes: dict[tuple, OutcomeCounts] = {}
    for row in (
        items.with_current_status(now)
        .values(
            "partner", "day", "creator__market", "creator__category", "attach_profile", "status_now"
        )
        .annotate(n=Count("pk"))
        .values_list(
            "partner",
            "day",
            "creator__market",
            "creator__category",
            "attach_profile",
            "status_now",
            "n",
        )
        .order_by()
    ):
        *key, status, n = row
        if status not in ROLLED_UP:
            raise RuntimeError(f"{kind} sent on {key[1]} is still open: not a final day")
        partner_id, day, market, category, attached = key
        outcome = outcomes.setdefault(
            tuple(key),
            OutcomeCounts(
                partner_id=partner_id,
                kind=kind,
                day=day,
                market=market,
                category=category,
                attach_profile=attached,
            ),
        )
        setattr(outcome, status, getattr(outcome, status) + n)
    OutcomeCounts.objects.bulk_create(
        outcomes.values(),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=COUNTS_KEY,
        update_fields=list(ROLLED_UP),
    )

    times: dict[tuple, AnswerTimes] = {}
    for partner_id, day, market, attached, hour, n in (
        answer_hours(items)
        .values("partner", "day", "creator__market", "attach_profile", "hour")
        .annotate(n=Count("pk"))
        .values_list("partner", "day", "creator__market", "attach_profile", "hour", "n")
        .order_by()
    ):
        found = times.setdefault(
            (partner_id, day, market, attached),
            AnswerTimes(
                partner_id=partner_id, kind=kind, day=day, market=market, attach_profile=attached
            ),
        )
        add_hours(found.hours, hour, n)
    AnswerTimes.objects.bulk_create(
        times.values(),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=TIMES_KEY,
        update_fields=["hours"],
    )


def _weeks_roll_up(*, kind: Kind, first: date, last: date) -> None:
    """Sum the days of every week whose Sunday is in [first, last] into that week's rows."""
    start = monday(first)
    end = monday(last + timedelta(days=1)) - timedelta(days=1)  # the last Sunday ≤ last
    if end < start:
        return
    days = {"kind": kind, "days": Span.DAY, "day__gte": start, "day__lte": end}

    counts: dict[tuple, OutcomeCounts] = {}
    for day in OutcomeCounts.objects.filter(**days):
        week = counts.setdefault(
            (day.partner_id, monday(day.day), day.market, day.category, day.attach_profile),
            OutcomeCounts(
                partner_id=day.partner_id,
                kind=kind,
                days=Span.WEEK,
                day=monday(day.day),
                market=day.market,
                category=day.category,
                attach_profile=day.attach_profile,
            ),
        )
        for status in ROLLED_UP:
            setattr(week, status, getattr(week, status) + getattr(day, status))
    OutcomeCounts.objects.bulk_create(
        counts.values(),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=COUNTS_KEY,
        update_fields=list(ROLLED_UP),
    )

    times: dict[tuple, AnswerTimes] = {}
    for day in AnswerTimes.objects.filter(**days):
        week = times.setdefault(
            (day.partner_id, monday(day.day), day.market, day.attach_profile),
            AnswerTimes(
                partner_id=day.partner_id,
                kind=kind,
                days=Span.WEEK,
                day=monday(day.day),
                market=day.market,
                attach_profile=day.attach_profile,
            ),
        )
        for hour, n in enumerate(day.hours):
            if n:
                add_hours(week.hours, hour, n)
    AnswerTimes.objects.bulk_create(
        times.values(),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=TIMES_KEY,
        update_fields=["hours"],
    )
