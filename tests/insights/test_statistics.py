"""The intervals, against values worked out by hand and against Newcombe (1998), Table II."""

from __future__ import annotations

from math import sqrt

import pytest

from insights.statistics import Z95, Interval, counted_quartiles, difference, wilson


def _close(interval: Interval | None, estimate: float, low: float, high: float) -> None:
    assert interval is not None
    assert interval.estimate == pytest.approx(estimate, abs=1e-4)
    assert interval.low == pytest.approx(low, abs=1e-4)
    assert interval.high == pytest.approx(high, abs=1e-4)


def test_it_has_no_interval_without_answers():
    assert wilson(0, 0) is None
    assert difference(0, 0, 3, 5) is None
    assert difference(3, 5, 0, 0) is None


def test_it_refuses_impossible_counts():
    for successes, trials in ((4, 3), (-1, 3), (0, -1)):
        with pytest.raises(ValueError):
            wilson(successes, trials)


def test_it_gives_zero_of_n_a_real_upper_bound():
    # p = 0: the lower bound is 0 and the upper is z²/n ÷ (1 + z²/n) = 0.38415 / 1.38415.
    z2n = Z95**2 / 10
    _close(wilson(0, 10), 0, 0, z2n / (1 + z2n))
    _close(wilson(0, 10), 0, 0, 0.27753)


def test_it_gives_n_of_n_a_real_lower_bound():
    _close(wilson(10, 10), 1, 0.72247, 1)


def test_it_is_wide_on_a_single_answer():
    # 1 of 1: centre (1 + z²/2) / (1 + z²) = 0.60327, half-width z/(1+z²)·√(z²/4) = 0.39673.
    z2 = Z95**2
    centre = (1 + z2 / 2) / (1 + z2)
    half = Z95 / (1 + z2) * sqrt(z2 / 4)
    _close(wilson(1, 1), 1, centre - half, 1)
    _close(wilson(1, 1), 1, 0.20655, 1)
    # 1 of 2: symmetric around one half.
    _close(wilson(1, 2), 0.5, 0.09453, 0.90547)


def test_it_matches_the_wilson_interval_of_a_middling_sample():
    _close(wilson(56, 70), 0.8, 0.69183, 0.87695)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Newcombe (1998), Table II, method 10, examples (a), (b) and (d).
        ((56, 70), (48, 80), (0.2, 0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.6, 0.1705, 0.8090)),
        ((5, 56), (0, 29), (0.0893, -0.0381, 0.1926)),
    ],
)
def test_it_matches_newcombes_published_differences(a, b, expected):
    _close(difference(*a, *b), *expected)


def test_it_says_one_against_none_proves_nothing():
    both_zero = difference(0, 10, 0, 20)
    _close(both_zero, 0, -0.16113, 0.27753)
    assert both_zero.includes_zero
    one_each = difference(1, 1, 0, 1)
    assert one_each.estimate == 1
    assert one_each.includes_zero


def test_it_excludes_zero_for_a_clear_difference():
    clear = difference(56, 70, 48, 80)
    assert not clear.includes_zero
    assert not difference(48, 80, 56, 70).includes_zero
    assert difference(48, 80, 56, 70).high < 0


def _counts(values: list[int]) -> list[int]:
    """counts[v]: how many times v is in values."""
    return [values.count(v) for v in range(max(values) + 1)]


def test_it_takes_quartiles_as_postgresql_percentile_cont_does():
    # Positions (n - 1) * p: for 1..8, 1.75, 3.5 and 5.25 → 2.75, 4.5, 6.25.
    assert counted_quartiles(_counts([8, 1, 7, 2, 6, 3, 5, 4])) == (2.75, 4.5, 6.25)
    assert counted_quartiles(_counts([10])) == (10, 10, 10)
    assert counted_quartiles(_counts([1, 3])) == (1.5, 2, 2.5)
    assert counted_quartiles(_counts([1, 2, 3, 4, 5])) == (2, 3, 4)
    assert counted_quartiles(_counts([0, 4, 4, 4, 9])) == (4, 4, 4)


def test_it_has_no_quartiles_without_values():
    with pytest.raises(ValueError):
        counted_quartiles([0, 0])
