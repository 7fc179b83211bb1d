"""Each market's time zone: campaign dates are entered and shown in it.

One zone per market, the one its sellers and agencies keep their calendar in. (A candidate to
move to accounts beside `Market` once more than campaigns needs it.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import Market

TIME_ZONES: dict[str, ZoneInfo] = {
    Market.US: ZoneInfo("America/Los_Angeles"),
    Market.GB: ZoneInfo("Europe/London"),
    Market.ID: ZoneInfo("Asia/Jakarta"),
    Market.MY: ZoneInfo("Asia/Kuala_Lumpur"),
    Market.PH: ZoneInfo("Asia/Manila"),
    Market.SG: ZoneInfo("Asia/Singapore"),
    Market.TH: ZoneInfo("Asia/Bangkok"),
    Market.VN: ZoneInfo("Asia/Ho_Chi_Minh"),
}


def time_zone(market: str) -> ZoneInfo:
    return TIME_ZONES[Market(market)]


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
