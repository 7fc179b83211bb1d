"""Server-rendered SVG charts: series in, markup out. No chart library, no inline styles.

This module only does geometry: it turns values into coordinates and text, and the
autoescaped templates in templates/insights/charts/ write the markup, so a label can never
break out of its element.

Colour comes from CSS classes in static/css/insights.css; everything that tells the marks
apart without colour is in the markup itself: dash patterns and marker shapes on lines, hatch
patterns on bars, a legend drawing the same marks, a direct label on each line's last point and
at the end of each bar, a row of sample sizes under the x axis, and *hollow, greyed* marks for
points based on too few answers (they stay off the line, so 0 % or 100 % of two answers does
not pull it about). Each chart is `role="img"` with a `<title>` and a `<desc>`; the page puts
the same figures in a table under it.

`None` means "no data" and draws nothing (a gap in a line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Series:
    """One line, or one bar per group. `style` picks the marks: "with" or "without".

    `sizes` are each value's sample size, `spans` its interval (low, high) drawn as a whisker,
    `faint` marks the values based on too few answers; each is optional, one item per value."""

    name: str
    values: Sequence[float | None]
    style: str
    sizes: Sequence[int] = ()
    spans: Sequence[tuple[float, float] | None] = ()
    faint: Sequence[bool] = ()

    def size(self, i: int) -> int | None:
        return self.sizes[i] if self.sizes else None

    def span(self, i: int) -> tuple[float, float] | None:
        return self.spans[i] if self.spans else None

    def is_faint(self, i: int) -> bool:
        return bool(self.faint) and self.faint[i]


@dataclass(frozen=True)
class Box:
    """The plot area inside the SVG, in SVG units."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


Y_TICKS = (0, 25, 50, 75, 100)
LEGEND_HEIGHT = 28
LABEL_GAP = 13  # minimum vertical distance between two direct labels
SIZE_ROW = 16  # height of one row of sample sizes under a line chart
DASHES = {"with": "", "without": "7 5"}
# Points of the two series sit a little apart, so that their whiskers do not hide each other.
NUDGE = {"with": -3.0, "without": 3.0}


def _n(value: float) -> str:
    """A coordinate, short and stable: 12.0 → "12", 12.345 → "12.35"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def x_positions(count: int, box: Box) -> list[float]:
    """Evenly spaced x positions across the box; a single point sits in the middle."""
    if count == 1:
        return [box.left + box.width / 2]
    step = box.width / (count - 1)
    return [box.left + i * step for i in range(count)]


def y_position(value: float, box: Box, y_max: float = 100) -> float:
    return box.bottom - box.height * min(max(value, 0), y_max) / y_max


def line_path(points: Sequence[tuple[float, float] | None]) -> str:
    """An SVG path through the points; `None` breaks the line (a gap, not a zero)."""
    parts = []
    pen_down = False
    for point in points:
        if point is None:
            pen_down = False
            continue
        x, y = point
        parts.append(f"{'L' if pen_down else 'M'}{_n(x)} {_n(y)}")
        pen_down = True
    return " ".join(parts)


def spread_labels(ys: list[float], gap: float = LABEL_GAP) -> list[float]:
    """Move direct labels apart vertically so that none overlap, keeping their order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    previous = None
    for i in order:
        if previous is not None and placed[i] - previous < gap:
            placed[i] = previous + gap
        previous = placed[i]
    return placed


def nice_max(value: float) -> float:
    """A round top for an axis at or above `value`: 1, 2, 2.5, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1
    power = 1.0
    while power * 10 < value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop above always returns


# What the templates draw -------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str
    anchor: str = "start"
    css: str = ""


@dataclass(frozen=True)
class Marker:
    """One point: a circle ("with") or a square ("without"), hollow when `faint`."""

    x: str
    y: str
    square_x: str
    square_y: str
    faint: bool
    title: str
    whisker: tuple[str, str] | None  # (y of the high end, y of the low end)


@dataclass(frozen=True)
class DrawnSeries:
    name: str
    style: str
    dash: str
    path: str = ""
    markers: list[Marker] = field(default_factory=list)
    bars: list = field(default_factory=list)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    legend: list
    grid: list  # (x1, y1, x2, y2) strings
    ticks: list[Text]
    series: list[DrawnSeries]
    labels: list[Text]
    axis: tuple[str, str, str, str]
    sizes: list[Text] = field(default_factory=list)
    has_faint: bool = False


def _legend(series: Sequence[Series]) -> list[dict]:
    """One entry per series, then "too few answers" when a series has a faint value."""
    out = []
    x = 48.0
    faint = any(s.is_faint(i) and v is not None for s in series for i, v in enumerate(s.values))
    entries = [*series, Series("too few answers", (), "faint")] if faint else series
    for s in entries:
        out.append(
            {
                "name": s.name,
                "style": s.style,
                "dash": DASHES.get(s.style, ""),
                "x": _n(x),
                "x_end": _n(x + 28),
                "mark_x": _n(x + 14),
                "square_x": _n(x + 14 - 3.5),
                "text_x": _n(x + 36),
            }
        )
        x += 36 + 8 * len(s.name) + 24
    return out


def line_box(width: int, height: int, size_rows: int = 0) -> Box:
    """The plot area of a line chart: room for the legend above, tick labels left and below
    (and `size_rows` rows of sample sizes under them), and the direct labels on the right."""
    return Box(
        left=48,
        top=LEGEND_HEIGHT + 12,
        width=width - 48 - 160,
        height=height - 80 - SIZE_ROW * size_rows,
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    width: int = 720,
    height: int | None = None,
    y_max: float = 100,
    y_format: Callable[[float], str] = _pct,
    point_title: Callable[[Series, int], str] | None = None,
) -> SafeString:
    """Lines over `x_labels`, each series drawn with its own dash and marker; with `sizes`, a
    row of sample sizes per series under the axis; faint points hollow and off the line."""
    size_rows = [s for s in series if s.sizes]
    height = height or 300 + SIZE_ROW * len(size_rows)
    box = line_box(width, height, len(size_rows))
    xs = x_positions(len(x_labels), box)
    ticks = [y_max * i / 4 for i in range(5)]
    grid, tick_texts = [], []
    for tick in ticks:
        y = y_position(tick, box, y_max)
        grid.append((_n(box.left), _n(y), _n(box.right), _n(y)))
        tick_texts.append(Text(_n(box.left - 8), _n(y + 4), y_format(tick), "end", "tick"))
    for x, label in zip(xs, x_labels, strict=True):
        tick_texts.append(Text(_n(x), _n(box.bottom + 18), label, "middle", "tick"))

    sizes = []
    for row, s in enumerate(size_rows):
        y = _n(box.bottom + 18 + SIZE_ROW * (row + 1))
        # Labelled on the right, where the direct labels are: the left margin is too narrow.
        sizes.append(Text(_n(box.right + 10), y, f"n {s.name.lower()}", "start", "size-label"))
        for i, x in enumerate(xs):
            faint = " faint" if s.is_faint(i) else ""
            sizes.append(Text(_n(x), y, str(s.size(i)), "middle", f"size{faint}"))

    drawn, ends = [], []
    for s in series:
        nudge = NUDGE.get(s.style, 0) if any(x.spans for x in series) else 0
        points, markers = [], []
        for i, (x, v) in enumerate(zip(xs, s.values, strict=True)):
            if v is None:
                points.append(None)
                continue
            x, y = x + nudge, y_position(v, box, y_max)
            faint = s.is_faint(i)
            points.append(None if faint else (x, y))
            span = s.span(i)
            whisker = None
            if span is not None:
                whisker = (_n(y_position(span[1], box, y_max)), _n(y_position(span[0], box, y_max)))
            markers.append(
                Marker(
                    x=_n(x),
                    y=_n(y),
                    square_x=_n(x - 3.5),
                    square_y=_n(y - 3.5),
                    faint=faint,
                    title=point_title(s, i) if point_title else f"{s.name}: {y_format(v)}",
                    whisker=whisker,
                )
            )
        drawn.append(
            DrawnSeries(s.name, s.style, DASHES.get(s.style, ""), line_path(points), markers)
        )
        solid = [(p, v) for p, v in zip(points, s.values, strict=True) if p is not None]
        if solid:
            ends.append((s, *solid[-1]))
    label_ys = spread_labels([y for _s, (_x, y), _v in ends])
    labels = [
        Text(_n(x + 10), _n(label_y + 4), f"{s.name}: {y_format(value)}", css=f"label-{s.style}")
        for (s, (x, _y), value), label_y in zip(ends, label_ys, strict=True)
    ]
    chart = Chart(
        id=chart_id,
        title=title,
        desc=desc,
        width=width,
        height=height,
        legend=_legend(series),
        grid=grid,
        ticks=tick_texts,
        series=drawn,
        labels=labels,
        axis=(_n(box.left), _n(box.bottom), _n(box.right), _n(box.bottom)),
        sizes=sizes,
        has_faint=any(m.faint for d in drawn for m in d.markers),
    )
    return render_to_string("insights/charts/line.html", {"chart": chart})


def bar_x_end(value: float, box: Box, x_max: float = 100) -> float:
    return box.left + box.width * min(max(value, 0), x_max) / x_max


def bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    groups: Sequence[str],
    series: Sequence[Series],
    width: int = 720,
    bar_height: int = 14,
) -> SafeString:
    """Horizontal grouped bars: one group per label, one bar per series, each series filled
    with its own pattern and labelled with its value (or "no data") at the bar's end, and its
    sample size when known; a faint bar is an empty grey outline."""
    group_gap = 12
    group_height = bar_height * len(series) + group_gap
    plot_height = max(group_height * len(groups), group_height)
    box = Box(left=180, top=LEGEND_HEIGHT + 12, width=width - 180 - 110, height=plot_height)
    height = int(box.bottom + 30)
    grid, ticks = [], []
    for tick in Y_TICKS:
        x = bar_x_end(tick, box)
        grid.append((_n(x), _n(box.top), _n(x), _n(box.bottom)))
        ticks.append(Text(_n(x), _n(box.bottom + 18), _pct(tick), "middle", "tick"))
    labels, drawn = [], {s.style: DrawnSeries(s.name, s.style, "") for s in series}
    for g, label in enumerate(groups):
        top = box.top + g * group_height + group_gap / 2
        labels.append(
            Text(
                _n(box.left - 8),
                _n(top + bar_height * len(series) / 2 + 4),
                label,
                "end",
                "group-label",
            )
        )
        for i, s in enumerate(series):
            y = top + i * bar_height
            value, size = s.values[g], s.size(g)
            of = "" if size is None else f" of {size}"
            if value is None:
                text = Text(_n(box.left + 4), _n(y + bar_height - 3), "no data", css="no-data")
                drawn[s.style].bars.append({"text": text})
                continue
            end = bar_x_end(value, box)
            faint = s.is_faint(g)
            drawn[s.style].bars.append(
                {
                    "x": _n(box.left),
                    "y": _n(y + 1),
                    "width": _n(end - box.left),
                    "height": bar_height - 2,
                    "faint": faint,
                    "text": Text(
                        _n(end + 5),
                        _n(y + bar_height - 3),
                        f"{_pct(value)}{of}" + (" (too few)" if faint else ""),
                        css="faint" if faint else "",
                    ),
                }
            )
    chart = Chart(
        id=chart_id,
        title=title,
        desc=desc,
        width=width,
        height=height,
        legend=_legend(series),
        grid=grid,
        ticks=ticks,
        series=list(drawn.values()),
        labels=labels,
        axis=(_n(box.left), _n(box.top), _n(box.left), _n(box.bottom)),
        has_faint=any(b.get("faint") for d in drawn.values() for b in d.bars),
    )
    return render_to_string("insights/charts/bar.html", {"chart": chart})
