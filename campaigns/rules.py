"""The rules of a partner campaign that are not a status: lengths, periods and the quota.

The status itself (Ready → Upcoming → Ongoing → Closed) is `Campaign.status_at` with its SQL
twin `status_condition`, in models.py.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

TITLE_MAX_WORDS = 50
REQUIREMENTS_MAX_WORDS = 1000
PERIOD_MIN = timedelta(days=1)
PERIOD_MAX = timedelta(days=360)
PUBLISHED_LIMIT = 100  # published campaigns (Upcoming and Ongoing) per agency at once
SELECTED_SELLERS_MAX = 100
COMMISSION_MIN, COMMISSION_MAX = 1, 80

_WORD = re.compile(r"\S+")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def period_error(name: str, starts: datetime, ends: datetime) -> str | None:
    """Why a period from `starts` to `ends` is not allowed, or None: 1 to 360 days, both
    included."""
    if ends - starts < PERIOD_MIN:
        return f"The {name} lasts at least 1 day."
    if ends - starts > PERIOD_MAX:
        return f"The {name} lasts at most 360 days."
    return None


def percent(rate: Decimal) -> str:
    """A rate as people write it: 18, 12.5 (never 18.0 or 1.8E+1)."""
    return f"{rate.normalize():f}"
