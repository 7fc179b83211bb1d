"""The SVG helper: coordinates, gaps, empty series, escaping, accessibility markup."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from insights import charts
from insights.charts import Box, Series

SVG = "{http://www.w3.org/2000/svg}"
BOX = Box(left=50, top=10, width=200, height=100)


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_it_spreads_points_evenly_across_the_plot():
    assert charts.x_positions(3, BOX) == [50, 150, 250]
    assert charts.x_positions(1, BOX) == [150]


def test_it_maps_percentages_from_the_bottom_up():
    assert charts.y_position(0, BOX) == 110
    assert charts.y_position(100, BOX) == 10
    assert charts.y_position(25, BOX) == 85
    assert charts.y_position(140, BOX) == 10  # clamped into the plot


def test_it_breaks_the_line_at_missing_values():
    path = charts.line_path([(0, 10), (5, 20), None, (15, 30), (20.333, 40)])
    assert path == "M0 10 L5 20 M15 30 L20.33 40"
    assert charts.line_path([None, None]) == ""


def test_it_moves_direct_labels_apart_without_reordering_them():
    assert charts.spread_labels([50, 52, 120]) == [50, 63, 120]
    assert charts.spread_labels([52, 50]) == [63, 50]


def _line_chart(values_with, values_without, labels=("1 Nov", "8 Nov", "15 Nov")):
    return charts.line_chart(
        chart_id="weekly",
        title="Acceptance by week",
        desc="What the chart shows",
        x_labels=list(labels),
        series=[
            Series("With profile", values_with, "with"),
            Series("Without profile", values_without, "without"),
        ],
    )


def test_it_draws_each_point_where_its_value_belongs():
    svg = _parse(_line_chart([0, 50, 100], [None, None, 25]))
    markers = svg.findall(f"{SVG}g[@class='series series-with']/{SVG}circle")  # not the legend
    # The plot spans x 48..560 and y 40 (100%)..260 (0%) in a 720 x 300 chart.
    assert charts.line_box(720, 300) == Box(left=48, top=40, width=512, height=220)
    assert [(float(m.get("cx")), float(m.get("cy"))) for m in markers] == [
        (48, 260),
        (304, 150),
        (560, 40),
    ]
    without = svg.findall(f"{SVG}g[@class='series series-without']/{SVG}rect")
    assert len(without) == 1  # one square marker, for the one value there is


def test_it_tells_the_series_apart_without_colour():
    svg = _line_chart([10, 20, 30], [40, 50, 60])
    tree = _parse(svg)
    paths = tree.findall(f".//{SVG}path")
    assert [p.get("stroke-dasharray") for p in paths] == [None, "7 5"]
    labels = [t.text for t in tree.iter(f"{SVG}text") if "direct-label" in t.get("class")]
    assert labels == ["With profile: 30%", "Without profile: 60%"]
    legend = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "legend-label"]
    assert legend == ["With profile", "Without profile"]


def test_it_is_an_image_with_a_title_and_a_description():
    tree = _parse(_line_chart([10, 20, 30], [None, 5, None]))
    assert tree.get("role") == "img"
    assert tree.get("aria-labelledby") == "weekly-title weekly-desc"
    assert tree.find(f"{SVG}title").text == "Acceptance by week"
    assert tree.find(f"{SVG}desc").text == "What the chart shows"


def test_it_draws_axes_but_no_line_for_an_empty_series():
    tree = _parse(_line_chart([None, None, None], [None, None, None]))
    assert tree.findall(f".//{SVG}path") == []
    assert not [t for t in tree.iter(f"{SVG}text") if "direct-label" in t.get("class")]
    ticks = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["0%", "25%", "50%", "75%", "100%", "1 Nov", "8 Nov", "15 Nov"]


def test_it_escapes_every_label():
    evil = '<script>alert("x")</script>&'
    svg = charts.bar_chart(
        chart_id='c"1',
        title=evil,
        desc=evil,
        groups=[evil],
        series=[Series(evil, [50], "with"), Series("Without", [None], "without")],
    )
    assert "<script>" not in svg
    assert 'id="c&quot;1"' in svg
    tree = _parse(svg)  # still well-formed XML
    assert tree.find(f"{SVG}title").text == evil
    line = _line_chart([1, 2, 3], [None, None, None], labels=(evil, "b", "c"))
    assert "<script>" not in line
    _parse(line)


def test_it_draws_bars_as_long_as_their_value_with_a_pattern_per_series():
    svg = charts.bar_chart(
        chart_id="cat",
        title="By category",
        desc="d",
        groups=["Beauty", "Food"],
        series=[
            Series("With profile", [100, 25], "with"),
            Series("Without", [50, None], "without"),
        ],
        width=480,
    )
    tree = _parse(svg)
    bars = tree.findall(f".//{SVG}g/{SVG}rect[@class='bar']")
    plot_width = 480 - 180 - 110
    legend, drawn = bars[:2], bars[2:]
    # Drawn series by series: with (Beauty, Food), then without (Beauty).
    assert [float(b.get("width")) for b in drawn] == [plot_width, plot_width / 4, plot_width / 2]
    assert {b.get("x") for b in drawn} == {"180"}
    assert [b.get("fill") for b in drawn] == [
        "url(#cat-with)",
        "url(#cat-with)",
        "url(#cat-without)",
    ]
    assert [b.get("fill") for b in legend] == ["url(#cat-with)", "url(#cat-without)"]
    assert {p.get("id") for p in tree.iter(f"{SVG}pattern")} == {"cat-with", "cat-without"}
    texts = [t.text for t in tree.iter(f"{SVG}text") if "direct-label" in t.get("class")]
    assert texts == ["100%", "25%", "50%", "no data"]


def test_it_writes_no_style_attributes():
    svg = _line_chart([10, None, 30], [40, 50, None]) + charts.bar_chart(
        chart_id="b", title="t", desc="d", groups=["g"], series=[Series("s", [5], "with")]
    )
    assert not re.search(r"\sstyle=", svg)
    assert "<script" not in svg


def _weekly_with_sizes():
    return charts.line_chart(
        chart_id="weekly",
        title="Acceptance by week",
        desc="d",
        x_labels=["1 Nov", "8 Nov", "15 Nov"],
        series=[
            Series(
                "With profile",
                [100, 40, 60],
                "with",
                sizes=[2, 10, 20],
                spans=[(34, 100), (17, 69), (39, 78)],
                faint=[True, False, False],
            ),
            Series(
                "Without profile",
                [None, 0, 30],
                "without",
                sizes=[0, 1, 10],
                faint=[True, True, False],
            ),
        ],
    )


def test_it_shows_every_points_sample_size_under_the_axis():
    tree = _parse(_weekly_with_sizes())
    sizes = [t.text for t in tree.iter(f"{SVG}text") if t.get("class", "").startswith("size")]
    assert sizes == ["n with profile", "2", "10", "20", "n without profile", "0", "1", "10"]
    faint = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "size faint"]
    assert faint == ["2", "0", "1"]


def test_it_draws_too_few_answers_hollow_and_off_the_line():
    tree = _parse(_weekly_with_sizes())
    with_markers = tree.findall(f"{SVG}g[@class='series series-with']/{SVG}circle")
    assert [m.get("class") for m in with_markers] == [
        "marker marker-with faint",
        "marker marker-with",
        "marker marker-with",
    ]
    # The line joins only the two weeks with enough answers: 100 % of 2 is not on it.
    (path,) = tree.findall(f"{SVG}g[@class='series series-with']/{SVG}path")
    assert path.get("d").count("M") == 1 and path.get("d").count("L") == 1
    (alone,) = tree.findall(f"{SVG}g[@class='series series-without']/{SVG}path")
    assert "L" not in alone.get("d")  # one solid point: nothing to join
    legend = [t.text for t in tree.iter(f"{SVG}text") if t.get("class") == "legend-label"]
    assert legend == ["With profile", "Without profile", "too few answers"]
    assert with_markers[0].find(f"{SVG}title").text == "With profile: 100%"


def test_it_draws_each_points_interval_as_a_whisker():
    tree = _parse(_weekly_with_sizes())
    whiskers = tree.findall(f"{SVG}g[@class='series series-with']/{SVG}line")
    # 40 % from 17 % to 69 %, in a plot from y 40 (100 %) to 228 (0 %, two size rows).
    box = charts.line_box(720, 332, 2)
    second = whiskers[1]
    assert float(second.get("y1")) == pytest.approx(charts.y_position(69, box))
    assert float(second.get("y2")) == pytest.approx(charts.y_position(17, box))
    assert whiskers[0].get("class") == "whisker faint"


def test_it_marks_a_bar_on_too_few_answers_as_an_outline_with_its_size():
    svg = charts.bar_chart(
        chart_id="cat",
        title="t",
        desc="d",
        groups=["Beauty"],
        series=[
            Series("With profile", [50], "with", sizes=[2], faint=[True]),
            Series("Without", [25], "without", sizes=[8], faint=[False]),
        ],
    )
    tree = _parse(svg)
    texts = [t.text for t in tree.iter(f"{SVG}text") if "direct-label" in t.get("class")]
    assert texts == ["50% of 2 (too few)", "25% of 8"]
    faint = tree.findall(f".//{SVG}rect[@class='bar faint']")
    assert len(faint) == 1 and faint[0].get("fill") == "none"


def test_it_builds_markup_from_templates_never_from_marked_safe_strings():
    source = Path(charts.__file__).read_text()
    assert "mark_safe" not in source
    assert "<svg" not in source


def test_it_rounds_an_axis_top_up_to_a_round_number():
    assert [charts.nice_max(v) for v in (0, 0.7, 1, 3, 7.5, 12, 40, 101)] == [
        1,
        1,
        1,
        5,
        10,
        20,
        50,
        200,
    ]
