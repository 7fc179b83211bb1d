"""What the Insights page and its CSV show, built from the figures in `selectors`.

The tables and the CSV come from the same `Table` rows and the same cell formatting, so the
download always says what the page says.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from creators.models import Proposal

from . import charts
from .selectors import MIN_CLOSED, Insights, KindInsights, Outcomes, Spread

PROFILE = {True: "With profile", False: "Without profile"}

# `Outcomes` attributes and their headings; the keys are also the CSV's column names.
FIGURES = [
    ("sent", "Sent"),
    (Proposal.Status.PENDING.value, "Awaiting answer"),
    (Proposal.Status.CANCELLED.value, Proposal.Status.CANCELLED.label),
    ("closed", "Closed"),
    (Proposal.Status.ACCEPTED.value, Proposal.Status.ACCEPTED.label),
    (Proposal.Status.DECLINED.value, Proposal.Status.DECLINED.label),
    (Proposal.Status.EXPIRED.value, Proposal.Status.EXPIRED.label),
    ("acceptance_rate", "Acceptance rate (%)"),
    ("acceptance_low", "95 % interval from (%)"),
    ("acceptance_high", "95 % interval to (%)"),
    ("decline_rate", "Decline rate (%)"),
]
PERCENT = ("acceptance_", "decline_")  # figures in percent, and None when nothing is closed
MEDIAN = ("median_hours", "Median time to answer (hours)")
ANSWER_TIMES = [
    ("answered", "Answered"),
    ("q1_hours", "First quartile (hours)"),
    MEDIAN,
    ("q3_hours", "Third quartile (hours)"),
]
CSV_HEADER = [
    "table",
    "kind",
    "group",
    "profile",
    *(key for key, _ in FIGURES),
    MEDIAN[0],
    "answered",
    "q1_hours",
    "q3_hours",
]


@dataclass(frozen=True)
class Row:
    kind: str
    group: str
    profile: str
    cells: list[str]


@dataclass(frozen=True)
class Table:
    key: str
    caption: str
    group_heading: str
    columns: list[tuple[str, str]]
    rows: list[Row]


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def figure_cells(outcomes: Outcomes) -> list[str]:
    cells = []
    for key, _heading in FIGURES:
        value = getattr(outcomes, key)
        cells.append(_rate(value) if key.startswith(PERCENT) else str(value))
    return cells


def hours(duration: timedelta | None) -> str:
    return "" if duration is None else f"{duration.total_seconds() / 3600:.1f}"


def humanize_duration(duration: timedelta | None) -> str:
    if duration is None:
        return "no answers yet"
    minutes = duration.total_seconds() / 60
    if minutes < 60:
        # Answer times are counted to the nearest hour: below one, only "under an hour" is sure.
        return "under an hour"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} hours"
    return f"{minutes / (24 * 60):.1f} days"


def rate_interval(outcomes: Outcomes) -> str:
    """The acceptance rate's 95 % Wilson interval; "" with nothing closed."""
    found = outcomes.acceptance
    if found is None:
        return ""
    return f"{found.low * 100:.1f}\N{EN DASH}{found.high * 100:.1f} %"


def section(k: KindInsights) -> dict:
    """One kind's part of the page: its headline, comparison, charts and tables."""
    return {
        "kind": k,
        "headline": headline(k),
        "compare": comparison(k),
        "weekly_chart": weekly_chart(k) if k.has_closed_in_weeks else None,
        "weekly_table": weekly_table(k),
        "category_chart": category_chart(k) if k.has_closed else None,
        "category_table": category_table(k),
        "answer_time_chart": answer_time_chart(k) if k.has_answers_in_weeks else None,
        "answer_times_table": answer_times_table(k),
    }


def comparison(k: KindInsights) -> list[dict]:
    """The headline figures side by side: with the profile, then without."""
    return [
        {
            "profile": PROFILE[attached],
            "style": "with" if attached else "without",
            "outcomes": k.overall[attached],
            "median": humanize_duration(k.median_to_answer[attached]),
            "interval": rate_interval(k.overall[attached]),
        }
        for attached in (True, False)
    ]


def summary_table(insights: Insights) -> Table:
    rows = [
        Row(
            kind=k.label,
            group=k.label,
            profile=PROFILE[attached],
            cells=[*figure_cells(k.overall[attached]), hours(k.median_to_answer[attached])],
        )
        for k in insights.kinds
        for attached in (True, False)
    ]
    return Table("summary", "By kind, over the period chosen", "Kind", [*FIGURES, MEDIAN], rows)


def weekly_table(k: KindInsights) -> Table:
    rows = [
        Row(k.label, week.isoformat(), PROFILE[attached], figure_cells(k.weekly[attached][i]))
        for i, week in enumerate(k.weeks)
        for attached in (True, False)
    ]
    caption = f"{k.label} by the week they were sent"
    return Table(f"weekly_{k.kind}", caption, "Week starting", FIGURES, rows)


def category_table(k: KindInsights) -> Table:
    rows = [
        Row(k.label, label, PROFILE[attached], figure_cells(k.by_category[attached][i]))
        for i, (_value, label) in enumerate(k.categories)
        for attached in (True, False)
    ]
    caption = f"{k.label} by creator category"
    return Table(f"category_{k.kind}", caption, "Category", FIGURES, rows)


def spread_cells(spread: Spread | None) -> list[str]:
    if spread is None:
        return ["0", "", "", ""]
    return [
        str(spread.answered),
        hours(spread.first_quartile),
        hours(spread.median),
        hours(spread.third_quartile),
    ]


def answer_times_table(k: KindInsights) -> Table:
    rows = [
        Row(k.label, week.isoformat(), PROFILE[attached], spread_cells(k.answer_times[attached][i]))
        for i, week in enumerate(k.weeks)
        for attached in (True, False)
    ]
    caption = f"{k.label}: time to answer by the week they were sent"
    return Table(f"answer_times_{k.kind}", caption, "Week starting", ANSWER_TIMES, rows)


def tables(insights: Insights) -> list[Table]:
    out = [summary_table(insights)]
    for k in insights.kinds:
        out += [weekly_table(k), category_table(k), answer_times_table(k)]
    return out


def _hours(value: float) -> str:
    return f"{value:.3g} h"


def answer_time_chart(k: KindInsights):
    """Median hours to answer by week sent, with whiskers from the first to the third
    quartile; weeks on fewer than MIN_CLOSED answers hollow and off the line."""
    labels = [f"{w.day} {w:%b}" for w in k.weeks]
    as_hours = lambda d: d.total_seconds() / 3600  # noqa: E731
    series, tops = [], [0.0]
    for attached in (True, False):
        spreads = k.answer_times[attached]
        series.append(
            charts.Series(
                name=PROFILE[attached],
                values=[None if s is None else as_hours(s.median) for s in spreads],
                style="with" if attached else "without",
                sizes=[0 if s is None else s.answered for s in spreads],
                spans=[
                    None if s is None else (as_hours(s.first_quartile), as_hours(s.third_quartile))
                    for s in spreads
                ],
                faint=[s is None or s.too_few for s in spreads],
            )
        )
        tops += [as_hours(s.third_quartile) for s in spreads if s is not None]

    def point_title(s: charts.Series, i: int) -> str:
        spread = k.answer_times[s.style == "with"][i]
        few = f"; fewer than {MIN_CLOSED}: too few to tell" if spread.too_few else ""
        return (
            f"{s.name}, {labels[i]}: median {humanize_duration(spread.median)}, half answered "
            f"between {humanize_duration(spread.first_quartile)} and "
            f"{humanize_duration(spread.third_quartile)} ({spread.answered} answers{few})"
        )

    medians = "; ".join(
        f"{PROFILE[a].lower()}: median {humanize_duration(k.median_to_answer[a])} overall"
        for a in (True, False)
    )
    desc = (
        f"Chart of how long creators took to answer {k.label.lower()}, by the week they were "
        f"sent: a point at the median, a whisker from the first to the third quartile (the "
        f"middle half of the answers), with and without the TikTok profile. {medians}. "
        + FEW.replace("closed items", "answers")
        + " Under each week, its number of answers. The same figures are in the table below."
    )
    return charts.line_chart(
        chart_id=f"answer-times-{k.kind}",
        title=f"{k.label}: time to answer by week",
        desc=desc,
        x_labels=labels,
        series=series,
        y_max=charts.nice_max(max(tops)),
        y_format=_hours,
        point_title=point_title,
    )


def csv_text(insights: Insights) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for table in tables(insights):
        keys = [key for key, _heading in table.columns]
        for row in table.rows:
            by_key = dict(zip(keys, row.cells, strict=True))
            figures = [by_key.get(key, "") for key in CSV_HEADER[4:]]
            writer.writerow([table.key, row.kind, row.group, row.profile, *figures])
    return buffer.getvalue()


def _series(by_attached: dict[bool, list[Outcomes]]) -> list[charts.Series]:
    """Acceptance rates with their sample sizes (closed items), their Wilson intervals, and
    those on fewer than MIN_CLOSED marked faint."""
    return [
        charts.Series(
            name=PROFILE[attached],
            values=[o.acceptance_rate for o in by_attached[attached]],
            style="with" if attached else "without",
            sizes=[o.closed for o in by_attached[attached]],
            spans=[
                None if o.acceptance_low is None else (o.acceptance_low, o.acceptance_high)
                for o in by_attached[attached]
            ],
            faint=[o.too_few for o in by_attached[attached]],
        )
        for attached in (True, False)
    ]


def _rate_title(labels: list[str], by_attached: dict[bool, list[Outcomes]]):
    """The tooltip of one point: its rate, what it is based on and its interval."""

    def title(series: charts.Series, i: int) -> str:
        o = by_attached[series.style == "with"][i]
        few = f"; fewer than {MIN_CLOSED}: too few to tell" if o.too_few else ""
        return (
            f"{series.name}, {labels[i]}: {o.acceptance_rate:.0f}% ({o.yes} of {o.closed} "
            f"closed; 95 % interval {rate_interval(o)}{few})"
        )

    return title


def _latest(series: charts.Series, labels: list[str]) -> str:
    found = [(label, v) for label, v in zip(labels, series.values, strict=True) if v is not None]
    if not found:
        return f"{series.name.lower()}: no closed items"
    label, value = found[-1]
    return f"{series.name.lower()}: {value:.0f}% (week of {label})"


FEW = (
    f"Weeks and categories with fewer than {MIN_CLOSED} closed items are hollow grey marks, "
    "off the line: too few answers to tell."
)


def weekly_chart(k: KindInsights):
    labels = [f"{w.day} {w:%b}" for w in k.weeks]
    series = _series(k.weekly)
    desc = (
        f"Line chart of the acceptance rate of {k.label.lower()} per week sent, over the "
        f"last {len(k.weeks)} weeks, with and without the TikTok profile attached. Latest: "
        + "; ".join(_latest(s, labels) for s in series)
        + ". Weeks with nothing closed are gaps. "
        + FEW
        + " Under each week, its number of closed items; vertical whiskers are 95 % intervals. "
        "The same figures are in the table below."
    )
    return charts.line_chart(
        chart_id=f"weekly-{k.kind}",
        title=f"{k.label}: acceptance rate by week",
        desc=desc,
        x_labels=labels,
        series=series,
        point_title=_rate_title(labels, k.weekly),
    )


def category_chart(k: KindInsights):
    labels = [label for _value, label in k.categories]
    series = _series(k.by_category)
    parts = []
    for i, label in enumerate(labels):
        figures = ", ".join(
            f"{s.name.lower()} "
            + ("no data" if s.values[i] is None else f"{s.values[i]:.0f}% of {s.sizes[i]}")
            for s in series
        )
        parts.append(f"{label}: {figures}")
    desc = (
        f"Bar chart of the acceptance rate of {k.label.lower()} by creator category, with "
        f"and without the TikTok profile attached. " + "; ".join(parts) + ". " + FEW
    )
    return charts.bar_chart(
        chart_id=f"category-{k.kind}",
        title=f"{k.label}: acceptance rate by creator category",
        desc=desc,
        groups=labels,
        series=series,
    )


METHOD = (
    "Each rate's 95 % interval is a Wilson score interval; the interval for the difference "
    "between with and without the profile is Newcombe's hybrid score interval, built from the "
    "two. Both stay meaningful on a handful of answers and at 0 % or 100 %."
)


def _points(value: float) -> str:
    """A difference in percentage points, signed: "+12.5", and a true minus sign below zero."""
    return f"{value * 100:+.1f}".replace("-", "\N{MINUS SIGN}")


@dataclass(frozen=True)
class Headline:
    """The answer first: what attaching the profile did for one kind, and how sure we are."""

    kind: str
    verdict: str
    sentence: str
    tone: str  # "helps", "hurts", "unsure" or "empty": a class and a word, never colour alone


def headline(k: KindInsights) -> Headline:
    with_, without = k.overall[True].closed, k.overall[False].closed
    noun = k.label.lower()
    effect = k.effect
    if effect is None:
        missing = {(True, True): "with or without", (True, False): "with"}.get(
            (not with_, not without), "without"
        )
        return Headline(
            k.label,
            "Nothing to compare yet",
            f"None of your {noun} sent {missing} the profile has been answered or has expired "
            "yet: there is no difference to measure.",
            "empty",
        )
    size = abs(effect.estimate * 100)
    direction = "more" if effect.estimate >= 0 else "fewer"
    sentence = (
        f"With the profile attached, {size:.1f} percentage points {direction} creators said yes "
        f"(95 % interval {_points(effect.low)} to {_points(effect.high)} points; "
        f"based on {with_} {noun} closed with it and {without} without)."
    )
    if effect.includes_zero:
        return Headline(k.label, "Not enough answers yet to tell", sentence, "unsure")
    if effect.estimate > 0:
        return Headline(k.label, "Attaching the profile helps", sentence, "helps")
    return Headline(k.label, "Creators said yes less often with the profile", sentence, "hurts")
