"""Campaign dates are entered and shown in the market's time zone (accounts.models
MARKET_TIME_ZONES, the one its sellers and agencies keep their calendar in)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import MARKET_TIME_ZONES, Market


def time_zone(market: str) -> ZoneInfo:
    return ZoneInfo(MARKET_TIME_ZONES[Market(market)])


def in_market_time(market_of: Callable[[Any], str]):
    """A view decorator: the request's dates are read and shown in the time zone of the market
    `market_of(request)` names (the partner's, the seller's)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            with timezone.override(time_zone(market_of(request))):
                return view(request, *args, **kwargs)

        return wrapper

    return decorator
