"""How sure we are: 95 % intervals for a rate and for the difference between two rates.

The one place the Insights page's uncertainty is computed; views and reports only format it.

- A rate's interval is the **Wilson score interval**. Unlike the textbook "p ± 1.96·√(p(1-p)/n)"
  (the Wald interval), it never leaves 0 to 100 %, is not zero-width at 0 of n or n of n, and keeps
  close to its stated 95 % coverage on the handful of answers a new partner has.
- The difference's interval is **Newcombe's hybrid score interval** (Newcombe 1998, method 10):
  it combines the two Wilson intervals, so it inherits their good behaviour at small samples and
  at 0 % or 100 %, needs no iteration and no continuity correction, and is what Newcombe found
  closest to nominal coverage among the simple methods. The Wald difference would claim certainty
  from 3 of 3 against 0 of 2.
- With no answers in a group there is nothing to estimate: `None`, never a made-up interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

# The normal quantile for a two-sided 95 % interval.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95 % interval, as proportions (0.25 is 25 %)."""

    estimate: float
    low: float
    high: float

    @property
    def includes_zero(self) -> bool:
        return self.low <= 0 <= self.high


def wilson(successes: int, trials: int, z: float = Z95) -> Interval | None:
    """The Wilson score interval for `successes` out of `trials`; None when trials is 0."""
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"{successes} successes out of {trials} trials")
    if trials == 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z / denominator * sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # Clamp rounding dust: at p = 0 or 1 the bound is exactly 0 or 1.
    return Interval(estimate=p, low=max(0.0, centre - half), high=min(1.0, centre + half))


def difference(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int, z: float = Z95
) -> Interval | None:
    """Rate a minus rate b, with Newcombe's hybrid score interval; None if either is empty."""
    a = wilson(successes_a, trials_a, z)
    b = wilson(successes_b, trials_b, z)
    if a is None or b is None:
        return None
    d = a.estimate - b.estimate
    low = d - sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2)
    high = d + sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2)
    return Interval(estimate=d, low=low, high=high)


def counted_quantile(counts: Sequence[int], fraction: float) -> float:
    """The `fraction` quantile of the values `counts` holds (counts[v] times the value v),
    interpolating linearly between the two nearest: PostgreSQL's percentile_cont, without
    writing the values out."""
    total = sum(counts)
    if not total:
        raise ValueError("no values")
    position = (total - 1) * fraction
    below = int(position)
    low, high = _nth(counts, below), _nth(counts, min(below + 1, total - 1))
    return low + (high - low) * (position - below)


def _nth(counts: Sequence[int], n: int) -> int:
    """The n-th (from 0) of the values `counts` holds, in order."""
    seen = 0
    for value, count in enumerate(counts):
        seen += count
        if seen > n:
            return value
    raise ValueError("n is past the last value")


def counted_quartiles(counts: Sequence[int]) -> tuple[float, float, float]:
    """(first quartile, median, third quartile), as `counted_quantile` computes them."""
    return tuple(counted_quantile(counts, f) for f in (0.25, 0.5, 0.75))
