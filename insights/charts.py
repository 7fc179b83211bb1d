"""Server-rendered SVG charts: series in, markup out. No chart library, no inline styles.

Colour comes from CSS classes in static/css/insights.css; everything that tells the series
apart without colour is in the markup itself: dash patterns and marker shapes on lines,
hatch patterns on bars, a legend drawing the same marks, and a direct label on each line's
last point and at the end of each bar. Each chart is `role="img"` with a `<title>` and a
`<desc>`; the page puts the same figures in a table under it.

Values are percentages (0 to 100); `None` means "no data" and draws nothing (a gap in a line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Series:
    """One line or one bar per group. `style` picks the marks: "with" or "without"."""

    name: str
    values: Sequence[float | None]
    style: str


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


def _svg_open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def _marker(style: str, x: float, y: float) -> str:
    """Circles for "with", squares for "without": a second cue beside the dash pattern."""
    if style == "with":
        return f'<circle class="marker marker-with" cx="{_n(x)}" cy="{_n(y)}" r="4"/>'
    return (
        f'<rect class="marker marker-{escape(style)}" x="{_n(x - 3.5)}" y="{_n(y - 3.5)}" '
        f'width="7" height="7"/>'
    )


DASHES = {"with": None, "without": "7 5"}


def _dash(style: str) -> str:
    dash = DASHES.get(style)
    return f' stroke-dasharray="{dash}"' if dash else ""


def _y_axis(box: Box, tick_class: str = "tick") -> list[str]:
    out = ['<g class="axis axis-y">']
    for tick in Y_TICKS:
        y = y_position(tick, box)
        out.append(
            f'<line class="grid" x1="{_n(box.left)}" y1="{_n(y)}" x2="{_n(box.right)}" '
            f'y2="{_n(y)}"/>'
        )
        out.append(
            f'<text class="{tick_class}" x="{_n(box.left - 8)}" y="{_n(y + 4)}" '
            f'text-anchor="end">{_pct(tick)}</text>'
        )
    out.append("</g>")
    return out


def line_box(width: int, height: int) -> Box:
    """The plot area of a line chart: room for the legend above, tick labels left and below,
    and the direct labels on the right."""
    return Box(left=48, top=LEGEND_HEIGHT + 12, width=width - 48 - 160, height=height - 80)


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Lines of percentages over `x_labels`, each series drawn with its own dash and marker."""
    box = line_box(width, height)
    xs = x_positions(len(x_labels), box)
    out = _svg_open(chart_id, title, desc, width, height)
    out += _legend(series, kind="line", chart_id=chart_id)
    out += _y_axis(box)
    out.append('<g class="axis axis-x">')
    out.append(
        f'<line class="axis-line" x1="{_n(box.left)}" y1="{_n(box.bottom)}" '
        f'x2="{_n(box.right)}" y2="{_n(box.bottom)}"/>'
    )
    for x, label in zip(xs, x_labels, strict=True):
        out.append(
            f'<text class="tick" x="{_n(x)}" y="{_n(box.bottom + 18)}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    out.append("</g>")

    ends = []
    for s in series:
        points = [
            None if v is None else (x, y_position(v, box))
            for x, v in zip(xs, s.values, strict=True)
        ]
        out.append(f'<g class="series series-{escape(s.style)}">')
        path = line_path(points)
        if path:
            out.append(f'<path class="line" d="{path}" fill="none"{_dash(s.style)}/>')
        out += [_marker(s.style, x, y) for x, y in filter(None, points)]
        out.append("</g>")
        drawn = [(p, v) for p, v in zip(points, s.values, strict=True) if p is not None]
        if drawn:
            ends.append((s, *drawn[-1]))
    label_ys = spread_labels([y for _s, (_x, y), _v in ends])
    for (s, (x, _y), value), label_y in zip(ends, label_ys, strict=True):
        out.append(
            f'<text class="direct-label label-{escape(s.style)}" x="{_n(x + 10)}" '
            f'y="{_n(label_y + 4)}">{escape(s.name)}: {_pct(value)}</text>'
        )
    out.append("</svg>")
    return mark_safe("\n".join(out))  # every piece of text above is escaped


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
    with its own pattern and labelled with its value (or "no data") at the bar's end."""
    group_gap = 12
    group_height = bar_height * len(series) + group_gap
    plot_height = max(group_height * len(groups), group_height)
    box = Box(left=180, top=LEGEND_HEIGHT + 12, width=width - 180 - 80, height=plot_height)
    height = int(box.bottom + 30)
    out = _svg_open(chart_id, title, desc, width, height)
    out += _defs(chart_id)
    out += _legend(series, kind="bar", chart_id=chart_id)
    out.append('<g class="axis axis-x">')
    for tick in Y_TICKS:
        x = bar_x_end(tick, box)
        out.append(
            f'<line class="grid" x1="{_n(x)}" y1="{_n(box.top)}" x2="{_n(x)}" '
            f'y2="{_n(box.bottom)}"/>'
        )
        out.append(
            f'<text class="tick" x="{_n(x)}" y="{_n(box.bottom + 18)}" '
            f'text-anchor="middle">{_pct(tick)}</text>'
        )
    out.append("</g>")
    for g, label in enumerate(groups):
        top = box.top + g * group_height + group_gap / 2
        out.append(
            f'<text class="group-label" x="{_n(box.left - 8)}" '
            f'y="{_n(top + bar_height * len(series) / 2 + 4)}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        for i, s in enumerate(series):
            y = top + i * bar_height
            value = s.values[g]
            out.append(f'<g class="series series-{escape(s.style)}">')
            if value is None:
                out.append(
                    f'<text class="direct-label no-data" x="{_n(box.left + 4)}" '
                    f'y="{_n(y + bar_height - 3)}">no data</text>'
                )
            else:
                end = bar_x_end(value, box)
                out.append(
                    f'<rect class="bar" x="{_n(box.left)}" y="{_n(y + 1)}" '
                    f'width="{_n(end - box.left)}" height="{bar_height - 2}" '
                    f'fill="url(#{escape(chart_id)}-{escape(s.style)})"/>'
                )
                out.append(
                    f'<text class="direct-label" x="{_n(end + 5)}" '
                    f'y="{_n(y + bar_height - 3)}">{_pct(value)}</text>'
                )
            out.append("</g>")
    out.append(
        f'<line class="axis-line" x1="{_n(box.left)}" y1="{_n(box.top)}" '
        f'x2="{_n(box.left)}" y2="{_n(box.bottom)}"/>'
    )
    out.append("</svg>")
    return mark_safe("\n".join(out))  # every piece of text above is escaped


def bar_x_end(value: float, box: Box, x_max: float = 100) -> float:
    return box.left + box.width * min(max(value, 0), x_max) / x_max


def _defs(chart_id: str) -> list[str]:
    """Fills that differ in pattern, not only in colour: hatched for "with", solid-dotted
    for "without". Ids are prefixed with the chart's id: several charts share a page."""
    cid = escape(chart_id)
    return [
        "<defs>",
        f'<pattern id="{cid}-with" class="fill-with" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
        '<rect class="pattern-bg" width="6" height="6"/>',
        '<line class="pattern-line" x1="0" y1="0" x2="0" y2="6" stroke-width="3"/>',
        "</pattern>",
        f'<pattern id="{cid}-without" class="fill-without" width="5" height="5" '
        f'patternUnits="userSpaceOnUse">',
        '<rect class="pattern-bg" width="5" height="5"/>',
        '<circle class="pattern-dot" cx="2.5" cy="2.5" r="1.2"/>',
        "</pattern>",
        "</defs>",
    ]


def _legend(series: Sequence[Series], *, kind: str, chart_id: str) -> list[str]:
    out = ['<g class="legend">']
    x = 48.0
    for s in series:
        style = escape(s.style)
        if kind == "line":
            out.append(
                f'<g class="series series-{style}"><line class="line" x1="{_n(x)}" y1="14" '
                f'x2="{_n(x + 28)}" y2="14"{_dash(s.style)}/>{_marker(s.style, x + 14, 14)}</g>'
            )
        else:
            out.append(
                f'<g class="series series-{style}"><rect class="bar" x="{_n(x)}" y="6" '
                f'width="28" height="14" fill="url(#{escape(chart_id)}-{style})"/></g>'
            )
        out.append(f'<text class="legend-label" x="{_n(x + 36)}" y="18">{escape(s.name)}</text>')
        x += 36 + 8 * len(s.name) + 24
    out.append("</g>")
    return out
