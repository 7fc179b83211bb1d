"""What Find Creators' figures mean where TikTok's guide leaves it to us: "fast growing", and
the ranges the filters accept. `fast_growing` and `fast_growing_condition` say the same thing
for one creator and for a query; tests/creators/test_directory_rules.py checks both at the
boundary."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

# A creator is fast growing when their followers grew by at least this much over the last
# 30 days. TikTok's guide names the filter without a threshold; a tenth a month is a pace
# few established accounts keep.
FAST_GROWING_PERCENT = Decimal("10")
MAX_ENGAGEMENT_PERCENT = Decimal("100")


def fast_growing(followers_growth_30d: Decimal) -> bool:
    return followers_growth_30d >= FAST_GROWING_PERCENT


def fast_growing_condition() -> Q:
    return Q(followers_growth_30d__gte=FAST_GROWING_PERCENT)
